#pragma once
// A smooth function of one variable, tabulated once with values and derivatives on a
// uniform grid and evaluated by cubic Hermite interpolation (fourth-order accurate). Used to
// take expensive recipe expressions (a sum of ten tanh terms, a transport correlation)
// out of the residual when their other arguments are fixed for a run. The table is only
// built if it reproduces the function to `tolerance` at every interval midpoint; otherwise
// ok() is false and the caller keeps evaluating the function itself.
#include <functional>
#include <vector>

namespace cellsim {

class TabulatedFunction {
 public:
  TabulatedFunction() = default;
  //! Tabulates f on [a, b]; refines from `points` (up to `max_points`) until the midpoint
  //! error is below `tolerance` (absolute, in f's units).
  TabulatedFunction(const std::function<double(double)>& f, double a, double b, double tolerance,
                    int points = 129, int max_points = 65537);
  bool ok() const { return !value_.empty(); }
  bool covers(double x) const { return x >= a_ && x <= b_; }
  //! Interpolated value; x must lie in [a, b] (see covers()).
  double operator()(double x) const {
    double s = (x - a_) * inv_h_;
    int i = static_cast<int>(s);
    if (i >= n_ - 1) i = n_ - 2;
    if (i < 0) i = 0;
    const double t = s - i, t2 = t * t, t3 = t2 * t;
    const double h00 = 2 * t3 - 3 * t2 + 1, h10 = t3 - 2 * t2 + t, h01 = -2 * t3 + 3 * t2, h11 = t3 - t2;
    return h00 * value_[i] + h10 * h_ * slope_[i] + h01 * value_[i + 1] + h11 * h_ * slope_[i + 1];
  }
  int points() const { return n_; }
  double maxError() const { return max_error_; }

 private:
  double a_ = 0, b_ = 0, h_ = 1, inv_h_ = 1, max_error_ = 0;
  int n_ = 0;
  std::vector<double> value_, slope_;
};

}  // namespace cellsim
