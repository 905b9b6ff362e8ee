// Electrolyte depleted in a porous electrode's pores: the same safety setting as at a foil (`safety:
// on_depletion, depletion_fraction`), so a high-rate discharge of a porous cell ends with
// where the salt ran out rather than the solver's "non-positive electrolyte concentration".
#include <sstream>

#include "models/cell/ElectrolyteStack.hpp"

namespace cellsim {

namespace {
constexpr double kFailureFraction = 0.05;  //!< a solver failure below this share of c0 is depletion
}  // namespace

void ElectrolyteStack::addEvents(std::vector<RootEvent>& events) const {
  // The pores of porous electrodes only: next to a lithium foil the foil's surface event sees
  // depletion first (and names Sand's time); a separator between porous electrodes empties
  // after the pores next to it.
  std::vector<int> watched;
  for (int k = 0; k < mesh_.volumes(); ++k)
    if (mesh_.region(mesh_.regionOf(k)).name.rfind("separator:", 0) != 0) watched.push_back(k);
  if (watched.empty()) return;
  auto lowest = [this, watched](const double* y) {
    int k_min = watched.front();
    for (int k : watched)
      if (y[ci_[k]] < y[ci_[k_min]]) k_min = k;
    return k_min;
  };
  RootEvent e;
  e.name = "electrolyte depleted in the pores of a porous electrode";
  const double threshold = depletion_.fraction * c0_;
  e.g = [this, lowest, threshold](const double* y) { return y[ci_[lowest(y)]] - threshold; };
  e.stops_run = depletion_.stop;
  e.ends_step = depletion_.stop;
  e.detail = [this, lowest](const double* y) {
    const int k = lowest(y);
    std::ostringstream os;
    os << "c_e = " << y[ci_[k]] << " mol/m3 in " << where(k)
       << "; the current is more than the salt's diffusion and migration can carry there";
    return os.str();
  };
  const double failure_below = kFailureFraction * c0_;
  e.explains_failure = [this, lowest, failure_below](const double* y) { return y[ci_[lowest(y)]] < failure_below; };
  events.push_back(e);
}

}  // namespace cellsim
