#include "models/simulation/StepStart.hpp"

#include <cmath>
#include <sstream>
#include <string>

namespace cellsim {

namespace {

//! Why a step's start may have no solution, by what it controls.
std::string likelyCause(ControlMode::Kind kind) {
  switch (kind) {
    case ControlMode::Kind::Power:
      return "a power beyond the maximum the cell can deliver (or take) in its present state";
    case ControlMode::Kind::Current:
      return "a current beyond what the electrodes' surfaces or the electrolyte can carry in the present state "
             "(a host full or empty at its surface, salt running out)";
    default:
      return "a voltage the electrodes cannot reach from the present state at a finite current";
  }
}

const char* unitOf(ControlMode::Kind kind) {
  return kind == ControlMode::Kind::Current ? "A/m2" : kind == ControlMode::Kind::Power ? "W/m2" : "V";
}

}  // namespace

void restartWithContinuation(IdaSolver& solver, CellModel& model, const ControlMode& target, double t,
                             const std::vector<double>& y, const std::vector<double>& yp, double hint) {
  try {
    solver.restart(t, y, yp, hint);
    return;
  } catch (const SolverError& first_error) {
    const bool voltage = target.kind == ControlMode::Kind::Voltage || target.kind == ControlMode::Kind::Sweep;
    const double from = target.kind == ControlMode::Kind::Current ? model.current(y.data())
                        : voltage                                 ? model.voltage(y.data())
                                                                  : model.current(y.data()) * model.voltage(y.data());
    std::vector<double> ys = y, yps = yp;
    double reached = from;  // the furthest value the cell followed, over every attempt
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
          if (std::abs(m.value - from) > std::abs(reached - from)) reached = m.value;
        }
        return;
      } catch (const SolverError&) {
        model.setControl(target);
      }
    }
    // Initial conditions that exist nowhere near the target: say what was reached and why.
    std::ostringstream os;
    os << first_error.what() << "; stepping from " << from << " towards " << target.value << " " << unitOf(target.kind)
       << " the cell followed only to " << reached << " " << unitOf(target.kind) << ": likely " << likelyCause(target.kind);
    throw SolverError(os.str());
  }
}

ControlMode controlOf(const Step& step, double one_C) {
  switch (step.control) {
    case Step::Control::Current: return {ControlMode::Kind::Current, step.current.resolve(one_C)};
    case Step::Control::Rest: return {ControlMode::Kind::Current, 0.0};
    case Step::Control::Voltage: return {ControlMode::Kind::Voltage, step.voltage_V};
    case Step::Control::Power: return {ControlMode::Kind::Power, step.power_W_m2};
    case Step::Control::Sweep: {
      const double sign = step.sweep_to_V > step.voltage_V ? 1.0 : -1.0;
      return {ControlMode::Kind::Sweep, step.voltage_V, sign * step.sweep_rate_V_s};
    }
    case Step::Control::Impedance: return {};  // set where the step sits (runImpedanceStep)
  }
  return {};
}

}  // namespace cellsim
