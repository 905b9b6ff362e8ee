#include "models/impedance/Nnls.hpp"

#include <algorithm>
#include <stdexcept>

namespace cellsim {

namespace {

// Least squares restricted to the passive set, through its block of the Gram matrix.
Eigen::VectorXd solvePassive(const Eigen::MatrixXd& gram, const Eigen::VectorXd& atb, const std::vector<bool>& passive) {
  std::vector<int> idx;
  for (int i = 0; i < static_cast<int>(passive.size()); ++i)
    if (passive[i]) idx.push_back(i);
  const int m = static_cast<int>(idx.size());
  Eigen::MatrixXd G(m, m);
  Eigen::VectorXd r(m);
  for (int a = 0; a < m; ++a) {
    r(a) = atb(idx[a]);
    for (int b = 0; b < m; ++b) G(a, b) = gram(idx[a], idx[b]);
  }
  const Eigen::VectorXd zp = G.ldlt().solve(r);
  Eigen::VectorXd z = Eigen::VectorXd::Zero(gram.rows());
  for (int a = 0; a < m; ++a) z(idx[a]) = zp(a);
  return z;
}

}  // namespace

NnlsResult nonNegativeLeastSquares(const Eigen::MatrixXd& gram, const Eigen::VectorXd& atb,
                                   const std::vector<bool>& nonnegative) {
  const int n = static_cast<int>(atb.size());
  NnlsResult out;
  out.x = Eigen::VectorXd::Zero(n);
  // Free unknowns are always passive.
  out.passive.assign(n, false);
  for (int i = 0; i < n; ++i) out.passive[i] = !nonnegative[i];
  if (std::find(out.passive.begin(), out.passive.end(), true) != out.passive.end())
    out.x = solvePassive(gram, atb, out.passive);
  const double tol = 1e-12 * std::max(1.0, atb.cwiseAbs().maxCoeff());
  const int max_iterations = 3 * n + 30;
  for (; out.iterations < max_iterations; ++out.iterations) {
    const Eigen::VectorXd w = atb - gram * out.x;  // minus the gradient
    int t = -1;
    double best = tol;
    for (int i = 0; i < n; ++i)
      if (!out.passive[i] && w(i) > best) {
        best = w(i);
        t = i;
      }
    if (t < 0) return out;
    out.passive[t] = true;
    for (int inner = 0; inner < 3 * n; ++inner) {
      const Eigen::VectorXd z = solvePassive(gram, atb, out.passive);
      double alpha = 1.0;
      bool feasible = true;
      for (int i = 0; i < n; ++i)
        if (out.passive[i] && nonnegative[i] && z(i) <= 0) {
          feasible = false;
          const double d = out.x(i) - z(i);
          if (d > 0) alpha = std::min(alpha, out.x(i) / d);
        }
      if (feasible) {
        out.x = z;
        break;
      }
      out.x += alpha * (z - out.x);
      for (int i = 0; i < n; ++i)
        if (out.passive[i] && nonnegative[i] && out.x(i) <= tol) {
          out.passive[i] = false;
          out.x(i) = 0.0;
        }
    }
  }
  return out;  // the iteration cap: the last feasible point
}

}  // namespace cellsim
