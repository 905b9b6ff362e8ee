#include "models/cell/PropertyTables.hpp"

#include <algorithm>
#include <cmath>

namespace cellsim {

TabulatedFunction tabulateAtTemperature(const Property& p, double T, double a, double b, double abs_tol) {
  if (p.isConstant()) return TabulatedFunction();
  const auto f = [&p, T](double x) { const double args[2] = {x, T}; return p(args); };
  TabulatedFunction uniform(f, a, b, abs_tol);
  if (uniform.ok()) return uniform;
  // A half-integer power at the lower end (sqrt(c) in a thermodynamic factor) defeats a
  // uniform grid; in sqrt(x - a) it is smooth.
  return TabulatedFunction(f, a, b, abs_tol, 129, 65537, TabulatedFunction::Abscissa::SquareRoot);
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
