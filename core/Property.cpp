#include "core/Property.hpp"

#include <muParser.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

#include "core/Units.hpp"

namespace cellsim {

namespace {

constexpr double kGasConstant = 8.314462618;  // J/(mol K)
constexpr double kDefaultTref = 298.15;       // K

std::string fmt(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + v[i];
  return out;
}

bool isDimensionless(const std::string& unit) { return units::dimensionOf(unit) == units::Dimension{}; }

//! Affine map from a value written in `from_unit` to SI: si = scale * v + offset (offset is
//! non-zero only for degC). Fails at `where` unless `from_unit` has the dimension of `to_unit`.
struct Conversion {
  double scale = 1.0, offset = 0.0;
};

Conversion conversion(const InputNode& where, const std::string& from_unit, const std::string& to_unit) {
  try {
    if (units::dimensionOf(from_unit) != units::dimensionOf(to_unit)) {
      where.fail("unit '" + from_unit + "' cannot be converted to " +
                 (isDimensionless(to_unit) ? std::string("a dimensionless number") : "units of " + to_unit));
    }
    Conversion c;
    c.offset = units::toSI("0 " + from_unit, to_unit, true);
    c.scale = units::toSI("1 " + from_unit, to_unit, true) - c.offset;
    return c;
  } catch (const units::UnitError& e) {
    where.fail(e.what());
  }
}

}  // namespace

struct Property::Impl {
  enum class Kind { Constant, Expression, Table } kind = Kind::Constant;
  size_t n_args = 0;

  // Constant
  double value = 0.0;

  // Expression: the parser holds pointers into `vars`, so Impl must never be copied or moved
  // (it lives behind a shared_ptr).
  mu::Parser parser;
  std::vector<double> vars;
  Conversion conv;
  std::string expression, expression_unit;

  // Table (y already in SI), PCHIP slopes d.
  std::vector<double> x, y, d;
  size_t table_arg = 0;
  std::string table_arg_name;

  // Arrhenius factor exp(-Ea/R (1/T - 1/T_ref)).
  bool arrhenius = false;
  double Ea_over_R = 0.0, inv_Tref = 1.0 / kDefaultTref;
  size_t T_arg = 0;
  double Ea = 0.0, T_ref = kDefaultTref;

  std::string unit;  // SI unit of the result, for describe()

  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  double table(double xv) const {
    const size_t n = x.size();
    if (!(xv > x[0])) return std::isnan(xv) ? xv : y[0];
    if (!(xv < x[n - 1])) return y[n - 1];
    // x[k] <= xv < x[k+1]
    const size_t k = static_cast<size_t>(std::upper_bound(x.begin(), x.end(), xv) - x.begin()) - 1;
    const double h = x[k + 1] - x[k];
    const double t = (xv - x[k]) / h;
    const double t2 = t * t, omt = 1.0 - t;
    const double h00 = (1.0 + 2.0 * t) * omt * omt;
    const double h10 = t * omt * omt;
    const double h01 = t2 * (3.0 - 2.0 * t);
    const double h11 = t2 * (t - 1.0);
    return h00 * y[k] + h10 * h * d[k] + h01 * y[k + 1] + h11 * h * d[k + 1];
  }

  //! Fritsch-Carlson monotone slopes (as in SciPy's PchipInterpolator): zero at local
  //! extrema, weighted harmonic mean of the secant slopes elsewhere, one-sided three-point
  //! estimates at the ends limited to preserve shape.
  void computeSlopes() {
    const size_t n = x.size();
    d.assign(n, 0.0);
    std::vector<double> h(n - 1), delta(n - 1);
    for (size_t k = 0; k + 1 < n; ++k) {
      h[k] = x[k + 1] - x[k];
      delta[k] = (y[k + 1] - y[k]) / h[k];
    }
    if (n == 2) {
      d[0] = d[1] = delta[0];
      return;
    }
    for (size_t k = 1; k + 1 < n; ++k) {
      if (delta[k - 1] * delta[k] <= 0.0) {
        d[k] = 0.0;
      } else {
        const double w1 = 2.0 * h[k] + h[k - 1];
        const double w2 = h[k] + 2.0 * h[k - 1];
        d[k] = (w1 + w2) / (w1 / delta[k - 1] + w2 / delta[k]);
      }
    }
    auto edge = [](double h0, double h1, double m0, double m1) {
      double dd = ((2.0 * h0 + h1) * m0 - h0 * m1) / (h0 + h1);
      const auto sign = [](double v) { return (v > 0) - (v < 0); };
      if (sign(dd) != sign(m0)) {
        dd = 0.0;
      } else if (sign(m0) != sign(m1) && std::fabs(dd) > 3.0 * std::fabs(m0)) {
        dd = 3.0 * m0;
      }
      return dd;
    };
    d[0] = edge(h[0], h[1], delta[0], delta[1]);
    d[n - 1] = edge(h[n - 2], h[n - 3], delta[n - 2], delta[n - 3]);
  }
};

Property Property::constant(double value_si) {
  Property p;
  p.impl_ = std::make_shared<Impl>();
  p.impl_->value = value_si;
  return p;
}

Property Property::fromInput(const InputNode& input, const std::string& unit,
                             const std::vector<std::string>& args) {
  const InputNode node = input.referenced();
  auto impl = std::make_shared<Impl>();
  impl->n_args = args.size();
  impl->unit = unit;
  const bool dimensionless = isDimensionless(unit);

  if (node.isScalar()) {
    try {
      impl->value = node.asQuantity(unit);
    } catch (const InputError&) {
      // Someone may have written an expression without the map form.
      const std::string text = node.asString();
      if (text.find_first_of("()*+^") != std::string::npos) {
        node.fail("'" + text + "' is not a value with units of " + unit +
                  "; to give an expression write {expression: \"" + text + "\", unit: \"" + unit + "\"}");
      }
      throw;
    }
  } else if (node.isMap()) {
    node.allowOnly({"value", "expression", "unit", "table", "argument", "Ea", "T_ref", "note", "source"});
    const int n_forms = int(node.has("value")) + int(node.has("expression")) + int(node.has("table"));
    if (n_forms != 1) {
      node.fail(n_forms == 0 ? "expected one of 'value', 'expression' or 'table'"
                             : "give only one of 'value', 'expression' or 'table'");
    }
    if (!node.has("table") && node.has("argument")) {
      node["argument"].fail("'argument' is only used with 'table'");
    }

    if (auto v = node.optional("value")) {
      if (auto u = node.optional("unit")) {
        const Conversion c = conversion(*u, u->asString(), unit);
        impl->value = c.scale * v->asNumber() + c.offset;
      } else {
        impl->value = v->asQuantity(unit);
      }
    } else if (auto e = node.optional("expression")) {
      impl->kind = Impl::Kind::Expression;
      impl->expression = e->asString();
      const InputNode u = node["unit"];  // required, "1" or "" for dimensionless
      impl->expression_unit = u.yaml().IsNull() ? std::string() : u.asString();
      impl->conv = conversion(u, impl->expression_unit, unit);
      impl->vars.assign(args.size(), 1.0);
      try {
        for (size_t i = 0; i < args.size(); ++i) impl->parser.DefineVar(args[i], &impl->vars[i]);
      } catch (const mu::Parser::exception_type& err) {
        throw std::logic_error("Property: invalid argument name '" + err.GetToken() + "': " + err.GetMsg());
      }
      try {
        impl->parser.SetExpr(impl->expression);
        // Compile once now (muParser parses lazily on the first Eval) so that errors are
        // reported at load time and later evaluations only run bytecode. Plausible values:
        // all arguments 1 except T = 298.15 K; the result itself is not checked.
        for (size_t i = 0; i < args.size(); ++i) impl->vars[i] = args[i] == "T" ? kDefaultTref : 1.0;
        (void)impl->parser.Eval();
      } catch (const mu::Parser::exception_type& err) {
        const std::string tok = err.GetToken();
        const std::string& ex = impl->expression;
        if (err.GetCode() == mu::ecUNASSIGNABLE_TOKEN && !tok.empty()) {
          size_t after = static_cast<size_t>(err.GetPos()) + tok.size();
          while (after < ex.size() && ex[after] == ' ') ++after;
          if (after < ex.size() && ex[after] == '(') {
            e->fail("unknown function '" + tok + "' in expression '" + ex +
                    "' (available: exp, log, ln, log10, sqrt, abs, sin, cos, tan, sinh, cosh, tanh, "
                    "asinh, acosh, atanh, min, max, sign, rint, ...)");
          }
          e->fail("unknown variable '" + tok + "' in expression '" + ex + "'; " +
                  (args.empty() ? std::string("this property takes no variables")
                                : "allowed variables: " + join(args)));
        }
        e->fail("cannot parse expression '" + ex + "': " + err.GetMsg());
      }
    } else {
      const InputNode t = node["table"];
      impl->kind = Impl::Kind::Table;
      t.allowOnly({"x", "y"});
      if (args.empty()) t.fail("this property takes no arguments, so it cannot be a table");
      if (auto a = node.optional("argument")) {
        impl->table_arg_name = a->asString();
        const auto it = std::find(args.begin(), args.end(), impl->table_arg_name);
        if (it == args.end()) {
          a->fail("table argument '" + impl->table_arg_name + "' is not one of: " + join(args));
        }
        impl->table_arg = static_cast<size_t>(it - args.begin());
      } else if (args.size() == 1) {
        impl->table_arg_name = args[0];
      } else {
        node["argument"];  // throws "missing required key 'argument'"
      }
      Conversion c;
      if (auto u = node.optional("unit")) {
        c = conversion(*u, u->asString(), unit);
      } else if (!dimensionless) {
        node["unit"];  // throws "missing required key 'unit'"
      }
      const auto xs = t["x"].elements();
      const auto ys = t["y"].elements();
      if (xs.size() != ys.size()) {
        t.fail("x and y must have the same length (x has " + std::to_string(xs.size()) + ", y has " +
               std::to_string(ys.size()) + ")");
      }
      if (xs.size() < 2) t.fail("a table needs at least 2 points");
      for (size_t i = 0; i < xs.size(); ++i) {
        impl->x.push_back(xs[i].asNumber());
        impl->y.push_back(c.scale * ys[i].asNumber() + c.offset);
        if (i > 0 && !(impl->x[i] > impl->x[i - 1])) {
          xs[i].fail("table x values must be strictly increasing (x[" + std::to_string(i) +
                     "] = " + fmt(impl->x[i]) + " after " + fmt(impl->x[i - 1]) + ")");
        }
      }
      impl->computeSlopes();
    }

    if (auto ea = node.optional("Ea")) {
      const auto it = std::find(args.begin(), args.end(), "T");
      if (it == args.end()) ea->fail("Ea needs temperature; this property has no argument T");
      impl->arrhenius = true;
      impl->T_arg = static_cast<size_t>(it - args.begin());
      impl->Ea = ea->asQuantity("J/mol");
      impl->T_ref = node.quantityOr("T_ref", "K", kDefaultTref, Range::positive());
      impl->Ea_over_R = impl->Ea / kGasConstant;
      impl->inv_Tref = 1.0 / impl->T_ref;
    } else if (auto tr = node.optional("T_ref")) {
      tr->fail("T_ref is only used together with Ea");
    }
  } else if (node.yaml().IsNull()) {
    node.fail("missing value: expected a value with units of " + unit +
              " or a map with 'value', 'expression' or 'table'");
  } else {
    node.fail("expected a value with units of " + unit +
              " or a map with 'value', 'expression' or 'table', got a list");
  }

  Property p;
  p.impl_ = impl;
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

bool Property::isConstant() const { return impl_ && impl_->kind == Impl::Kind::Constant && !impl_->arrhenius; }

std::string Property::describe() const {
  if (!impl_) return "(unset)";
  const Impl& m = *impl_;
  const std::string u = m.unit.empty() || m.unit == "1" ? "" : " [" + m.unit + "]";
  std::string s;
  switch (m.kind) {
    case Impl::Kind::Constant:
      s = fmt(m.value) + u;
      break;
    case Impl::Kind::Expression:
      s = m.expression + (m.expression_unit.empty() ? std::string() : " [" + m.expression_unit + "]");
      break;
    case Impl::Kind::Table:
      s = "table(" + m.table_arg_name + ", " + std::to_string(m.x.size()) + " points, PCHIP)" + u;
      break;
  }
  if (m.arrhenius) {
    s += " * exp(-Ea/R (1/T - 1/T_ref)), Ea = " + fmt(m.Ea) + " J/mol, T_ref = " + fmt(m.T_ref) + " K";
  }
  return s;
}

}  // namespace cellsim
