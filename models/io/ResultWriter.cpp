#include "models/io/ResultWriter.hpp"

#include <cmath>

#include "models/io/SummaryJson.hpp"

namespace cellsim {

namespace {

constexpr double kC_per_mAh = 3.6;

std::string csvNumber(double v) { return std::isfinite(v) ? jsonNumber(v) : ""; }

void writeTimeseries(const CellModel& model, const SimulationResult& r, OutputSet& out) {
  auto& ts = out.file("timeseries.csv");
  ts << "time_s,step,cycle,voltage_V,current_A_m2,capacity_mAh_m2,temperature_K";
  for (const auto& name : r.column_names) ts << "," << name;
  ts << "\n";
  const std::string T = jsonNumber(model.design().temperature_K);
  for (const auto& row : r.rows) {
    ts << jsonNumber(row.time_s) << "," << row.step << "," << row.cycle << "," << jsonNumber(row.voltage_V) << ","
       << jsonNumber(row.current_A_m2) << "," << jsonNumber(row.charge_C_m2 / kC_per_mAh) << "," << T;
    for (double v : row.columns) ts << "," << csvNumber(v);
    ts << "\n";
  }
}

void writeCycles(const CellModel& model, const SimulationResult& r, OutputSet& out) {
  auto& cy = out.file("cycles.csv");
  // For cells with lithium foils overpotential_mV = |V| at the end of the step (the
  // polarisation of that half-cycle); v_mean_V is the time average over the step.
  const bool foils = model.foil(End::Left) || model.foil(End::Right);
  cy << "step,block,cycle,text,t_start_s,t_end_s,duration_s,v_start_V,v_end_V,v_mean_V,i_end_A_m2,charge_mAh_m2,"
        "overpotential_mV,ended_by\n";
  for (const auto& s : r.steps)
    cy << s.index << "," << s.block << "," << s.cycle << ",\"" << s.text << "\"," << jsonNumber(s.t_start_s) << ","
       << jsonNumber(s.t_end_s) << "," << jsonNumber(s.t_end_s - s.t_start_s) << "," << jsonNumber(s.v_start_V) << ","
       << jsonNumber(s.v_end_V) << "," << jsonNumber(s.v_mean_V) << "," << jsonNumber(s.i_end_A_m2) << ","
       << jsonNumber(s.charge_C_m2 / kC_per_mAh) << "," << (foils ? jsonNumber(1e3 * std::abs(s.v_end_V)) : "")
       << ",\"" << s.ended_by << "\"\n";
}

void writeProfiles(const SimulationResult& r, OutputSet& out) {
  auto& pr = out.file("profiles.csv");
  pr << "time_s,x_m,region";
  const std::vector<std::string> names = r.profiles.empty() ? std::vector<std::string>{} : r.profiles.front().profiles.names;
  for (const auto& n : names) pr << "," << n;
  pr << "\n";
  for (const auto& snap : r.profiles) {
    const auto& p = snap.profiles;
    for (size_t i = 0; i < p.x_m.size(); ++i) {
      pr << jsonNumber(snap.time_s) << "," << jsonNumber(p.x_m[i]) << "," << p.region[i];
      for (const auto& column : p.columns) pr << "," << csvNumber(column[i]);
      pr << "\n";
    }
  }
}

}  // namespace

void writeResults(const CaseRecipe& recipe, const CellModel& model, const CaseOutcome& outcome, OutputSet& out) {
  writeTimeseries(model, outcome.sim, out);
  writeCycles(model, outcome.sim, out);
  writeProfiles(outcome.sim, out);
  out.file("summary.json") << summaryJson(recipe, model, outcome);
}

}  // namespace cellsim
