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

}  // namespace cellsim
