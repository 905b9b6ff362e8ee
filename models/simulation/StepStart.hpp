#pragma once
// Starting a protocol step: consistent initial conditions after the control changes.
#include <vector>

#include "core/numerics/IdaSolver.hpp"
#include "models/cell/CellModel.hpp"
#include "models/simulation/Protocol.hpp"

namespace cellsim {

//! Restarts the solver at t from (y, yp) under the model's control `target`. A large jump in
//! the controlled quantity (rest to 3C, discharge to charge near full lithiation) can defeat
//! IDACalcIC's Newton iteration from the previous state; then the control value is walked
//! from where the cell is to the target in smaller jumps, each from a consistent state.
//! Differential unknowns are held throughout, so this changes nothing physical.
//! The control a step sets (an EIS step is held where it sits: set by the runner).
ControlMode controlOf(const Step& step, double one_C);

void restartWithContinuation(IdaSolver& solver, CellModel& model, const ControlMode& target, double t,
                             const std::vector<double>& y, const std::vector<double>& yp, double hint);

}  // namespace cellsim
