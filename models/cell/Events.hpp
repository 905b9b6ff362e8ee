#pragma once
// Events watched as IDA root functions during a protocol step: the step's own limits
// (voltage, current taper, capacity) and the cell's safety events (a lithium foil running
// out, the electrolyte depleting at a lithium surface), each a function of the state.
#include <functional>
#include <string>

namespace cellsim {

struct RootEvent {
  std::string name;                          //!< shown as the step's "ended_by"
  std::function<double(const double* y)> g;  //!< the event happens where g crosses zero
  bool falling = true;                       //!< ends the step when g falls through 0 (else rises)
  bool stops_run = false;                    //!< the run cannot go on afterwards
  bool ends_step = true;                     //!< false: only a warning, the step goes on
  //! Optional: what to add to the stop reason at the state where it happened.
  std::function<std::string(const double* y)> detail;
  //! Optional: whether a solver failure at state y is this event being reached (close to
  //! depletion ln c_e steepens without bound, so the solver may fail just before the root).
  std::function<bool(const double* y)> explains_failure;

  //! The event's condition already holds (e.g. a voltage limit met right after a step change).
  bool metAt(double g_value) const { return falling ? g_value <= 0 : g_value >= 0; }
  //! A root IDA found in direction `ida_direction` (-1 falling, +1 rising) ends the step.
  bool endsOn(int ida_direction) const { return falling ? ida_direction < 0 : ida_direction > 0; }
};

}  // namespace cellsim
