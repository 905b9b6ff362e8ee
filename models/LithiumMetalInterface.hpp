#pragma once
// Planar lithium-metal electrode: the foil is an interface, not a porous domain.
//   i = i0 BV(eta),  eta = phi_s - phi_e - i R_film   (U_Li = 0 by definition)
//   i0 = i0_ref (c_e/c_ref)^gamma  exp[-(Ea/R)(1/T - 1/T_ref)]
// Anodic (stripping) current is positive.
#include <string>

namespace cellsim {

struct LithiumMetalInterface {
  std::string name = "lithium";
  double exchange_current_A_m2 = 12.5;        //!< i0 at c_ref, T_ref
  double reference_concentration_mol_m3 = 1000.0;
  double concentration_exponent = 0.5;        //!< gamma
  double alpha_a = 0.5, alpha_c = 0.5;
  double activation_energy_J_mol = 0.0;
  double reference_temperature_K = 298.15;
  double film_resistance_ohm_m2 = 0.0;        //!< SEI
  double thickness_m = 0.0;                   //!< initial foil thickness (inventory); 0 = unlimited
  double molar_volume_m3_mol = 1.30e-5;       //!< Li metal: 6.94 g/mol / 0.534 g/cm3

  //! Exchange current density at the electrolyte concentration next to the foil.
  double exchangeCurrent(double c_e, double T) const;
};

}  // namespace cellsim
