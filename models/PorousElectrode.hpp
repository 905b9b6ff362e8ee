#pragma once
// Porous intercalation electrode (Doyle–Fuller–Newman): spherical particles of one size in
// a conducting matrix, flooded with electrolyte.
//   solid potential: d/dx(-sigma_eff dphi_s/dx) = -a j,  sigma_eff = sigma (1-eps)^b_s
//   particles: dc/dt = r^-2 d/dr(r^2 D_s dc/dr),  -D_s dc/dr|_R = j/F
//   kinetics: j = i0 BV(phi_s - phi_e - U(sto) - j R_film),
//             i0 = k c_e^alpha_a c_s^alpha_c (c_max - c_s)^alpha_a,  a = 3 eps_am / R
#include <string>

#include "SeparatorLayer.hpp"
#include "core/input/Property.hpp"

namespace cellsim {

struct PorousElectrode {
  std::string name;
  std::string material;
  double thickness_m = 100e-6;
  double porosity = 0.3;                   //!< electrolyte volume fraction
  double active_fraction = 0.5;            //!< active-material volume fraction eps_am
  double particle_radius_m = 10e-6;
  Tortuosity electrolyte_tortuosity;       //!< for D_eff, kappa_eff in the pores
  double solid_bruggeman = 1.5;            //!< sigma_eff = sigma (1 - porosity)^b
  double conductivity_S_m = 100.0;
  double max_concentration_mol_m3 = 51000.0;
  double initial_stoichiometry = 0.5;
  Property diffusivity_m2_s;               //!< D_s(sto, T)
  Property ocp_V;                          //!< U(sto, T)
  double rate_constant = 1e-6;             //!< k in i0 = k c_e^aa c_s^ac (cmax-c_s)^aa [A/m2 (m3/mol)^(aa+ac+aa)]
  double alpha_a = 0.5, alpha_c = 0.5;
  double kinetics_Ea_J_mol = 0.0;
  double film_resistance_ohm_m2 = 0.0;
  double reference_temperature_K = 298.15;
  int volumes = 30;
  int shells = 20;

  double specificArea() const { return 3.0 * active_fraction / particle_radius_m; }
  double effectiveSolidConductivity() const;
};

}  // namespace cellsim
