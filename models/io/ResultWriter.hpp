#pragma once
// The output contract (tests, plots and notebooks rely on it):
//   timeseries.csv  time_s, step, cycle, voltage_V, current_A_m2 (+ discharge), capacity_mAh_m2,
//                   temperature_K, then the columns the cell's components publish
//   cycles.csv      one row per protocol step: its limits, duration, charge, end voltage
//   profiles.csv    time_s, x_m, region, then the fields the components publish
//   summary.json    the cell as built (components and their unknowns, mesh regions), every
//                   input value read with its source, per-step figures, solver statistics
#include <string>

#include "core/output/OutputFiles.hpp"
#include "models/io/Recipe.hpp"

namespace cellsim {

void writeResults(const CaseRecipe& recipe, const CellModel& model, const CaseOutcome& outcome, OutputSet& out);

}  // namespace cellsim
