#pragma once
// A protocol step's own limits as root events: voltage below/above, current taper (CV),
// capacity passed; durations are stop times, not roots.
#include <string>
#include <vector>

#include "models/cell/CellModel.hpp"
#include "models/simulation/Protocol.hpp"

namespace cellsim {

struct StepLimits {
  std::vector<RootEvent> events;
  double duration_s = 1e300;  //!< the shortest 'for' limit (none: 1e300)
};

//! The limits of `step` for a model, with the charge at the start of the step (C/m2)
//! anchoring capacity limits and 1C [A/m2] resolving C-rates.
StepLimits stepLimits(const Step& step, const CellModel& model, double charge_at_start, double one_C_A_m2);
//! "3.105 V", "current taper", "capacity", "duration": how a step's end is reported.
std::string describeLimit(const StepLimit& limit);

}  // namespace cellsim
