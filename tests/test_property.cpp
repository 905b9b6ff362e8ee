#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>

#include "InputTestSupport.hpp"
#include "core/input/Property.hpp"

using cellsim::InputError;
using cellsim::InputNode;
using cellsim::Property;
using ::testing::HasSubstr;

using cellsim::testing_support::errorOf;

namespace {

constexpr double R = 8.314462618;

//! Parses `yaml` ("p: ...") and reads property p.
Property prop(const std::string& yaml, const std::string& unit, const std::vector<std::string>& args) {
  return Property::fromInput(InputNode::fromString(yaml, "prop.yaml")["p"], unit, args);
}

TEST(Property, ConstantWithUnits) {
  const Property p = prop("p: 2.68e-10 cm2/s", "m2/s", {"c_e", "T"});
  EXPECT_TRUE(p.isConstant());
  EXPECT_DOUBLE_EQ(p({1000.0, 300.0}), 2.68e-14);
  EXPECT_DOUBLE_EQ(Property::constant(3.5)({}), 3.5);
  // Dimensionless: bare number.
  EXPECT_DOUBLE_EQ(prop("p: 0.38", "", {"c_e"})({1.0}), 0.38);
  EXPECT_DOUBLE_EQ(prop("p: {value: 0.38, note: from Chen 2020, source: doi:10.1149/1945-7111/ab9050}", "1",
                        {"c_e"})({1.0}),
                   0.38);
  // value + unit.
  EXPECT_DOUBLE_EQ(prop("p: {value: 10, unit: mS/cm}", "S/m", {"c_e"})({1.0}), 1.0);
}

TEST(Property, ConstantErrors) {
  EXPECT_THAT(errorOf([] { prop("p: 2.68e-10", "m2/s", {}); }),
              HasSubstr("prop.yaml:1: p: missing unit: expected a value with units of m2/s"));
  EXPECT_THAT(errorOf([] { prop("p: 1 V", "m2/s", {}); }), HasSubstr("expected a value with units of m2/s"));
  EXPECT_THAT(errorOf([] { prop("p: 5e-10*exp(-c_e)", "m2/s", {"c_e"}); }),
              HasSubstr("to give an expression write {expression:"));
  EXPECT_THAT(errorOf([] { prop("p: [1, 2]", "V", {}); }), HasSubstr("got a list"));
}

TEST(Property, MapKeysAreChecked) {
  const std::string yaml =
      "p:\n"                   // 1
      "  value: 0.792 S/m\n"   // 2
      "  Ea: 18 kJ/mol\n"      // 3
      "  T_rfe: 25 degC\n";    // 4
  EXPECT_EQ(errorOf([&] { prop(yaml, "S/m", {"c_e", "T"}); }),
            "prop.yaml:4: p.T_rfe: unknown key 'T_rfe'; did you mean 'T_ref'?");
  EXPECT_THAT(errorOf([] { prop("p: {unit: V}", "V", {}); }),
              HasSubstr("expected one of 'value', 'expression' or 'table'"));
  EXPECT_THAT(errorOf([] { prop("p: {value: 1 V, expression: '2', unit: V}", "V", {}); }),
              HasSubstr("give only one of"));
}

TEST(Property, Expression) {
  const Property p = prop("p: {expression: '5.34e-10*exp(-0.65*c_e/1000)', unit: m2/s}", "m2/s", {"c_e", "T"});
  EXPECT_FALSE(p.isConstant());
  for (double c : {0.0, 500.0, 1000.0, 3000.0}) {
    EXPECT_DOUBLE_EQ(p({c, 298.15}), 5.34e-10 * std::exp(-0.65 * c / 1000)) << c;
  }
  EXPECT_EQ(p.describe(), "5.34e-10*exp(-0.65*c_e/1000) [m2/s]");
  // Copies share the compiled expression and keep working.
  const Property copy = p;
  EXPECT_DOUBLE_EQ(copy({1000.0, 298.15}), 5.34e-10 * std::exp(-0.65));
}

TEST(Property, ExpressionUnitIsConvertedToSI) {
  // kappa(c_e) in mS/cm: multiply by 0.1 to get S/m.
  const Property p = prop("p: {expression: '0.1 + 10*c_e/1000', unit: mS/cm}", "S/m", {"c_e"});
  EXPECT_DOUBLE_EQ(p({1000.0}), 0.1 * 10.1);
  // Temperatures in degC get the offset, not a factor.
  const Property t = prop("p: {expression: '20 + x', unit: degC}", "K", {"x"});
  EXPECT_DOUBLE_EQ(t({5.0}), 298.15);
  // Dimensionless with unit "1" or "".
  EXPECT_DOUBLE_EQ(prop("p: {expression: '2*sto', unit: '1'}", "", {"sto"})({0.25}), 0.5);
  EXPECT_DOUBLE_EQ(prop("p: {expression: '2*sto', unit: ''}", "", {"sto"})({0.25}), 0.5);
}

TEST(Property, ExpressionErrors) {
  const std::string yaml =
      "p:\n"                                  // 1
      "  unit: m2/s\n"                        // 2
      "  expression: 5e-10*exp(-ce/1000)\n";  // 3
  EXPECT_EQ(errorOf([&] { prop(yaml, "m2/s", {"c_e", "T"}); }),
            "prop.yaml:3: p.expression: unknown variable 'ce' in expression '5e-10*exp(-ce/1000)'; "
            "allowed variables: c_e, T");
  EXPECT_THAT(errorOf([] { prop("p: {expression: 'foo(c_e)', unit: V}", "V", {"c_e"}); }),
              HasSubstr("unknown function 'foo'"));
  EXPECT_THAT(errorOf([] { prop("p: {expression: 'c_e*(2', unit: V}", "V", {"c_e"}); }),
              HasSubstr("cannot parse expression 'c_e*(2'"));
  EXPECT_THAT(errorOf([] { prop("p: {expression: 'c_e'}", "V", {"c_e"}); }),
              HasSubstr("p.unit: missing required key 'unit'"));
  EXPECT_THAT(errorOf([] { prop("p: {expression: 'c_e', unit: mA}", "V", {"c_e"}); }),
              HasSubstr("unit 'mA' cannot be converted to units of V"));
  // A value check at construction would wrongly reject this (log(0) at the test point 1-1).
  EXPECT_NO_THROW(prop("p: {expression: 'log(x - 1)', unit: V}", "V", {"x"}));
}

TEST(Property, ArrheniusOnConstant) {
  const Property p = prop("p: {value: 0.792 S/m, Ea: 18.55 kJ/mol, T_ref: 25 degC}", "S/m", {"c_e", "T"});
  EXPECT_FALSE(p.isConstant());
  EXPECT_DOUBLE_EQ(p({1000.0, 298.15}), 0.792);
  const double T = 318.15;
  EXPECT_NEAR(p({1000.0, T}) / p({1000.0, 298.15}), std::exp(-18550.0 / R * (1 / T - 1 / 298.15)), 1e-13);
}

TEST(Property, ArrheniusOnExpressionWithDefaultTref) {
  const Property p =
      prop("p: {expression: '1e-14*(1 + sto)', unit: m2/s, Ea: 30000 J/mol}", "m2/s", {"sto", "T"});
  EXPECT_DOUBLE_EQ(p({0.5, 298.15}), 1.5e-14);
  const double T = 273.15;
  EXPECT_NEAR(p({0.5, T}) / 1.5e-14, std::exp(-30000.0 / R * (1 / T - 1 / 298.15)), 1e-13);
}

TEST(Property, ArrheniusNeedsTemperature) {
  const std::string yaml =
      "p:\n"                 // 1
      "  value: 1 S/m\n"     // 2
      "  Ea: 18 kJ/mol\n";   // 3
  EXPECT_EQ(errorOf([&] { prop(yaml, "S/m", {"c_e"}); }),
            "prop.yaml:3: p.Ea: Ea needs temperature; this property has no argument T");
  EXPECT_THAT(errorOf([] { prop("p: {value: 1 S/m, Ea: 18000, T_ref: 300 K}", "S/m", {"T"}); }),
              HasSubstr("missing unit"));
}

const char* const kOcpTable =
    "p:\n"
    "  argument: sto\n"
    "  unit: V\n"
    "  table:\n"
    "    x: [0.0, 0.1, 0.3, 0.35, 0.6, 0.9, 1.0]\n"
    "    y: [4.3, 4.1, 3.9, 3.88, 3.75, 3.4, 3.0]\n";

TEST(Property, TableReproducesNodes) {
  const Property p = prop(kOcpTable, "V", {"sto", "T"});
  const double x[] = {0.0, 0.1, 0.3, 0.35, 0.6, 0.9, 1.0};
  const double y[] = {4.3, 4.1, 3.9, 3.88, 3.75, 3.4, 3.0};
  for (int i = 0; i < 7; ++i) EXPECT_NEAR(p({x[i], 298.15}), y[i], 1e-14) << x[i];
  // Constant extrapolation.
  EXPECT_DOUBLE_EQ(p({-0.5, 298.15}), 4.3);
  EXPECT_DOUBLE_EQ(p({1.5, 298.15}), 3.0);
  EXPECT_TRUE(std::isnan(p({std::nan(""), 298.15})));
}

TEST(Property, TableIsMonotoneBetweenMonotoneData) {
  // Decreasing data with flat parts and a sharp step: a natural cubic spline would overshoot.
  const Property p = prop(kOcpTable, "V", {"sto", "T"});
  double prev = p({0.0, 298.15});
  for (int i = 1; i <= 2000; ++i) {
    const double v = p({i / 2000.0, 298.15});
    EXPECT_LE(v, prev + 1e-15) << i / 2000.0;
    prev = v;
  }
  const Property q = prop("p: {table: {x: [0, 1, 2, 3, 4, 5], y: [0, 0, 1, 1, 5, 5.2]}, unit: V}", "V", {"x"});
  prev = q({0.0});
  for (int i = 1; i <= 1000; ++i) {
    const double xv = 5.0 * i / 1000.0;
    const double v = q({xv});
    EXPECT_GE(v, prev - 1e-15) << xv;
    prev = v;
    // Flat segments stay flat (no overshoot), e.g. between x=0 and 1 and between x=2 and 3.
    if (xv <= 1.0) {
      EXPECT_NEAR(v, 0.0, 1e-15) << xv;
    }
    if (xv >= 2.0 && xv <= 3.0) {
      EXPECT_NEAR(v, 1.0, 1e-15) << xv;
    }
  }
}

TEST(Property, TableInterpolatesLinearDataExactly) {
  const Property p = prop("p: {table: {x: [0, 0.5, 2, 3, 7], y: [1, 2, 5, 7, 15]}, unit: mV, argument: x}", "V",
                          {"T", "x"});
  for (double x = 0.0; x <= 7.0; x += 0.0625) EXPECT_NEAR(p({298.15, x}), (1 + 2 * x) * 1e-3, 1e-15) << x;
  const Property two = prop("p: {table: {x: [1, 3], y: [10, 20]}, unit: V}", "V", {"x"});
  EXPECT_DOUBLE_EQ(two({2.0}), 15.0);
}

TEST(Property, TableErrors) {
  const std::string not_increasing =
      "p:\n"                      // 1
      "  unit: V\n"               // 2
      "  table:\n"                // 3
      "    x:\n"                  // 4
      "      - 0\n"               // 5
      "      - 0.5\n"             // 6
      "      - 0.5\n"             // 7
      "    y: [1, 2, 3]\n";       // 8
  EXPECT_THAT(errorOf([&] { prop(not_increasing, "V", {"sto"}); }),
              HasSubstr("prop.yaml:7: p.table.x[2]: table x values must be strictly increasing"));
  EXPECT_THAT(errorOf([] { prop("p: {table: {x: [0, 1], y: [1]}, unit: V}", "V", {"sto"}); }),
              HasSubstr("same length"));
  EXPECT_THAT(errorOf([] { prop("p: {table: {x: [0], y: [1]}, unit: V}", "V", {"sto"}); }),
              HasSubstr("at least 2 points"));
  EXPECT_THAT(errorOf([] { prop("p: {table: {x: [0, 1], y: [1, 2]}, unit: V, argument: c}", "V", {"sto", "T"}); }),
              HasSubstr("table argument 'c' is not one of: sto, T"));
  EXPECT_THAT(errorOf([] { prop("p: {table: {x: [0, 1], y: [1, 2]}, unit: V}", "V", {"sto", "T"}); }),
              HasSubstr("missing required key 'argument'"));
  EXPECT_THAT(errorOf([] { prop("p: {table: {x: [0, 1], y: [1, 2]}}", "V", {"sto"}); }),
              HasSubstr("missing required key 'unit'"));
  EXPECT_THAT(errorOf([] { prop("p: {table: {x: [0, 1], yy: [1, 2]}, unit: V}", "V", {"sto"}); }),
              HasSubstr("unknown key 'yy'; did you mean 'y'?"));
}

TEST(Property, OverrideReachesPropertyValue) {
  auto o = std::make_shared<cellsim::Overrides>();
  o->add("p.value=3 V");
  const Property p =
      Property::fromInput(InputNode::fromString("p: {value: 1 V}", "prop.yaml", o)["p"], "V", {});
  EXPECT_DOUBLE_EQ(p({}), 3.0);
  EXPECT_NO_THROW(o->checkAllUsed());
}

}  // namespace
