#include "FrequencyResponse.hpp"

#include <klu.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace cellsim {

struct FrequencyResponse::Impl {
  DaeSystem& sys;
  int n;
  SparsityPattern pattern;
  std::vector<double> dfdy, dfdyp;  //!< values on the pattern (CSC)
  long residual_calls = 0;
  klu_common common;
  klu_symbolic* symbolic = nullptr;

  explicit Impl(DaeSystem& s) : sys(s), n(s.size()) { klu_defaults(&common); }
  ~Impl() {
    if (symbolic) klu_free_symbolic(&symbolic, &common);
  }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  void evaluate(double t, const std::vector<double>& y, const std::vector<double>& yp, std::vector<double>& F) {
    ++residual_calls;
    try {
      sys.residual(t, y.data(), yp.data(), F.data());
    } catch (const RecoverableResidualError& e) {
      throw std::runtime_error("cannot linearise here: " + e.what);
    }
  }

  // Central differences, one pair of residual calls per colour and matrix: second-order
  // accurate, so the Jacobians carry about 10 significant digits where IDA's forward
  // differences carry 7 (the low-frequency limit of a spectrum is a difference of them).
  void differentiate(double t, const std::vector<double>& y, const std::vector<double>& yp, bool wrt_rate,
                     const std::vector<std::vector<int>>& columns_of_colour, std::vector<double>& values) {
    const double rtol = 1e-6;
    std::vector<double> atol = sys.absoluteTolerances(rtol);
    const double step = std::cbrt(2.220446049250313e-16);
    std::vector<double> yy = y, yyp = yp, Fp(n), Fm(n), h(n);
    std::vector<double>& v = wrt_rate ? yyp : yy;
    const std::vector<double>& v0 = wrt_rate ? yp : y;
    const auto& cp = pattern.colPtr();
    const auto& ri = pattern.rowIdx();
    values.assign(pattern.nnz(), 0.0);
    for (const auto& cols : columns_of_colour) {
      // The unknown's own magnitude, but never below its typical size (atol / rtol): a
      // current or potential sitting at zero needs a step its residual can resolve. A step
      // the model rejects as unphysical is retried smaller.
      for (double shrink = 1.0;; shrink *= 1e-3) {
        for (int j : cols) h[j] = shrink * step * std::max(std::abs(y[j]), atol[j] / rtol);
        try {
          for (int j : cols) v[j] = v0[j] + h[j];
          evaluate(t, yy, yyp, Fp);
          for (int j : cols) v[j] = v0[j] - h[j];
          evaluate(t, yy, yyp, Fm);
          break;
        } catch (const std::runtime_error&) {
          for (int j : cols) v[j] = v0[j];
          if (shrink < 1e-8) throw;
        }
      }
      for (int j : cols) {
        v[j] = v0[j];
        for (int k = cp[j]; k < cp[j + 1]; ++k) values[k] = (Fp[ri[k]] - Fm[ri[k]]) / (2.0 * h[j]);
      }
    }
  }
};

FrequencyResponse::FrequencyResponse(DaeSystem& system, double t, const std::vector<double>& y,
                                     const std::vector<double>& yp)
    : impl_(std::make_unique<Impl>(system)) {
  Impl& m = *impl_;
  if (static_cast<int>(y.size()) != m.n || static_cast<int>(yp.size()) != m.n)
    throw std::invalid_argument("FrequencyResponse: state size does not match the system");
  m.pattern = system.pattern();
  m.pattern.finalize();
  int ncolours = 0;
  const std::vector<int> colour = colourColumns(m.pattern, &ncolours);
  std::vector<std::vector<int>> columns_of_colour(ncolours);
  for (int j = 0; j < m.n; ++j) columns_of_colour[colour[j]].push_back(j);
  m.differentiate(t, y, yp, false, columns_of_colour, m.dfdy);
  m.differentiate(t, y, yp, true, columns_of_colour, m.dfdyp);
  // A quadrature's row is y' minus what it integrates, and nothing reads it: its response is
  // its own rate (the couplings into it are not in the pattern).
  for (int j = 0; j < m.n; ++j)
    if (m.pattern.isQuadrature(j)) {
      m.dfdy[m.pattern.colPtr()[j]] = 0.0;
      m.dfdyp[m.pattern.colPtr()[j]] = 1.0;
    }
  // The pattern is the same at every frequency: one symbolic analysis for all.
  auto& cp = const_cast<std::vector<int>&>(m.pattern.colPtr());
  auto& ri = const_cast<std::vector<int>&>(m.pattern.rowIdx());
  m.symbolic = klu_analyze(m.n, cp.data(), ri.data(), &m.common);
  if (!m.symbolic) throw std::runtime_error("KLU could not analyse the Jacobian's pattern");
}

FrequencyResponse::~FrequencyResponse() = default;

std::vector<std::vector<std::complex<double>>> FrequencyResponse::solve(const std::vector<double>& omega_rad_s,
                                                                         int input_row, const std::vector<int>& outputs) {
  Impl& m = *impl_;
  if (input_row < 0 || input_row >= m.n) throw std::out_of_range("FrequencyResponse: input row out of range");
  const int nnz = m.pattern.nnz();
  auto& cp = const_cast<std::vector<int>&>(m.pattern.colPtr());
  auto& ri = const_cast<std::vector<int>&>(m.pattern.rowIdx());
  std::vector<double> values(2 * static_cast<size_t>(nnz)), rhs(2 * static_cast<size_t>(m.n));
  std::vector<std::vector<std::complex<double>>> out;
  out.reserve(omega_rad_s.size());
  klu_numeric* numeric = nullptr;
  for (double w : omega_rad_s) {
    // Interleaved complex values (re, im) of dF/dy + jw dF/dy'.
    for (int k = 0; k < nnz; ++k) {
      values[2 * k] = m.dfdy[k];
      values[2 * k + 1] = w * m.dfdyp[k];
    }
    // Neighbouring frequencies keep the previous pivot order (a numeric refactorisation,
    // no search), unless its pivots have degraded: then a fresh factorisation.
    bool refactored = false;
    if (numeric && klu_z_refactor(cp.data(), ri.data(), values.data(), m.symbolic, numeric, &m.common) &&
        klu_z_rcond(m.symbolic, numeric, &m.common) && m.common.rcond > 1e-12)
      refactored = true;
    if (!refactored) {
      if (numeric) klu_z_free_numeric(&numeric, &m.common);
      numeric = klu_z_factor(cp.data(), ri.data(), values.data(), m.symbolic, &m.common);
    }
    if (!numeric)
      throw std::runtime_error("the linearised system is singular at " + std::to_string(w / (2 * M_PI)) +
                               " Hz (KLU status " + std::to_string(m.common.status) + ")");
    std::fill(rhs.begin(), rhs.end(), 0.0);
    rhs[2 * input_row] = 1.0;
    const int ok = klu_z_solve(m.symbolic, numeric, m.n, 1, rhs.data(), &m.common);
    if (!ok) {
      klu_z_free_numeric(&numeric, &m.common);
      throw std::runtime_error("KLU solve failed (status " + std::to_string(m.common.status) + ")");
    }
    std::vector<std::complex<double>> x;
    x.reserve(outputs.size());
    for (int i : outputs) x.emplace_back(rhs[2 * i], rhs[2 * i + 1]);
    out.push_back(std::move(x));
  }
  if (numeric) klu_z_free_numeric(&numeric, &m.common);
  return out;
}

long FrequencyResponse::residualCalls() const { return impl_->residual_calls; }
int FrequencyResponse::unknowns() const { return impl_->n; }
long FrequencyResponse::nonzeros() const { return impl_->pattern.nnz(); }

}  // namespace cellsim
