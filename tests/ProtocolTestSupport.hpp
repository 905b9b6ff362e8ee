#pragma once
// Helpers for the protocol parser tests (test_protocol_*.cpp): steps read from a one-line
// case.yaml, InputErrors caught with their file and line, and step comparisons.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "core/input/Input.hpp"
#include "models/simulation/Protocol.hpp"

namespace cellsim::testing_support {

using Control = Step::Control;
using LKind = StepLimit::Kind;
using CKind = CurrentSpec::Kind;

// The sentence is written on line 3 of "case.yaml", under key `step`.
inline InputNode sentenceNode(const std::string& sentence) {
  return InputNode::fromString("# a case\n# with a step\nstep: \"" + sentence + "\"\n", "case.yaml")["step"];
}

inline Step sentence(const std::string& s) { return parseStepSentence(s, sentenceNode(s)); }

inline Protocol protocolOf(const std::string& yaml) {
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

inline Caught sentenceError(const std::string& s) {
  return catchInputError([&] { sentence(s); });
}

inline Caught protocolError(const std::string& yaml) {
  return catchInputError([&] { protocolOf(yaml); });
}

inline bool contains(const std::string& hay, const std::string& needle) {
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

inline void expectNear(double actual, double expected) {
  EXPECT_NEAR(actual, expected, 1e-9 * std::max(1.0, std::fabs(expected)));
}

inline void expectLimit(const StepLimit& l, LKind kind, double value) {
  EXPECT_EQ(l.kind, kind);
  expectNear(l.value, value);
}

inline void expectTaper(const StepLimit& l, CKind kind, double value) {
  EXPECT_EQ(l.kind, LKind::CurrentBelow);
  EXPECT_EQ(l.current.kind, kind);
  expectNear(l.current.value, value);
}

inline void expectSameStep(const Step& a, const Step& b) {
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

}  // namespace cellsim::testing_support
