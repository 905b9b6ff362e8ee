#pragma once
// Everything that defines a cell, in SI units, as read from a recipe: which electrode sits
// at each end (porous intercalation electrode or lithium foil), the separator stack, the
// electrolyte and the temperature.
#include <optional>
#include <string>
#include <vector>

#include "Electrolyte.hpp"
#include "LithiumMetalInterface.hpp"
#include "PorousElectrode.hpp"
#include "SeparatorLayer.hpp"

namespace cellsim {

struct ElectrodeSlot {
  std::optional<PorousElectrode> porous;
  std::optional<LithiumMetalInterface> foil;
  bool isFoil() const { return foil.has_value(); }
};

struct CellDesign {
  std::string name;
  double temperature_K = 298.15;
  ElectrodeSlot negative, positive;
  std::vector<SeparatorLayer> separator;  //!< from the negative side to the positive side
  Electrolyte electrolyte;
  double one_C_A_m2 = 0.0;                //!< current density of 1C (recipe or capacity)
  double area_m2 = 1.0;                   //!< electrode area, for A and Ah outputs
  double foil_grading = 1.0;              //!< volume growth ratio away from a lithium foil (1 = uniform)
};

}  // namespace cellsim
