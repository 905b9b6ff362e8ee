// A case without an experiment: its protocol (cycles jumped when the recipe asks), with
// generic figures: for a symmetric lithium cell the polarisation of its first and last
// half-cycles and when it short-circuited (or how long it ran without); for other cells the
// discharge capacity of the last cycle and, over several cycles, the retention; for any cell
// stopped by electrolyte depletion at a lithium surface, the time into the step it took.
#include <cmath>

#include "models/experiments/Experiment.hpp"
#include "models/simulation/Checkpoint.hpp"
#include "models/simulation/CycleJumping.hpp"

namespace cellsim {

namespace {

void symmetricFigures(const SimulationResult& sim, bool ageing, std::vector<Figure>& figures) {
  const StepResult* first = nullptr;
  const StepResult* last = nullptr;
  for (const auto& s : sim.steps)
    if (std::abs(s.charge_C_m2) > 0) {
      if (!first) first = &s;
      last = &s;
    }
  if (first) {
    figures.push_back({"overpotential_first_half_cycle_mV", "", 1e3 * std::abs(first->v_end_V), "mV"});
    figures.push_back({"overpotential_last_half_cycle_mV", "", 1e3 * std::abs(last->v_end_V), "mV"});
  }
  if (!ageing) return;  // without dead lithium there is no short-circuit criterion
  const double hours = sim.steps.back().t_end_s / 3600.0;
  if (sim.stopped_early && sim.stop_reason.find("short circuit") != std::string::npos)
    figures.push_back({"short_circuit_h", "", hours, "h"});
  else
    figures.push_back({"hours_without_short", "", hours, "h"});
}

//! Discharge capacity of each cycle (steps that passed positive charge, by block and repeat).
std::vector<std::pair<int, double>> dischargePerCycle(const SimulationResult& sim) {
  std::vector<std::pair<int, double>> cycles;
  int block = -1, repeat = -1;
  for (const auto& s : sim.steps) {
    if (s.block != block || s.cycle != repeat) {
      cycles.push_back({s.cycle, 0.0});
      block = s.block;
      repeat = s.cycle;
    }
    if (s.charge_C_m2 > 0) cycles.back().second += s.charge_C_m2;
  }
  return cycles;
}

void fullCellFigures(const CellModel& model, const SimulationResult& sim, std::vector<Figure>& figures) {
  auto cycles = dischargePerCycle(sim);
  // A run stopped part-way through a cycle (a short circuit while charging): the retention is
  // that of its last whole cycle.
  while (sim.stopped_early && cycles.size() > 1 && !(cycles.back().second > 0)) cycles.pop_back();
  double q = 0;
  for (const auto& s : sim.steps)
    if (s.charge_C_m2 > 0) q = s.charge_C_m2;
  figures.push_back({"last_discharge_capacity_mAh_m2", "", q / 3.6, "mAh/m2"});
  if (cycles.size() < 2 || !(cycles.front().second > 0)) return;
  // Retention against the first cycle, after as many cycles as the run reached.
  const auto& [n_last, q_last] = cycles.back();
  const std::string cond = std::to_string(n_last) + " cycles";
  figures.push_back({"capacity_retention", cond, q_last / cycles.front().second, ""});
  const double mass_g_m2 = 1e3 * model.design().positiveActiveMass_kg_m2();
  if (mass_g_m2 > 0) figures.push_back({"capacity_after_mAh_g", cond, q_last / 3.6 / mass_g_m2, "mAh/g"});
}

}  // namespace

CaseOutcome runProtocolCase(CellModel& model, const Protocol& protocol, const SimulationOptions& options,
                            const SimulationResult* before) {
  CaseOutcome out;
  if (before) {
    SimulationOptions from = options;
    from.resume = before->resume;
    out.sim = joinResumed(*before, runProtocol(model, protocol, from));
  } else {
    out.sim = runWithCycleJumping(model, protocol, options);
  }
  if (out.sim.steps.empty()) return out;
  const CellDesign& d = model.design();
  if (out.sim.stopped_early && out.sim.stop_reason.find("electrolyte depleted") != std::string::npos) {
    const StepResult& s = out.sim.steps.back();
    out.figures.push_back({"depletion_time_s", s.text, s.t_end_s - s.t_start_s, "s",
                           "from the start of the step to the electrolyte at a lithium surface falling to the "
                           "depletion fraction of its initial concentration (Sand's time as that fraction goes to 0)"});
  }
  if (d.negative.foil() && d.positive.foil())
    symmetricFigures(out.sim, d.negative.foil()->ageing || d.positive.foil()->ageing, out.figures);
  else
    fullCellFigures(model, out.sim, out.figures);
  return out;
}

}  // namespace cellsim
