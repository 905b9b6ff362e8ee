#pragma once
// The output contract (tests, plots and notebooks rely on it):
//   timeseries.csv  time_s, step, cycle, voltage_V, current_A_m2 (+ discharge), capacity_mAh_m2, ...
//   cycles.csv      one row per protocol step: its limits, duration, charge, end voltage
//   profiles.csv    time_s, x_m, region, c_e_mol_m3, phi_e_V, c_s_surf_mol_m3, phi_s_V
//   summary.json    resolved inputs, per-step figures, solver statistics, wall time
#include <string>

#include "Recipe.hpp"
#include "Simulation.hpp"
#include "core/output/OutputFiles.hpp"

namespace cellsim {

void writeResults(const CaseRecipe& recipe, const CellModel& model, const SimulationResult& result,
                  OutputSet& out, const std::string& extra_summary_json = "");

}  // namespace cellsim
