#pragma once
// Monotone piecewise-cubic (PCHIP) interpolation of tabulated data: Fritsch–Carlson slopes,
// as SciPy's PchipInterpolator, so a monotone table never overshoots. Constant outside.
#include <vector>

namespace cellsim {

class PchipTable {
 public:
  PchipTable() = default;
  //! x strictly increasing, at least two points (the caller checks and reports).
  PchipTable(std::vector<double> x, std::vector<double> y);
  double operator()(double xv) const;
  std::size_t size() const { return x_.size(); }

 private:
  void computeSlopes();
  std::vector<double> x_, y_, d_;
};

}  // namespace cellsim
