#include "TabulatedFunction.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace cellsim {

TabulatedFunction::TabulatedFunction(const std::function<double(double)>& f, double a, double b, double tolerance,
                                     int points, int max_points, Abscissa abscissa) {
  square_root_ = abscissa == Abscissa::SquareRoot;
  // x at u, the tabulation variable measured from its start.
  const auto x_of = [&](double u) { return square_root_ ? a + u * u : a + u; };
  const double span = square_root_ ? std::sqrt(b - a) : b - a;
  for (int n = points; n <= max_points;) {
    a_ = a;
    b_ = b;
    n_ = n;
    h_ = span / (n - 1);
    inv_h_ = 1.0 / h_;
    value_.resize(n);
    slope_.resize(n);
    bool finite = true;
    for (int i = 0; i < n; ++i) {
      value_[i] = f(x_of(i * h_));
      finite = finite && std::isfinite(value_[i]);
    }
    if (!finite) break;
    // Slopes from the table itself: fourth-order differences (one-sided near the ends), so
    // building costs one evaluation per node.
    const double* v = value_.data();
    for (int i = 0; i < n; ++i) {
      if (i >= 2 && i <= n - 3)
        slope_[i] = (-v[i + 2] + 8 * v[i + 1] - 8 * v[i - 1] + v[i - 2]) / (12 * h_);
      else if (i < 2)
        slope_[i] = (-25 * v[i] + 48 * v[i + 1] - 36 * v[i + 2] + 16 * v[i + 3] - 3 * v[i + 4]) / (12 * h_);
      else
        slope_[i] = (25 * v[i] - 48 * v[i - 1] + 36 * v[i - 2] - 16 * v[i - 3] + 3 * v[i - 4]) / (12 * h_);
    }
    max_error_ = 0;
    for (int i = 0; i + 1 < n; ++i) {
      const double um = (i + 0.5) * h_;
      max_error_ = std::max(max_error_, std::abs(interpolate(um) - f(x_of(um))));
    }
    if (max_error_ <= tolerance) return;
    if (std::getenv("CELLSIM_DEBUG_TABLES"))
      std::fprintf(stderr, "table on [%g, %g]: %d points, max error %.3g > %.3g\n", a, b, n, max_error_, tolerance);
    // The error falls as h^4: jump straight to the resolution that should meet the tolerance
    // (a whole factor, not the next power of two: each node costs two evaluations).
    const double need = std::pow(max_error_ / tolerance, 0.25) * 1.2;
    const int factor = static_cast<int>(std::min(64.0, std::max(2.0, std::ceil(need))));
    n = (n - 1) * factor + 1;
  }
  value_.clear();
  slope_.clear();
  n_ = 0;
}

}  // namespace cellsim
