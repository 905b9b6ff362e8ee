// Reading a Property from a recipe: a constant with units, {value, unit}, an expression
// compiled once by muParser, or a PCHIP table; each optionally with an Arrhenius factor.
#include <algorithm>
#include <limits>

#include "core/input/PhysicalConstants.hpp"
#include "core/input/PropertyImpl.hpp"
#include "core/input/Text.hpp"
#include "core/input/Units.hpp"

namespace cellsim {

namespace {

bool isDimensionless(const std::string& unit) { return units::dimensionOf(unit) == units::Dimension{}; }

//! Fails at `where` unless `from_unit` has the dimension of `to_unit`.
UnitConversion conversion(const InputNode& where, const std::string& from_unit, const std::string& to_unit) {
  try {
    if (units::dimensionOf(from_unit) != units::dimensionOf(to_unit)) {
      where.fail("unit '" + from_unit + "' cannot be converted to " +
                 (isDimensionless(to_unit) ? std::string("a dimensionless number") : "units of " + to_unit));
    }
    UnitConversion c;
    c.offset = units::toSI("0 " + from_unit, to_unit, true);
    c.scale = units::toSI("1 " + from_unit, to_unit, true) - c.offset;
    return c;
  } catch (const units::UnitError& e) {
    where.fail(e.what());
  }
}

void readScalar(const InputNode& node, Property::Impl& impl) {
  try {
    impl.value = node.asQuantity(impl.unit);
  } catch (const InputError&) {
    // Someone may have written an expression without the map form.
    const std::string text = node.asString();
    if (text.find_first_of("()*+^") != std::string::npos) {
      node.fail("'" + excerpt(text) + "' is not a value with units of " + impl.unit +
                "; to give an expression write {expression: \"" + text + "\", unit: \"" + impl.unit + "\"}");
    }
    throw;
  }
}

void readValue(const InputNode& node, const InputNode& v, Property::Impl& impl) {
  if (auto u = node.optional("unit")) {
    const UnitConversion c = conversion(*u, u->asString(), impl.unit);
    impl.value = c.scale * v.asNumber() + c.offset;
  } else {
    impl.value = v.asQuantity(impl.unit);
  }
}

[[noreturn]] void failExpression(const InputNode& e, const mu::Parser::exception_type& err, const std::string& ex,
                                 const std::vector<std::string>& args) {
  const std::string tok = err.GetToken();
  if (err.GetCode() == mu::ecUNASSIGNABLE_TOKEN && !tok.empty()) {
    size_t after = static_cast<size_t>(err.GetPos()) + tok.size();
    while (after < ex.size() && ex[after] == ' ') ++after;
    if (after < ex.size() && ex[after] == '(') {
      e.fail("unknown function '" + tok + "' in expression '" + ex +
             "' (available: exp, log, ln, log10, sqrt, abs, sin, cos, tan, sinh, cosh, tanh, "
             "asinh, acosh, atanh, min, max, sign, rint, ...)");
    }
    e.fail("unknown variable '" + tok + "' in expression '" + ex + "'; " +
           (args.empty() ? std::string("this property takes no variables") : "allowed variables: " + join(args, ", ")));
  }
  e.fail("cannot parse expression '" + ex + "': " + err.GetMsg());
}

void readExpression(const InputNode& node, const InputNode& e, const std::vector<std::string>& args,
                    Property::Impl& impl) {
  impl.kind = Property::Impl::Kind::Expression;
  impl.expression = e.asString();
  const InputNode u = node["unit"];  // required, "1" or "" for dimensionless
  impl.expression_unit = u.yaml().IsNull() ? std::string() : u.asString();
  impl.conv = conversion(u, impl.expression_unit, impl.unit);
  impl.vars.assign(args.size(), 1.0);
  try {
    for (size_t i = 0; i < args.size(); ++i) impl.parser.DefineVar(args[i], &impl.vars[i]);
  } catch (const mu::Parser::exception_type& err) {
    throw std::logic_error("Property: invalid argument name '" + err.GetToken() + "': " + err.GetMsg());
  }
  try {
    impl.parser.SetExpr(impl.expression);
    // Compile once now (muParser parses lazily on the first Eval) so that errors are
    // reported at load time and later evaluations only run bytecode. Plausible values:
    // all arguments 1 except T = 298.15 K; the result itself is not checked.
    for (size_t i = 0; i < args.size(); ++i) impl.vars[i] = args[i] == "T" ? kPropertyDefaultTref_K : 1.0;
    (void)impl.parser.Eval();
  } catch (const mu::Parser::exception_type& err) {
    failExpression(e, err, impl.expression, args);
  }
}

void readTableArgument(const InputNode& node, const std::vector<std::string>& args, Property::Impl& impl) {
  if (auto a = node.optional("argument")) {
    impl.table_arg_name = a->asString();
    const auto it = std::find(args.begin(), args.end(), impl.table_arg_name);
    if (it == args.end()) a->fail("table argument '" + impl.table_arg_name + "' is not one of: " + join(args, ", "));
    impl.table_arg = static_cast<size_t>(it - args.begin());
  } else if (args.size() == 1) {
    impl.table_arg_name = args[0];
  } else {
    node["argument"];  // throws "missing required key 'argument'"
  }
}

void readTable(const InputNode& node, const std::vector<std::string>& args, Property::Impl& impl) {
  const InputNode t = node["table"];
  impl.kind = Property::Impl::Kind::Table;
  t.allowOnly({"x", "y"});
  if (args.empty()) t.fail("this property takes no arguments, so it cannot be a table");
  readTableArgument(node, args, impl);
  UnitConversion c;
  if (auto u = node.optional("unit")) {
    c = conversion(*u, u->asString(), impl.unit);
  } else if (!isDimensionless(impl.unit)) {
    node["unit"];  // throws "missing required key 'unit'"
  }
  const auto xs = t["x"].elements();
  const auto ys = t["y"].elements();
  if (xs.size() != ys.size()) {
    t.fail("x and y must have the same length (x has " + std::to_string(xs.size()) + ", y has " +
           std::to_string(ys.size()) + ")");
  }
  if (xs.size() < 2) t.fail("a table needs at least 2 points");
  std::vector<double> x, y;
  for (size_t i = 0; i < xs.size(); ++i) {
    x.push_back(xs[i].asNumber());
    y.push_back(c.scale * ys[i].asNumber() + c.offset);
    if (i > 0 && !(x[i] > x[i - 1])) {
      xs[i].fail("table x values must be strictly increasing (x[" + std::to_string(i) + "] = " +
                 formatNumber(x[i], 6) + " after " + formatNumber(x[i - 1], 6) + ")");
    }
  }
  impl.table = PchipTable(std::move(x), std::move(y));
}

void readArrhenius(const InputNode& node, const std::vector<std::string>& args, Property::Impl& impl) {
  if (auto ea = node.optional("Ea")) {
    const auto it = std::find(args.begin(), args.end(), "T");
    if (it == args.end()) ea->fail("Ea needs temperature; this property has no argument T");
    impl.arrhenius = true;
    impl.T_arg = static_cast<size_t>(it - args.begin());
    impl.Ea = ea->asQuantity("J/mol");
    impl.T_ref = node.quantityOr("T_ref", "K", kPropertyDefaultTref_K, Range::positive());
    impl.Ea_over_R = impl.Ea / constants::R;
    impl.inv_Tref = 1.0 / impl.T_ref;
  } else if (auto tr = node.optional("T_ref")) {
    tr->fail("T_ref is only used together with Ea");
  }
}

void readValidity(const InputNode& node, const std::vector<std::string>& args, const std::vector<std::string>& units,
                  Property::Impl& impl) {
  auto v = node.optional("valid");
  if (!v) return;
  v->allowOnly(args);
  for (size_t i = 0; i < args.size(); ++i) {
    auto range = v->optional(args[i]);
    if (!range) continue;
    const auto ends = range->elements();
    if (ends.size() != 2) range->fail("a validity range is [lower, upper]");
    const std::string u = i < units.size() ? units[i] : "";
    auto read = [&u](const InputNode& e) { return u.empty() ? e.asNumber() : e.asQuantity(u); };
    impl.valid_lo[i] = read(ends[0]);
    impl.valid_hi[i] = read(ends[1]);
    if (!(impl.valid_lo[i] < impl.valid_hi[i])) range->fail("a validity range needs lower < upper");
    impl.has_validity = true;
  }
}

void readMap(const InputNode& node, const std::vector<std::string>& args, Property::Impl& impl) {
  node.allowOnly({"value", "expression", "unit", "table", "argument", "Ea", "T_ref", "valid", "note", "source"});
  const int n_forms = int(node.has("value")) + int(node.has("expression")) + int(node.has("table"));
  if (n_forms != 1) {
    node.fail(n_forms == 0 ? "expected one of 'value', 'expression' or 'table'"
                           : "give only one of 'value', 'expression' or 'table'");
  }
  if (!node.has("table") && node.has("argument")) node["argument"].fail("'argument' is only used with 'table'");
  if (auto v = node.optional("value")) readValue(node, *v, impl);
  else if (auto e = node.optional("expression")) readExpression(node, *e, args, impl);
  else readTable(node, args, impl);
  readArrhenius(node, args, impl);
}

}  // namespace

Property Property::fromInput(const InputNode& input, const std::string& unit, const std::vector<std::string>& args,
                            const std::vector<std::string>& arg_units) {
  const InputNode node = input.referenced();
  auto impl = std::make_shared<Impl>();
  impl->n_args = args.size();
  impl->unit = unit;
  impl->arg_names = args;
  impl->valid_lo.assign(args.size(), -std::numeric_limits<double>::infinity());
  impl->valid_hi.assign(args.size(), std::numeric_limits<double>::infinity());
  if (node.isScalar()) {
    readScalar(node, *impl);
  } else if (node.isMap()) {
    readMap(node, args, *impl);
    readValidity(node, args, arg_units, *impl);
  } else if (node.yaml().IsNull()) {
    node.fail("missing value: expected a value with units of " + unit +
              " or a map with 'value', 'expression' or 'table'");
  } else {
    node.fail("expected a value with units of " + unit + " or a map with 'value', 'expression' or 'table', got a list");
  }
  Property p;
  p.impl_ = impl;
  return p;
}

}  // namespace cellsim
