#pragma once
// Binary salt in a solvent, concentrated-solution theory (Newman): diffusivity D(c,T),
// conductivity kappa(c,T), cation transference number t+(c,T) and thermodynamic factor
// 1 + dln f/dln c, as recipe property functions of c_e [mol/m3] and T [K].
#include "core/input/Property.hpp"

namespace cellsim {

struct Electrolyte {
  std::string name;
  double initial_concentration_mol_m3 = 1000.0;
  Property diffusivity_m2_s;        //!< D(c_e, T)
  Property conductivity_S_m;        //!< kappa(c_e, T)
  Property transference_number;     //!< t+(c_e, T)
  Property thermodynamic_factor;    //!< 1 + dln f/dln c (c_e, T)
};

}  // namespace cellsim
