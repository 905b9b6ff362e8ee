// A case without an experiment: its protocol, with generic figures.
#include <cmath>

#include "models/experiments/Experiment.hpp"

namespace cellsim {

CaseOutcome runProtocolCase(CellModel& model, const Protocol& protocol, const SimulationOptions& options) {
  CaseOutcome out;
  out.sim = runProtocol(model, protocol, options);
  if (out.sim.steps.empty()) return out;
  const CellDesign& d = model.design();
  if (d.negative.foil() && d.positive.foil()) {
    // Symmetric cells: polarisation of the first and last half-cycles that passed current.
    const StepResult* first = nullptr;
    const StepResult* last = nullptr;
    for (const auto& s : out.sim.steps)
      if (std::abs(s.charge_C_m2) > 0) {
        if (!first) first = &s;
        last = &s;
      }
    if (first) {
      out.figures.push_back({"overpotential_first_half_cycle_mV", "", 1e3 * std::abs(first->v_end_V), "mV"});
      out.figures.push_back({"overpotential_last_half_cycle_mV", "", 1e3 * std::abs(last->v_end_V), "mV"});
    }
    return out;
  }
  double q = 0;
  for (const auto& s : out.sim.steps)
    if (s.charge_C_m2 > 0) q = s.charge_C_m2;
  out.figures.push_back({"last_discharge_capacity_mAh_m2", "", q / 3.6, "mAh/m2"});
  return out;
}

}  // namespace cellsim
