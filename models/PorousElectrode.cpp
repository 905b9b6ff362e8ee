#include "PorousElectrode.hpp"

#include <cmath>

namespace cellsim {

double PorousElectrode::effectiveSolidConductivity() const {
  // Marquis et al. (2019) and COMSOL's battery module use the solid volume fraction 1 - eps
  // (not eps_am) in the Bruggeman correction of the matrix conductivity.
  return conductivity_S_m * std::pow(1.0 - porosity, solid_bruggeman);
}

}  // namespace cellsim
