#pragma once
// Cycle jumping (after Sulzer, Mohtat, Pannala, Siegel & Stefanopoulou, JES 168, 120531
// (2021)): over hundreds of cycles the cell's slow states (ageing states, charge counters:
// CellModel::slowStates) change by little per cycle, so they are integrated over the cycle
// number with an error-controlled Runge–Kutta pair (Boost.Odeint: Heun 2(1), two cycles per
// step) whose right-hand side is one full simulated cycle, started from the latest cycle's
// fast states with the slow ones set: dy/dN = y_end - y_start. Steps are whole cycles and end
// exactly where a cycle to report starts; that cycle, simulated in full from the accepted
// state, is the next step's first stage. It falls back to simulating every cycle around abrupt
// changes: a cycle whose steps end on different limits than before (a cut-off phase change, a
// knee), a run-stopping event (a short circuit), or a step the error control cannot keep at
// one cycle or more.
#include <vector>

#include "models/simulation/Runner.hpp"

namespace cellsim {

//! Runs `protocol` with its most repeated block jumped (the blocks before and after run in
//! full). The result holds the cycles simulated in full, numbered as in the real run; time
//! advances through jumped cycles by their estimated durations.
//! Without options.jumping.enabled (or with too few cycles to gain anything), runProtocol.
SimulationResult runWithCycleJumping(CellModel& model, const Protocol& protocol, const SimulationOptions& options);

}  // namespace cellsim
