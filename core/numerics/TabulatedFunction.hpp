#pragma once
// A smooth function of one variable, tabulated once with values and derivatives on a
// uniform grid and evaluated by cubic Hermite interpolation (fourth-order accurate). Used to
// take expensive recipe expressions (a sum of ten tanh terms, a transport correlation)
// out of the residual when their other arguments are fixed for a run. The table is only
// built if it reproduces the function to `tolerance` at every interval midpoint; otherwise
// ok() is false and the caller keeps evaluating the function itself.
// A function with a half-integer power at its lower end (an electrolyte's thermodynamic
// factor goes with sqrt(c), so its slope is infinite at c = 0) is tabulated in s = sqrt(x - a)
// instead, where it is smooth: Abscissa::SquareRoot.
#include <cmath>
#include <functional>
#include <vector>

namespace cellsim {

class TabulatedFunction {
 public:
  enum class Abscissa { Uniform, SquareRoot };
  TabulatedFunction() = default;
  //! Tabulates f on [a, b]; refines from `points` (up to `max_points`) until the midpoint
  //! error is below `tolerance` (absolute, in f's units). Nodes are uniform in x, or in
  //! sqrt(x - a).
  TabulatedFunction(const std::function<double(double)>& f, double a, double b, double tolerance,
                    int points = 129, int max_points = 65537, Abscissa abscissa = Abscissa::Uniform);
  bool ok() const { return !value_.empty(); }
  bool covers(double x) const { return x >= a_ && x <= b_; }
  //! Interpolated value; x must lie in [a, b] (see covers()).
  double operator()(double x) const { return interpolate(square_root_ ? std::sqrt(x - a_) : x - a_); }
  int points() const { return n_; }
  double maxError() const { return max_error_; }

 private:
  //! Cubic Hermite interpolation at u = (the tabulation variable) - its start.
  double interpolate(double u) const {
    double s = u * inv_h_;
    int i = static_cast<int>(s);
    if (i >= n_ - 1) i = n_ - 2;
    if (i < 0) i = 0;
    const double t = s - i, t2 = t * t, t3 = t2 * t;
    const double h00 = 2 * t3 - 3 * t2 + 1, h10 = t3 - 2 * t2 + t, h01 = -2 * t3 + 3 * t2, h11 = t3 - t2;
    return h00 * value_[i] + h10 * h_ * slope_[i] + h01 * value_[i + 1] + h11 * h_ * slope_[i + 1];
  }
  double a_ = 0, b_ = 0, h_ = 1, inv_h_ = 1, max_error_ = 0;
  int n_ = 0;
  bool square_root_ = false;
  std::vector<double> value_, slope_;
};

}  // namespace cellsim
