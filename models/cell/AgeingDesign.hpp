#pragma once
// Parameters of the degradation blocks (the blocks are in LithiumAgeing and PorousAgeing),
// kept apart so that CellDesign stays a light header.
#include "models/physics/LithiumLoss.hpp"

namespace cellsim {

//! Ageing of a lithium-metal surface (LithiumAgeing.hpp): a compact SEI film that grows by
//! solvent diffusion through it, and the loss of plated lithium (buried SEI, dead lithium).
struct LithiumAgeingDesign {
  // Compact film: dL/dt = V_sei c_sol D_sol / L, resistance rho L.
  bool film_growth = true;
  double sei_molar_volume_m3_mol = 9.585e-5;   //!< SEI volume per mol of lithium in it
  double sei_resistivity_ohm_m = 2e5;          //!< of the compact film
  double solvent_concentration_mol_m3 = 4541;  //!< c_sol
  double solvent_diffusivity_m2_s = 2.5e-22;   //!< D_sol, through the film
  double film_thickness_m = 0.0;               //!< L0 = fresh film resistance / rho (set by the reader)
  // Loss of plated lithium: 1 - CE, a share of it as SEI buried in the deposit, the rest dead.
  LithiumLossLaw loss;                         //!< i_crit and i0_ref are the cell's (set by the reader)
  double buried_sei_fraction = 0.2;            //!< share of the lost charge reduced into SEI
  double dead_porosity = 0.5;                  //!< of the dead-lithium layer
  double dead_macmullin = 5.0;                 //!< its MacMullin number
  double short_fraction = 1.0;                 //!< short when the dead layer reaches this x separator
  double separator_thickness_m = 0.0;          //!< set by the reader
  double conductivity_S_m = 1.0;               //!< electrolyte's at c0, T (the dead layer's pores)
};

//! Ageing of a porous intercalation electrode (PorousAgeing.hpp): loss of active material
//! and a cathode-electrolyte interphase from electrolyte oxidation.
struct PorousAgeingDesign {
  // Loss of active material: d(lost)/dt = k f_T exp[beta F (U - U_ref) / RT] g_sep (1 - lost)
  double lam_rate_1_s = 0.0;                   //!< k at U_ref and the reference temperature
  double lam_reference_potential_V = 4.5;      //!< U_ref
  double lam_potential_sensitivity = 0.5;      //!< beta
  double lam_activation_energy_J_mol = 0.0;
  double reference_temperature_K = 298.15;
  //! Share of the loss by the acid (PF6- decomposition) channel, which a separator binding the
  //! anion attenuates: g_sep = (1 - a) + a (1 - theta), theta the separator's anion binding.
  double lam_acid_share = 0.0;
  double anion_binding = 0.0;                  //!< theta (set by the reader from the separator)
  // Electrolyte oxidation: i_ox = i_ox0 f_T exp[alpha F (phi_s - phi_e - U_ox) / RT], its
  // products a CEI film of resistivity rho growing by V_cei per mol of electrons.
  double oxidation_current_A_m2 = 0.0;         //!< i_ox0 at U_ox (per particle area)
  double oxidation_potential_V = 4.45;         //!< U_ox
  double oxidation_alpha = 0.5;
  double oxidation_activation_energy_J_mol = 0.0;
  //! Share of the oxidation charge that consumes salt from the pores (Li+ plated from the
  //! salt, the anion decomposed); the rest is carried as protons that are reduced at the
  //! lithium (a shuttle: no salt lost, booked as `shuttled` lithium).
  double oxidation_salt_share = 1.0;
  double cei_molar_volume_m3_mol = 9.585e-5;
  double cei_resistivity_ohm_m = 0.0;
};

}  // namespace cellsim
