// Whole protocols: lists of steps, repeated blocks, map-form steps and staircases. Each step
// must keep its own line, so that errors and results point back at the recipe.
#include <gtest/gtest.h>

#include <string>

#include "ProtocolTestSupport.hpp"

using namespace cellsim;
using namespace cellsim::testing_support;

namespace {

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
