#pragma once
// Per-cycle figures from a run's steps. A cycle is one repetition of a protocol block (a
// block without `repeat` is one cycle); charge and discharge are the steps that passed
// negative and positive charge.
#include <string>
#include <vector>

#include "models/cell/CellModel.hpp"
#include "models/simulation/Runner.hpp"

namespace cellsim {

struct CycleRow {
  int cycle = 0;  //!< running number (1-based)
  int block = 0, repeat = 0;
  double t_start_s = 0, t_end_s = 0;
  double charge_C_m2 = 0, discharge_C_m2 = 0;         //!< both positive
  double charge_energy_J_m2 = 0, discharge_energy_J_m2 = 0;
  double end_of_charge_V = 0, end_of_discharge_V = 0;  //!< NaN if the cycle had none
  //! Per lithium foil (columns li_thickness_change_<side>_um): plated and stripped [um].
  std::vector<std::string> foils;
  std::vector<double> plated_um, stripped_um;
  //! The model's output columns at the end of the cycle's last step (the slow states).
  std::vector<double> columns_end;

  double coulombicEfficiency() const;
  double meanChargeVoltage() const;
  double meanDischargeVoltage() const;
};

std::vector<CycleRow> cycleTable(const SimulationResult& r);

}  // namespace cellsim
