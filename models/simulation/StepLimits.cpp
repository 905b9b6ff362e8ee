#include "models/simulation/StepLimits.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace cellsim {

std::string describeLimit(const StepLimit& L) {
  std::ostringstream os;
  switch (L.kind) {
    case StepLimit::Kind::VoltageBelow:
    case StepLimit::Kind::VoltageAbove: os << L.value << " V"; break;
    case StepLimit::Kind::CurrentBelow: os << "current taper"; break;
    case StepLimit::Kind::Duration: os << "duration"; break;
    case StepLimit::Kind::Capacity: os << "capacity"; break;
  }
  return os.str();
}

StepLimits stepLimits(const Step& step, const CellModel& model, double q0, double one_C) {
  StepLimits out;
  const CellModel* m = &model;
  for (const auto& L : step.limits) {
    RootEvent e;
    e.name = describeLimit(L);
    const double value = L.value;
    switch (L.kind) {
      case StepLimit::Kind::VoltageBelow:
      case StepLimit::Kind::VoltageAbove:
        e.g = [m, value](const double* y) { return m->voltage(y) - value; };
        e.falling = L.kind == StepLimit::Kind::VoltageBelow;
        break;
      case StepLimit::Kind::CurrentBelow: {
        const double taper = std::abs(L.current.resolve(one_C));
        e.g = [m, taper](const double* y) { return std::abs(m->current(y)) - taper; };
        break;
      }
      case StepLimit::Kind::Capacity:
        e.g = [m, value, q0](const double* y) { return std::abs(m->charge(y) - q0) - value; };
        e.falling = false;
        break;
      case StepLimit::Kind::Duration:
        out.duration_s = std::min(out.duration_s, value);
        continue;
    }
    out.events.push_back(std::move(e));
  }
  return out;
}

}  // namespace cellsim
