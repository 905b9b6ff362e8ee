#pragma once
// A run can succeed numerically and still be unphysical (a separator that blocks transport:
// exit 0, V = -13 V, no capacity). These checks on a finished run put a warning in its
// result, hence in summary.json and on stderr, instead of letting such numbers pass as results.
#include "models/cell/CellModel.hpp"
#include "models/simulation/Runner.hpp"

namespace cellsim {

//! Appends to result.warnings: a negative cell voltage in a cell with a host electrode (only
//! two lithium foils may legitimately swap polarity), and a run whose current steps passed
//! no charge at all.
void addPlausibilityWarnings(const CellModel& model, SimulationResult& result);

}  // namespace cellsim
