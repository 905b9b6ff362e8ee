#include "CorrectorTest.hpp"

#include <ida/ida.h>
#include <sunnonlinsol/sunnonlinsol_newton.h>

#include <algorithm>
#include <cmath>

namespace cellsim {

namespace {
// IDA's constants (ida_nls.c, ida.c).
constexpr double kFreshJacobian = 20.0;  //!< ss after a new iteration matrix
constexpr double kNewCj = 100.0;         //!< ss after a change of cj with the old matrix
constexpr double kRateMax = 0.9;         //!< a slower contraction is a convergence failure
constexpr double kNegligible = 1e-8;     //!< first correction below this x tol: converged
}  // namespace

int CorrectorTest::attach(void* ida_mem, N_Vector y_template, SUNContext ctx) {
  ida_mem_ = ida_mem;
  nls_ = SUNNonlinSol_Newton(y_template, ctx);
  if (!nls_) return IDA_MEM_FAIL;
  // IDASetNonlinearSolver installs IDA's own test (and its limit of 4 iterations); ours
  // replaces the test only.
  const int flag = IDASetNonlinearSolver(ida_mem, nls_);
  return flag < 0 ? flag : SUNNonlinSolSetConvTestFn(nls_, &CorrectorTest::test, this);
}

CorrectorTest::~CorrectorTest() {
  if (nls_) SUNNonlinSolFree(nls_);
}

void CorrectorTest::jacobianUpdated(double cj) {
  ss_ = kFreshJacobian;
  cj_ = cj;
}

int CorrectorTest::test(SUNNonlinearSolver nls, N_Vector, N_Vector del, realtype tol, N_Vector ewt, void* data) {
  return static_cast<CorrectorTest*>(data)->check(nls, del, tol, ewt);
}

int CorrectorTest::check(SUNNonlinearSolver nls, N_Vector del, realtype tol, N_Vector ewt) {
  const double norm = N_VWrmsNorm(del, ewt);
  int m = 0;
  if (SUNNonlinSolGetCurIter(nls, &m) != SUN_NLS_SUCCESS) return SUN_NLS_MEM_NULL;
  if (m == 0) {
    double cj = cj_;
    IDAGetCurrentCj(ida_mem_, &cj);
    if (cj != cj_) ss_ = kNewCj;
    cj_ = cj;
    old_norm_ = norm;
    if (norm <= kNegligible * tol) return SUN_NLS_SUCCESS;
  } else {
    const double measured = std::pow(norm / old_norm_, 1.0 / m);
    if (measured > kRateMax) return SUN_NLS_CONV_RECVR;
    const double rate = std::max(measured, kRateDecay * ss_ / (1.0 + ss_));
    ss_ = rate / (1.0 - rate);
  }
  return ss_ * norm <= tol ? SUN_NLS_SUCCESS : SUN_NLS_CONTINUE;
}

}  // namespace cellsim
