#include "IdaSolver.hpp"

#include "CorrectorTest.hpp"
#include "FastVectorOps.hpp"

#include <ida/ida.h>
#include <nvector/nvector_serial.h>
#include <sundials/sundials_context.h>
#include <sunlinsol/sunlinsol_klu.h>
#include <sunmatrix/sunmatrix_sparse.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <numeric>
#include <sstream>

namespace cellsim {

struct IdaSolver::Impl {
  DaeSystem& sys;
  SolverOptions opt;
  int n;
  SUNContext ctx = nullptr;
  void* mem = nullptr;
  N_Vector y = nullptr, yp = nullptr, id = nullptr, atol = nullptr, cons = nullptr, weights = nullptr;
  SUNMatrix A = nullptr;
  SUNLinearSolver LS = nullptr;
  std::unique_ptr<CorrectorTest> corrector;
  SparsityPattern pattern;
  std::vector<std::vector<int>> columns_of_colour;
  int ncolours = 0;
  std::vector<int> quadrature_diagonals;  //!< entries of quadrature rows' diagonals (cj exactly)
  long residual_calls = 0;
  long jac_evals = 0;
  long reinits = 0;
  long recoverable_errors = 0;
  SolverStats before;  //!< IDA's counters up to the last IDAReInit (which zeroes them)
  std::vector<double> ytmp, yptmp, ftmp, inc;
  std::string last_error;      // from IDA's error handler
  std::string residual_error;  // from the model
  bool initialised = false;
  //! Inside IDACalcIC (YA_YDP_INIT): the differential unknowns are held and only their y'
  //! moves (by cj times the Newton correction), so their Jacobian columns are cj dF/dy'
  //! alone. IDA uses dF/dy + cj dF/dy' and a large cj instead, which misleads Newton where a
  //! differential unknown enters an algebraic row with a weight comparable to cj dF/dy' (a
  //! double layer's potential in its defining constraint).
  bool in_calc_ic = false;
  std::vector<double> differential;

  Impl(DaeSystem& s, const SolverOptions& o) : sys(s), opt(o), n(s.size()) {}
  void firstInit(double t0);
  void reinit(double t0);
  void consistentStart(double t0, const std::vector<double>& y0, const std::vector<double>& yp0, double t_hint);
  // Owns every SUNDIALS object, so a constructor that throws half-way leaks nothing.
  ~Impl() {
    if (mem) IDAFree(&mem);
    corrector.reset();
    if (LS) SUNLinSolFree(LS);
    if (A) SUNMatDestroy(A);
    for (N_Vector v : {y, yp, id, atol, cons, weights})
      if (v) N_VDestroy(v);
    if (ctx) SUNContext_Free(&ctx);
  }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  int evalResidual(double t, const double* yy, const double* yyp, double* F) {
    ++residual_calls;
    try {
      sys.residual(t, yy, yyp, F);
    } catch (const RecoverableResidualError& e) {
      residual_error = e.what;
      ++recoverable_errors;
      return 1;
    } catch (const std::exception& e) {
      residual_error = e.what();
      return -1;
    }
    for (int i = 0; i < n; ++i)
      if (!std::isfinite(F[i])) {
        residual_error = "non-finite residual in " + sys.variableName(i);
        return 1;
      }
    return 0;
  }

  // dF/dy + cj dF/dy' by coloured differences: perturbing y_j by d and y'_j by cj*d moves
  // F by exactly that combination, so one residual call per colour fills the matrix.
  int buildJacobian(double t, double cj, const double* yy, const double* yyp, const double* F0,
                    double* values, const double* floor, double hcur) {
    ++jac_evals;
    std::copy(yy, yy + n, ytmp.begin());
    std::copy(yyp, yyp + n, yptmp.begin());
    const auto& cp = pattern.colPtr();
    const auto& ri = pattern.rowIdx();
    const double srur = std::sqrt(2.220446049250313e-16);
    for (int c = 0; c < ncolours; ++c) {
      // A perturbation the model rejects as unphysical (a differential unknown whose y' moves
      // by cj times its increment when the step is tiny, pushing a particle surface out of
      // range) is retried smaller: the derivative exists, the increment was too bold.
      int flag = 1;
      for (int attempt = 0; attempt < 4 && flag == 1; ++attempt) {
        const double shrink = std::pow(1e-3, attempt);
        for (int j : columns_of_colour[c]) {
          // Relative to the state, but never below the absolute tolerance (an unknown sitting
          // at zero, such as a current at rest, would otherwise get an increment lost in the
          // residual's round-off). IDA's own quotients floor at 1/weight = rtol |y| + atol,
          // which for rtol above sqrt(eps) is rtol |y|: at rtol 1e-5 a particle's concentration
          // moved by 1e-5 of itself, across the steep end of LiCoO2's OCP, and Newton stalled
          // at the knee of a discharge (IDA_CONV_FAIL).
          double d = shrink * std::max(srur * std::max(std::abs(yy[j]), std::abs(hcur * yyp[j])),
                                       floor ? floor[j] : srur);
          if (hcur * yyp[j] < 0) d = -d;
          d = (yy[j] + d) - yy[j];
          inc[j] = d;
          ytmp[j] = in_calc_ic && differential[j] != 0.0 ? yy[j] : yy[j] + d;
          yptmp[j] = yyp[j] + cj * d;
        }
        flag = evalResidual(t, ytmp.data(), yptmp.data(), ftmp.data());
      }
      if (flag != 0) return flag;
      for (int j : columns_of_colour[c]) {
        for (int k = cp[j]; k < cp[j + 1]; ++k) values[k] = (ftmp[ri[k]] - F0[ri[k]]) / inc[j];
        ytmp[j] = yy[j];
        yptmp[j] = yyp[j];
      }
    }
    // A quadrature's row changed with every column of its colour: its one entry is known.
    for (int k : quadrature_diagonals) values[k] = cj;
    return 0;
  }
};

namespace {

int residualFn(realtype t, N_Vector y, N_Vector yp, N_Vector r, void* user) {
  auto* impl = static_cast<IdaSolver::Impl*>(user);
  return impl->evalResidual(t, N_VGetArrayPointer(y), N_VGetArrayPointer(yp), N_VGetArrayPointer(r));
}

int rootFn(realtype t, N_Vector y, N_Vector yp, realtype* g, void* user) {
  auto* impl = static_cast<IdaSolver::Impl*>(user);
  try {
    impl->sys.roots(t, N_VGetArrayPointer(y), N_VGetArrayPointer(yp), g);
  } catch (const std::exception& e) {
    impl->residual_error = e.what();
    return -1;
  }
  return 0;
}

int jacobianFn(realtype t, realtype cj, N_Vector y, N_Vector yp, N_Vector r, SUNMatrix J, void* user,
               N_Vector, N_Vector, N_Vector) {
  auto* impl = static_cast<IdaSolver::Impl*>(user);
  impl->corrector->jacobianUpdated(cj);
  realtype h = 0.0;
  IDAGetCurrentStep(impl->mem, &h);
  const auto& cp = impl->pattern.colPtr();
  const auto& ri = impl->pattern.rowIdx();
  // IDA zeroes the structure before calling us; restore it.
  std::copy(cp.begin(), cp.end(), SUNSparseMatrix_IndexPointers(J));
  std::copy(ri.begin(), ri.end(), SUNSparseMatrix_IndexValues(J));
  return impl->buildJacobian(t, cj, N_VGetArrayPointer(y), N_VGetArrayPointer(yp), N_VGetArrayPointer(r),
                             SUNSparseMatrix_Data(J), N_VGetArrayPointer(impl->atol), h);
}

void errorHandler(int code, const char* module, const char* function, char* msg, void* user) {
  auto* impl = static_cast<IdaSolver::Impl*>(user);
  std::ostringstream os;
  os << module << "/" << function << " (" << code << "): " << msg;
  impl->last_error = os.str();
}

}  // namespace
}  // namespace cellsim

namespace cellsim {

namespace {
void check(int flag, const char* what) {
  if (flag < 0) throw SolverError(std::string("SUNDIALS setup failed in ") + what + " (flag " + std::to_string(flag) + ")");
}

//! Adds IDA's counters since the last IDAInit or IDAReInit to `s`.
void addIdaCounters(void* mem, SolverStats& s) {
  long v[4] = {0, 0, 0, 0};
  IDAGetNumSteps(mem, &v[0]);
  IDAGetNumNonlinSolvIters(mem, &v[1]);
  IDAGetNumNonlinSolvConvFails(mem, &v[2]);
  IDAGetNumErrTestFails(mem, &v[3]);
  s.steps += v[0], s.newton_iters += v[1], s.newton_conv_fails += v[2], s.error_test_fails += v[3];
}
}  // namespace

IdaSolver::IdaSolver(DaeSystem& system, const SolverOptions& options)
    : impl_(std::make_unique<Impl>(system, options)) {
  Impl& m = *impl_;
  const int n = m.n;
  check(SUNContext_Create(nullptr, &m.ctx), "SUNContext_Create");
  m.y = N_VNew_Serial(n, m.ctx);
  installFastVectorOps(m.y);
  m.yp = N_VClone(m.y);
  m.id = N_VClone(m.y);
  m.atol = N_VClone(m.y);
  m.weights = N_VClone(m.y);
  m.ytmp.resize(n);
  m.yptmp.resize(n);
  m.ftmp.resize(n);
  m.inc.resize(n);

  m.pattern = system.pattern();
  m.pattern.finalize();
  const std::vector<int> colour = colourColumns(m.pattern, &m.ncolours);
  m.columns_of_colour.assign(m.ncolours, {});
  for (int j = 0; j < n; ++j) m.columns_of_colour[colour[j]].push_back(j);
  for (int j = 0; j < n; ++j)
    if (m.pattern.isQuadrature(j)) m.quadrature_diagonals.push_back(m.pattern.colPtr()[j]);

  m.mem = IDACreate(m.ctx);
  if (!m.mem) throw SolverError("IDACreate failed");
  check(IDASetErrHandlerFn(m.mem, errorHandler, &m), "IDASetErrHandlerFn");
  y_.assign(n, 0.0);
  yp_.assign(n, 0.0);
}

IdaSolver::~IdaSolver() = default;

void IdaSolver::Impl::firstInit(double t0) {
  check(IDAInit(mem, residualFn, t0, y, yp), "IDAInit");
  check(IDASetUserData(mem, this), "IDASetUserData");
  corrector = std::make_unique<CorrectorTest>();
  check(corrector->attach(mem, y, ctx), "the corrector convergence test");
  differential = sys.differentialFlags();
  std::copy(differential.begin(), differential.end(), N_VGetArrayPointer(id));
  check(IDASetId(mem, id), "IDASetId");
  auto tolerances = sys.absoluteTolerances(opt.rtol);
  std::copy(tolerances.begin(), tolerances.end(), N_VGetArrayPointer(atol));
  check(IDASVtolerances(mem, opt.rtol, atol), "IDASVtolerances");
  auto constraints = sys.constraints();
  if (!constraints.empty()) {
    cons = N_VClone(y);
    std::copy(constraints.begin(), constraints.end(), N_VGetArrayPointer(cons));
    check(IDASetConstraints(mem, cons), "IDASetConstraints");
  }
  A = SUNSparseMatrix(n, n, pattern.nnz(), CSC_MAT, ctx);
  LS = SUNLinSol_KLU(y, A, ctx);
  if (!A || !LS) throw SolverError("could not create the KLU sparse linear solver");
  check(IDASetLinearSolver(mem, LS, A), "IDASetLinearSolver");
  check(IDASetJacFn(mem, jacobianFn), "IDASetJacFn");
  check(IDASetMaxNumSteps(mem, opt.max_steps_per_call), "IDASetMaxNumSteps");
  check(IDASetMaxOrd(mem, opt.max_order), "IDASetMaxOrd");
  if (opt.max_step_s > 0) check(IDASetMaxStep(mem, opt.max_step_s), "IDASetMaxStep");
  // Algebraic unknowns (potentials, currents) follow the differential ones; keeping them
  // out of the local error test saves many steps without changing the accuracy of the
  // differential states, which the algebraic ones are functions of.
  check(IDASetSuppressAlg(mem, opt.suppress_algebraic_error ? SUNTRUE : SUNFALSE), "IDASetSuppressAlg");
  initialised = true;
}

void IdaSolver::Impl::reinit(double t0) {
  addIdaCounters(mem, before);
  check(IDAReInit(mem, t0, y, yp), "IDAReInit");
  ++reinits;
}

// Consistent algebraic unknowns and y' with the differential unknowns held (from y, yp).
void IdaSolver::Impl::consistentStart(double t0, const std::vector<double>& y0, const std::vector<double>& yp0,
                                      double t_hint) {
  residual_error.clear();
  in_calc_ic = true;
  int flag = IDACalcIC(mem, IDA_YA_YDP_INIT, t_hint);
  if (flag == IDA_LINESEARCH_FAIL) {
    // A jump through a steep, saturating element (a nucleation overpotential switching on
    // as the current changes sign) defeats the line search: the residual rises along the
    // first Newton direction before the next iterate removes the jump. Full Newton steps
    // get there; try them once from the same start.
    std::copy(y0.begin(), y0.end(), N_VGetArrayPointer(y));
    std::copy(yp0.begin(), yp0.end(), N_VGetArrayPointer(yp));
    check(IDAReInit(mem, t0, y, yp), "IDAReInit");
    IDASetLineSearchOffIC(mem, SUNTRUE);
    flag = IDACalcIC(mem, IDA_YA_YDP_INIT, t_hint);
    IDASetLineSearchOffIC(mem, SUNFALSE);
  }
  in_calc_ic = false;
  if (flag < 0) {
    std::ostringstream os;
    os << "could not find consistent initial conditions at t = " << t0 << " s: " << last_error;
    if (!residual_error.empty()) os << "; model: " << residual_error;
    throw SolverError(os.str());
  }
  IDAGetConsistentIC(mem, y, yp);
}

void IdaSolver::restart(double t0, const std::vector<double>& y, const std::vector<double>& yp, double t_hint) {
  Impl& m = *impl_;
  const int n = m.n;
  std::copy(y.begin(), y.end(), N_VGetArrayPointer(m.y));
  std::copy(yp.begin(), yp.end(), N_VGetArrayPointer(m.yp));
  if (!m.initialised) m.firstInit(t0);
  else m.reinit(t0);
  if (m.opt.initial_step_s > 0) IDASetInitStep(m.mem, m.opt.initial_step_s);
  int nroots = m.sys.numRoots();
  check(IDARootInit(m.mem, nroots, nroots > 0 ? rootFn : nullptr), "IDARootInit");
  roots_found_.assign(nroots, 0);
  m.consistentStart(t0, y, yp, t_hint);
  t_ = t0;
  std::copy(N_VGetArrayPointer(m.y), N_VGetArrayPointer(m.y) + n, y_.begin());
  std::copy(N_VGetArrayPointer(m.yp), N_VGetArrayPointer(m.yp) + n, yp_.begin());
}

IdaSolver::Event IdaSolver::step(double t_stop) {
  Impl& m = *impl_;
  IDASetStopTime(m.mem, t_stop);
  double tret = t_;
  m.residual_error.clear();
  int flag = IDASolve(m.mem, t_stop, &tret, m.y, m.yp, IDA_ONE_STEP);
  if (flag < 0) {
    std::ostringstream os;
    // SUNDIALS allocates the name and leaves freeing it to the caller (found by LeakSanitizer).
    char* flag_name = IDAGetReturnFlagName(flag);
    os << "IDA failed at t = " << tret << " s (" << (flag_name ? flag_name : "?") << "): " << m.last_error;
    std::free(flag_name);
    if (!m.residual_error.empty()) os << "; last model message: " << m.residual_error;
    os << worstVariables(5);
    throw SolverError(os.str());
  }
  t_ = tret;
  std::copy(N_VGetArrayPointer(m.y), N_VGetArrayPointer(m.y) + m.n, y_.begin());
  std::copy(N_VGetArrayPointer(m.yp), N_VGetArrayPointer(m.yp) + m.n, yp_.begin());
  if (flag == IDA_ROOT_RETURN) {
    IDAGetRootInfo(m.mem, roots_found_.data());
    return Event::Root;
  }
  if (flag == IDA_TSTOP_RETURN) return Event::StopTime;
  return Event::Step;
}

// The unknowns with the largest weighted local error estimates say where the trouble is.
std::string IdaSolver::worstVariables(int count) const {
  Impl& m = *impl_;
  if (!m.initialised) return "";
  std::ostringstream os;
  N_Vector ele = N_VClone(m.y);
  if (IDAGetEstLocalErrors(m.mem, ele) == IDA_SUCCESS && IDAGetErrWeights(m.mem, m.weights) == IDA_SUCCESS) {
    const double* e = N_VGetArrayPointer(ele);
    const double* w = N_VGetArrayPointer(m.weights);
    std::vector<int> idx(m.n);
    std::iota(idx.begin(), idx.end(), 0);
    const int k = std::min(count, m.n);
    std::partial_sort(idx.begin(), idx.begin() + k, idx.end(),
                      [&](int a, int b) { return std::abs(e[a] * w[a]) > std::abs(e[b] * w[b]); });
    os << "; largest weighted errors:";
    for (int i = 0; i < k; ++i) os << " " << m.sys.variableName(idx[i]) << "=" << N_VGetArrayPointer(m.y)[idx[i]];
  }
  N_VDestroy(ele);
  return os.str();
}

double IdaSolver::lastStepSize() const {
  realtype h = 0.0;
  if (impl_->initialised) IDAGetLastStep(impl_->mem, &h);
  return h;
}

SolverStats IdaSolver::stats() const {
  const Impl& m = *impl_;
  SolverStats s = m.before;
  if (m.initialised) addIdaCounters(m.mem, s);
  s.residual_calls = m.residual_calls;
  s.jacobian_evals = m.jac_evals;
  s.reinits = m.reinits;
  s.recoverable_errors = m.recoverable_errors;
  s.colours = m.ncolours;
  s.unknowns = m.n;
  s.nonzeros = m.pattern.nnz();
  return s;
}

void IdaSolver::jacobian(double t, const double* y, const double* yp, double cj, std::vector<double>& dense) {
  Impl& m = *impl_;
  const int n = m.n;
  std::vector<double> F0(n), values(m.pattern.nnz());
  if (m.evalResidual(t, y, yp, F0.data()) != 0) throw SolverError("residual failed: " + m.residual_error);
  // The increments are floored at each unknown's absolute tolerance, as in the solver: an
  // unknown of nanometres gets a step of its own size, not of a volt's.
  const std::vector<double> atol = m.sys.absoluteTolerances(m.opt.rtol);
  if (m.buildJacobian(t, cj, y, yp, F0.data(), values.data(), atol.data(), 0.0) != 0)
    throw SolverError("residual failed: " + m.residual_error);
  dense.assign(static_cast<size_t>(n) * n, 0.0);
  const auto& cp = m.pattern.colPtr();
  const auto& ri = m.pattern.rowIdx();
  for (int j = 0; j < n; ++j)
    for (int k = cp[j]; k < cp[j + 1]; ++k) dense[static_cast<size_t>(ri[k]) * n + j] = values[k];
}

}  // namespace cellsim
