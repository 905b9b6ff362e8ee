// Hostile and careless input ends with a clear error, never a hang, a crash or an overflow:
// alias bombs, huge repeat counts and step counts, out-of-range numbers, unbounded sentences,
// absurd unit powers; and text copied from recipes into outputs stays valid JSON and CSV.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "TestSupport.hpp"
#include "core/input/Input.hpp"
#include "core/input/Units.hpp"
#include "core/output/OutputFiles.hpp"

using namespace cellsim;
using namespace cellsim::testing_support;
using ::testing::HasSubstr;

namespace {

const char* const kLiLi = "cases/paper/cycling_LLZTO1.00@PP_0.5mA.yaml";

std::string loadError(const std::vector<std::string>& sets) {
  try {
    (void)loadCase(sourcePath(kLiLi), sets);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(HostileInput, AliasBombStopsAtTheNodeBudget) {
  // Ten anchors, each ten aliases of the one before: 10^10 nodes in 11 lines.
  std::string yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i <= 9; ++i) {
    const std::string p = "*a" + std::to_string(i - 1);
    yaml += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + p;
    for (int k = 1; k < 10; ++k) yaml += ", " + p;
    yaml += "]\n";
  }
  try {
    (void)InputNode::fromString(yaml, "bomb.yaml");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("bomb.yaml"));
    EXPECT_THAT(e.what(), HasSubstr("expands to more than 1000000 nodes"));
  }
}

TEST(HostileInput, RepeatCountsAndStepCountsAreBoundedAtLoad) {
  EXPECT_THAT(loadError({"protocol=[{repeat: 2147483647, steps: [\"Rest for 1 s\"]}]"}), HasSubstr("repeat"));
  const std::string many = loadError({"protocol=[{repeat: 99999999, steps: [\"Rest for 1 s\", \"Rest for 2 s\"]}]"});
  EXPECT_THAT(many, HasSubstr("199999998 steps"));
  EXPECT_THAT(many, HasSubstr("limits: {max_steps: N}"));
  // A recipe that means it may raise the limit.
  EXPECT_EQ(loadError({"protocol=[{repeat: 600000, steps: [\"Rest for 1 s\", \"Rest for 2 s\"]}]",
                       "limits={max_steps: 2e6}"}),
            "");
}

TEST(HostileInput, NumbersOutOfRangeAndEndlessSentencesGetFileAndLine) {
  const std::string huge = loadError({"protocol=[\"Discharge at 1e999C until 3 V\"]"});
  EXPECT_THAT(huge, HasSubstr("--set"));
  EXPECT_THAT(huge, HasSubstr("out of range"));
  const std::string digits(40000, '7');
  EXPECT_THAT(loadError({"protocol=[\"Discharge at " + digits + " mA/cm2 until 3 V\"]"}), HasSubstr("characters"));
  EXPECT_THAT(loadError({"protocol=[\"Discharge at 0.5 mA/cm2 for " + digits + " h\"]"}), HasSubstr("characters"));
}

TEST(HostileInput, UnitPowersAreBounded) {
  EXPECT_THROW(units::toSI("1 m^2147483647", "m2", false), units::UnitError);
  EXPECT_THROW(units::toSI("1 m^13", "m2", false), units::UnitError);
  EXPECT_DOUBLE_EQ(units::toSI("2 m^2", "m2", false), 2.0);
}

// Found by tests/fuzz: an expression holding "\x1b[2J" came back verbatim in the error, so
// printing the error cleared the terminal.
TEST(HostileInput, ErrorsDoNotEchoControlBytes) {
  const std::string msg = loadError({std::string("cell.electrolyte.conductivity.expression=0.1 *\x1b[2J c_e\x7f")});
  EXPECT_THAT(msg, HasSubstr("cell.electrolyte.conductivity.expression"));
  EXPECT_THAT(msg, HasSubstr("?[2J"));
  EXPECT_EQ(msg.find('\x1b'), std::string::npos);
  EXPECT_EQ(msg.find('\x7f'), std::string::npos);
  EXPECT_EQ(std::string(InputError("f.yaml", 2, "k", "a\nb\tc\x01").what()), "f.yaml:2: k: a\nb\tc?");
}

TEST(HostileInput, TextCopiedIntoOutputsStaysValid) {
  // Invalid UTF-8 (a lone continuation byte, a truncated sequence, an overlong form) becomes
  // U+FFFD; well-formed multi-byte text passes unchanged.
  EXPECT_EQ(jsonString(std::string("a\x80" "b")), "\"a\\ufffdb\"");
  EXPECT_EQ(jsonString(std::string("\xE2\x82")), "\"\\ufffd\\ufffd\"");
  EXPECT_EQ(jsonString(std::string("\xC0\xAF")), "\"\\ufffd\\ufffd\"");
  EXPECT_EQ(jsonString("Li | LLZTO\xE2\x82\x80.95 \xC2\xB0" "C"), "\"Li | LLZTO\xE2\x82\x80.95 \xC2\xB0" "C\"");
}

}  // namespace
