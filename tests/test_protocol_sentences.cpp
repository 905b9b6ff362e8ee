// One-line steps ("Discharge at 1C until 3.0 V", "EIS from 1 MHz to 10 mHz"): recipes are written
// by hand, so every spelling, unit and case a person may use must read as the step they meant.
#include <gtest/gtest.h>

#include <string>

#include "ProtocolTestSupport.hpp"

using namespace cellsim;
using namespace cellsim::testing_support;

namespace {

// ------------------------------------------------------------------------------------------
// Sentences

TEST(ProtocolSentence, DischargeCRateUntilVoltage) {
  const Step s = sentence("Discharge at 1C until 3.105 V");
  EXPECT_EQ(s.control, Control::Current);
  EXPECT_EQ(s.current.kind, CKind::CRate);
  expectNear(s.current.value, 1.0);
  ASSERT_EQ(s.limits.size(), 1u);
  expectLimit(s.limits[0], LKind::VoltageBelow, 3.105);
  EXPECT_EQ(s.text, "Discharge at 1C until 3.105 V");
  EXPECT_EQ(s.file, "case.yaml");
  EXPECT_EQ(s.line, 3);
}

TEST(ProtocolSentence, DischargeHalfCForDurationOrUntilVoltage) {
  const Step s = sentence("Discharge at C/2 for 1 hour or until 3.3 V");
  EXPECT_EQ(s.control, Control::Current);
  EXPECT_EQ(s.current.kind, CKind::CRate);
  expectNear(s.current.value, 0.5);
  ASSERT_EQ(s.limits.size(), 2u);
  expectLimit(s.limits[0], LKind::Duration, 3600.0);
  expectLimit(s.limits[1], LKind::VoltageBelow, 3.3);
}

TEST(ProtocolSentence, ChargeIsNegativeAndEndsAboveVoltage) {
  const Step s = sentence("Charge at 0.5C until 4.2 V");
  EXPECT_EQ(s.control, Control::Current);
  EXPECT_EQ(s.current.kind, CKind::CRate);
  expectNear(s.current.value, -0.5);
  ASSERT_EQ(s.limits.size(), 1u);
  expectLimit(s.limits[0], LKind::VoltageAbove, 4.2);
}

TEST(ProtocolSentence, ChargeDensityForMinutes) {
  const Step s = sentence("Charge at 1 A/m2 for 30 min");
  EXPECT_EQ(s.control, Control::Current);
  EXPECT_EQ(s.current.kind, CKind::Density);
  expectNear(s.current.value, -1.0);
  ASSERT_EQ(s.limits.size(), 1u);
  expectLimit(s.limits[0], LKind::Duration, 1800.0);
}

TEST(ProtocolSentence, DischargeMilliampPerCm2ForHours) {
  const Step s = sentence("Discharge at 1 mA/cm2 for 2 h");
  EXPECT_EQ(s.control, Control::Current);
  EXPECT_EQ(s.current.kind, CKind::Density);
  expectNear(s.current.value, 10.0);  // 1 mA/cm2 = 10 A/m2
  ASSERT_EQ(s.limits.size(), 1u);
  expectLimit(s.limits[0], LKind::Duration, 7200.0);
}

TEST(ProtocolSentence, DischargeAmpPerM2UntilVoltage) {
  const Step s = sentence("Discharge at 24 A/m2 until 3.105 V");
  EXPECT_EQ(s.control, Control::Current);
  EXPECT_EQ(s.current.kind, CKind::Density);
  expectNear(s.current.value, 24.0);
  ASSERT_EQ(s.limits.size(), 1u);
  expectLimit(s.limits[0], LKind::VoltageBelow, 3.105);
}

TEST(ProtocolSentence, HoldUntilCRateTaper) {
  const Step s = sentence("Hold at 4.2 V until C/20");
  EXPECT_EQ(s.control, Control::Voltage);
  expectNear(s.voltage_V, 4.2);
  ASSERT_EQ(s.limits.size(), 1u);
  expectTaper(s.limits[0], CKind::CRate, 0.05);
}

TEST(ProtocolSentence, HoldUntilDensityTaper) {
  const Step s = sentence("Hold at 4.2 V until 0.05 mA/cm2");
  EXPECT_EQ(s.control, Control::Voltage);
  expectNear(s.voltage_V, 4.2);
  ASSERT_EQ(s.limits.size(), 1u);
  expectTaper(s.limits[0], CKind::Density, 0.5);  // positive magnitude in A/m2
}

TEST(ProtocolSentence, HoldForDurationOrUntilTaper) {
  const Step s = sentence("Hold at 4.2 V for 1 hour or until C/50");
  EXPECT_EQ(s.control, Control::Voltage);
  expectNear(s.voltage_V, 4.2);
  ASSERT_EQ(s.limits.size(), 2u);
  expectLimit(s.limits[0], LKind::Duration, 3600.0);
  expectTaper(s.limits[1], CKind::CRate, 0.02);
}

TEST(ProtocolSentence, RestForHourAndMinutes) {
  const Step a = sentence("Rest for 1 hour");
  EXPECT_EQ(a.control, Control::Rest);
  ASSERT_EQ(a.limits.size(), 1u);
  expectLimit(a.limits[0], LKind::Duration, 3600.0);

  const Step b = sentence("Rest for 10 min");
  EXPECT_EQ(b.control, Control::Rest);
  ASSERT_EQ(b.limits.size(), 1u);
  expectLimit(b.limits[0], LKind::Duration, 600.0);

  const Step c = sentence("Rest for 10 s");
  ASSERT_EQ(c.limits.size(), 1u);
  expectLimit(c.limits[0], LKind::Duration, 10.0);
}

TEST(ProtocolSentence, CapacityLimit) {
  const Step s = sentence("Discharge at 0.5 mA/cm2 until 0.5 mAh/cm2");
  EXPECT_EQ(s.control, Control::Current);
  EXPECT_EQ(s.current.kind, CKind::Density);
  expectNear(s.current.value, 5.0);
  ASSERT_EQ(s.limits.size(), 1u);
  // 1 mAh/cm2 = 3.6 C / 1e-4 m2 = 36000 C/m2
  expectLimit(s.limits[0], LKind::Capacity, 18000.0);
}

TEST(ProtocolSentence, PowerSteps) {
  const Step d = sentence("Discharge at 10 W/m2 until 3 V");
  EXPECT_EQ(d.control, Control::Power);
  expectNear(d.power_W_m2, 10.0);
  ASSERT_EQ(d.limits.size(), 1u);
  expectLimit(d.limits[0], LKind::VoltageBelow, 3.0);

  const Step c = sentence("Charge at 1 mW/cm2 until 4.2 V");
  EXPECT_EQ(c.control, Control::Power);
  expectNear(c.power_W_m2, -10.0);  // 1 mW/cm2 = 10 W/m2, charging
  ASSERT_EQ(c.limits.size(), 1u);
  expectLimit(c.limits[0], LKind::VoltageAbove, 4.2);
}

TEST(ProtocolSentence, CRateSpellings) {
  struct Case {
    const char* text;
    double multiple;
  };
  for (const Case& c : {Case{"1C", 1.0}, Case{"1 C", 1.0}, Case{"C/2", 0.5}, Case{"C/20", 0.05},
                        Case{"0.05C", 0.05}, Case{"2C", 2.0}, Case{"0.5C", 0.5}}) {
    SCOPED_TRACE(c.text);
    const Step s = sentence(std::string("Discharge at ") + c.text + " until 3 V");
    EXPECT_EQ(s.control, Control::Current);
    EXPECT_EQ(s.current.kind, CKind::CRate);
    expectNear(s.current.value, c.multiple);
    const Step h = sentence(std::string("Hold at 4.2 V until ") + c.text);
    ASSERT_EQ(h.limits.size(), 1u);
    expectTaper(h.limits[0], CKind::CRate, c.multiple);
  }
}

TEST(ProtocolSentence, CaseInsensitive) {
  const Step a = sentence("DISCHARGE AT 2C FOR 1 HOUR OR UNTIL 3 V");
  EXPECT_EQ(a.control, Control::Current);
  EXPECT_EQ(a.current.kind, CKind::CRate);
  expectNear(a.current.value, 2.0);
  ASSERT_EQ(a.limits.size(), 2u);
  expectLimit(a.limits[0], LKind::Duration, 3600.0);
  expectLimit(a.limits[1], LKind::VoltageBelow, 3.0);

  const Step b = sentence("charge at c/2 until 4.2 v");
  expectNear(b.current.value, -0.5);
  ASSERT_EQ(b.limits.size(), 1u);
  expectLimit(b.limits[0], LKind::VoltageAbove, 4.2);

  const Step r = sentence("rest for 30 Minutes");
  EXPECT_EQ(r.control, Control::Rest);
  ASSERT_EQ(r.limits.size(), 1u);
  expectLimit(r.limits[0], LKind::Duration, 1800.0);
}

TEST(ProtocolSentence, SeveralLimitsInOrder) {
  const Step s = sentence("Discharge at 1C until 3 V or 1 mAh/cm2");
  ASSERT_EQ(s.limits.size(), 2u);
  expectLimit(s.limits[0], LKind::VoltageBelow, 3.0);
  expectLimit(s.limits[1], LKind::Capacity, 36000.0);

  const Step t = sentence("Charge at 1C for 90 min until 4.1 V");  // "or" is optional
  ASSERT_EQ(t.limits.size(), 2u);
  expectLimit(t.limits[0], LKind::Duration, 5400.0);
  expectLimit(t.limits[1], LKind::VoltageAbove, 4.1);
}

TEST(ProtocolSentence, CRateResolvesAgainstOneC) {
  const Step s = sentence("Charge at C/2 until 4.2 V");
  expectNear(s.current.resolve(30.0), -15.0);
  const Step d = sentence("Charge at 3 A/m2 until 4.2 V");
  expectNear(d.current.resolve(30.0), -3.0);
}

TEST(ProtocolSentences, SymmetricCellVoltagesMayBeNegative) {
  // A Li | Li cell sits at 0 V: holds and limits of either sign are meaningful.
  const InputNode where = InputNode::fromString("x: 1\n", "case.yaml");
  const Step h = parseStepSentence("Hold at -10 mV for 5 h", where);
  EXPECT_EQ(h.control, Step::Control::Voltage);
  EXPECT_DOUBLE_EQ(h.voltage_V, -0.010);
  const Step d = parseStepSentence("Discharge at 1 mA/cm2 until -0.5 V", where);
  ASSERT_EQ(d.limits.size(), 1u);
  EXPECT_EQ(d.limits[0].kind, StepLimit::Kind::VoltageBelow);
  EXPECT_DOUBLE_EQ(d.limits[0].value, -0.5);
}

// ------------------------------------------------------------------------------------------
// Impedance steps

TEST(ProtocolSentence, EisDefaultsToTenPointsPerDecadeGalvanostatic) {
  const Step s = sentence("EIS from 1 MHz to 10 mHz");
  EXPECT_EQ(s.control, Control::Impedance);
  EXPECT_DOUBLE_EQ(s.impedance.f_high_Hz, 1e6);
  EXPECT_DOUBLE_EQ(s.impedance.f_low_Hz, 1e-2);
  EXPECT_EQ(s.impedance.points_per_decade, 10);
  EXPECT_FALSE(s.impedance.potentiostatic);
  EXPECT_TRUE(s.limits.empty());
}

TEST(ProtocolSentence, EisFrequenciesInEitherOrderWithOptions) {
  const Step s = sentence("eis from 10 mHz to 100 kHz at 5 points per decade potentiostatic");
  EXPECT_DOUBLE_EQ(s.impedance.f_high_Hz, 1e5);
  EXPECT_DOUBLE_EQ(s.impedance.f_low_Hz, 1e-2);
  EXPECT_EQ(s.impedance.points_per_decade, 5);
  EXPECT_TRUE(s.impedance.potentiostatic);
}

}  // namespace
