#pragma once
// The output contract (tests, plots and notebooks rely on it):
//   timeseries.csv  time_s, step, cycle, voltage_V, current_A_m2 (+ discharge), capacity_mAh_m2,
//                   temperature_K, then the columns the cell's components publish
//   steps.csv       one row per protocol step: duration, voltages, charge, energy, what ended it
//   cycles.csv      one row per cycle: capacities (mAh/m2, mAh/g of the positive active
//                   material), coulombic efficiency, energies, mean and end voltages, lithium
//                   plated and stripped per foil
//   profiles.csv    time_s, x_m, region, then the fields the components publish
//   impedance.csv   (runs with EIS steps) step, frequency_Hz, z_real_ohm_cm2, z_imag_ohm_cm2
//                   (Im Z as computed: negative where capacitive), z_abs_ohm_cm2, phase_deg
//   drt.csv         (runs with EIS steps) step, tau_s, gamma_ohm_cm2 (per unit ln tau)
//   summary.json    the cell as built (components and their unknowns, mesh regions), every
//                   input value read with its source, per-step figures, solver statistics,
//                   and per spectrum its DC point, Kramers–Kronig residual and DRT peaks
#include <memory>
#include <string>

#include "core/output/OutputFiles.hpp"
#include "models/io/Recipe.hpp"

namespace cellsim {

//! Writes everything but what went to a TimeseriesStream (SimulationResult::rows_streamed).
void writeResults(const CaseRecipe& recipe, const CellModel& model, const CaseOutcome& outcome, OutputSet& out);

//! timeseries.csv written row by row as a protocol run produces them (a SimulationOptions::
//! row_sink), so that a long run's rows are never all in memory.
class TimeseriesStream {
 public:
  TimeseriesStream(const CellModel& model, OutputSet& out);
  void add(const TimeRow& row);
  //! A resumed run: first the rows of the interrupted run's completed steps, from its file.
  void copyCompleted(const std::string& path, int steps_done);
  long rows() const { return rows_; }  //!< rows written
  const TimeRow& last() const { return last_; }

 private:
  std::ostream& os_;
  std::string temperature_K_;
  TimeRow last_{};
  long rows_ = 0;
};

//! Protocol runs write their rows as they go (memory bounded on any run length): sets
//! recipe.options.row_sink to a stream into out's timeseries.csv. Experiments and cycle
//! jumping keep their rows, which they analyse or take back (nullptr). A resumed run
//! (`before`, read from DIR's checkpoint) starts with the rows of its completed steps.
std::unique_ptr<TimeseriesStream> streamTimeseries(CaseRecipe& recipe, const CellModel& model, SimulationResult* before,
                                                   const std::string& dir, OutputSet& out);

}  // namespace cellsim
