#include "models/impedance/KramersKronig.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace cellsim {

KramersKronigCheck kramersKronigCheck(const std::vector<double>& f, const std::vector<std::complex<double>>& z,
                                      double elements_per_decade) {
  const int n = static_cast<int>(f.size());
  if (n < 3 || z.size() != f.size()) throw std::invalid_argument("a Kramers-Kronig check needs at least 3 frequencies");
  const auto [fmin, fmax] = std::minmax_element(f.begin(), f.end());
  const double decades = std::log10(*fmax / *fmin);
  KramersKronigCheck out;
  out.elements = std::max(2, std::min(n - 2, static_cast<int>(std::ceil(decades * elements_per_decade)) + 1));
  std::vector<double> tau(out.elements);
  const double t0 = 1.0 / (2 * M_PI * *fmax), t1 = 1.0 / (2 * M_PI * *fmin);
  for (int k = 0; k < out.elements; ++k) tau[k] = t0 * std::pow(t1 / t0, static_cast<double>(k) / (out.elements - 1));
  // Unknowns: R0, 1/C (scaled by w_min), R_k. Rows: real parts, then imaginary parts.
  const int cols = out.elements + 2;
  const double wmin = 2 * M_PI * *fmin;
  Eigen::MatrixXd A = Eigen::MatrixXd::Zero(2 * n, cols);
  Eigen::VectorXd b(2 * n);
  for (int i = 0; i < n; ++i) {
    const double w = 2 * M_PI * f[i], weight = 1.0 / std::abs(z[i]);
    b(i) = weight * z[i].real();
    b(n + i) = weight * z[i].imag();
    A(i, 0) = weight;
    A(n + i, 1) = -weight * wmin / w;
    for (int k = 0; k < out.elements; ++k) {
      const double wt = w * tau[k], den = 1.0 + wt * wt;
      A(i, 2 + k) = weight / den;
      A(n + i, 2 + k) = -weight * wt / den;
    }
  }
  const Eigen::VectorXd x = A.colPivHouseholderQr().solve(b);
  const Eigen::VectorXd r = A * x - b;
  for (int i = 0; i < n; ++i) {
    out.max_residual_real = std::max(out.max_residual_real, std::abs(r(i)));
    out.max_residual_imag = std::max(out.max_residual_imag, std::abs(r(n + i)));
  }
  return out;
}

}  // namespace cellsim
