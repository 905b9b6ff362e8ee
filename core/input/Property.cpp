// Evaluating and describing a Property (reading one: PropertyReaders.cpp).
#include "core/input/PropertyImpl.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

#include "core/input/Text.hpp"

namespace cellsim {

Property Property::constant(double value_si) {
  Property p;
  p.impl_ = std::make_shared<Impl>();
  p.impl_->value = value_si;
  return p;
}

double Property::operator()(const double* args) const {
  if (!impl_) throw std::logic_error("Property evaluated before it was set");
  Impl& m = *impl_;
  double v;
  switch (m.kind) {
    case Impl::Kind::Constant:
      v = m.value;
      break;
    case Impl::Kind::Expression:
      std::copy(args, args + m.n_args, m.vars.data());
      v = m.conv.scale * m.parser.Eval() + m.conv.offset;
      break;
    case Impl::Kind::Table:
    default:
      v = m.table(args[m.table_arg]);
      break;
  }
  if (m.arrhenius) v *= std::exp(-m.Ea_over_R * (1.0 / args[m.T_arg] - m.inv_Tref));
  return v;
}

bool Property::hasValidity() const { return impl_ && impl_->has_validity; }

std::pair<double, double> Property::validRange(size_t i) const {
  constexpr double inf = std::numeric_limits<double>::infinity();
  if (!hasValidity() || i >= impl_->n_args) return {-inf, inf};
  return {impl_->valid_lo[i], impl_->valid_hi[i]};
}

std::string Property::rangeViolation(const double* args) const {
  if (!hasValidity()) return "";
  const Impl& m = *impl_;
  for (size_t i = 0; i < m.n_args; ++i) {
    if (args[i] >= m.valid_lo[i] && args[i] <= m.valid_hi[i]) continue;
    const std::string& a = m.arg_names[i];
    return a + " = " + formatNumber(args[i], 6) + " outside " + formatNumber(m.valid_lo[i], 6) + " <= " + a +
           " <= " + formatNumber(m.valid_hi[i], 6);
  }
  return "";
}

bool Property::isConstant() const { return impl_ && impl_->kind == Impl::Kind::Constant && !impl_->arrhenius; }

std::string Property::describe() const {
  if (!impl_) return "(unset)";
  const Impl& m = *impl_;
  const std::string u = m.unit.empty() || m.unit == "1" ? "" : " [" + m.unit + "]";
  std::string s;
  switch (m.kind) {
    case Impl::Kind::Constant:
      s = formatNumber(m.value, 6) + u;
      break;
    case Impl::Kind::Expression:
      s = m.expression + (m.expression_unit.empty() ? std::string() : " [" + m.expression_unit + "]");
      break;
    case Impl::Kind::Table:
      s = "table(" + m.table_arg_name + ", " + std::to_string(m.table.size()) + " points, PCHIP)" + u;
      break;
  }
  if (m.arrhenius) {
    s += " * exp(-Ea/R (1/T - 1/T_ref)), Ea = " + formatNumber(m.Ea, 6) + " J/mol, T_ref = " + formatNumber(m.T_ref, 6) + " K";
  }
  return s;
}

}  // namespace cellsim
