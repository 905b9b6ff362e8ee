#include "models/cell/ElectrolyteProperties.hpp"

#include "core/input/PhysicalConstants.hpp"
#include "models/cell/PropertyTables.hpp"

namespace cellsim {

using constants::F;
using constants::R;

ElectrolyteProperties::ElectrolyteProperties(const Electrolyte& el, double T) : el_(el), T_design_(T) {
  // Tables reproduce the expressions to 1e-9 of their scale, up to five times the initial
  // concentration.
  const double cmax = 5.0 * el.initial_concentration_mol_m3;
  const Property* props[4] = {&el_.diffusivity_m2_s, &el_.conductivity_S_m, &el_.transference_number,
                              &el_.thermodynamic_factor};
  for (int k = 0; k < 4; ++k)
    tab_[k] = tabulateAtTemperature(*props[k], T, 0.0, cmax, 1e-9 * propertyScale(*props[k], T, 0.0, cmax));
}

ElectrolyteAt ElectrolyteProperties::at(double c, double T) const {
  if (T != T_design_) return direct(c, T);
  ElectrolyteAt p;
  p.D = evaluateTabulated(tab_[0], el_.diffusivity_m2_s, c, T);
  p.kappa = evaluateTabulated(tab_[1], el_.conductivity_S_m, c, T);
  p.t = evaluateTabulated(tab_[2], el_.transference_number, c, T);
  p.beta = 2.0 * R * T / F * evaluateTabulated(tab_[3], el_.thermodynamic_factor, c, T);
  return p;
}

ElectrolyteAt ElectrolyteProperties::direct(double c, double T) const {
  const double args[2] = {c, T};
  ElectrolyteAt p;
  p.D = el_.diffusivity_m2_s(args);
  p.kappa = el_.conductivity_S_m(args);
  p.t = el_.transference_number(args);
  p.beta = 2.0 * R * T / F * el_.thermodynamic_factor(args);  // (1 - t) applied per region
  return p;
}

}  // namespace cellsim
