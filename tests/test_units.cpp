#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "core/input/Units.hpp"

using cellsim::units::Dimension;
using cellsim::units::dimensionOf;
using cellsim::units::parse;
using cellsim::units::toSI;
using cellsim::units::UnitError;
using ::testing::HasSubstr;

namespace {

constexpr double kE = 1.602176634e-19;

Dimension dim(int m, int kg, int s, int a, int k = 0, int mol = 0) {
  Dimension d;
  d.exp = {m, kg, s, a, k, mol};
  return d;
}

std::string unitErrorOf(const std::string& text, const std::string& unit, bool bare = false) {
  try {
    toSI(text, unit, bare);
  } catch (const UnitError& e) {
    return e.what();
  }
  return "(no error)";
}

struct Case {
  const char* text;
  double si;
  Dimension dim;
};

class UnitConversion : public ::testing::TestWithParam<Case> {};

TEST_P(UnitConversion, ToSI) {
  const Case& c = GetParam();
  const auto q = parse(c.text);
  EXPECT_NEAR(q.value_si, c.si, 1e-12 * std::abs(c.si)) << c.text;
  EXPECT_EQ(q.dim, c.dim) << c.text << ": got " << q.dim.str() << ", want " << c.dim.str();
}

const Dimension kNone = dim(0, 0, 0, 0);
const Dimension kLength = dim(1, 0, 0, 0);
const Dimension kCurrentDensity = dim(-2, 0, 0, 1);
const Dimension kDiffusivity = dim(2, 0, -1, 0);
const Dimension kConductivity = dim(-3, -1, 3, 2);
const Dimension kMolarEnergy = dim(2, 1, -2, 0, 0, -1);
const Dimension kTemperature = dim(0, 0, 0, 0, 1);
const Dimension kTime = dim(0, 0, 1, 0);
const Dimension kVoltage = dim(2, 1, -3, -1);
const Dimension kAreaResistance = dim(4, 1, -3, -2);
const Dimension kConcentration = dim(-3, 0, 0, 0, 0, 1);
const Dimension kEnergy = dim(2, 1, -2, 0);
const Dimension kArealCharge = dim(-2, 0, 1, 1);
const Dimension kSpecificCharge = dim(0, -1, 1, 1);
const Dimension kDensity = dim(-3, 1, 0, 0);
const Dimension kRate = dim(0, 0, -1, 0);
const Dimension kArealPower = dim(0, 1, -3, 0);
const Dimension kArealCapacitance = dim(-4, -1, 4, 2);

INSTANTIATE_TEST_SUITE_P(
    Examples, UnitConversion,
    ::testing::Values(
        Case{"100 um", 1e-4, kLength}, Case{"100um", 1e-4, kLength}, Case{"1e-3", 1e-3, kNone},
        Case{"24 A/m2", 24.0, kCurrentDensity}, Case{"1 mA/cm2", 10.0, kCurrentDensity},
        Case{"1 uA/cm2", 0.01, kCurrentDensity}, Case{"9.6e-7 A/m2", 9.6e-7, kCurrentDensity},
        Case{"5.34e-10 m2/s", 5.34e-10, kDiffusivity}, Case{"5.34e-10 m^2/s", 5.34e-10, kDiffusivity},
        Case{"3e-10 cm2/s", 3e-14, kDiffusivity}, Case{"0.792 S/m", 0.792, kConductivity},
        Case{"10 mS/cm", 1.0, kConductivity}, Case{"18.55 kJ/mol", 18550.0, kMolarEnergy},
        Case{"25 degC", 298.15, kTemperature}, Case{"298.15 K", 298.15, kTemperature},
        Case{"5 h", 18000.0, kTime}, Case{"30 min", 1800.0, kTime}, Case{"1 hour", 3600.0, kTime},
        Case{"2 hours", 7200.0, kTime}, Case{"10 s", 10.0, kTime}, Case{"4.2 V", 4.2, kVoltage},
        Case{"10 mV", 0.01, kVoltage}, Case{"3 ohm cm2", 3e-4, kAreaResistance},
        Case{"3 Ohm*cm2", 3e-4, kAreaResistance}, Case{"0.1 mV/s", 1e-4, dim(2, 1, -4, -1)},
        Case{"1000 mol/m3", 1000.0, kConcentration}, Case{"1 M", 1000.0, kConcentration},
        Case{"1 mol/L", 1000.0, kConcentration}, Case{"51190 mol/m3", 51190.0, kConcentration},
        Case{"2.13 eV", 2.13 * kE, kEnergy}, Case{"2.13eV", 2.13 * kE, kEnergy},
        Case{"5 mAh/cm2", 5 * 3.6 / 1e-4, kArealCharge}, Case{"220 mAh/g", 220 * 3.6 / 1e-3, kSpecificCharge},
        Case{"5010 kg/m3", 5010.0, kDensity}, Case{"2 g/cm3", 2000.0, kDensity},
        Case{"1e-6 1/s", 1e-6, kRate}, Case{"0.5 C/m2", 0.5, kArealCharge},
        Case{"1 W/m2", 1.0, kArealPower}, Case{"1 mW/cm2", 10.0, kArealPower},
        Case{"0.2 F/m2", 0.2, kArealCapacitance}, Case{"20 uF/cm2", 0.2, kArealCapacitance},
        Case{"50 Hz", 50.0, kRate}, Case{"2 kHz", 2000.0, kRate}, Case{"7 nm", 7e-9, kLength},
        Case{"3 mm", 3e-3, kLength}, Case{"2 cm", 0.02, kLength}, Case{"4 m", 4.0, kLength},
        Case{"2 kg", 2.0, dim(0, 1, 0, 0)}, Case{"5 g", 5e-3, dim(0, 1, 0, 0)},
        Case{"7 mg", 7e-6, dim(0, 1, 0, 0)}, Case{"2 mol", 2.0, dim(0, 0, 0, 0, 0, 1)},
        Case{"3 mmol", 3e-3, dim(0, 0, 0, 0, 0, 1)}, Case{"2 A", 2.0, dim(0, 0, 0, 1)},
        Case{"25 mA", 0.025, dim(0, 0, 0, 1)}, Case{"4 J", 4.0, kEnergy}, Case{"3 kJ", 3000.0, kEnergy},
        Case{"6 W", 6.0, dim(2, 1, -3, 0)}, Case{"0.5 S", 0.5, dim(-2, -1, 3, 2)},
        Case{"10 Pa", 10.0, dim(-1, 1, -2, 0)}, Case{"2 MPa", 2e6, dim(-1, 1, -2, 0)},
        Case{"40 %", 0.4, kNone}, Case{"40%", 0.4, kNone}, Case{"-0.5 V", -0.5, kVoltage},
        Case{"1e-6 mol/m2/s", 1e-6, dim(-2, 0, -1, 0, 0, 1)}, Case{"2 A m-2", 2.0, kCurrentDensity},
        Case{"2 A m^-2", 2.0, kCurrentDensity}, Case{"2 A\u00B7m\u207B\u00B2", 2.0, kCurrentDensity},
        Case{"25 \u00B5m", 25e-6, kLength}, Case{"1 J/mol/K", 1.0, dim(2, 1, -2, 0, -1, -1)},
        Case{"1 ohm", 1.0, dim(2, 1, -3, -2)}));

TEST(Units, MinutesMillimetresAndMetresAreDistinct) {
  EXPECT_DOUBLE_EQ(parse("1 min").value_si, 60.0);
  EXPECT_DOUBLE_EQ(parse("1 mm").value_si, 1e-3);
  EXPECT_DOUBLE_EQ(parse("1 m").value_si, 1.0);
  EXPECT_EQ(parse("1 min").dim, kTime);
  EXPECT_EQ(parse("1 mm").dim, kLength);
  // "M" is molar, "m" metre, "MPa" megapascal; "S" siemens, "s" second.
  EXPECT_EQ(parse("1 M").dim, kConcentration);
  EXPECT_EQ(parse("1 S").dim, dim(-2, -1, 3, 2));
  EXPECT_EQ(parse("1 s").dim, kTime);
}

TEST(Units, DerivedUnitsAreConsistent) {
  // ohm = V/A, S = 1/ohm, F = C/V, J = V C, W = V A, Pa = J/m3, Hz = 1/s
  EXPECT_EQ(dimensionOf("ohm"), dimensionOf("V/A"));
  EXPECT_EQ(dimensionOf("S"), dimensionOf("1/ohm"));
  EXPECT_EQ(dimensionOf("F"), dimensionOf("C/V"));
  EXPECT_EQ(dimensionOf("J"), dimensionOf("V*C"));
  EXPECT_EQ(dimensionOf("W"), dimensionOf("V A"));
  EXPECT_EQ(dimensionOf("Pa"), dimensionOf("J/m3"));
  EXPECT_EQ(dimensionOf("Hz"), dimensionOf("1/s"));
  EXPECT_EQ(dimensionOf("C"), dimensionOf("A s"));
  EXPECT_EQ(dimensionOf("eV"), dimensionOf("J"));
  EXPECT_EQ(dimensionOf("mol/m2/s"), dimensionOf("mol m-2 s-1"));
  EXPECT_EQ(dimensionOf(""), Dimension{});
  EXPECT_EQ(dimensionOf("1"), Dimension{});
  EXPECT_EQ(dimensionOf("m2/s").str(), "m^2 s^-1");
  EXPECT_EQ(dimensionOf("").str(), "1");
}

TEST(Units, ToSIChecksDimension) {
  EXPECT_DOUBLE_EQ(toSI("1 mA/cm2", "A/m2", false), 10.0);
  EXPECT_DOUBLE_EQ(toSI("25 degC", "K", false), 298.15);
  EXPECT_DOUBLE_EQ(toSI("300", "K", true), 300.0);
  EXPECT_DOUBLE_EQ(toSI("0.4", "", false), 0.4);
  EXPECT_DOUBLE_EQ(toSI("0.4", "1", false), 0.4);
  EXPECT_DOUBLE_EQ(toSI("40 %", "1", false), 0.4);
  EXPECT_DOUBLE_EQ(toSI("3 ohm cm2", "ohm m2", false), 3e-4);
}

TEST(Units, DimensionMismatchMessage) {
  EXPECT_EQ(unitErrorOf("1 mV", "A/m2"),
            "expected a value with units of A/m2 (e.g. '10 A/m2' or '1 mA/cm2'), got '1 mV'");
  EXPECT_THAT(unitErrorOf("3 V", ""), HasSubstr("expected a dimensionless number"));
  EXPECT_THAT(unitErrorOf("3 um", "s"), HasSubstr("units of s"));
}

TEST(Units, MissingUnitMessage) {
  EXPECT_EQ(unitErrorOf("25", "m"), "missing unit: expected a value with units of m (e.g. '25 um'), got '25'");
}

TEST(Units, UnknownSymbol) {
  EXPECT_THAT(unitErrorOf("25 umm", "m"), HasSubstr("unknown unit 'umm' in '25 umm'"));
  EXPECT_THAT(unitErrorOf("1 ma/cm2", "A/m2"), HasSubstr("did you mean 'mA'?"));
  EXPECT_THROW(parse("5 furlongs"), UnitError);
  EXPECT_THROW(parse("abc"), UnitError);
  EXPECT_THROW(parse(""), UnitError);
  EXPECT_THROW(parse("1 m//s"), UnitError);
  EXPECT_THROW(parse("1 m^"), UnitError);
  EXPECT_THROW(dimensionOf("parsec"), UnitError);
  EXPECT_THAT(unitErrorOf("abc", "m"), HasSubstr("got 'abc'"));
}

TEST(Units, DegCOnlyStandsAlone) {
  EXPECT_THROW(parse("1 J/mol/degC"), UnitError);
  EXPECT_THROW(parse("1 degC*m"), UnitError);
  EXPECT_THROW(parse("1 degC2"), UnitError);
  EXPECT_THAT(unitErrorOf("1 J/degC", "J/K"), HasSubstr("offset unit"));
  EXPECT_DOUBLE_EQ(parse("-273.15 degC").value_si, 0.0);
  EXPECT_DOUBLE_EQ(parse("25 \u00B0C").value_si, 298.15);
}

TEST(Units, CoulombIsNotACRate) {
  // "1C" here is one coulomb; C-rates are the protocol parser's business.
  EXPECT_EQ(parse("1C").dim, dim(0, 0, 1, 1));
  EXPECT_THROW(toSI("1C", "A/m2", false), UnitError);
}

}  // namespace
