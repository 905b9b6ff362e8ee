#pragma once
// Expensive property expressions (an OCP with ten tanh terms, an electrolyte correlation)
// evaluated at the fixed cell temperature are tabulated once per run; a table is only kept
// if it reproduces the expression to its tolerance at every interval midpoint, and outside
// its range the expression itself is evaluated.
#include "core/input/Property.hpp"
#include "core/numerics/TabulatedFunction.hpp"

namespace cellsim {

//! f(x) = p(x, T) on [a, b] to `abs_tol`; empty (not ok()) for a constant property.
TabulatedFunction tabulateAtTemperature(const Property& p, double T, double a, double b, double abs_tol);
//! max |p(x, T)| at a, (a+b)/2 and b: the scale for a relative table tolerance.
double propertyScale(const Property& p, double T, double a, double b);

//! p(x, T) from the table when it covers x, else from the expression.
inline double evaluateTabulated(const TabulatedFunction& table, const Property& p, double x, double T) {
  if (table.ok() && table.covers(x)) return table(x);
  const double args[2] = {x, T};
  return p(args);
}

}  // namespace cellsim
