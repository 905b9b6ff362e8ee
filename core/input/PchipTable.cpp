#include "core/input/PchipTable.hpp"

#include <algorithm>
#include <cmath>

namespace cellsim {

PchipTable::PchipTable(std::vector<double> x, std::vector<double> y) : x_(std::move(x)), y_(std::move(y)) {
  computeSlopes();
}

double PchipTable::operator()(double xv) const {
  const size_t n = x_.size();
  if (!(xv > x_[0])) return std::isnan(xv) ? xv : y_[0];
  if (!(xv < x_[n - 1])) return y_[n - 1];
  // x[k] <= xv < x[k+1]
  const size_t k = static_cast<size_t>(std::upper_bound(x_.begin(), x_.end(), xv) - x_.begin()) - 1;
  const double h = x_[k + 1] - x_[k];
  const double t = (xv - x_[k]) / h;
  const double t2 = t * t, omt = 1.0 - t;
  const double h00 = (1.0 + 2.0 * t) * omt * omt;
  const double h10 = t * omt * omt;
  const double h01 = t2 * (3.0 - 2.0 * t);
  const double h11 = t2 * (t - 1.0);
  return h00 * y_[k] + h10 * h * d_[k] + h01 * y_[k + 1] + h11 * h * d_[k + 1];
}

// Zero slope at local extrema, weighted harmonic mean of the secant slopes elsewhere,
// one-sided three-point estimates at the ends limited to preserve shape.
void PchipTable::computeSlopes() {
  const size_t n = x_.size();
  d_.assign(n, 0.0);
  std::vector<double> h(n - 1), delta(n - 1);
  for (size_t k = 0; k + 1 < n; ++k) {
    h[k] = x_[k + 1] - x_[k];
    delta[k] = (y_[k + 1] - y_[k]) / h[k];
  }
  if (n == 2) {
    d_[0] = d_[1] = delta[0];
    return;
  }
  for (size_t k = 1; k + 1 < n; ++k) {
    if (delta[k - 1] * delta[k] <= 0.0) {
      d_[k] = 0.0;
    } else {
      const double w1 = 2.0 * h[k] + h[k - 1];
      const double w2 = h[k] + 2.0 * h[k - 1];
      d_[k] = (w1 + w2) / (w1 / delta[k - 1] + w2 / delta[k]);
    }
  }
  auto edge = [](double h0, double h1, double m0, double m1) {
    double dd = ((2.0 * h0 + h1) * m0 - h0 * m1) / (h0 + h1);
    const auto sign = [](double v) { return (v > 0) - (v < 0); };
    if (sign(dd) != sign(m0)) {
      dd = 0.0;
    } else if (sign(m0) != sign(m1) && std::fabs(dd) > 3.0 * std::fabs(m0)) {
      dd = 3.0 * m0;
    }
    return dd;
  };
  d_[0] = edge(h[0], h[1], delta[0], delta[1]);
  d_[n - 1] = edge(h[n - 2], h[n - 3], delta[n - 2], delta[n - 3]);
}

}  // namespace cellsim
