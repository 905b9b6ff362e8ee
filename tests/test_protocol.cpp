// Tests of the experiment-protocol parser (models/Protocol.hpp).
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "core/input/Input.hpp"
#include "models/simulation/Protocol.hpp"

using namespace cellsim;

namespace {

using Control = Step::Control;
using LKind = StepLimit::Kind;
using CKind = CurrentSpec::Kind;

// The sentence is written on line 3 of "case.yaml", under key `step`.
InputNode sentenceNode(const std::string& sentence) {
  return InputNode::fromString("# a case\n# with a step\nstep: \"" + sentence + "\"\n", "case.yaml")["step"];
}

Step sentence(const std::string& s) { return parseStepSentence(s, sentenceNode(s)); }

Protocol protocolOf(const std::string& yaml) {
  return parseProtocol(InputNode::fromString(yaml, "case.yaml")["protocol"]);
}

struct Caught {
  bool thrown = false;
  std::string what;
  std::string file;
  int line = -1;
};

template <class F>
Caught catchInputError(F&& f) {
  Caught c;
  try {
    f();
  } catch (const InputError& e) {
    c.thrown = true;
    c.what = e.what();
    c.file = e.file();
    c.line = e.line();
  }
  return c;
}

Caught sentenceError(const std::string& s) {
  return catchInputError([&] { sentence(s); });
}

Caught protocolError(const std::string& yaml) {
  return catchInputError([&] { protocolOf(yaml); });
}

bool contains(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

#define EXPECT_CONTAINS(hay, needle) \
  EXPECT_TRUE(contains((hay), (needle))) << "message: " << (hay) << "\nexpected to contain: " << (needle)

//! Thrown, at case.yaml:LINE, with the prefix in what().
#define EXPECT_ERROR_AT(c, LINE)                                                   \
  do {                                                                             \
    ASSERT_TRUE((c).thrown) << "expected an InputError";                          \
    EXPECT_EQ((c).file, "case.yaml");                                              \
    EXPECT_EQ((c).line, (LINE)) << (c).what;                                       \
    EXPECT_CONTAINS((c).what, "case.yaml:" + std::to_string(LINE) + ":");          \
  } while (0)

void expectNear(double actual, double expected) {
  EXPECT_NEAR(actual, expected, 1e-9 * std::max(1.0, std::fabs(expected)));
}

void expectLimit(const StepLimit& l, LKind kind, double value) {
  EXPECT_EQ(l.kind, kind);
  expectNear(l.value, value);
}

void expectTaper(const StepLimit& l, CKind kind, double value) {
  EXPECT_EQ(l.kind, LKind::CurrentBelow);
  EXPECT_EQ(l.current.kind, kind);
  expectNear(l.current.value, value);
}

void expectSameStep(const Step& a, const Step& b) {
  EXPECT_EQ(a.control, b.control);
  EXPECT_EQ(a.current.kind, b.current.kind);
  expectNear(a.current.value, b.current.value);
  expectNear(a.voltage_V, b.voltage_V);
  expectNear(a.power_W_m2, b.power_W_m2);
  ASSERT_EQ(a.limits.size(), b.limits.size());
  for (std::size_t i = 0; i < a.limits.size(); ++i) {
    EXPECT_EQ(a.limits[i].kind, b.limits[i].kind);
    expectNear(a.limits[i].value, b.limits[i].value);
    EXPECT_EQ(a.limits[i].current.kind, b.limits[i].current.kind);
    expectNear(a.limits[i].current.value, b.limits[i].current.value);
  }
}

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

// ------------------------------------------------------------------------------------------
// Sentence errors: all at case.yaml:3, each with a helpful fragment and valid examples.

TEST(ProtocolSentenceErrors, UnknownVerb) {
  const Caught c = sentenceError("Dischrage at 1C until 3 V");
  EXPECT_ERROR_AT(c, 3);
  EXPECT_CONTAINS(c.what, "unknown step 'Dischrage'");
  EXPECT_CONTAINS(c.what, "did you mean 'Discharge'");
  EXPECT_CONTAINS(c.what, "'Discharge at 1C until 3.0 V'");
  EXPECT_CONTAINS(c.what, "'Rest for 1 hour'");

  const Caught d = sentenceError("Cycle at 1C until 3 V");
  EXPECT_ERROR_AT(d, 3);
  EXPECT_CONTAINS(d.what, "unknown step 'Cycle'");
}

TEST(ProtocolSentenceErrors, MissingAt) {
  const Caught c = sentenceError("Discharge 1C until 3 V");
  EXPECT_ERROR_AT(c, 3);
  EXPECT_CONTAINS(c.what, "expected 'at'");
  EXPECT_CONTAINS(c.what, "'Discharge at 1C until 3.0 V'");

  const Caught h = sentenceError("Hold 4.2 V until C/20");
  EXPECT_ERROR_AT(h, 3);
  EXPECT_CONTAINS(h.what, "expected 'at'");
  EXPECT_CONTAINS(h.what, "'Hold at 4.2 V until C/20'");

  const Caught e = sentenceError("Charge at until 4.2 V");
  EXPECT_ERROR_AT(e, 3);
  EXPECT_CONTAINS(e.what, "missing a current after 'at'");
}

TEST(ProtocolSentenceErrors, MissingFor) {
  const Caught c = sentenceError("Rest 1 hour");
  EXPECT_ERROR_AT(c, 3);
  EXPECT_CONTAINS(c.what, "expected 'for'");
  EXPECT_CONTAINS(c.what, "'Rest for 1 hour'");
  EXPECT_CONTAINS(c.what, "'Rest for 10 min'");

  const Caught d = sentenceError("Rest");
  EXPECT_ERROR_AT(d, 3);
  EXPECT_CONTAINS(d.what, "needs an end");
}

TEST(ProtocolSentenceErrors, ZeroOrNegativeCurrent) {
  for (const char* s : {"Discharge at 0C until 3 V", "Charge at -1 A/m2 until 4.2 V", "Discharge at C/0 until 3 V",
                        "Discharge at -2C until 3 V", "Discharge at 0 W/m2 until 3 V"}) {
    SCOPED_TRACE(s);
    const Caught c = sentenceError(s);
    EXPECT_ERROR_AT(c, 3);
    EXPECT_CONTAINS(c.what, "must be positive");
    EXPECT_CONTAINS(c.what, "'Charge at C/2 until 4.2 V'");
  }
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

TEST(ProtocolSentenceErrors, NoLimit) {
  const Caught c = sentenceError("Discharge at 1C");
  EXPECT_ERROR_AT(c, 3);
  EXPECT_CONTAINS(c.what, "needs an end: add 'until 3.0 V' or 'for 1 hour'");

  const Caught h = sentenceError("Hold at 4.2 V");
  EXPECT_ERROR_AT(h, 3);
  EXPECT_CONTAINS(h.what, "needs an end: add 'until C/20' or 'for 1 hour'");

  const Caught k = sentenceError("Charge at 1C");
  EXPECT_ERROR_AT(k, 3);
  EXPECT_CONTAINS(k.what, "needs an end: add 'until 4.2 V' or 'for 1 hour'");
}

TEST(ProtocolSentenceErrors, TaperLimitOnCurrentStep) {
  for (const char* s : {"Discharge at 1C until C/20", "Charge at 1C until 0.05 mA/cm2",
                        "Charge at 1C for 1 hour or until C/50"}) {
    SCOPED_TRACE(s);
    const Caught c = sentenceError(s);
    EXPECT_ERROR_AT(c, 3);
    EXPECT_CONTAINS(c.what, "constant-voltage");
    EXPECT_CONTAINS(c.what, "'Hold at 4.2 V until C/20'");
  }
}

TEST(ProtocolSentenceErrors, HoldUntilVoltage) {
  const Caught c = sentenceError("Hold at 4.2 V until 4.1 V");
  EXPECT_ERROR_AT(c, 3);
  EXPECT_CONTAINS(c.what, "cannot end on the voltage '4.1 V'");
  EXPECT_CONTAINS(c.what, "'Hold at 4.2 V until C/20'");

  const Caught d = sentenceError("Hold at 1C until C/20");
  EXPECT_ERROR_AT(d, 3);
  EXPECT_CONTAINS(d.what, "Hold needs a voltage");
}

TEST(ProtocolSentenceErrors, UnparsableQuantity) {
  const Caught c = sentenceError("Discharge at 1 furlong until 3 V");
  EXPECT_ERROR_AT(c, 3);
  EXPECT_CONTAINS(c.what, "cannot read current '1 furlong'");
  EXPECT_CONTAINS(c.what, "furlong");
  EXPECT_CONTAINS(c.what, "'1 mA/cm2'");

  const Caught d = sentenceError("Discharge at 1C until 3 bananas");
  EXPECT_ERROR_AT(d, 3);
  EXPECT_CONTAINS(d.what, "cannot read limit '3 bananas'");

  const Caught n = sentenceError("Discharge at 1 until 3 V");
  EXPECT_ERROR_AT(n, 3);
  EXPECT_CONTAINS(n.what, "has no unit");

  const Caught w = sentenceError("Discharge at 1C for 3 V");
  EXPECT_ERROR_AT(w, 3);
  EXPECT_CONTAINS(w.what, "'for' needs a duration");
  EXPECT_CONTAINS(w.what, "'for 1 hour'");

  const Caught k = sentenceError("Discharge at 3 V until 2.5 V");
  EXPECT_ERROR_AT(k, 3);
  EXPECT_CONTAINS(k.what, "Discharge needs a current");
}

TEST(ProtocolSentenceErrors, RestWithVoltageLimit) {
  for (const char* s : {"Rest until 3 V", "Rest for 1 hour or until 3 V"}) {
    SCOPED_TRACE(s);
    const Caught c = sentenceError(s);
    EXPECT_ERROR_AT(c, 3);
    EXPECT_CONTAINS(c.what, "ambiguous");
    EXPECT_CONTAINS(c.what, "'Rest for 1 hour'");
    EXPECT_CONTAINS(c.what, "'Rest for 10 min'");
  }
  const Caught t = sentenceError("Rest for 1 hour or until C/20");
  EXPECT_ERROR_AT(t, 3);
  EXPECT_CONTAINS(t.what, "constant-voltage");
}

TEST(ProtocolSentenceErrors, BadConnectives) {
  const Caught a = sentenceError("Discharge at 1C until 3 V or");
  EXPECT_ERROR_AT(a, 3);
  EXPECT_CONTAINS(a.what, "nothing after 'or'");

  const Caught b = sentenceError("Discharge at 1C then 3 V");
  EXPECT_ERROR_AT(b, 3);
  EXPECT_CONTAINS(b.what, "cannot read current '1C then 3 V'");

  const Caught c = sentenceError("Discharge at 1C for 1 hour or 3 V");
  EXPECT_ERROR_AT(c, 3);
  EXPECT_CONTAINS(c.what, "expected 'until' after 'or'");

  const Caught d = sentenceError("Discharge at 1C until");
  EXPECT_ERROR_AT(d, 3);
  EXPECT_CONTAINS(d.what, "missing limit after 'until'");

  const Caught e = sentenceError("");
  EXPECT_ERROR_AT(e, 3);
  EXPECT_CONTAINS(e.what, "empty step");
}

// ------------------------------------------------------------------------------------------
// Whole protocols

TEST(Protocol, SentencesAndBlocks) {
  const Protocol p = protocolOf(
      "protocol:\n"                                  // 1
      "  - Discharge at 1C until 3.0 V\n"            // 2
      "  - Rest for 1 hour\n"                        // 3
      "  - repeat: 3\n"                              // 4
      "    steps:\n"                                 // 5
      "      - Charge at C/2 until 4.2 V\n"          // 6
      "      - Hold at 4.2 V until C/20\n"           // 7
      "  - Rest for 10 min\n");                      // 8
  ASSERT_EQ(p.blocks.size(), 3u);

  EXPECT_EQ(p.blocks[0].repeat, 1);
  ASSERT_EQ(p.blocks[0].steps.size(), 2u);
  EXPECT_EQ(p.blocks[0].steps[0].control, Control::Current);
  expectNear(p.blocks[0].steps[0].current.value, 1.0);
  EXPECT_EQ(p.blocks[0].steps[0].line, 2);
  EXPECT_EQ(p.blocks[0].steps[0].file, "case.yaml");
  EXPECT_EQ(p.blocks[0].steps[0].text, "Discharge at 1C until 3.0 V");
  EXPECT_EQ(p.blocks[0].steps[1].control, Control::Rest);
  EXPECT_EQ(p.blocks[0].steps[1].line, 3);

  EXPECT_EQ(p.blocks[1].repeat, 3);
  ASSERT_EQ(p.blocks[1].steps.size(), 2u);
  EXPECT_EQ(p.blocks[1].steps[0].control, Control::Current);
  expectNear(p.blocks[1].steps[0].current.value, -0.5);
  EXPECT_EQ(p.blocks[1].steps[0].line, 6);
  EXPECT_EQ(p.blocks[1].steps[1].control, Control::Voltage);
  EXPECT_EQ(p.blocks[1].steps[1].line, 7);
  ASSERT_EQ(p.blocks[1].steps[1].limits.size(), 1u);
  expectTaper(p.blocks[1].steps[1].limits[0], CKind::CRate, 0.05);

  EXPECT_EQ(p.blocks[2].repeat, 1);
  ASSERT_EQ(p.blocks[2].steps.size(), 1u);
  EXPECT_EQ(p.blocks[2].steps[0].line, 8);
  expectLimit(p.blocks[2].steps[0].limits[0], LKind::Duration, 600.0);
}

TEST(Protocol, AdjacentBlocksStaySeparate) {
  const Protocol p = protocolOf(
      "protocol:\n"
      "  - {repeat: 2, steps: [Discharge at 1C until 3 V, Charge at 1C until 4.2 V]}\n"
      "  - {repeat: 5, steps: [Rest for 1 hour]}\n");
  ASSERT_EQ(p.blocks.size(), 2u);
  EXPECT_EQ(p.blocks[0].repeat, 2);
  EXPECT_EQ(p.blocks[0].steps.size(), 2u);
  EXPECT_EQ(p.blocks[1].repeat, 5);
  EXPECT_EQ(p.blocks[1].steps.size(), 1u);
}

TEST(Protocol, MapSteps) {
  const Protocol p = protocolOf(
      "protocol:\n"                                  // 1
      "  - discharge: 1C\n"                          // 2
      "    until: 3.0 V\n"                           // 3
      "  - {charge: 1 mA/cm2, for: 30 min}\n"        // 4
      "  - hold: 4.2 V\n"                            // 5
      "    for: 1 hour\n"                            // 6
      "    until: [C/20]\n"                          // 7
      "  - {rest: true, for: 10 min}\n"              // 8
      "  - discharge: 10 W/m2\n"                     // 9
      "    until: [3.0 V, 0.5 mAh/cm2]\n");          // 10
  ASSERT_EQ(p.blocks.size(), 1u);
  EXPECT_EQ(p.blocks[0].repeat, 1);
  const auto& s = p.blocks[0].steps;
  ASSERT_EQ(s.size(), 5u);

  EXPECT_EQ(s[0].control, Control::Current);
  EXPECT_EQ(s[0].current.kind, CKind::CRate);
  expectNear(s[0].current.value, 1.0);
  ASSERT_EQ(s[0].limits.size(), 1u);
  expectLimit(s[0].limits[0], LKind::VoltageBelow, 3.0);
  EXPECT_EQ(s[0].text, "Discharge at 1C until 3.0 V");
  EXPECT_EQ(s[0].line, 2);
  EXPECT_EQ(s[0].file, "case.yaml");

  EXPECT_EQ(s[1].control, Control::Current);
  EXPECT_EQ(s[1].current.kind, CKind::Density);
  expectNear(s[1].current.value, -10.0);
  ASSERT_EQ(s[1].limits.size(), 1u);
  expectLimit(s[1].limits[0], LKind::Duration, 1800.0);
  EXPECT_EQ(s[1].text, "Charge at 1 mA/cm2 for 30 min");
  EXPECT_EQ(s[1].line, 4);

  EXPECT_EQ(s[2].control, Control::Voltage);
  expectNear(s[2].voltage_V, 4.2);
  ASSERT_EQ(s[2].limits.size(), 2u);
  expectLimit(s[2].limits[0], LKind::Duration, 3600.0);
  expectTaper(s[2].limits[1], CKind::CRate, 0.05);
  EXPECT_EQ(s[2].text, "Hold at 4.2 V for 1 hour or until C/20");
  EXPECT_EQ(s[2].line, 5);

  EXPECT_EQ(s[3].control, Control::Rest);
  ASSERT_EQ(s[3].limits.size(), 1u);
  expectLimit(s[3].limits[0], LKind::Duration, 600.0);
  EXPECT_EQ(s[3].text, "Rest for 10 min");
  EXPECT_EQ(s[3].line, 8);

  EXPECT_EQ(s[4].control, Control::Power);
  expectNear(s[4].power_W_m2, 10.0);
  ASSERT_EQ(s[4].limits.size(), 2u);
  expectLimit(s[4].limits[0], LKind::VoltageBelow, 3.0);
  expectLimit(s[4].limits[1], LKind::Capacity, 18000.0);
  EXPECT_EQ(s[4].text, "Discharge at 10 W/m2 until 3.0 V or 0.5 mAh/cm2");
  EXPECT_EQ(s[4].line, 9);

  // The synthesized text is itself a valid sentence meaning the same step.
  for (const Step& step : s) {
    SCOPED_TRACE(step.text);
    expectSameStep(sentence(step.text), step);
  }
}

TEST(Protocol, MapStepInsideBlock) {
  const Protocol p = protocolOf(
      "protocol:\n"
      "  - repeat: 2\n"
      "    steps:\n"
      "      - {charge: C/2, until: 4.2 V}\n"        // 4
      "      - Rest for 1 hour\n");                  // 5
  ASSERT_EQ(p.blocks.size(), 1u);
  EXPECT_EQ(p.blocks[0].repeat, 2);
  ASSERT_EQ(p.blocks[0].steps.size(), 2u);
  expectNear(p.blocks[0].steps[0].current.value, -0.5);
  expectLimit(p.blocks[0].steps[0].limits[0], LKind::VoltageAbove, 4.2);
  EXPECT_EQ(p.blocks[0].steps[0].line, 4);
  EXPECT_EQ(p.blocks[0].steps[1].line, 5);
}

// ------------------------------------------------------------------------------------------
// Protocol errors

TEST(ProtocolErrors, EmptyOrNotAList) {
  const Caught e = protocolError("# c\nprotocol: []\n");
  EXPECT_ERROR_AT(e, 2);
  EXPECT_CONTAINS(e.what, "empty protocol");
  EXPECT_CONTAINS(e.what, "Discharge at 1C until 3.0 V");

  const Caught s = protocolError("# c\nprotocol: Discharge at 1C until 3 V\n");
  EXPECT_ERROR_AT(s, 2);
  EXPECT_CONTAINS(s.what, "must be a list of steps");

  const Caught l = protocolError("protocol:\n  - Rest for 1 hour\n  - [Rest for 1 hour]\n");
  EXPECT_ERROR_AT(l, 3);
  EXPECT_CONTAINS(l.what, "a step is a sentence");
}

TEST(ProtocolErrors, SentenceErrorPointsAtItsLine) {
  const Caught c = protocolError(
      "protocol:\n"
      "  - Discharge at 1C until 3 V\n"
      "  - Rest for 1 hour\n"
      "  - Discharge at 1C\n");
  EXPECT_ERROR_AT(c, 4);
  EXPECT_CONTAINS(c.what, "needs an end: add 'until 3.0 V' or 'for 1 hour'");

  const Caught b = protocolError(
      "protocol:\n"
      "  - repeat: 2\n"
      "    steps:\n"
      "      - Rest for 1 hour\n"
      "      - Hold at 4.2 V until 4.1 V\n");
  EXPECT_ERROR_AT(b, 5);
  EXPECT_CONTAINS(b.what, "cannot end on the voltage");
}

TEST(ProtocolErrors, NestedBlocks) {
  const Caught c = protocolError(
      "protocol:\n"                                  // 1
      "  - repeat: 2\n"                              // 2
      "    steps:\n"                                 // 3
      "      - Rest for 1 hour\n"                    // 4
      "      - {repeat: 3, steps: [Rest for 1 hour]}\n");  // 5
  EXPECT_ERROR_AT(c, 5);
  EXPECT_CONTAINS(c.what, "may not nest");
}

TEST(ProtocolErrors, BadRepeat) {
  const Caught z = protocolError("protocol:\n  - Rest for 1 hour\n  - {repeat: 0, steps: [Rest for 1 hour]}\n");
  EXPECT_ERROR_AT(z, 3);
  EXPECT_CONTAINS(z.what, "repeat must be an integer from 1 to");

  const Caught n = protocolError("protocol:\n  - {repeat: -2, steps: [Rest for 1 hour]}\n");
  EXPECT_ERROR_AT(n, 2);

  const Caught t = protocolError("protocol:\n  - {repeat: two, steps: [Rest for 1 hour]}\n");
  EXPECT_ERROR_AT(t, 2);

  const Caught m = protocolError("protocol:\n  - {repeat: 2}\n");
  EXPECT_ERROR_AT(m, 2);
  EXPECT_CONTAINS(m.what, "steps");

  const Caught e = protocolError("protocol:\n  - {repeat: 2, steps: []}\n");
  EXPECT_ERROR_AT(e, 2);
  EXPECT_CONTAINS(e.what, "empty block");

  const Caught k = protocolError("protocol:\n  - {repeat: 2, stepz: [Rest for 1 hour]}\n");
  EXPECT_ERROR_AT(k, 2);
  EXPECT_CONTAINS(k.what, "stepz");
  EXPECT_CONTAINS(k.what, "'steps'");
}

TEST(ProtocolErrors, MapStepKeys) {
  const Caught typo = protocolError("protocol:\n  - {discharge: 1C, untill: 3.0 V}\n");
  EXPECT_ERROR_AT(typo, 2);
  EXPECT_CONTAINS(typo.what, "untill");
  EXPECT_CONTAINS(typo.what, "did you mean 'until'");

  const Caught two = protocolError("protocol:\n  - {discharge: 1C, charge: 1C, until: 3 V}\n");
  EXPECT_ERROR_AT(two, 2);
  EXPECT_CONTAINS(two.what, "exactly one of");

  const Caught none = protocolError("protocol:\n  - {for: 1 hour}\n");
  EXPECT_ERROR_AT(none, 2);
  EXPECT_CONTAINS(none.what, "needs one of 'discharge', 'charge', 'hold' or 'rest'");

  const Caught noend = protocolError("protocol:\n  - {discharge: 1C}\n");
  EXPECT_ERROR_AT(noend, 2);
  EXPECT_CONTAINS(noend.what, "needs an end: add 'until 3.0 V' or 'for 1 hour'");

  const Caught restfalse = protocolError("protocol:\n  - {rest: false, for: 1 hour}\n");
  EXPECT_ERROR_AT(restfalse, 2);
  EXPECT_CONTAINS(restfalse.what, "rest: true");

  const Caught restv = protocolError("protocol:\n  - {rest: true, until: 3 V}\n");
  EXPECT_ERROR_AT(restv, 2);
  EXPECT_CONTAINS(restv.what, "ambiguous");
}

TEST(ProtocolErrors, MapStepErrorsPointAtTheKey) {
  const Caught hold = protocolError(
      "protocol:\n"                                  // 1
      "  - hold: 4.2 V\n"                            // 2
      "    for: 1 hour\n"                            // 3
      "    until: 4.1 V\n");                         // 4
  EXPECT_ERROR_AT(hold, 4);
  EXPECT_CONTAINS(hold.what, "cannot end on the voltage '4.1 V'");

  const Caught taper = protocolError(
      "protocol:\n"                                  // 1
      "  - discharge: 1C\n"                          // 2
      "    until: [3.0 V,\n"                         // 3
      "            C/20]\n");                        // 4
  EXPECT_ERROR_AT(taper, 4);
  EXPECT_CONTAINS(taper.what, "constant-voltage");

  const Caught cur = protocolError(
      "protocol:\n"                                  // 1
      "  - until: 3.0 V\n"                           // 2
      "    discharge: -1C\n");                       // 3
  EXPECT_ERROR_AT(cur, 3);
  EXPECT_CONTAINS(cur.what, "must be positive");

  const Caught dur = protocolError(
      "protocol:\n"                                  // 1
      "  - rest: true\n"                             // 2
      "    for: 10 furlongs\n");                     // 3
  EXPECT_ERROR_AT(dur, 3);
  EXPECT_CONTAINS(dur.what, "furlongs");
}

}  // namespace

TEST(ProtocolStaircase, ExpandsToAlternatingLevels) {
  const InputNode root = InputNode::fromString(
      "protocol:\n  - {staircase: {from: 0.5 mA/cm2, step: 0.5 mA/cm2, to: 2 mA/cm2, each: 30 min}}\n", "case.yaml");
  const Protocol p = parseProtocol(root["protocol"]);
  ASSERT_EQ(p.blocks.size(), 1u);
  const auto& s = p.blocks[0].steps;
  ASSERT_EQ(s.size(), 8u);  // 4 levels x (plate, strip)
  for (int k = 0; k < 4; ++k) {
    EXPECT_DOUBLE_EQ(s[2 * k].current.value, 5.0 * (k + 1));       // A/m2
    EXPECT_DOUBLE_EQ(s[2 * k + 1].current.value, -5.0 * (k + 1));
    EXPECT_DOUBLE_EQ(s[2 * k].limits[0].value, 1800.0);
  }
  const InputNode bad = InputNode::fromString(
      "protocol:\n  - {staircase: {from: 2 mA/cm2, step: 0.5 mA/cm2, to: 1 mA/cm2, each: 30 min}}\n", "case.yaml");
  try {
    parseProtocol(bad["protocol"]);
    FAIL() << "a descending staircase was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("case.yaml:2"), std::string::npos) << e.what();
  }
}

// ---------------------------------------------------------------------------------------
// Impedance steps

namespace {

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

TEST(ProtocolSentence, EisErrorsSayWhatIsWrongAndWhere) {
  const Caught volts = sentenceError("EIS from 1 V to 10 mHz");
  EXPECT_TRUE(volts.thrown);
  EXPECT_TRUE(contains(volts.what, "frequency")) << volts.what;
  EXPECT_EQ(volts.line, 3);
  const Caught no_end = sentenceError("EIS from 1 MHz");
  EXPECT_TRUE(contains(no_end.what, "'to'")) << no_end.what;
  const Caught zero = sentenceError("EIS from 1 MHz to 10 mHz at 0 points per decade");
  EXPECT_TRUE(contains(zero.what, "whole number")) << zero.what;
  const Caught same = sentenceError("EIS from 1 Hz to 1 Hz");
  EXPECT_TRUE(contains(same.what, "two different frequencies")) << same.what;
  const Caught junk = sentenceError("EIS from 1 MHz to 10 mHz quickly");
  EXPECT_TRUE(contains(junk.what, "'quickly'")) << junk.what;
}

}  // namespace
