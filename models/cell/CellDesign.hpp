#pragma once
// Everything that defines a cell, in SI units, as read from a recipe: the electrode at each
// end (a porous intercalation electrode or a lithium foil), the separator stack, the
// electrolyte and the temperature. Plain values: the components (CellModel.hpp) are built
// from them, the recipe reader (models/io) fills them.
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/input/Property.hpp"
#include "models/cell/AgeingDesign.hpp"
#include "models/physics/Desolvation.hpp"
#include "models/physics/RateLaws.hpp"
#include "models/physics/Tortuosity.hpp"

namespace cellsim {

//! Binary salt in a solvent, concentrated-solution theory (Newman): D, kappa, t+ and the
//! thermodynamic factor 1 + dln f/dln c as property functions of c_e [mol/m3] and T [K].
struct Electrolyte {
  std::string name;
  double initial_concentration_mol_m3 = 1000.0;
  Property diffusivity_m2_s;
  Property conductivity_S_m;
  Property transference_number;
  Property thermodynamic_factor;
};

//! The Li+ transfer reaction at an electrode surface, common to both electrode types:
//! rate law, temperature dependence, film, desolvation and (foils) nucleation.
struct InterfaceKineticsDesign {
  std::shared_ptr<const RateLaw> rate_law = std::make_shared<ButlerVolmerLaw>(0.5, 0.5);
  double activation_energy_J_mol = 0.0;    //!< of i0 (Ea_0 when desolvation scales it)
  double reference_temperature_K = 298.15;
  double film_resistance_ohm_m2 = 0.0;     //!< in series with the surface, carries the total current
  //! Capacitance of the film in parallel with its resistance (a dielectric SEI); 0: none.
  double film_capacitance_F_m2 = 0.0;
  //! Double layer in parallel with the surface's reactions, inside the film; 0: none.
  double double_layer_capacitance_F_m2 = 0.0;
  double nucleation_overpotential_V = 0.0; //!< eta_n (lithium surfaces; models/physics/Nucleation.hpp)
  double nucleation_current_A_m2 = 0.1;    //!< i_n
  Desolvation desolvation;
};

//! Porous intercalation electrode (Doyle–Fuller–Newman): spherical particles of one size in a
//! conducting matrix, flooded with electrolyte.
struct PorousElectrodeDesign {
  std::string name;      //!< "negative" or "positive": also its mesh region
  std::string material;
  double thickness_m = 100e-6;
  double porosity = 0.3;                   //!< electrolyte volume fraction
  double active_fraction = 0.5;            //!< active-material volume fraction eps_am
  double particle_radius_m = 10e-6;
  Tortuosity electrolyte_tortuosity;       //!< for D_eff, kappa_eff in the pores
  double solid_bruggeman = 1.5;            //!< sigma_eff = sigma (1 - porosity)^b
  double conductivity_S_m = 100.0;
  double max_concentration_mol_m3 = 51000.0;
  double density_kg_m3 = 0.0;              //!< of the active material; 0 if not given
  double initial_stoichiometry = 0.5;
  Property diffusivity_m2_s;               //!< D_s(sto, T)
  Property ocp_V;                          //!< U(sto, T)
  //! k in i0 = k c_e^aa c_s^ac (c_max - c_s)^aa [A/m2 (m3/mol)^(2 aa + ac)]
  double rate_constant = 1e-6;
  double alpha_a = 0.5, alpha_c = 0.5;     //!< exponents of i0
  InterfaceKineticsDesign kinetics;
  std::optional<PorousAgeingDesign> ageing;  //!< loss of active material, CEI growth
  int volumes = 30;
  int shells = 20;

  double specificArea() const { return 3.0 * active_fraction / particle_radius_m; }
  //! Active-material mass per electrode area [kg/m2] (the loading); 0 without a density.
  double activeMass_kg_m2() const { return density_kg_m3 * active_fraction * thickness_m; }
  //! Marquis et al. (2019) and COMSOL use the solid fraction 1 - eps (not eps_am) here.
  double effectiveSolidConductivity() const;
};

//! Planar lithium-metal electrode: an interface at the end of the electrolyte domain.
//! i0 = i0_ref (c_e/c_ref)^gamma times the kinetic temperature factor.
struct LithiumFoilDesign {
  std::string name = "lithium";            //!< material name
  double exchange_current_A_m2 = 12.5;     //!< i0_ref at c_ref, T_ref (and at the reference barrier)
  double reference_concentration_mol_m3 = 1000.0;
  double concentration_exponent = 0.5;     //!< gamma
  InterfaceKineticsDesign kinetics;
  double thickness_m = 0.0;                //!< initial foil thickness (inventory); 0 = not tracked
  double molar_volume_m3_mol = 1.30e-5;    //!< Li metal: 6.94 g/mol / 0.534 g/cm3
  //! Estimated critical current density of plating through this cell's separator [A/m2]
  //! (0: none given) and how it was estimated, for the warning when a run exceeds it.
  double critical_current_A_m2 = 0.0;
  std::string critical_current_basis;
  std::optional<LithiumAgeingDesign> ageing;  //!< loss of plated lithium (SEI, dead lithium)
};

//! The electrode at one end of the cell: exactly one of the electrode types.
struct ElectrodeDesign {
  std::variant<PorousElectrodeDesign, LithiumFoilDesign> type;
  const PorousElectrodeDesign* porous() const { return std::get_if<PorousElectrodeDesign>(&type); }
  PorousElectrodeDesign* porous() { return std::get_if<PorousElectrodeDesign>(&type); }
  const LithiumFoilDesign* foil() const { return std::get_if<LithiumFoilDesign>(&type); }
  LithiumFoilDesign* foil() { return std::get_if<LithiumFoilDesign>(&type); }
  InterfaceKineticsDesign& kinetics() {
    return std::visit([](auto& e) -> InterfaceKineticsDesign& { return e.kinetics; }, type);
  }
};

//! One layer of a separator stack (e.g. a ceramic coating on polypropylene). A layer may
//! carry its own cation transference number (anion-anchoring coatings) and the desolvation
//! barrier of an electrode surface it touches.
struct SeparatorLayer {
  std::string name;
  double thickness_m = 25e-6;
  double porosity = 0.4;
  Tortuosity tortuosity;
  std::optional<double> transference_number;     //!< overrides the electrolyte's t+ in this layer
  std::optional<double> desolvation_barrier_eV;  //!< of the electrode surface it faces
  int volumes = 10;
};

//! Depletion of the electrolyte at a lithium surface (Sand's time): by default an event that
//! ends the run; a recipe may choose to continue past it with a warning.
struct DepletionEvent {
  bool stop = true;
  double fraction = 1e-3;  //!< "depleted": c_e below this fraction of the initial concentration
};

//! Refinement of the electrolyte mesh towards a lithium foil, where the concentration boundary
//! layer right after a current step is far thinner than a uniform volume.
struct MeshGrading {
  double ratio = 1.0;             //!< width growth from one volume to the next (1: uniform)
  double first_at_foil_m = 0.0;   //!< width of the volume touching a foil
  double first_at_interface_m = 0.0;  //!< of the volumes either side of a layer interface
};

struct CellDesign {
  std::string name;
  double temperature_K = 298.15;
  ElectrodeDesign negative, positive;     //!< at x = 0 and at x = L
  std::vector<SeparatorLayer> separator;  //!< from the negative side to the positive side
  Electrolyte electrolyte;
  double one_C_A_m2 = 0.0;                //!< current density of 1C
  double area_m2 = 1.0;                   //!< electrode area, for A and Ah outputs
  MeshGrading mesh_grading;
  DepletionEvent depletion;

  //! Active mass of the positive electrode [kg/m2], the basis of mAh/g; 0 if unknown (a
  //! lithium foil, or a material without a density).
  double positiveActiveMass_kg_m2() const {
    const PorousElectrodeDesign* p = positive.porous();
    return p ? p->activeMass_kg_m2() : 0.0;
  }
};

}  // namespace cellsim
