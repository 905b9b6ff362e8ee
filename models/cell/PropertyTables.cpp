#include "models/cell/PropertyTables.hpp"

#include <algorithm>
#include <cmath>

namespace cellsim {

TabulatedFunction tabulateAtTemperature(const Property& p, double T, double a, double b, double abs_tol) {
  if (p.isConstant()) return TabulatedFunction();
  return TabulatedFunction([&p, T](double x) { const double args[2] = {x, T}; return p(args); }, a, b, abs_tol);
}

double propertyScale(const Property& p, double T, double a, double b) {
  double m = 0;
  for (double x : {a, 0.5 * (a + b), b}) {
    const double args[2] = {x, T};
    m = std::max(m, std::abs(p(args)));
  }
  return m;
}

}  // namespace cellsim
