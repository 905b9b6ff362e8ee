#include "models/impedance/Drt.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "models/impedance/Nnls.hpp"

namespace cellsim {

namespace {

// The weighted least-squares problem on the unknowns [R_inf, g_1..g_M, s]: g_k the
// resistance in bin k, s = 1 / (w_ref C Z_scale) the series capacitor's, all >= 0 and
// all in units of Z_scale.
struct DrtProblem {
  Eigen::MatrixXd A;     //!< weighted data rows (real parts, then imaginary parts)
  Eigen::VectorXd b;
  Eigen::MatrixXd LtL;   //!< regularisation on the bins
  std::vector<double> tau;
  double z_scale = 0.0, w_ref = 1.0, dlntau = 1.0;
  int bins = 0;
};

DrtProblem buildProblem(const std::vector<double>& f, const std::vector<std::complex<double>>& z, const DrtOptions& o) {
  DrtProblem p;
  const int n = static_cast<int>(f.size());
  const auto [fmin, fmax] = std::minmax_element(f.begin(), f.end());
  const double lo = std::log10(1.0 / (2 * M_PI * *fmax)) - o.extend_decades;
  const double hi = std::log10(1.0 / (2 * M_PI * *fmin)) + o.extend_decades;
  p.bins = static_cast<int>(std::ceil((hi - lo) * o.points_per_decade)) + 1;
  p.dlntau = (hi - lo) / (p.bins - 1) * std::log(10.0);
  for (int k = 0; k < p.bins; ++k) p.tau.push_back(std::pow(10.0, lo + (hi - lo) * k / (p.bins - 1)));
  for (const auto& zi : z) p.z_scale = std::max(p.z_scale, std::abs(zi));
  if (!(p.z_scale > 0)) throw std::invalid_argument("DRT of a zero spectrum");
  p.w_ref = 2 * M_PI * *fmin;
  const int cols = p.bins + 2;
  p.A = Eigen::MatrixXd::Zero(2 * n, cols);
  p.b.resize(2 * n);
  for (int i = 0; i < n; ++i) {
    const double w = 2 * M_PI * f[i], weight = p.z_scale / std::abs(z[i]);
    p.b(i) = weight * z[i].real() / p.z_scale;
    p.b(n + i) = weight * z[i].imag() / p.z_scale;
    p.A(i, 0) = weight;
    for (int k = 0; k < p.bins; ++k) {
      const double wt = w * p.tau[k], den = 1.0 + wt * wt;
      p.A(i, 1 + k) = weight / den;
      p.A(n + i, 1 + k) = -weight * wt / den;
    }
    p.A(n + i, cols - 1) = -weight * p.w_ref / w;
  }
  // Second differences of the bins (smoothness of gamma in ln tau).
  Eigen::MatrixXd L = Eigen::MatrixXd::Zero(std::max(0, p.bins - 2), cols);
  for (int k = 0; k + 2 < p.bins; ++k) {
    L(k, 1 + k) = 1.0;
    L(k, 2 + k) = -2.0;
    L(k, 3 + k) = 1.0;
  }
  p.LtL = L.transpose() * L;
  return p;
}

struct Solution {
  NnlsResult nnls;
  double gcv = 0.0, rss = 0.0;
};

Solution solve(const DrtProblem& p, const Eigen::MatrixXd& AtA, const Eigen::VectorXd& Atb, double lambda) {
  Solution s;
  const Eigen::MatrixXd G = AtA + lambda * p.LtL;
  s.nnls = nonNegativeLeastSquares(G, Atb, std::vector<bool>(Atb.size(), true));
  s.rss = (p.A * s.nnls.x - p.b).squaredNorm();
  // GCV with the influence matrix of the problem restricted to the unknowns off their bound.
  std::vector<int> idx;
  for (int i = 0; i < static_cast<int>(s.nnls.passive.size()); ++i)
    if (s.nnls.passive[i]) idx.push_back(i);
  double trace = 0.0;
  if (!idx.empty()) {
    const int m = static_cast<int>(idx.size());
    Eigen::MatrixXd Gp(m, m), Ap(m, m);
    for (int a = 0; a < m; ++a)
      for (int c = 0; c < m; ++c) {
        Gp(a, c) = G(idx[a], idx[c]);
        Ap(a, c) = AtA(idx[a], idx[c]);
      }
    trace = Gp.ldlt().solve(Ap).trace();
  }
  const double n = static_cast<double>(p.b.size());
  s.gcv = n * s.rss / std::pow(std::max(n - trace, 1e-9), 2);
  return s;
}

}  // namespace

std::vector<DrtPeak> drtPeaks(const std::vector<double>& tau, const std::vector<double>& gamma) {
  std::vector<DrtPeak> peaks;
  const int m = static_cast<int>(gamma.size());
  if (m < 3) return peaks;
  const double top = *std::max_element(gamma.begin(), gamma.end());
  if (!(top > 0)) return peaks;
  const double dln = std::log(tau[1] / tau[0]);
  for (int k = 0; k < m; ++k) {
    const double left = k > 0 ? gamma[k - 1] : 0.0, right = k + 1 < m ? gamma[k + 1] : 0.0;
    if (!(gamma[k] >= left && gamma[k] > right && gamma[k] > 1e-3 * top)) continue;
    int a = k, b = k;
    while (a > 0 && gamma[a - 1] < gamma[a]) --a;
    while (b + 1 < m && gamma[b + 1] < gamma[b]) ++b;
    DrtPeak pk;
    // A bin at a minimum between two peaks is shared between them.
    for (int i = a; i <= b; ++i) pk.resistance += gamma[i] * dln * ((i == a && a != 0) || (i == b && b != m - 1) ? 0.5 : 1.0);
    double offset = 0.0;
    if (k > 0 && k + 1 < m) {
      const double curvature = left - 2 * gamma[k] + right;
      if (curvature < 0) offset = 0.5 * (left - right) / curvature;
    }
    pk.tau_s = tau[k] * std::exp(offset * dln);
    pk.tau_from_s = tau[a];
    pk.tau_to_s = tau[b];
    peaks.push_back(pk);
  }
  return peaks;
}

Drt distributionOfRelaxationTimes(const std::vector<double>& f, const std::vector<std::complex<double>>& z,
                                  const DrtOptions& o) {
  if (f.size() != z.size() || f.size() < 3) throw std::invalid_argument("a DRT needs at least 3 frequencies");
  if (o.points_per_decade < 1) throw std::invalid_argument("DRT points per decade must be >= 1");
  const DrtProblem p = buildProblem(f, z, o);
  const Eigen::MatrixXd AtA = p.A.transpose() * p.A;
  const Eigen::VectorXd Atb = p.A.transpose() * p.b;
  Drt d;
  Solution best;
  if (o.lambda > 0) {
    best = solve(p, AtA, Atb, o.lambda);
    d.lambda = o.lambda;
  } else {
    // GCV over a log grid of lambda; the data are relative, so the useful range is fixed.
    best.gcv = std::numeric_limits<double>::infinity();
    for (double e = -7.0; e <= 0.01; e += 0.5) {
      const double lambda = std::pow(10.0, e);
      Solution s = solve(p, AtA, Atb, lambda);
      if (s.gcv < best.gcv) {
        best = std::move(s);
        d.lambda = lambda;
      }
    }
    d.lambda_from_gcv = true;
  }
  const Eigen::VectorXd& x = best.nnls.x;
  d.tau_s = p.tau;
  d.r_inf = x(0) * p.z_scale;
  for (int k = 0; k < p.bins; ++k) d.gamma.push_back(x(1 + k) * p.z_scale / p.dlntau);
  const double s = x(p.bins + 1);
  if (s > 0) d.series_capacitance = 1.0 / (p.w_ref * s * p.z_scale);
  d.rms_relative_residual = std::sqrt(best.rss / static_cast<double>(f.size()));
  d.peaks = drtPeaks(d.tau_s, d.gamma);
  return d;
}

}  // namespace cellsim
