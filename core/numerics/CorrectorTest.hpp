#pragma once
// IDA's corrector convergence test, with a convergence-rate estimate that is trusted less the
// longer it goes unmeasured.
//
// IDA accepts a Newton correction del once ss * |del| <= epsNewt (0.33), ss = rate/(1 - rate)
// being the contraction rate last measured. A step that converges in one iteration measures
// nothing, so the rate of the last step that took two iterations stands for all later steps
// at the same cj. Right after a fresh Jacobian that measurement can be tiny (a second
// correction near round-off, ss ~ 5e-4), and then first corrections of hundreds of times
// the tolerance pass unchecked. With the algebraic unknowns out of the error test
// (suppress_algebraic_error) nothing else catches it: near the knee of a discharge, where the
// reaction currents j shift quickly from cell to cell as particle surfaces saturate, a few such
// steps left j off by 10 % and the next step's predictor, built on them, could no longer be
// corrected at any step size (IDA_CONV_FAIL at |h| -> 0).
//
// The remedy is CVODE's (and LSODE's): a measured rate may lower the estimate by at most a
// factor kRateDecay per measurement, so trust in a fast contraction is earned over a few
// iterations, not granted by one lucky one. Everything else is IDA's test unchanged: the
// reset to ss = 20 on a new Jacobian and to ss = 100 when cj changes, the divergence limit
// 0.9 and the direct test on a negligible first correction.
#include <sundials/sundials_nonlinearsolver.h>

namespace cellsim {

class CorrectorTest {
 public:
  //! Gives `ida_mem` (after IDAInit) a Newton solver that uses this test; owns that solver,
  //! so it must outlive the IDA memory's use of it. Returns a SUNDIALS flag (< 0: failed).
  int attach(void* ida_mem, N_Vector y_template, SUNContext ctx);
  ~CorrectorTest();
  CorrectorTest() = default;
  CorrectorTest(const CorrectorTest&) = delete;
  CorrectorTest& operator=(const CorrectorTest&) = delete;

  //! Called whenever the iteration matrix is re-evaluated (IDA's lsetup).
  void jacobianUpdated(double cj);

  //! The test itself (SUNNonlinSolConvTestFn), with `data` this object.
  static int test(SUNNonlinearSolver nls, N_Vector ycor, N_Vector del, realtype tol, N_Vector ewt, void* data);

  static constexpr double kRateDecay = 0.3;  //!< CVODE's CRDOWN

 private:
  int check(SUNNonlinearSolver nls, N_Vector del, realtype tol, N_Vector ewt);

  void* ida_mem_ = nullptr;
  SUNNonlinearSolver nls_ = nullptr;
  double ss_ = 20.0;       //!< rate/(1 - rate) of the iteration, as IDA's ss
  double old_norm_ = 0.0;  //!< |del| of the first iteration of this solve
  double cj_ = 0.0;        //!< cj of the last solve (a change resets the estimate)
};

}  // namespace cellsim
