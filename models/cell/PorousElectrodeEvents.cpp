// A host that cannot take (or give) lithium as fast as asked: the particles' surface reaches
// full or empty. The model is undefined beyond it, so the run stops there with that reason
// (an event a hair inside the bound, and the explanation of a solver failure close to it),
// rather than with the solver's "repeated recoverable residual errors".
#include <algorithm>
#include <sstream>

#include "models/cell/PorousElectrode.hpp"

namespace cellsim {

namespace {
constexpr double kEventMargin = 1e-4;    //!< stoichiometry from the bound where the event fires
constexpr double kFailureMargin = 2e-2;  //!< a failure this close to a bound is that bound
}  // namespace

void PorousElectrode::addEvents(std::vector<RootEvent>& events) const {
  for (const bool full : {true, false}) {
    // Distance of the most extreme surface to the bound; positive inside.
    auto distance = [this, full](const double* y) {
      double d = 1.0;
      for (int k = 0; k < n_; ++k) {
        const double sto = surfaceConcentration(k, y) / c_max_;
        d = std::min(d, full ? 1.0 - sto : sto);
      }
      return d;
    };
    RootEvent e;
    e.name = "the " + name() + "'s particles " + (full ? "full of" : "emptied of") + " lithium at their surface";
    e.g = [distance](const double* y) { return distance(y) - kEventMargin; };
    e.stops_run = true;
    e.detail = [this, full](const double* y) {
      int worst = 0;
      double sto_worst = full ? -1.0 : 2.0;
      for (int k = 0; k < n_; ++k) {
        const double sto = surfaceConcentration(k, y) / c_max_;
        if (full ? sto > sto_worst : sto < sto_worst) sto_worst = sto, worst = k;
      }
      std::ostringstream os;
      os << "surface stoichiometry " << sto_worst << " at x = " << 1e6 * mesh_.center(first_ + worst)
         << " um; the material " << (full ? "cannot take more lithium" : "has no more lithium to give")
         << " at this current (beyond its capacity, or faster than solid diffusion over the particle radius allows)";
      return os.str();
    };
    e.explains_failure = [distance](const double* y) { return distance(y) < kFailureMargin; };
    events.push_back(e);
  }
}

}  // namespace cellsim
