#include "models/cell/CellDesign.hpp"

#include <cmath>

namespace cellsim {

double PorousElectrodeDesign::effectiveSolidConductivity() const {
  return conductivity_S_m * std::pow(1.0 - porosity, solid_bruggeman);
}

}  // namespace cellsim
