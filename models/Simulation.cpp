#include "Simulation.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace cellsim {

namespace {

std::string describeLimit(const StepLimit& L) {
  std::ostringstream os;
  switch (L.kind) {
    case StepLimit::Kind::VoltageBelow:
    case StepLimit::Kind::VoltageAbove: os << L.value << " V"; break;
    case StepLimit::Kind::CurrentBelow: os << "current taper"; break;
    case StepLimit::Kind::Duration: os << "duration"; break;
    case StepLimit::Kind::Capacity: os << "capacity"; break;
  }
  return os.str();
}

int countSteps(const Protocol& p) {
  int n = 0;
  for (const auto& b : p.blocks) n += b.repeat * static_cast<int>(b.steps.size());
  return n;
}

// Consistent initial conditions after a step change. A large jump in the controlled
// quantity (e.g. from rest to 3C, or from discharge to charge near full lithiation) can
// defeat IDACalcIC's Newton iteration from the previous state; then walk the control value
// from where the cell is to the target in smaller jumps, each from a consistent state.
// Differential unknowns are held throughout, so this changes nothing physical.
void restartWithContinuation(IdaSolver& solver, CellModel& model, const ControlMode& target, double t,
                             const std::vector<double>& y, const std::vector<double>& yp, double hint) {
  try {
    solver.restart(t, y, yp, hint);
    return;
  } catch (const SolverError& first_error) {
    const double from = target.kind == ControlMode::Kind::Current   ? model.current(y.data())
                        : target.kind == ControlMode::Kind::Voltage ? model.voltage(y.data())
                                                                    : model.current(y.data()) * model.voltage(y.data());
    std::vector<double> ys = y, yps = yp;
    for (int pieces : {4, 16, 64}) {
      try {
        ys = y;
        yps = yp;
        for (int k = 1; k <= pieces; ++k) {
          ControlMode m = target;
          m.value = from + (target.value - from) * k / pieces;
          model.setControl(m);
          solver.restart(t, ys, yps, hint);
          ys = solver.y();
          yps = solver.yp();
        }
        return;
      } catch (const SolverError&) {
        model.setControl(target);
      }
    }
    throw first_error;
  }
}

}  // namespace

SimulationResult runProtocol(CellModel& model, const Protocol& protocol, const SimulationOptions& options) {
  using clock = std::chrono::steady_clock;
  const auto t_begin = clock::now();
  SimulationResult out;
  const double oneC = model.design().one_C_A_m2;

  auto firstCurrent = [&]() {
    for (const auto& b : protocol.blocks)
      for (const auto& s : b.steps)
        if (s.control == Step::Control::Current) return s.current.resolve(oneC);
    return 0.0;
  };

  if (countSteps(protocol) == 0) throw std::invalid_argument("the protocol has no steps");
  std::vector<double> y, yp;
  model.initialState(y, yp, 0.0);
  (void)firstCurrent;
  IdaSolver solver(model, options.solver);
  out.setup_time_s = std::chrono::duration<double>(clock::now() - t_begin).count();

  std::vector<double> profile_times = options.profile_times_s;
  std::sort(profile_times.begin(), profile_times.end());
  size_t next_profile = 0;

  double t = 0.0;
  int step_number = 0;
  const int total_steps = countSteps(protocol);
  bool first = true;
  double last_row_t = -1e300;

  auto record = [&](int step, int cycle, bool force) {
    if (!force && options.record_interval_s > 0 && t - last_row_t < options.record_interval_s) return;
    const double* s = solver.y().data();
    out.rows.push_back({t, model.voltage(s), model.current(s), model.charge(s), step, cycle,
                        model.foilSurfaceConcentration(s, 0), model.foilSurfaceConcentration(s, 1),
                        model.foilThicknessChange(s, 0), model.foilThicknessChange(s, 1)});
    last_row_t = t;
  };

  for (size_t bi = 0; bi < protocol.blocks.size() && !out.stopped_early; ++bi) {
    const ProtocolBlock& block = protocol.blocks[bi];
    for (int cycle = 1; cycle <= block.repeat && !out.stopped_early; ++cycle) {
      for (const Step& step : block.steps) {
        ++step_number;
        ControlMode mode;
        switch (step.control) {
          case Step::Control::Current: mode = {ControlMode::Kind::Current, step.current.resolve(oneC)}; break;
          case Step::Control::Rest: mode = {ControlMode::Kind::Current, 0.0}; break;
          case Step::Control::Voltage: mode = {ControlMode::Kind::Voltage, step.voltage_V}; break;
          case Step::Control::Power: mode = {ControlMode::Kind::Power, step.power_W_m2}; break;
        }
        model.setControl(mode);
        std::vector<EventLimit> limits;
        std::vector<std::string> limit_names;
        double t_end = 1e300;
        for (const auto& L : step.limits) {
          switch (L.kind) {
            case StepLimit::Kind::VoltageBelow: limits.push_back({EventLimit::Kind::VoltageBelow, L.value}); break;
            case StepLimit::Kind::VoltageAbove: limits.push_back({EventLimit::Kind::VoltageAbove, L.value}); break;
            case StepLimit::Kind::CurrentBelow:
              limits.push_back({EventLimit::Kind::CurrentBelow, std::abs(L.current.resolve(oneC))});
              break;
            case StepLimit::Kind::Capacity: limits.push_back({EventLimit::Kind::ChargeAbove, L.value}); break;
            case StepLimit::Kind::Duration: t_end = std::min(t_end, t + L.value); continue;
          }
          limit_names.push_back(describeLimit(L));
        }
        // A lithium foil of finite thickness cannot strip more than it holds.
        for (int side = 0; side < 2; ++side) {
          const auto& slot = side == 0 ? model.design().negative : model.design().positive;
          if (slot.isFoil() && slot.foil->thickness_m > 0) {
            limits.push_back({EventLimit::Kind::FoilExhausted, static_cast<double>(side)});
            limit_names.push_back(std::string("lithium foil exhausted (") + (side == 0 ? "negative" : "positive") + ")");
          }
        }
        if (options.stop_on_depletion) {
          limits.push_back({EventLimit::Kind::SurfaceDepleted, options.depletion_threshold_mol_m3});
          limit_names.push_back("electrolyte depleted at a lithium surface");
        }
        const double q0 = first ? 0.0 : model.charge(solver.y().data());
        model.setLimits(limits, q0);
        if (first) {
          // Start from rest with the step's current as the guess for the algebraic unknowns.
          model.initialState(y, yp, mode.kind == ControlMode::Kind::Current ? mode.value : 0.0);
          first = false;
        } else {
          y = solver.y();
          yp = solver.yp();
        }
        const double hint = std::min(t_end, t + 1.0);
        if (step_number == 1 && mode.kind == ControlMode::Kind::Current) {
          try {
            solver.restart(t, y, yp, hint);
          } catch (const SolverError&) {
            // Start from rest and walk the current up from zero instead.
            model.initialState(y, yp, 0.0);
            restartWithContinuation(solver, model, mode, t, y, yp, hint);
          }
        } else {
          restartWithContinuation(solver, model, mode, t, y, yp, hint);
        }

        StepResult sr;
        sr.index = step_number;
        sr.cycle = cycle;
        sr.block = static_cast<int>(bi) + 1;
        sr.text = step.text;
        sr.t_start_s = t;
        sr.v_start_V = model.voltage(solver.y().data());
        double v_integral = 0.0;
        record(step_number, cycle, true);

        // A limit already met after the step's initial jump ends the step at once.
        const double horizon = t_end < 1e299 ? 1e300 : t + 1e7;  // steps that end on events only
        std::vector<double> g(limits.size());
        if (!limits.empty()) {
          model.roots(t, solver.y().data(), solver.yp().data(), g.data());
          for (size_t k = 0; k < limits.size(); ++k) {
            const auto kind = limits[k].kind;
            const bool met = (kind == EventLimit::Kind::VoltageBelow && g[k] <= 0) ||
                             (kind == EventLimit::Kind::VoltageAbove && g[k] >= 0) ||
                             (kind == EventLimit::Kind::CurrentBelow && g[k] <= 0) ||
                             (kind == EventLimit::Kind::SurfaceDepleted && g[k] <= 0);
            if (met) sr.ended_by = "limit at start: " + limit_names[k];
          }
        }
        while (sr.ended_by.empty()) {
          // Profiles due now (e.g. exactly at a step boundary) are taken from the state as is.
          while (next_profile < profile_times.size() && profile_times[next_profile] <= t * (1 + 1e-12) + 1e-12) {
            out.profiles.push_back({t, model.profiles(solver.y().data())});
            ++next_profile;
          }
          double t_stop = std::min(t_end, horizon);
          bool at_profile = false;
          if (next_profile < profile_times.size() && profile_times[next_profile] <= t_stop) {
            t_stop = profile_times[next_profile];
            at_profile = true;
          }
          const double t_prev = t, v_prev = model.voltage(solver.y().data());
          IdaSolver::Event ev;
          try {
            ev = solver.step(t_stop);
          } catch (const SolverError&) {
            // Close to depletion ln c_e and the potentials steepen without bound; if the
            // surface is already nearly empty, the step has failed by depletion.
            const double* s = solver.y().data();
            const double c0 = model.design().electrolyte.initial_concentration_mol_m3;
            double cmin = 1e300;
            for (int side = 0; side < 2; ++side) {
              const double c = model.foilSurfaceConcentration(s, side);
              if (std::isfinite(c)) cmin = std::min(cmin, c);
            }
            if (!(options.stop_on_depletion && cmin < 0.05 * c0)) throw;
            sr.ended_by = "electrolyte depleted at a lithium surface (final approach below 5 % of c0)";
            record(step_number, cycle, true);
            break;
          }
          t = solver.time();
          v_integral += 0.5 * (v_prev + model.voltage(solver.y().data())) * (t - t_prev);
          if (ev == IdaSolver::Event::Root) {
            const auto& found = solver.rootsFound();
            for (size_t k = 0; k < found.size(); ++k) {
              if (found[k] == 0) continue;
              // Only the crossing in the limit's direction ends the step.
              const auto kind = limits[k].kind;
              const bool right_way = (kind == EventLimit::Kind::VoltageBelow && found[k] < 0) ||
                                     (kind == EventLimit::Kind::VoltageAbove && found[k] > 0) ||
                                     (kind == EventLimit::Kind::CurrentBelow && found[k] < 0) ||
                                     (kind == EventLimit::Kind::ChargeAbove && found[k] > 0) ||
                                     (kind == EventLimit::Kind::SurfaceDepleted && found[k] < 0);
              const bool exhausted = kind == EventLimit::Kind::FoilExhausted && found[k] < 0;
              if (right_way || exhausted) sr.ended_by = limit_names[k];
              if (exhausted) {
                out.stopped_early = true;
                out.stop_reason = limit_names[k];
              }
            }
          } else if (ev == IdaSolver::Event::StopTime) {
            if (at_profile && std::abs(t - profile_times[next_profile]) < 1e-9 * std::max(1.0, t)) {
              out.profiles.push_back({t, model.profiles(solver.y().data())});
              ++next_profile;
            }
            if (t >= t_end * (1 - 1e-15)) {
              sr.ended_by = "duration";
            } else if (t >= horizon * (1 - 1e-15)) {
              // A step whose limits are never reached would run forever: stop the run.
              sr.ended_by = "no limit reached within 1e7 s";
              out.stopped_early = true;
              out.stop_reason = "step " + std::to_string(step_number) + " ('" + step.text +
                                "') reached none of its limits within 1e7 s of step time";
            }
          }
          record(step_number, cycle, !sr.ended_by.empty());
        }
        const double* s = solver.y().data();
        sr.t_end_s = t;
        sr.v_end_V = model.voltage(s);
        sr.v_mean_V = t > sr.t_start_s ? v_integral / (t - sr.t_start_s) : sr.v_end_V;
        sr.i_end_A_m2 = model.current(s);
        sr.charge_C_m2 = model.charge(s) - q0;
        out.steps.push_back(sr);
        if (options.stop_on_depletion && sr.ended_by.find("electrolyte depleted") != std::string::npos &&
            !out.stopped_early) {
          out.stopped_early = true;
          out.stop_reason = sr.ended_by;
        }
        if (options.progress)
          options.progress(static_cast<double>(step_number) / total_steps,
                           "step " + std::to_string(step_number) + "/" + std::to_string(total_steps));
        if (out.stopped_early) break;
      }
    }
  }
  out.final_state = solver.y();
  out.stats = solver.stats();
  out.wall_time_s = std::chrono::duration<double>(clock::now() - t_begin).count();
  return out;
}

}  // namespace cellsim
