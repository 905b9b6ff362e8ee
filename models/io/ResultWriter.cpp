#include "models/io/ResultWriter.hpp"

#include <cmath>
#include <fstream>
#include <stdexcept>

#include "models/io/CycleTable.hpp"
#include "models/io/ImpedanceOutputs.hpp"
#include "models/io/SummaryJson.hpp"

namespace cellsim {

namespace {

constexpr double kC_per_mAh = 3.6;

std::string csvNumber(double v) { return std::isfinite(v) ? jsonNumber(v) : ""; }

//! A text field as RFC 4180 has it: quoted, inner quotes doubled (names come from recipes
//! and may hold commas or quotes); `always`: quoted even when it need not be.
std::string csvText(const std::string& s, bool always) {
  if (!always && s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string o = "\"";
  for (char c : s) o += c == '"' ? std::string("\"\"") : std::string(1, c);
  return o + "\"";
}

void writeTimeseriesHeader(const std::vector<std::string>& column_names, std::ostream& ts) {
  ts << "time_s,step,cycle,voltage_V,current_A_m2,capacity_mAh_m2,temperature_K";
  for (const auto& name : column_names) ts << "," << name;
  ts << "\n";
}

void writeTimeseriesRow(const TimeRow& row, const std::string& temperature_K, std::ostream& ts) {
  ts << jsonNumber(row.time_s) << "," << row.step << "," << row.cycle << "," << jsonNumber(row.voltage_V) << ","
     << jsonNumber(row.current_A_m2) << "," << jsonNumber(row.charge_C_m2 / kC_per_mAh) << "," << temperature_K;
  for (double v : row.columns) ts << "," << csvNumber(v);
  ts << "\n";
}

void writeTimeseries(const CellModel& model, const SimulationResult& r, OutputSet& out) {
  auto& ts = out.file("timeseries.csv");
  writeTimeseriesHeader(r.column_names, ts);
  const std::string T = jsonNumber(model.design().temperature_K);
  for (const auto& row : r.rows) writeTimeseriesRow(row, T, ts);
}

void writeSteps(const CellModel& model, const SimulationResult& r, OutputSet& out) {
  auto& st = out.file("steps.csv");
  // A symmetric Li | Li cell's polarisation is |V| at the end of each half-cycle; the column
  // means nothing for other cells and is not written for them.
  const bool symmetric = model.foil(End::Left) && model.foil(End::Right);
  st << "step,block,cycle,text,t_start_s,t_end_s,duration_s,v_start_V,v_end_V,v_mean_V,i_end_A_m2,charge_mAh_m2,"
        "energy_Wh_m2,"
     << (symmetric ? "overpotential_mV," : "") << "ended_by\n";
  for (const auto& s : r.steps) {
    st << s.index << "," << s.block << "," << s.cycle << "," << csvText(s.text, true) << "," << jsonNumber(s.t_start_s) << ","
       << jsonNumber(s.t_end_s) << "," << jsonNumber(s.t_end_s - s.t_start_s) << "," << jsonNumber(s.v_start_V) << ","
       << jsonNumber(s.v_end_V) << "," << jsonNumber(s.v_mean_V) << "," << jsonNumber(s.i_end_A_m2) << ","
       << jsonNumber(s.charge_C_m2 / kC_per_mAh) << "," << jsonNumber(s.energy_J_m2 / 3600.0) << ",";
    if (symmetric) st << jsonNumber(1e3 * std::abs(s.v_end_V)) << ",";
    st << csvText(s.ended_by, true) << "\n";
  }
}

void writeCycles(const CellModel& model, const SimulationResult& r, OutputSet& out) {
  auto& cy = out.file("cycles.csv");
  const double mass_g = 1e3 * model.design().positiveActiveMass_kg_m2();  // g/m2
  const std::vector<CycleRow> rows = cycleTable(r);
  cy << "cycle,block,repeat,t_start_s,t_end_s,charge_capacity_mAh_m2,discharge_capacity_mAh_m2";
  if (mass_g > 0) cy << ",charge_capacity_mAh_g,discharge_capacity_mAh_g";
  cy << ",coulombic_efficiency,charge_energy_Wh_m2,discharge_energy_Wh_m2";
  if (mass_g > 0) cy << ",discharge_energy_Wh_kg";
  cy << ",mean_charge_voltage_V,mean_discharge_voltage_V,end_of_charge_voltage_V,end_of_discharge_voltage_V";
  if (!rows.empty())
    for (const auto& f : rows.front().foils) cy << ",li_plated_" << f << "_um,li_stripped_" << f << "_um";
  // The slow states the components report per cycle (ageing: films, dead lithium, inventory).
  std::vector<size_t> states;
  for (size_t k = 0; k < model.columns().size(); ++k)
    if (model.columns()[k].per_cycle) {
      states.push_back(k);
      cy << "," << model.columns()[k].name;
    }
  cy << "\n";
  for (const CycleRow& c : rows) {
    const double q_ch = c.charge_C_m2 / kC_per_mAh, q_dis = c.discharge_C_m2 / kC_per_mAh;
    cy << c.cycle << "," << c.block << "," << c.repeat << "," << jsonNumber(c.t_start_s) << "," << jsonNumber(c.t_end_s)
       << "," << jsonNumber(q_ch) << "," << jsonNumber(q_dis);
    if (mass_g > 0) cy << "," << jsonNumber(q_ch / mass_g) << "," << jsonNumber(q_dis / mass_g);
    cy << "," << csvNumber(c.coulombicEfficiency()) << "," << jsonNumber(c.charge_energy_J_m2 / 3600.0) << ","
       << jsonNumber(c.discharge_energy_J_m2 / 3600.0);
    if (mass_g > 0) cy << "," << jsonNumber(c.discharge_energy_J_m2 / 3600.0 / (1e-3 * mass_g));
    cy << "," << csvNumber(c.meanChargeVoltage()) << "," << csvNumber(c.meanDischargeVoltage()) << ","
       << csvNumber(c.end_of_charge_V) << "," << csvNumber(c.end_of_discharge_V);
    for (size_t f = 0; f < c.foils.size(); ++f) cy << "," << jsonNumber(c.plated_um[f]) << "," << jsonNumber(c.stripped_um[f]);
    for (size_t k : states) cy << "," << (k < c.columns_end.size() ? csvNumber(c.columns_end[k]) : std::string());
    cy << "\n";
  }
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
      pr << jsonNumber(snap.time_s) << "," << jsonNumber(p.x_m[i]) << "," << csvText(p.region[i], false);
      for (const auto& column : p.columns) pr << "," << csvNumber(column[i]);
      pr << "\n";
    }
  }
}

}  // namespace

TimeseriesStream::TimeseriesStream(const CellModel& model, OutputSet& out)
    : os_(out.stream("timeseries.csv")), temperature_K_(jsonNumber(model.design().temperature_K)) {
  std::vector<std::string> names;
  for (const auto& c : model.columns()) names.push_back(c.name);
  writeTimeseriesHeader(names, os_);
}

void TimeseriesStream::add(const TimeRow& row) {
  writeTimeseriesRow(row, temperature_K_, os_);
  last_ = row;
  ++rows_;
}

void TimeseriesStream::copyCompleted(const std::string& path, int steps_done) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("--resume: cannot read " + path + " (the interrupted run's rows)");
  std::string line;
  std::getline(in, line);  // the header, written already
  while (std::getline(in, line)) {
    const size_t a = line.find(','), b = line.find(',', a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;  // cut short by the kill
    if (std::stoi(line.substr(a + 1, b - a - 1)) > steps_done) break;
    os_ << line << "\n";
    ++rows_;
  }
}

std::unique_ptr<TimeseriesStream> streamTimeseries(CaseRecipe& recipe, const CellModel& model, SimulationResult* before,
                                                   const std::string& dir, OutputSet& out) {
  if (recipe.experiment || recipe.options.jumping.enabled) return nullptr;
  auto rows = std::make_unique<TimeseriesStream>(model, out);
  if (before) {
    const int done = before->resume.steps_done;
    if (before->rows.empty()) rows->copyCompleted(dir + "/timeseries.csv", done);
    for (const auto& row : before->rows)
      if (row.step <= done) rows->add(row);
    before->rows.clear();
  }
  recipe.options.row_sink = [sink = rows.get()](const TimeRow& row) { sink->add(row); };
  return rows;
}

void writeResults(const CaseRecipe& recipe, const CellModel& model, const CaseOutcome& outcome, OutputSet& out) {
  if (!outcome.sim.rows_streamed) writeTimeseries(model, outcome.sim, out);
  writeSteps(model, outcome.sim, out);
  writeCycles(model, outcome.sim, out);
  writeProfiles(outcome.sim, out);
  writeImpedance(outcome.sim, out);
  out.file("summary.json") << summaryJson(recipe, model, outcome);
}

}  // namespace cellsim
