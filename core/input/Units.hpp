#pragma once
// Physical quantities written as text in recipes ("100 um", "1 mA/cm2", "25 degC").
// Everything is converted to SI once, at load time; the solver never sees a unit.
#include <array>
#include <stdexcept>
#include <string>

namespace cellsim::units {

//! Exponents of the SI base dimensions m, kg, s, A, K, mol.
struct Dimension {
  std::array<int, 6> exp{0, 0, 0, 0, 0, 0};
  bool operator==(const Dimension& o) const { return exp == o.exp; }
  bool operator!=(const Dimension& o) const { return !(*this == o); }
  std::string str() const;  // e.g. "m^2 s^-1"
};

struct Quantity {
  double value_si = 0.0;  //!< value in SI base units (K for temperatures)
  Dimension dim;
};

//! Thrown for text that is not a number with a known unit; the message says what was expected.
class UnitError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

//! Parses "value [unit]" where unit is a product/quotient of known symbols with optional
//! integer powers: "um", "mA/cm2", "m2/s", "mol/m3", "S/m", "kJ/mol", "mAh/cm2", "A m-2",
//! "1/s", "degC", "K", "h", "min", "s", "V", "mV", "ohm cm2", "eV", "mV/s", "g/cm3".
//! A bare number is dimensionless. "degC" is an offset unit and may only stand alone.
Quantity parse(const std::string& text);

//! Dimension of a unit expression, e.g. dimensionOf("A/m2").
Dimension dimensionOf(const std::string& unit);

//! Converts `text` to SI, requiring the dimension of `expected_unit` (e.g. "m", "A/m2", "K").
//! A bare number is accepted only when `allow_bare_number` (it is then taken as SI).
//! Throws UnitError("expected a length such as '25 um' ...") on mismatch.
double toSI(const std::string& text, const std::string& expected_unit, bool allow_bare_number);

}  // namespace cellsim::units
