#pragma once
// The contract between a model and the DAE integrator: residual F(t, y, y') = 0 with
// differential/algebraic flags, the structural sparsity of dF/dy + cj dF/dy', and optional
// root functions for events. Nothing here knows what is being modelled.
#include <string>
#include <vector>

#include "Sparsity.hpp"

namespace cellsim {

//! Thrown by a residual that was handed an unphysical trial state (e.g. c < 0 in a log):
//! the integrator treats it as recoverable and retries with a smaller step.
struct RecoverableResidualError {
  std::string what;
};

class DaeSystem {
 public:
  virtual ~DaeSystem() = default;
  virtual int size() const = 0;
  //! F(t, y, y'); may throw RecoverableResidualError.
  virtual void residual(double t, const double* y, const double* yp, double* F) = 0;
  //! Structural non-zeros of dF/dy + cj dF/dy' (rows x columns). Must be a superset of the
  //! true pattern: a missing entry makes the Jacobian wrong (tested against differences).
  virtual SparsityPattern pattern() const = 0;
  //! 1.0 for differential unknowns, 0.0 for algebraic ones.
  virtual std::vector<double> differentialFlags() const = 0;
  //! Absolute tolerance per unknown (scaled to each unknown's magnitude).
  virtual std::vector<double> absoluteTolerances(double rtol) const = 0;
  //! Root functions g(t, y, y'); the integrator stops where one changes sign.
  virtual int numRoots() const { return 0; }
  virtual void roots(double /*t*/, const double* /*y*/, const double* /*yp*/, double* /*g*/) {}
  //! Inequality constraints per unknown in IDA's convention (0 none, 1 >= 0, 2 > 0);
  //! empty for none.
  virtual std::vector<double> constraints() const { return {}; }
  //! Human-readable name of unknown i ("u[region A, volume 3]") for error reports.
  virtual std::string variableName(int i) const { return "y[" + std::to_string(i) + "]"; }
};

}  // namespace cellsim
