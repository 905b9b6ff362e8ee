#pragma once
// SUNDIALS IDA driver: variable-order BDF with a KLU sparse direct solver. The Jacobian
// dF/dy + cj dF/dy' is built by coloured finite differences from the model's sparsity
// pattern (a handful of residual calls instead of one per unknown), so models only ever
// write their residual. One IDA memory per simulation; protocol steps call reinit().
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "DaeSystem.hpp"

namespace cellsim {

struct SolverOptions {
  double rtol = 1e-6;
  int max_steps_per_call = 20000;
  double max_step_s = 0.0;        //!< 0 = no limit
  double initial_step_s = 0.0;    //!< 0 = IDA's choice
  int max_order = 5;
  bool suppress_algebraic_error = true;
};

struct SolverStats {
  long steps = 0;
  long residual_calls = 0;        //!< all calls, including those for Jacobians
  long jacobian_evals = 0;
  long newton_iters = 0;
  long newton_conv_fails = 0;
  long error_test_fails = 0;
  long reinits = 0;
  long recoverable_errors = 0;  //!< residual calls rejected as unphysical (retried smaller)
  int colours = 0;
  int unknowns = 0;
  long nonzeros = 0;
};

class SolverError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class IdaSolver {
 public:
  IdaSolver(DaeSystem& system, const SolverOptions& options);
  ~IdaSolver();
  IdaSolver(const IdaSolver&) = delete;
  IdaSolver& operator=(const IdaSolver&) = delete;

  //! (Re)starts integration at t0 from y (y' is a guess), computes consistent algebraic
  //! unknowns and y' with IDACalcIC (differential unknowns held), and re-arms roots.
  //! `t_hint` is a time in the direction of integration (used by IDACalcIC).
  void restart(double t0, const std::vector<double>& y, const std::vector<double>& yp, double t_hint);

  enum class Event { Step, Root, StopTime };
  //! Takes one internal step towards t_stop (never beyond it). On Event::Root, rootsFound()
  //! tells which root function changed sign. Throws SolverError with a diagnosis on failure.
  Event step(double t_stop);

  double time() const { return t_; }
  const std::vector<double>& y() const { return y_; }
  const std::vector<double>& yp() const { return yp_; }
  const std::vector<int>& rootsFound() const { return roots_found_; }
  SolverStats stats() const;
  //! Size of the last internal step taken [s].
  double lastStepSize() const;
  //! "; largest weighted errors: name=value ..." for the `count` unknowns with the largest
  //! weighted local error estimates of the last step (where a failing or stalling solve is).
  std::string worstVariables(int count) const;

  //! Builds the coloured finite-difference Jacobian at (t, y, y') for cj (for tests).
  void jacobian(double t, const double* y, const double* yp, double cj, std::vector<double>& dense_out);

  struct Impl;  // public only so the C callbacks can reach it

 private:
  std::unique_ptr<Impl> impl_;
  std::vector<double> y_, yp_;
  std::vector<int> roots_found_;
  double t_ = 0.0;
};

}  // namespace cellsim
