#include "models/simulation/CycleJumping.hpp"

#include "models/simulation/CycleStepper.hpp"

#include <algorithm>
#include <boost/numeric/odeint.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace cellsim {

namespace {

namespace odeint = boost::numeric::odeint;
using State = std::vector<double>;
using cycle_stepper::Controlled;
using cycle_stepper::ErrorChecker;
using cycle_stepper::heunEuler;
using cycle_stepper::SquareRootStepAdjuster;

void addStats(SolverStats& a, const SolverStats& b) {
  a.steps += b.steps;
  a.residual_calls += b.residual_calls;
  a.jacobian_evals += b.jacobian_evals;
  a.newton_iters += b.newton_iters;
  a.newton_conv_fails += b.newton_conv_fails;
  a.error_test_fails += b.error_test_fails;
  a.reinits += b.reinits;
  a.recoverable_errors += b.recoverable_errors;
  a.colours = b.colours;
  a.unknowns = b.unknowns;
  a.nonzeros = b.nonzeros;
}

std::vector<std::string> signatureOf(const SimulationResult& r) {
  std::vector<std::string> s;
  for (const auto& step : r.steps) s.push_back(step.ended_by);
  return s;
}

class CycleJumper {
 public:
  CycleJumper(CellModel& model, const Protocol& protocol, const SimulationOptions& options, const CycleJumpingOptions& j,
              int main_block)
      : model_(model), protocol_(protocol), opt_(options), j_(j), main_(main_block), slow_(model.slowStates()) {
    for (const auto& c : model.columns()) out_.column_names.push_back(c.name);
    cycle_.blocks.push_back({protocol.blocks[main_].steps, 1});
  }

  SimulationResult run(CycleJumpingReport& report);

 private:
  //! Runs `p` from `start` (empty: the cell as assembled) at t_ without keeping time rows.
  SimulationResult simulate(const Protocol& p, const State& start, bool keep_rows) {
    SimulationOptions o = opt_;
    o.start_state = start;
    o.start_time_s = t_;
    o.progress = nullptr;
    if (!keep_rows) {
      o.record_interval_s = 1e300;
      o.profile_times_s.clear();
    }
    try {
      SimulationResult r = runProtocol(model_, p, o);
      addStats(out_.stats, r.stats);
      return r;
    } catch (const FailedRun<SolverError>& e) {
      if (keep_rows) throw FailedRun<SolverError>(e, recordSoFar(e.completed.stop_reason));
      throw;
    } catch (const FailedRun<StateError>& e) {
      if (keep_rows) throw FailedRun<StateError>(e, recordSoFar(e.completed.stop_reason));
      throw;
    }
  }
  //! The cycles recorded so far (a failure in a cycle run in full: every cycle before it kept).
  SimulationResult recordSoFar(const std::string& reason) const {
    SimulationResult r = out_;
    r.stopped_early = true;
    r.stop_reason = reason;
    r.final_state = S_;
    return r;
  }
  //! Appends a record to the result: its steps as block `block`, cycle numbers from `cycle`
  //! (a block run once per record, or the blocks as they come when `cycle` is 0).
  void append(SimulationResult& r, int block, int cycle);
  State withSlow(const State& x) const {
    State s = S_;
    for (size_t i = 0; i < slow_.size(); ++i) s[slow_[i]] = x[i];
    return s;
  }
  State slowOf(const State& s) const {
    State x(slow_.size());
    for (size_t i = 0; i < slow_.size(); ++i) x[i] = s[slow_[i]];
    return x;
  }
  //! One cycle simulated in full from slow state x and kept in the record as cycle n.
  bool fullCycle(const State& x, int n);
  void rhs(const State& z, State& dz);
  State xOf(const State& z) const {
    State x(z.size());
    for (size_t i = 0; i < z.size(); ++i) x[i] = x_ref_[i] + scale_[i] * z[i];
    return x;
  }
  void jump(int total, CycleJumpingReport& report);
  std::string progressMessage(int reported, int total) const;
  bool firstStage(int n, bool record, State& dz);
  void fallBack(int& done, int total);
  State zOf(const State& full) const {
    State z(slow_.size());
    for (size_t i = 0; i < z.size(); ++i) z[i] = (full[slow_[i]] - x_ref_[i]) / scale_[i];
    return z;
  }
  //! Cycles kept in the record: every output_every-th and the last.
  bool isReported(int n, int total) const { return n == total || n % j_.output_every == 0; }
  int nextReported(int n, int total) const { return std::min(total, (n / j_.output_every + 1) * j_.output_every); }

  CellModel& model_;
  const Protocol& protocol_;
  const SimulationOptions& opt_;
  const CycleJumpingOptions j_;
  const int main_;
  const std::vector<int> slow_;
  Protocol cycle_;
  SimulationResult out_;
  State S_;                  //!< the latest full state (end of the latest simulated cycle)
  State S_accepted_;         //!< the full state at the last accepted point (N)
  State x_ref_, scale_;      //!< slow states at the start of jumping, and their scales
  double t_ = 0.0;           //!< time at S_, jumped cycles included
  double cycle_duration_ = 0.0;
  std::vector<std::string> signature_, last_signature_;
  bool abrupt_ = false;
  int steps_so_far_ = 0, simulated_ = 0, reported_ = 0;
};

// The cycle reached and the discharge of the latest cycle simulated in full, against the first.
std::string CycleJumper::progressMessage(int reported, int total) const {
  double first = 0, last = 0;
  for (const auto& s : out_.steps)
    if (s.charge_C_m2 > 0) {
      if (!(first > 0)) first = s.charge_C_m2;
      last = s.charge_C_m2;
    }
  char m[120];
  std::snprintf(m, sizeof m, "cycle %d/%d (jumping), discharge %.4g mAh/m2 (%.1f %%)", reported, total, last / 3.6,
                first > 0 ? 100 * last / first : 0.0);
  return m;
}

void CycleJumper::append(SimulationResult& r, int block, int cycle) {
  for (auto& s : r.steps) {
    s.index += steps_so_far_;
    if (cycle > 0) {
      s.cycle = cycle;
      s.block = block;
    }
    out_.steps.push_back(s);
  }
  for (auto& row : r.rows) {
    row.step += steps_so_far_;
    if (cycle > 0) row.cycle = cycle;
    out_.rows.push_back(row);
  }
  for (auto& sp : r.spectra) {
    sp.step += steps_so_far_;
    out_.spectra.push_back(sp);
  }
  for (auto& p : r.profiles) out_.profiles.push_back(p);
  for (auto& w : r.warnings) out_.warnings.push_back(w);
  steps_so_far_ += static_cast<int>(r.steps.size());
  if (r.stopped_early) {
    out_.stopped_early = true;
    out_.interrupted = r.interrupted;
    out_.stop_reason = r.stop_reason;
  }
}

bool CycleJumper::fullCycle(const State& x, int n) {
  SimulationResult r = simulate(cycle_, withSlow(x), true);
  ++simulated_;
  ++reported_;
  const double t0 = r.steps.empty() ? t_ : r.steps.front().t_start_s;
  t_ = r.steps.empty() ? t_ : r.steps.back().t_end_s;
  cycle_duration_ = t_ - t0;
  S_ = r.final_state;
  last_signature_ = signatureOf(r);
  append(r, main_ + 1, n);
  return !out_.stopped_early;
}

// dz/dN at z: one cycle from the latest fast states with the slow states of z.
void CycleJumper::rhs(const State& z, State& dz) {
  dz.assign(z.size(), 0.0);
  const State x = xOf(z);
  SimulationResult r;
  try {
    r = simulate(cycle_, withSlow(x), false);
  } catch (const std::exception&) {
    abrupt_ = true;  // a cycle that cannot be simulated from an extrapolated state: go slower
    return;
  }
  ++simulated_;
  if (r.stopped_early || signatureOf(r) != signature_) {
    abrupt_ = true;
    return;
  }
  const State x_end = slowOf(r.final_state);
  for (size_t i = 0; i < z.size(); ++i) dz[i] = (x_end[i] - x[i]) / scale_[i];
  S_ = r.final_state;
  cycle_duration_ = r.steps.back().t_end_s - r.steps.front().t_start_s;
}

// The first stage of a step: cycle n from the accepted state (exact, not extrapolated), kept
// in the record when it is a cycle to report. False for a cycle unlike the others (abrupt_)
// or a run that stopped.
bool CycleJumper::firstStage(int n, bool record, State& dz) {
  S_ = S_accepted_;
  const State z = zOf(S_accepted_);
  abrupt_ = false;
  if (!record) {
    rhs(z, dz);
    return !abrupt_;
  }
  const State x = xOf(z);
  if (!fullCycle(x, n)) return false;
  if (last_signature_ != signature_) abrupt_ = true;
  const State x_end = slowOf(S_);
  dz.assign(z.size(), 0.0);
  for (size_t i = 0; i < z.size(); ++i) dz[i] = (x_end[i] - x[i]) / scale_[i];
  return !abrupt_;
}

// Cycles in full from the accepted state after an abrupt change (each kept in the record);
// the last of them sets what a regular cycle looks like from now on.
void CycleJumper::fallBack(int& done, int total) {
  S_ = S_accepted_;
  for (int k = 0; k < j_.fallback_cycles && done < total && !out_.stopped_early; ++k) {
    if (!fullCycle(slowOf(S_), done + 1)) break;
    S_accepted_ = S_;
    ++done;
  }
  signature_ = last_signature_;
}

// Heun 2(1) steps (CycleStepper.hpp), two cycles each. The first, from the accepted state, is
// the cycle reported when a step starts on one; steps are whole numbers of cycles and end where
// a cycle to report starts, so reports cost no cycle of their own.
void CycleJumper::jump(int total, CycleJumpingReport& report) {
  Controlled stepper(ErrorChecker(j_.tolerance, j_.tolerance), SquareRootStepAdjuster(), heunEuler());
  auto system = [this](const State& zz, State& dzz, double) { rhs(zz, dzz); };
  int done = j_.warmup_cycles + 1;  // whole cycles behind; S_accepted_ is the state after them
  double t_done = t_;               // time at `done`
  double dt = 8.0;
  while (done < total && !out_.stopped_early) {
    t_ = t_done;
    const int next = done + 1;
    State dz1;
    const bool regular = firstStage(next, isReported(next, total), dz1);
    if (out_.stopped_early) break;
    if (!regular) {
      ++report.rejected_steps;
      fallBack(done, total);
      t_done = t_;
      dt = 1.0;
      continue;
    }
    if (next == total) {
      done = total;
      break;
    }
    // Land on the start of the next cycle to report.
    const int room = nextReported(next, total) - 1 - done;
    const State z = zOf(S_accepted_);
    const State fast_after_first = S_;
    bool accepted = false;
    while (!accepted && !out_.stopped_early) {
      double h = std::max(1.0, std::min(std::floor(dt), static_cast<double>(room)));
      const double h_tried = h;
      double n = done;
      State z_new(z.size());  // odeint writes into it: sized here
      abrupt_ = false;
      S_ = fast_after_first;
      t_ = t_done + h * cycle_duration_;
      const auto result = stepper.try_step(system, z, dz1, n, z_new, h);
      if (abrupt_ || result != odeint::success) {
        ++report.rejected_steps;
        if (h_tried <= 1.0) break;  // not even one cycle ahead: that cycle in full
        dt = abrupt_ ? std::max(1.0, std::floor(h_tried / 2)) : h;
        continue;
      }
      accepted = true;
      done += static_cast<int>(h_tried);
      t_done += h_tried * cycle_duration_;
      S_accepted_ = withSlow(xOf(z_new));
      // A step cut short to land on a report says nothing against longer ones.
      dt = h_tried < std::floor(dt) ? std::max(dt, h) : h;
    }
    if (!accepted && !out_.stopped_early) {
      S_ = S_accepted_;
      t_ = t_done;
      fallBack(done, total);
      t_done = t_;
      dt = 1.0;
    }
    if (opt_.progress) opt_.progress(static_cast<double>(done) / total, progressMessage(done, total));
  }
}

SimulationResult CycleJumper::run(CycleJumpingReport& report) {
  const auto t_begin = std::chrono::steady_clock::now();
  const int total = protocol_.blocks[main_].repeat;
  report.total_cycles = total;
  // The blocks before, and the first cycles in full: the fast states settle.
  Protocol head;
  for (int b = 0; b < main_; ++b) head.blocks.push_back(protocol_.blocks[b]);
  head.blocks.push_back({protocol_.blocks[main_].steps, j_.warmup_cycles});
  SimulationResult r = simulate(head, {}, true);
  simulated_ += j_.warmup_cycles;
  reported_ += j_.warmup_cycles;
  S_ = r.final_state;
  t_ = r.steps.back().t_end_s;
  append(r, 0, 0);
  if (!out_.stopped_early) {
    // One more cycle gives the change per cycle: the scales of the slow states.
    x_ref_ = slowOf(S_);
    SimulationResult c = simulate(cycle_, S_, true);
    ++simulated_;
    signature_ = signatureOf(c);
    const State x_end = slowOf(c.final_state);
    scale_.resize(slow_.size());
    const std::vector<double> atol = model_.absoluteTolerances(opt_.solver.rtol);
    for (size_t i = 0; i < slow_.size(); ++i) {
      // Its change over the run, or its own size when larger (a charge counter swinging by a
      // capacity each cycle drifts by little and noisily: its drift needs no tight control),
      // and never so small that the solver's own error in a cycle (a few atol) would count
      // against the jump's tolerance (a state that hardly moves, e.g. a balanced charge).
      const double change = std::max(std::abs(x_end[i] - x_ref_[i]) * total, 0.1 * std::abs(x_ref_[i]));
      scale_[i] = std::max(change, 100.0 * atol[slow_[i]] / j_.tolerance);
    }
    cycle_duration_ = c.steps.back().t_end_s - c.steps.front().t_start_s;
    t_ = c.steps.back().t_end_s;
    S_ = S_accepted_ = c.final_state;
    append(c, main_ + 1, j_.warmup_cycles + 1);
    ++reported_;
    if (!out_.stopped_early) jump(total, report);
  }
  // The blocks after, in full.
  if (!out_.stopped_early && main_ + 1 < static_cast<int>(protocol_.blocks.size())) {
    Protocol tail;
    for (size_t b = main_ + 1; b < protocol_.blocks.size(); ++b) tail.blocks.push_back(protocol_.blocks[b]);
    SimulationResult after = simulate(tail, S_, true);
    for (auto& s : after.steps) s.block += main_ + 1;
    S_ = after.final_state;
    append(after, 0, 0);
  }
  out_.final_state = S_;
  report.simulated_cycles = simulated_;
  report.reported_cycles = reported_;
  out_.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_begin).count();
  return std::move(out_);
}

}  // namespace

SimulationResult runWithCycleJumping(CellModel& model, const Protocol& protocol, const SimulationOptions& options) {
  const CycleJumpingOptions& jumping = options.jumping;
  int main_block = 0;
  for (size_t b = 0; b < protocol.blocks.size(); ++b)
    if (protocol.blocks[b].repeat > protocol.blocks[main_block].repeat) main_block = static_cast<int>(b);
  // Too few cycles to gain anything: run them all.
  if (!jumping.enabled || protocol.blocks[main_block].repeat < jumping.warmup_cycles + 2 * jumping.output_every) {
    SimulationResult r = runProtocol(model, protocol, options);
    r.jumping.total_cycles = r.jumping.simulated_cycles = r.jumping.reported_cycles = protocol.blocks[main_block].repeat;
    return r;
  }
  CycleJumper jumper(model, protocol, options, jumping, main_block);
  CycleJumpingReport report;
  SimulationResult r = jumper.run(report);
  r.jumping = report;
  return r;
}

}  // namespace cellsim
