#pragma once
// Runs a protocol on a cell model: one IDA memory for the whole run, re-initialised with
// consistent initial conditions at every step change; step limits are IDA root functions
// (voltage, current taper, capacity) or stop times (duration), so each step ends exactly on
// its limit. An EIS step linearises the cell where it stands and does not advance time. The cell's own events (its components') are watched in every step. The runner
// knows cells only through CellModel's control, read-outs, events and output columns.
#include <functional>
#include <string>
#include <vector>

#include "core/numerics/IdaSolver.hpp"
#include "models/cell/CellModel.hpp"
#include "models/cell/StateCheck.hpp"
#include "models/impedance/CellImpedance.hpp"
#include "models/simulation/Protocol.hpp"

namespace cellsim {

struct CycleJumpingOptions {
  bool enabled = false;
  int output_every = 10;     //!< report (simulate in full) every this many cycles, and the last
  double tolerance = 2e-3;   //!< on the slow states, relative to their change over the run
  int warmup_cycles = 2;     //!< simulated in full before jumping (the fast states settle)
  int fallback_cycles = 3;   //!< simulated in full after an abrupt change
};

struct CycleJumpingReport {
  int total_cycles = 0;      //!< of the repeated block
  int simulated_cycles = 0;  //!< cycles actually run (reported, fallback, and Runge–Kutta stages)
  int reported_cycles = 0;
  int rejected_steps = 0;    //!< of the error control or for abrupt changes
};

//! Where an interrupted run can continue: the next step of the protocol (its block, the
//! block's repetition and the step within it, 0-based but for the 1-based cycle), the steps
//! completed, and the full state (y and y') at the end of the last of them.
struct ResumePoint {
  bool valid = false;
  int block = 0, cycle = 1, step = 0, steps_done = 0;
  double time_s = 0.0;
  std::vector<double> y, yp;
};

struct TimeRow;

struct SimulationOptions {
  SolverOptions solver;
  std::vector<double> profile_times_s;   //!< profiles are recorded exactly at these times
  double record_interval_s = 0.0;        //!< if > 0, at most one row per interval (plus step ends)
  DrtOptions drt;                        //!< for the spectra of EIS steps
  //! Where the run starts: the rested cell as assembled (empty), or a state of this model (a
  //! cycle of a cycle-jumping run continues from the previous one's end) at time start_time_s.
  std::vector<double> start_state;
  double start_time_s = 0.0;
  //! Continue a run from where it was interrupted (its ResumePoint) instead of from the start.
  ResumePoint resume;
  CycleJumpingOptions jumping;           //!< used by runWithCycleJumping (CycleJumping.hpp)
  //! If set, each time row is handed here as it is produced and not kept in the result, so
  //! that memory does not grow with the length of the run (not for cycle jumping, which
  //! takes back rows of abandoned cycles).
  std::function<void(const TimeRow&)> row_sink;
  std::function<void(double fraction, const std::string& message)> progress;
};

struct TimeRow {
  double time_s, voltage_V, current_A_m2, charge_C_m2;
  int step, cycle;
  std::vector<double> columns;  //!< the model's output columns (SimulationResult::column_names)
};

struct StepResult {
  int index = 0;           //!< running step number (1-based)
  int cycle = 0;           //!< 1-based repetition of its block
  int block = 0;
  std::string text;
  double t_start_s = 0, t_end_s = 0;
  double v_start_V = 0, v_end_V = 0, v_mean_V = 0, i_end_A_m2 = 0;
  double charge_C_m2 = 0;  //!< signed charge passed in the step (+ discharge)
  double energy_J_m2 = 0;  //!< signed energy delivered, integral of V I dt (+ discharge)
  std::vector<double> columns_start, columns_end;  //!< the model's output columns at the step's ends
  std::string ended_by;    //!< "3.105 V", "duration", "current taper", "capacity", "limit at start: ..."
};

struct ProfileSnapshot {
  double time_s;
  ProfileTable profiles;
};

struct SimulationResult {
  std::vector<std::string> column_names;
  std::vector<TimeRow> rows;
  bool rows_streamed = false;  //!< the rows went to SimulationOptions::row_sink, not to `rows`
  std::vector<StepResult> steps;
  std::vector<ProfileSnapshot> profiles;
  std::vector<ImpedanceSpectrum> spectra;  //!< one per EIS step
  CycleJumpingReport jumping;             //!< how the cycles were run (all simulated without jumping)
  SolverStats stats;
  double wall_time_s = 0;
  double setup_time_s = 0;
  std::vector<double> final_state;
  bool stopped_early = false;
  bool interrupted = false;  //!< stopped by interruptRequest(); `resume` says where to go on
  std::string stop_reason;
  ResumePoint resume;        //!< after the last completed step
  //! Property functions used outside their validity ranges (once each), with the time.
  std::vector<std::string> warnings;
};

//! What a run completed before it failed, carried by the error it throws (FailedRun), so that
//! a caller can keep the finished steps: stop_reason says what failed, where and when.
struct PartialRun {
  SimulationResult completed;
};

//! A run's failure, Error being SolverError or StateError, with what the run completed.
template <class Error>
class FailedRun : public Error, public PartialRun {
 public:
  FailedRun(const Error& e, SimulationResult completed) : Error(e), PartialRun{std::move(completed)} {}
};

//! Throws FailedRun<SolverError> or FailedRun<StateError> when a step cannot go on.
SimulationResult runProtocol(CellModel& model, const Protocol& protocol, const SimulationOptions& options);

}  // namespace cellsim
