#include "models/simulation/Runner.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "core/numerics/Interrupt.hpp"
#include "models/simulation/SpectrumStep.hpp"
#include "models/simulation/StepLimits.hpp"
#include "models/simulation/StepStart.hpp"

namespace cellsim {

namespace {

using Clock = std::chrono::steady_clock;

class ProtocolRunner {
 public:
  ProtocolRunner(CellModel& model, const Protocol& protocol, const SimulationOptions& options)
      : model_(model), protocol_(protocol), opt_(options), solver_(model, options.solver),
        total_steps_(protocol.expandedSteps()) {
    profile_times_ = options.profile_times_s;
    std::sort(profile_times_.begin(), profile_times_.end());
    t_ = options.start_time_s;
    if (options.resume.valid) {
      t_ = options.resume.time_s;
      step_number_ = first_step_ = options.resume.steps_done;
      // Profiles asked for before the resumed time were taken by the interrupted run.
      while (next_profile_ < profile_times_.size() && profile_times_[next_profile_] < t_) ++next_profile_;
    }
    for (const auto& c : model.columns()) out_.column_names.push_back(c.name);
  }

  SimulationResult run(Clock::time_point t_begin) {
    out_.setup_time_s = std::chrono::duration<double>(Clock::now() - t_begin).count();
    try {
      runSteps();
    } catch (const SolverError& e) {
      throw FailedRun<SolverError>(e, finish(t_begin, e.what()));
    } catch (const StateError& e) {
      throw FailedRun<StateError>(e, finish(t_begin, e.what()));
    }
    return finish(t_begin, "");
  }

 private:
  //! The result so far; `failure`: why the step under way could not go on.
  SimulationResult finish(Clock::time_point t_begin, const std::string& failure) {
    if (!failure.empty()) stop("step " + std::to_string(step_number_) + " failed: " + failure);
    out_.final_state = solver_.y();
    out_.stats = solver_.stats();
    out_.wall_time_s = std::chrono::duration<double>(Clock::now() - t_begin).count();
    return std::move(out_);
  }

  void runSteps() {
    const ResumePoint& from = opt_.resume;
    bool resumed = !from.valid;
    for (int bi = from.valid ? from.block : 0; bi < static_cast<int>(protocol_.blocks.size()) && !out_.stopped_early;
         ++bi) {
      const ProtocolBlock& block = protocol_.blocks[bi];
      for (int cycle = resumed ? 1 : from.cycle; cycle <= block.repeat && !out_.stopped_early; ++cycle) {
        for (int si = resumed ? 0 : from.step; si < static_cast<int>(block.steps.size()); ++si) {
          resumed = true;
          runStep(block.steps[si], cycle, bi + 1);
          if (out_.stopped_early) break;
          out_.resume = {true, bi, cycle, si + 1, step_number_, t_, solver_.y(), solver_.yp()};
        }
        resumed = true;
      }
    }
  }

  void runStep(const Step& step, int cycle, int block);
  void runImpedanceStep(const Step& step, StepResult& sr);
  void start(const ControlMode& mode, double hint);
  void checkLimitsAtStart(StepResult& sr);
  void integrate(StepResult& sr, double t_end, double horizon, int cycle, double& v_integral, double& e_integral);
  std::vector<double> columnValues() const {
    std::vector<double> v;
    for (const auto& c : model_.columns()) v.push_back(c.value(solver_.y().data()));
    return v;
  }
  void onRoot(StepResult& sr);
  bool rescueFailure(StepResult& sr);
  void takeProfilesDue();
  bool checkState(StepResult& sr);
  bool stalled(StepResult& sr, long& steps_in_step, double& window_t);
  void record(int step, int cycle, bool force);
  void stop(const std::string& reason) {
    out_.stopped_early = true;
    out_.stop_reason = reason;
  }

  CellModel& model_;
  const Protocol& protocol_;
  const SimulationOptions& opt_;
  IdaSolver solver_;
  SimulationResult out_;
  std::vector<double> profile_times_;
  size_t next_profile_ = 0;
  std::vector<RootEvent> events_;
  StateCheck check_;
  double t_ = 0.0, last_row_t_ = -1e300;
  int step_number_ = 0;
  int first_step_ = 0;  //!< steps done before this run (a resumed run)
  double first_discharge_ = 0.0, last_discharge_ = 0.0;  //!< charge of discharging steps [C/m2]

  std::string progressMessage(int cycle, int block) const {
    char s[160];
    const int repeat = protocol_.blocks[block - 1].repeat;
    int n = std::snprintf(s, sizeof s, "step %d/%lld", step_number_, total_steps_);
    if (repeat > 1) n += std::snprintf(s + n, sizeof s - n, ", cycle %d/%d", cycle, repeat);
    if (last_discharge_ > 0)
      std::snprintf(s + n, sizeof s - n, ", discharge %.4g mAh/m2 (%.1f %%)", last_discharge_ / 3.6,
                    100 * last_discharge_ / first_discharge_);
    return s;
  }
  const long long total_steps_;
};

void ProtocolRunner::record(int step, int cycle, bool force) {
  if (!force && opt_.record_interval_s > 0 && t_ - last_row_t_ < opt_.record_interval_s) return;
  const double* s = solver_.y().data();
  TimeRow row{t_, model_.voltage(s), model_.current(s), model_.charge(s), step, cycle, {}};
  for (const auto& c : model_.columns()) row.columns.push_back(c.value(s));
  if (opt_.row_sink) {
    opt_.row_sink(row);
    out_.rows_streamed = true;
  } else {
    out_.rows.push_back(std::move(row));
  }
  last_row_t_ = t_;
}

void ProtocolRunner::takeProfilesDue() {
  // Profiles due now (e.g. exactly at a step boundary) are taken from the state as is.
  while (next_profile_ < profile_times_.size() && profile_times_[next_profile_] <= t_ * (1 + 1e-12) + 1e-12) {
    out_.profiles.push_back({t_, model_.profiles(solver_.y().data())});
    ++next_profile_;
  }
}

void ProtocolRunner::start(const ControlMode& mode, double hint) {
  std::vector<double> y, yp;
  if (step_number_ == first_step_ + 1 && opt_.resume.valid) {
    y = opt_.resume.y;
    yp = opt_.resume.yp;
  } else if (step_number_ == 1 && !opt_.start_state.empty()) {
    y = opt_.start_state;
    yp.assign(y.size(), 0.0);
  } else if (step_number_ == 1) {
    // Start from rest with the step's current as the guess for the algebraic unknowns.
    model_.initialState(y, yp, mode.kind == ControlMode::Kind::Current ? mode.value : 0.0);
    if (mode.kind == ControlMode::Kind::Current) {
      try {
        solver_.restart(t_, y, yp, hint);
        return;
      } catch (const SolverError&) {
        // Start from rest and walk the current up from zero instead.
        model_.initialState(y, yp, 0.0);
      }
    }
  } else {
    y = solver_.y();
    yp = solver_.yp();
  }
  restartWithContinuation(solver_, model_, mode, t_, y, yp, hint);
}

void ProtocolRunner::checkLimitsAtStart(StepResult& sr) {
  // A limit already met after the step's initial jump ends the step at once.
  for (const auto& e : events_)
    if (e.metAt(e.g(solver_.y().data()))) sr.ended_by = "limit at start: " + e.name;
}

void ProtocolRunner::onRoot(StepResult& sr) {
  const auto& found = solver_.rootsFound();
  for (size_t k = 0; k < found.size(); ++k) {
    const RootEvent& e = events_[k];
    if (found[k] == 0 || !e.endsOn(found[k])) continue;  // only the limit's own direction
    std::string what = e.name + " at t = " + std::to_string(t_) + " s";
    if (e.detail) what += ": " + e.detail(solver_.y().data());
    if (!e.ends_step) {
      out_.warnings.push_back(what + "; continuing as the recipe asks");
      continue;
    }
    sr.ended_by = e.name;
    if (e.stops_run) stop(what);
  }
}

bool ProtocolRunner::rescueFailure(StepResult& sr) {
  for (const auto& e : events_)
    if (e.explains_failure && e.ends_step && e.explains_failure(solver_.y().data())) {
      sr.ended_by = e.name + " (final approach below 5 % of c0)";
      const std::string detail = e.detail ? ": " + e.detail(solver_.y().data()) : "";
      if (e.stops_run) stop(e.name + " at t = " + std::to_string(t_) + " s" + detail + " (solver failed on the final approach)");
      return true;
    }
  return false;
}

// Accepted states only (Newton trial iterates may wander): validity warnings, and a stop
// where a property function is undefined.
bool ProtocolRunner::checkState(StepResult& sr) {
  try {
    model_.checkState(solver_.y().data(), check_);
  } catch (const StateError& e) {
    sr.ended_by = "undefined property";
    stop("step " + std::to_string(step_number_) + " ('" + sr.text + "'): " + e.what() + " (t = " + std::to_string(t_) + " s)");
    return false;
  }
  for (auto& w : check_.takeNew()) out_.warnings.push_back("t = " + std::to_string(t_) + " s: " + w);
  return true;
}

// A step whose time has stopped advancing (the step size collapsed) would never end.
bool ProtocolRunner::stalled(StepResult& sr, long& steps_in_step, double& window_t) {
  constexpr long kWindow = 2000;
  if (++steps_in_step % kWindow != 0) return false;
  const bool frozen = t_ - window_t <= 1e-9 * std::max(1.0, std::abs(t_));
  window_t = t_;
  if (!frozen && steps_in_step < 2000000) return false;
  // The solver could not follow the cell: a failed step (exit 3), as an IDA failure is.
  std::string reason = "step " + std::to_string(step_number_) + " ('" + sr.text + "') stalled at t = " +
                       std::to_string(t_) + " s: " + std::to_string(steps_in_step) + " solver steps, the last " +
                       std::to_string(solver_.lastStepSize()) + " s long" + solver_.worstVariables(3);
  if (!out_.warnings.empty()) reason += "; " + out_.warnings.back();
  throw SolverError(reason);
}

void ProtocolRunner::integrate(StepResult& sr, double t_end, double horizon, int cycle, double& v_integral,
                               double& e_integral) {
  long steps_in_step = 0;
  double window_t = t_;
  while (sr.ended_by.empty()) {
    takeProfilesDue();
    double t_stop = std::min(t_end, horizon);
    bool at_profile = false;
    if (next_profile_ < profile_times_.size() && profile_times_[next_profile_] <= t_stop) {
      t_stop = profile_times_[next_profile_];
      at_profile = true;
    }
    const double t_prev = t_, v_prev = model_.voltage(solver_.y().data()), i_prev = model_.current(solver_.y().data());
    IdaSolver::Event ev;
    try {
      ev = solver_.step(t_stop);
    } catch (const SolverError&) {
      if (!rescueFailure(sr)) throw;
      record(step_number_, cycle, true);
      return;
    }
    t_ = solver_.time();
    const double v_now = model_.voltage(solver_.y().data()), i_now = model_.current(solver_.y().data());
    v_integral += 0.5 * (v_prev + v_now) * (t_ - t_prev);
    e_integral += 0.5 * (v_prev * i_prev + v_now * i_now) * (t_ - t_prev);
    if (const int sig = interruptRequest().load()) {
      sr.ended_by = "interrupted";
      out_.interrupted = true;
      stop("interrupted by signal " + std::to_string(sig) + " in step " + std::to_string(step_number_) + " ('" +
           sr.text + "') at t = " + std::to_string(t_) + " s; every step before it is complete");
      record(step_number_, cycle, true);
      return;
    }
    if (!checkState(sr) || stalled(sr, steps_in_step, window_t)) {
      record(step_number_, cycle, true);
      return;
    }
    if (ev == IdaSolver::Event::Root) {
      onRoot(sr);
    } else if (ev == IdaSolver::Event::StopTime) {
      if (at_profile && std::abs(t_ - profile_times_[next_profile_]) < 1e-9 * std::max(1.0, t_)) {
        out_.profiles.push_back({t_, model_.profiles(solver_.y().data())});
        ++next_profile_;
      }
      if (t_ >= t_end * (1 - 1e-15)) {
        sr.ended_by = "duration";
      } else if (t_ >= horizon * (1 - 1e-15)) {
        // A step whose limits are never reached would run forever: stop the run.
        sr.ended_by = "no limit reached within 1e7 s";
        stop("step " + std::to_string(step_number_) + " ('" + sr.text + "') reached none of its limits within 1e7 s of step time");
      }
    }
    record(step_number_, cycle, !sr.ended_by.empty());
  }
}

// The spectrum is taken about the state the previous step left (or the rested cell), held
// at its present current or voltage; time does not advance.
void ProtocolRunner::runImpedanceStep(const Step& step, StepResult& sr) {
  const ImpedanceRequest& req = step.impedance;
  const double* y0 = step_number_ > first_step_ + 1 ? solver_.y().data()
                     : opt_.resume.valid                ? opt_.resume.y.data()
                     : opt_.start_state.empty()         ? nullptr
                                                        : opt_.start_state.data();
  ControlMode mode;
  if (req.potentiostatic) {
    std::vector<double> y, yp;
    if (!y0) model_.initialState(y, yp, 0.0);
    mode = {ControlMode::Kind::Voltage, model_.voltage(y0 ? y0 : y.data())};
  } else {
    mode = {ControlMode::Kind::Current, y0 ? model_.current(y0) : 0.0};
  }
  mode.t0 = t_;
  model_.setControl(mode);
  model_.setRootEvents({});
  start(mode, t_ + 1.0);
  try {
    out_.spectra.push_back(spectrumAt(model_, t_, solver_.y(), solver_.yp(), req, opt_.drt));
  } catch (const std::runtime_error& e) {
    throw SolverError("step " + std::to_string(step_number_) + " ('" + step.text + "'): " + e.what());
  }
  out_.spectra.back().step = step_number_;
  sr.ended_by = "spectrum";
}

void ProtocolRunner::runStep(const Step& step, int cycle, int block) {
  ++step_number_;
  if (step.control == Step::Control::Impedance) {
    StepResult sr;
    sr.index = step_number_;
    sr.cycle = cycle;
    sr.block = block;
    sr.text = step.text;
    runImpedanceStep(step, sr);
    sr.t_start_s = sr.t_end_s = t_;
    sr.v_start_V = sr.v_end_V = sr.v_mean_V = model_.voltage(solver_.y().data());
    sr.i_end_A_m2 = model_.current(solver_.y().data());
    sr.columns_start = sr.columns_end = columnValues();
    record(step_number_, cycle, true);
    out_.steps.push_back(sr);
    return;
  }
  const double one_C = model_.design().one_C_A_m2;
  ControlMode mode = controlOf(step, one_C);
  mode.t0 = t_;
  model_.setControl(mode);
  const double q0 = step_number_ > first_step_ + 1 ? model_.charge(solver_.y().data())
                    : opt_.resume.valid              ? model_.charge(opt_.resume.y.data())
                    : opt_.start_state.empty()       ? 0.0
                                                     : model_.charge(opt_.start_state.data());
  StepLimits limits = stepLimits(step, model_, q0, one_C);
  events_ = std::move(limits.events);
  for (auto& e : model_.componentEvents()) events_.push_back(std::move(e));
  model_.setRootEvents(events_);
  const double t_end = limits.duration_s < 1e299 ? t_ + limits.duration_s : 1e300;
  start(mode, std::min(t_end, t_ + 1.0));

  StepResult sr;
  sr.index = step_number_;
  sr.cycle = cycle;
  sr.block = block;
  sr.text = step.text;
  sr.t_start_s = t_;
  sr.v_start_V = model_.voltage(solver_.y().data());
  sr.columns_start = columnValues();
  double v_integral = 0.0, e_integral = 0.0;
  record(step_number_, cycle, true);
  if (checkState(sr)) checkLimitsAtStart(sr);
  const double horizon = t_end < 1e299 ? 1e300 : t_ + 1e7;  // steps that end on events only
  integrate(sr, t_end, horizon, cycle, v_integral, e_integral);

  const double* s = solver_.y().data();
  sr.t_end_s = t_;
  sr.v_end_V = model_.voltage(s);
  sr.v_mean_V = t_ > sr.t_start_s ? v_integral / (t_ - sr.t_start_s) : sr.v_end_V;
  sr.i_end_A_m2 = model_.current(s);
  sr.charge_C_m2 = model_.charge(s) - q0;
  sr.energy_J_m2 = e_integral;
  sr.columns_end = columnValues();
  // A step that ended on a run-stopping event (met at its start, or crossed) ends the run.
  if (!out_.stopped_early)
    for (const auto& e : events_)
      if (e.stops_run && sr.ended_by.find(e.name) != std::string::npos)
        stop(sr.ended_by + " at t = " + std::to_string(t_) + " s");
  out_.steps.push_back(sr);
  if (sr.charge_C_m2 > 0) {
    if (!(first_discharge_ > 0)) first_discharge_ = sr.charge_C_m2;
    last_discharge_ = sr.charge_C_m2;
  }
  if (opt_.progress) opt_.progress(static_cast<double>(step_number_) / total_steps_, progressMessage(cycle, block));
}

}  // namespace

SimulationResult runProtocol(CellModel& model, const Protocol& protocol, const SimulationOptions& options) {
  const auto t_begin = Clock::now();
  if (protocol.expandedSteps() == 0) throw std::invalid_argument("the protocol has no steps");
  ProtocolRunner runner(model, protocol, options);
  return runner.run(t_begin);
}

}  // namespace cellsim
