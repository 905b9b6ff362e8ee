#include "models/simulation/StepStart.hpp"

namespace cellsim {

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
