#include "models/io/CycleTable.hpp"

#include <cmath>
#include <limits>

namespace cellsim {

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const std::string kThickness = "li_thickness_change_";

void addStep(CycleRow& c, const StepResult& s, const std::vector<std::string>& columns) {
  c.t_end_s = s.t_end_s;
  c.columns_end = s.columns_end;
  if (s.charge_C_m2 > 0) {
    c.discharge_C_m2 += s.charge_C_m2;
    c.discharge_energy_J_m2 += s.energy_J_m2;
    c.end_of_discharge_V = s.v_end_V;
  } else if (s.charge_C_m2 < 0) {
    c.charge_C_m2 -= s.charge_C_m2;
    c.charge_energy_J_m2 -= s.energy_J_m2;
    c.end_of_charge_V = s.v_end_V;
  }
  for (size_t k = 0, f = 0; k < columns.size(); ++k) {
    if (columns[k].rfind(kThickness, 0) != 0) continue;
    const double d = s.columns_end[k] - s.columns_start[k];
    (d > 0 ? c.plated_um[f] : c.stripped_um[f]) += std::abs(d);
    ++f;
  }
}

}  // namespace

double CycleRow::coulombicEfficiency() const { return charge_C_m2 > 0 ? discharge_C_m2 / charge_C_m2 : kNaN; }
double CycleRow::meanChargeVoltage() const { return charge_C_m2 > 0 ? charge_energy_J_m2 / charge_C_m2 : kNaN; }
double CycleRow::meanDischargeVoltage() const {
  return discharge_C_m2 > 0 ? discharge_energy_J_m2 / discharge_C_m2 : kNaN;
}

std::vector<CycleRow> cycleTable(const SimulationResult& r) {
  std::vector<std::string> foils;
  for (const auto& name : r.column_names)
    if (name.rfind(kThickness, 0) == 0) foils.push_back(name.substr(kThickness.size(), name.size() - kThickness.size() - 3));
  std::vector<CycleRow> rows;
  for (const StepResult& s : r.steps) {
    if (rows.empty() || rows.back().block != s.block || rows.back().repeat != s.cycle) {
      CycleRow c;
      // Counted through the protocol, so that cycles jumped over keep their numbers.
      if (rows.empty())
        c.cycle = s.cycle;
      else
        c.cycle = rows.back().cycle + (rows.back().block == s.block ? s.cycle - rows.back().repeat : s.cycle);
      c.block = s.block;
      c.repeat = s.cycle;
      c.t_start_s = s.t_start_s;
      c.end_of_charge_V = c.end_of_discharge_V = kNaN;
      c.foils = foils;
      c.plated_um.assign(foils.size(), 0.0);
      c.stripped_um.assign(foils.size(), 0.0);
      rows.push_back(c);
    }
    addStep(rows.back(), s, r.column_names);
  }
  return rows;
}

}  // namespace cellsim
