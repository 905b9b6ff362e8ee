#include "LithiumMetalInterface.hpp"

#include <algorithm>
#include <cmath>

#include "Kinetics.hpp"

namespace cellsim {

double LithiumMetalInterface::exchangeCurrent(double c_e, double T) const {
  // c_e may be a slightly negative Newton trial value next to a depleted surface; the
  // caller rejects such states, but keep pow() defined on the way there.
  const double c = std::max(c_e, 1e-12);
  return exchange_current_A_m2 * std::pow(c / reference_concentration_mol_m3, concentration_exponent) *
         arrhenius(activation_energy_J_mol, T, reference_temperature_K);
}

}  // namespace cellsim
