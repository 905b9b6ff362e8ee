#pragma once
// A material property as a function of named arguments (c_e, T, sto, x, ...): a constant,
// an expression compiled once (muParser), or a table with monotone cubic interpolation.
// Optional Arrhenius factor exp(-Ea/R (1/T - 1/T_ref)) is applied on top.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/input/Input.hpp"

namespace cellsim {

class Property {
 public:
  Property() = default;
  //! Reads a property from a recipe node. Accepted forms:
  //!   "2.68e-10 m2/s"                       constant with units (unit checked against `unit`)
  //!   {value: "0.792 S/m", Ea: "18 kJ/mol", T_ref: "25 degC"}   constant with Arrhenius
  //!   {expression: "5.34e-10*exp(-0.65*c_e/1000)", unit: "m2/s", Ea: ..., T_ref: ...}
  //!   {table: {x: [..], y: [..]}, argument: sto, unit: "V"}  (PCHIP, x strictly increasing)
  //! A map form may add `valid: {c_e: [0, 3.5 M], T: [263.15 K, 333.15 K]}`: the range of its
  //! arguments the source supports (outside it the function is an extrapolation).
  //! `unit` is the SI unit the value must have (an expression carries its own `unit:` key,
  //! which must be convertible to `unit`; the expression's result is scaled to SI).
  //! `args` are the argument names allowed in expressions, in call order.
  //! Errors: unknown variable in the expression, bad unit, malformed table -> InputError.
  //! `arg_units` are the SI units of the arguments (for `valid` ranges); empty: dimensionless.
  static Property fromInput(const InputNode& node, const std::string& unit, const std::vector<std::string>& args,
                            const std::vector<std::string>& arg_units = {});
  static Property constant(double value_si);

  //! Evaluates with arguments in the order given to fromInput; T (if Arrhenius) is the
  //! argument named "T". Not thread-safe (shares muParser state); cheap, no allocation.
  double operator()(const double* args) const;
  double operator()(std::initializer_list<double> args) const { return (*this)(args.begin()); }

  bool isConstant() const;
  bool hasValidity() const;
  //! The stated range of argument `i` (+-inf where none is stated).
  std::pair<double, double> validRange(size_t i) const;
  //! "" if the arguments lie in the validity range, else e.g. "sto = 0.085 outside 0.1 <= sto <= 0.985".
  std::string rangeViolation(const double* args) const;
  std::string describe() const;  // for summary.json: "5.34e-10*exp(-0.65*c_e/1000) [m2/s]"

 struct Impl;  // public only so that its readers (PropertyReaders.cpp) can fill it

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace cellsim
