#pragma once
// The error-controlled stepper of cycle jumping (CycleJumping.cpp): Heun's method with Euler's
// as its error estimate, two right-hand sides (two simulated cycles) per step, under odeint's
// step control. Over hundreds of cycles the slow states drift nearly linearly and every stage
// carries the solver's noise: a low-order pair steps as far as a high-order one for a third of
// the cycles.
#include <algorithm>
#include <boost/numeric/odeint.hpp>
#include <cmath>
#include <vector>

namespace cellsim {
namespace cycle_stepper {

namespace odeint = boost::numeric::odeint;
using State = std::vector<double>;

// Heun's method (order 2) with Euler's (order 1) embedded: the error estimate is the
// difference, (k2 - k1) dt / 2.
using HeunEuler = odeint::explicit_error_generic_rk<2, 2, 2, 1, State>;

inline HeunEuler heunEuler() {
  const boost::array<double, 1> a1 = {{1.0}};
  const HeunEuler::coef_a_type a = boost::fusion::make_vector(a1);
  const HeunEuler::coef_b_type b = {{0.5, 0.5}};
  const HeunEuler::coef_b_type heun_minus_euler = {{-0.5, 0.5}};
  const HeunEuler::coef_c_type c = {{0.0, 1.0}};
  return HeunEuler(a, b, heun_minus_euler, c);
}

// Euler's local error grows as dt^2, so the step scales by error^(-1/2) both ways (odeint's
// default adjuster takes its exponents from the orders of higher pairs: with an order-1
// estimate it would cut every rejected step to a fifth).
class SquareRootStepAdjuster {
 public:
  using time_type = double;
  using value_type = double;
  double decrease_step(double dt, double error, int) const { return dt * std::max(0.9 / std::sqrt(error), 0.2); }
  double increase_step(double dt, double error, int) const {
    return error < 0.5 ? dt * std::min(0.9 / std::sqrt(std::max(error, 1e-12)), 5.0) : dt;
  }
  bool check_step_size_limit(double) const { return true; }
  double get_max_dt() const { return 0.0; }
};

using ErrorChecker = odeint::default_error_checker<double, odeint::range_algebra, odeint::default_operations>;
using Controlled = odeint::controlled_runge_kutta<HeunEuler, ErrorChecker, SquareRootStepAdjuster>;

}  // namespace cycle_stepper
}  // namespace cellsim
