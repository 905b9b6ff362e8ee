#pragma once
// The state behind a Property (internal to core/input).
#include <muParser.h>

#include <string>
#include <vector>

#include "core/input/PchipTable.hpp"
#include "core/input/Property.hpp"

namespace cellsim {

//! Affine map from a value written in some unit to SI: si = scale * v + offset (offset is
//! non-zero only for degC).
struct UnitConversion {
  double scale = 1.0, offset = 0.0;
};

constexpr double kPropertyDefaultTref_K = 298.15;

struct Property::Impl {
  enum class Kind { Constant, Expression, Table } kind = Kind::Constant;
  size_t n_args = 0;

  // Constant
  double value = 0.0;

  // Expression: the parser holds pointers into `vars`, so Impl must never be copied or moved
  // (it lives behind a shared_ptr).
  mu::Parser parser;
  std::vector<double> vars;
  UnitConversion conv;
  std::string expression, expression_unit;

  // Table (y already in SI).
  PchipTable table;
  size_t table_arg = 0;
  std::string table_arg_name;

  // Arrhenius factor exp(-Ea/R (1/T - 1/T_ref)).
  bool arrhenius = false;
  double Ea_over_R = 0.0, inv_Tref = 1.0 / kPropertyDefaultTref_K;
  size_t T_arg = 0;
  double Ea = 0.0, T_ref = kPropertyDefaultTref_K;

  std::string unit;  // SI unit of the result, for describe()
  std::vector<std::string> arg_names;
  // Validity range per argument (+-inf where not given).
  std::vector<double> valid_lo, valid_hi;
  bool has_validity = false;

  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
};

}  // namespace cellsim
