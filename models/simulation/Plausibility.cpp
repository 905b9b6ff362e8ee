#include "models/simulation/Plausibility.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace cellsim {

namespace {

void negativeVoltage(const CellModel& model, SimulationResult& result) {
  const CellDesign& d = model.design();
  if (!d.negative.porous() && !d.positive.porous()) return;
  const auto lowest = std::min_element(result.rows.begin(), result.rows.end(),
                                       [](const TimeRow& a, const TimeRow& b) { return a.voltage_V < b.voltage_V; });
  if (lowest == result.rows.end() || !(lowest->voltage_V < 0)) return;
  std::ostringstream os;
  os << "unphysical result: the cell voltage fell to " << lowest->voltage_V << " V at t = " << lowest->time_s
     << " s (step " << lowest->step << "); a cell with a host electrode cannot reverse its polarity, so the "
     << "current it was asked for cannot pass (a separator or electrode that blocks transport: check porosities "
     << "and tortuosities)";
  result.warnings.push_back(os.str());
}

void noCharge(const CellModel& model, SimulationResult& result) {
  // A charge of one millionth of 1C for one hour is nothing.
  const double nothing_C_m2 = 1e-6 * std::max(model.design().one_C_A_m2, 1e-3) * 3600.0;
  const StepResult* first = nullptr;
  for (const auto& s : result.steps) {
    if (std::abs(s.charge_C_m2) > nothing_C_m2) return;
    if (!first && s.ended_by.rfind("limit at start", 0) == 0) first = &s;
  }
  if (!first) return;
  std::ostringstream os;
  os << "unphysical result: the run passed no charge; step " << first->index << " ('" << first->text << "') ended at "
     << "once (" << first->ended_by << ") at V = " << first->v_end_V << " V";
  result.warnings.push_back(os.str());
}

}  // namespace

void addPlausibilityWarnings(const CellModel& model, SimulationResult& result) {
  negativeVoltage(model, result);
  noCharge(model, result);
}

}  // namespace cellsim
