// A sentence that cannot be read must be rejected at its own line with what was wrong and a
// valid example, so that a typo in a hand-written step is fixed without reading the parser.
#include <gtest/gtest.h>

#include <string>

#include "ProtocolTestSupport.hpp"

using namespace cellsim;
using namespace cellsim::testing_support;

namespace {

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
// Impedance steps

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
