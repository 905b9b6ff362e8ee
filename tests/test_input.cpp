#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include "InputTestSupport.hpp"
#include "core/input/Input.hpp"
#include "core/input/Text.hpp"

using cellsim::closestMatch;
using cellsim::InputError;
using cellsim::InputNode;
using cellsim::Overrides;
using cellsim::Range;
using ::testing::HasSubstr;
using ::testing::Not;

namespace fs = std::filesystem;

using cellsim::testing_support::errorOf;

namespace {

// Line numbers are given in comments; keep them in sync when editing.
const char* const kCase =
    "cell:\n"                         // 1
    "  positive:\n"                   // 2
    "    thickness: 100 um\n"         // 3
    "    porosity: 0.3\n"             // 4
    "    bad_thickness: 25 umm\n"     // 5
    "    bare_thickness: 25\n"        // 6
    "  separator:\n"                  // 7
    "    porosty: 0.4\n"              // 8
    "    fraction: 1.2\n"             // 9
    "protocol:\n"                     // 10
    "  - Rest for 1 hour\n"           // 11
    "  - Discharge at 1C\n"           // 12
    "  - {hold: 4.2 V, cycles: 3}\n"  // 13
    "flags:\n"                        // 14
    "  a: yes\n"                      // 15
    "  b: False\n"                    // 16
    "  n: 3\n"                        // 17
    "  x: 2.5\n";                     // 18

InputNode load(std::shared_ptr<Overrides> o = nullptr) { return InputNode::fromString(kCase, "case.yaml", o); }

TEST(InputError, Format) {
  EXPECT_STREQ(InputError("a.yaml", 12, "cell.x", "bad").what(), "a.yaml:12: cell.x: bad");
  EXPECT_STREQ(InputError("a.yaml", 12, "", "bad").what(), "a.yaml:12: bad");
  EXPECT_STREQ(InputError("--set", 0, "cell.x", "bad").what(), "--set: cell.x: bad");
  InputError e("f", 3, "k", "m");
  EXPECT_EQ(e.file(), "f");
  EXPECT_EQ(e.line(), 3);
  EXPECT_EQ(e.keyPath(), "k");
}

TEST(Input, ReadsValuesWithPathsAndLines) {
  const InputNode root = load();
  const InputNode pos = root["cell"]["positive"];
  EXPECT_EQ(pos.keyPath(), "cell.positive");
  EXPECT_EQ(pos.line(), 2);
  EXPECT_DOUBLE_EQ(pos.quantity("thickness", "m"), 1e-4);
  EXPECT_EQ(pos["thickness"].line(), 3);
  EXPECT_EQ(pos["thickness"].keyPath(), "cell.positive.thickness");
  EXPECT_DOUBLE_EQ(pos.number("porosity", Range::fraction()), 0.3);
  EXPECT_TRUE(pos.has("porosity"));
  EXPECT_FALSE(pos.has("tortuosity"));
  EXPECT_FALSE(pos.optional("tortuosity").has_value());
  EXPECT_DOUBLE_EQ(pos.numberOr("tortuosity", 1.5), 1.5);
  EXPECT_DOUBLE_EQ(pos.quantityOr("coating", "m", 7.0), 7.0);
  EXPECT_EQ(root.stringOr("title", "untitled"), "untitled");
  EXPECT_EQ(pos.keys(), (std::vector<std::string>{"thickness", "porosity", "bad_thickness", "bare_thickness"}));

  const auto steps = root["protocol"].elements();
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(steps[1].asString(), "Discharge at 1C");
  EXPECT_EQ(steps[1].keyPath(), "protocol[1]");
  EXPECT_EQ(steps[1].line(), 12);
  EXPECT_EQ(steps[2]["cycles"].keyPath(), "protocol[2].cycles");
  EXPECT_EQ(steps[2]["cycles"].asInt(), 3);

  const InputNode flags = root["flags"];
  EXPECT_TRUE(flags["a"].asBool());
  EXPECT_FALSE(flags["b"].asBool());
  EXPECT_EQ(flags["n"].asInt(), 3);
  EXPECT_THAT(errorOf([&] { flags["x"].asInt(); }), HasSubstr("case.yaml:18: flags.x: expected an integer"));
  EXPECT_THAT(errorOf([&] { flags["n"].asBool(); }), HasSubstr("expected true or false, got '3'"));
  EXPECT_THAT(errorOf([&] { pos["thickness"].asNumber(); }),
              HasSubstr("case.yaml:3: cell.positive.thickness: expected a plain number without a unit, got '100 um'"));
  EXPECT_THAT(errorOf([&] { root["protocol"]["x"]; }), HasSubstr("case.yaml:10: protocol:"));
  EXPECT_THAT(errorOf([&] { pos.elements(); }), HasSubstr("expected a list"));
}

TEST(Input, AssignmentRebindsAndDoesNotModifyTheTree) {
  const InputNode root = load();
  InputNode n = root["cell"]["positive"]["thickness"];
  n = root["cell"]["positive"]["porosity"];
  EXPECT_EQ(n.asString(), "0.3");
  EXPECT_EQ(root["cell"]["positive"]["thickness"].asString(), "100 um");
  std::optional<InputNode> o = root["flags"]["a"];
  o = root["flags"]["b"];
  EXPECT_EQ(root["flags"]["a"].asString(), "yes");
}

TEST(Input, MissingKeyReportedAtParent) {
  const InputNode root = load();
  EXPECT_EQ(errorOf([&] { root["cell"]["separator"]["thickness"]; }),
            "case.yaml:7: cell.separator.thickness: missing required key 'thickness'");
}

TEST(Input, UnknownKeyWithSuggestion) {
  const InputNode sep = load()["cell"]["separator"];
  EXPECT_EQ(errorOf([&] { sep.allowOnly({"porosity", "thickness", "fraction"}); }),
            "case.yaml:8: cell.separator.porosty: unknown key 'porosty'; did you mean 'porosity'?");
  EXPECT_EQ(errorOf([&] { sep.allowOnly({"a", "b", "c"}); }),
            "case.yaml:8: cell.separator.porosty: unknown key 'porosty'; expected one of: a, b, c");
  EXPECT_NO_THROW(sep.allowOnly({"porosty", "fraction"}));
}

TEST(Input, RangeViolation) {
  const InputNode sep = load()["cell"]["separator"];
  EXPECT_EQ(errorOf([&] { sep.number("fraction", Range::fraction()); }),
            "case.yaml:9: cell.separator.fraction: cell.separator.fraction = 1.2; "
            "violated constraint: 0 < fraction <= 1");
  EXPECT_DOUBLE_EQ(sep.number("fraction", Range::positive()), 1.2);
  EXPECT_EQ(Range::positive().describe("x"), "x > 0");
  EXPECT_EQ(Range::nonNegative().describe("x"), "x >= 0");
  EXPECT_EQ(Range::unitInterval().describe("x"), "0 <= x <= 1");
  EXPECT_EQ((Range{-1, 2, false, false}).describe("x"), "-1 < x < 2");
  EXPECT_FALSE(Range::fraction().contains(0.0));
  EXPECT_TRUE(Range::fraction().contains(1.0));
  EXPECT_TRUE(Range::unitInterval().contains(0.0));
  EXPECT_FALSE(Range::positive().contains(std::nan("")));
}

TEST(Input, BadUnitAndMissingUnit) {
  const InputNode pos = load()["cell"]["positive"];
  EXPECT_EQ(errorOf([&] { pos.quantity("bad_thickness", "m"); }),
            "case.yaml:5: cell.positive.bad_thickness: unknown unit 'umm' in '25 umm'; did you mean 'mm'?");
  EXPECT_EQ(errorOf([&] { pos.quantity("bare_thickness", "m"); }),
            "case.yaml:6: cell.positive.bare_thickness: missing unit: expected a value with units of m "
            "(e.g. '25 um'), got '25'");
  EXPECT_THAT(errorOf([&] { pos.quantity("thickness", "A/m2"); }),
              HasSubstr("case.yaml:3: cell.positive.thickness: expected a value with units of A/m2"));
  // Dimensionless: bare numbers are fine.
  EXPECT_DOUBLE_EQ(pos.quantity("porosity", ""), 0.3);
  // Range on a quantity shows the SI value too.
  EXPECT_THAT(errorOf([&] { pos.quantity("thickness", "m", Range{0, 1e-5}); }),
              HasSubstr("cell.positive.thickness = 100 um (0.0001 m); violated constraint: 0 <= thickness <= 1e-05"));
}

TEST(Input, YamlSyntaxError) {
  const std::string text =
      "a: 1\n"        // 1
      "b: [1, 2\n"    // 2
      "c: 3\n"        // 3
      "d: {x: 1\n";   // 4
  const std::string msg = errorOf([&] { InputNode::fromString(text, "broken.yaml"); });
  // yaml-cpp notices the unclosed '[' when it reaches line 3.
  EXPECT_THAT(msg, HasSubstr("broken.yaml:3: YAML syntax error"));

  // A bad indentation on a known line.
  const std::string text2 =
      "a:\n"          // 1
      "  b: 1\n"      // 2
      "   c: 2\n";    // 3
  try {
    InputNode::fromString(text2, "indent.yaml");
    FAIL() << "expected an error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), "indent.yaml");
    EXPECT_EQ(e.line(), 3);
    EXPECT_THAT(e.what(), HasSubstr("indent.yaml:3: YAML syntax error"));
  }
}

TEST(Input, DuplicateKey) {
  const std::string text =
      "a: 1\n"   // 1
      "b: 2\n"   // 2
      "a: 3\n";  // 3
  EXPECT_EQ(errorOf([&] { InputNode::fromString(text, "dup.yaml"); }),
            "dup.yaml:3: a: duplicate key 'a' (first given on line 1)");
}

TEST(Input, MissingFile) {
  EXPECT_THAT(errorOf([] { InputNode::loadFile("/nonexistent/case.yaml"); }),
              HasSubstr("/nonexistent/case.yaml: cannot open"));
}

TEST(Input, ClosestMatch) {
  EXPECT_EQ(closestMatch("porosty", {"thickness", "porosity", "tortuosity"}), "porosity");
  EXPECT_EQ(closestMatch("POROSITY", {"thickness", "porosity"}), "porosity");
  EXPECT_EQ(closestMatch("xyz", {"thickness", "porosity"}), "");
  EXPECT_EQ(closestMatch("D_s", {"D_e", "k"}), "D_e");
  EXPECT_EQ(closestMatch("anything", {}), "");
}

TEST(Overrides, AppliedAndMarkedUsed) {
  auto o = std::make_shared<Overrides>();
  o->add("cell.separator.fraction=0.4");
  o->add("cell.positive.thickness = 25 um");
  o->add("cell.positive.new_key=[1, 2]");
  o->add("cell.negative.thickness=80 um");  // a whole section absent from the file
  o->add("protocol[0]=Rest for 2 hours");
  const InputNode root = load(o);
  const InputNode sep = root["cell"]["separator"];
  EXPECT_DOUBLE_EQ(sep.number("fraction", Range::fraction()), 0.4);
  EXPECT_DOUBLE_EQ(root["cell"]["positive"].quantity("thickness", "m"), 25e-6);
  EXPECT_TRUE(root["cell"]["positive"].has("new_key"));
  EXPECT_EQ(root["cell"]["positive"]["new_key"].elements().size(), 2u);
  EXPECT_TRUE(root["cell"].has("negative"));
  EXPECT_DOUBLE_EQ(root["cell"]["negative"].quantity("thickness", "m"), 80e-6);
  EXPECT_EQ(root["protocol"].elements()[0].asString(), "Rest for 2 hours");
  EXPECT_NO_THROW(o->checkAllUsed());
  EXPECT_EQ(o->used.size(), 5u);
  // Absent keys created by overrides show up in keys().
  const auto keys = root["cell"]["positive"].keys();
  EXPECT_NE(std::find(keys.begin(), keys.end(), "new_key"), keys.end());
}

TEST(Overrides, ErrorsNameTheCommandLine) {
  auto o = std::make_shared<Overrides>();
  o->add("cell.separator.fraction=1.5");
  const InputNode sep = load(o)["cell"]["separator"];
  try {
    sep.number("fraction", Range::fraction());
    FAIL() << "expected an error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), "--set");
    EXPECT_EQ(e.line(), 0);
    EXPECT_STREQ(e.what(),
                 "--set: cell.separator.fraction: cell.separator.fraction = 1.5; violated constraint: "
                 "0 < fraction <= 1");
  }
}

TEST(Overrides, Malformed) {
  Overrides o;
  EXPECT_THAT(errorOf([&] { o.add("no_equals_sign"); }), HasSubstr("--set: malformed override"));
  EXPECT_THAT(errorOf([&] { o.add("=3"); }), HasSubstr("malformed override"));
  EXPECT_THAT(errorOf([&] { o.add("a.b="); }), HasSubstr("malformed override"));
  EXPECT_THAT(errorOf([&] { o.add("a.b=[1, 2"); }), HasSubstr("--set: a.b: cannot read value"));
}

TEST(Overrides, UnusedReportedWithSuggestion) {
  auto o = std::make_shared<Overrides>();
  o->add("cell.separator.fractoin=0.5");
  const InputNode root = load(o);
  root["cell"]["separator"].number("fraction");
  EXPECT_EQ(errorOf([&] { o->checkAllUsed(); }),
            "--set: cell.separator.fractoin: override 'cell.separator.fractoin=0.5' does not match any key "
            "read from the recipe; did you mean 'cell.separator.fraction'?");

  auto o2 = std::make_shared<Overrides>();
  o2->add("zzz.qqq=1");
  (void)load(o2)["cell"];
  EXPECT_THAT(errorOf([&] { o2->checkAllUsed(); }), Not(HasSubstr("did you mean")));
}

TEST(Overrides, UnknownOverrideKeyCaughtByAllowOnly) {
  auto o = std::make_shared<Overrides>();
  o->add("cell.positive.thicknes=3 um");
  const InputNode pos = load(o)["cell"]["positive"];
  EXPECT_EQ(errorOf([&] { pos.allowOnly({"thickness", "porosity", "bad_thickness", "bare_thickness"}); }),
            "--set: cell.positive.thicknes: unknown key 'thicknes'; did you mean 'thickness'?");
}

class ReferencedFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           ("cellsim_input_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "cases");
    fs::create_directories(dir_ / "params" / "materials");
    write("params/materials/nmc.yaml",
          "D_s: 1e-14 m2/s\n"      // 1
          "c_max: 51190 mol/m3\n"  // 2
          "k: fast\n");            // 3
    write("cases/case.yaml",
          "cell:\n"                                                // 1
          "  positive:\n"                                          // 2
          "    material: ../params/materials/nmc.yaml\n"           // 3
          "    missing_material: ../params/materials/lfp.yaml\n"   // 4
          "    note: not a file\n");                               // 5
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& rel, const std::string& text) { std::ofstream(dir_ / rel) << text; }
  std::string path(const std::string& rel) const { return (dir_ / rel).string(); }
  fs::path dir_;
};

TEST_F(ReferencedFiles, LoadsRelativeToTheReferringFile) {
  const InputNode root = InputNode::loadFile(path("cases/case.yaml"));
  const InputNode mat = root["cell"]["positive"]["material"].referenced();
  EXPECT_EQ(mat.keyPath(), "cell.positive.material");
  EXPECT_EQ(fs::path(mat.file()), fs::path(path("params/materials/nmc.yaml")).lexically_normal());
  EXPECT_DOUBLE_EQ(mat.quantity("c_max", "mol/m3"), 51190.0);
  EXPECT_THAT(errorOf([&] { mat.quantity("k", "1/s"); }),
              HasSubstr("nmc.yaml:3: cell.positive.material.k: expected a value with units of 1/s"));
  // A plain string is returned as is.
  EXPECT_EQ(root["cell"]["positive"]["note"].referenced().asString(), "not a file");
}

TEST_F(ReferencedFiles, MissingReferencedFile) {
  const InputNode root = InputNode::loadFile(path("cases/case.yaml"));
  const std::string msg = errorOf([&] { root["cell"]["positive"]["missing_material"].referenced(); });
  EXPECT_THAT(msg, HasSubstr("case.yaml:4: cell.positive.missing_material: cannot open referenced file "
                             "'../params/materials/lfp.yaml' (resolved to '"));
  EXPECT_THAT(msg, HasSubstr("params/materials/lfp.yaml')"));
  EXPECT_THAT(msg, Not(HasSubstr("/../")));  // resolved path is normalised
}

TEST_F(ReferencedFiles, OverridesReachIntoReferencedFiles) {
  auto o = std::make_shared<Overrides>();
  o->add("cell.positive.material.D_s=2e-14 m2/s");
  o->add("cell.positive.material.extra=5 s");  // absent from the params file
  const InputNode root = InputNode::loadFile(path("cases/case.yaml"), o);
  const InputNode mat = root["cell"]["positive"]["material"].referenced();
  EXPECT_DOUBLE_EQ(mat.quantity("D_s", "m2/s"), 2e-14);
  EXPECT_DOUBLE_EQ(mat.quantity("extra", "s"), 5.0);
  EXPECT_DOUBLE_EQ(mat.quantity("c_max", "mol/m3"), 51190.0);
  EXPECT_NO_THROW(o->checkAllUsed());
}

TEST_F(ReferencedFiles, SyntaxErrorInReferencedFile) {
  write("params/materials/bad.yaml",
        "a: 1\n"          // 1
        "b: [1, 2\n");    // 2
  write("cases/bad.yaml", "material: ../params/materials/bad.yaml\n");
  const InputNode root = InputNode::loadFile(path("cases/bad.yaml"));
  EXPECT_THAT(errorOf([&] { root["material"].referenced(); }), HasSubstr("bad.yaml:"));
  EXPECT_THAT(errorOf([&] { root["material"].referenced(); }), HasSubstr("YAML syntax error"));
}

// An empty referenced file has no line to point at: the error says why instead (found by
// tests/fuzz: a truncated params file gave "missing required key" with no line and no reason).
TEST_F(ReferencedFiles, EmptyReferencedFileSaysItIsEmpty) {
  write("params/materials/empty.yaml", "# nothing but a comment\n");
  write("cases/empty.yaml", "material: ../params/materials/empty.yaml\n");
  const InputNode root = InputNode::loadFile(path("cases/empty.yaml"));
  const InputNode mat = root["material"].referenced();
  EXPECT_THAT(errorOf([&] { mat["c_max"]; }),
              HasSubstr("empty.yaml: material.c_max: missing required key 'c_max' (the file is empty or holds only comments)"));
  EXPECT_THAT(errorOf([&] { mat.fail("missing thickness"); }), HasSubstr("(the file is empty or holds only comments)"));
  // A key with no value has a line; the note is only for the empty document.
  const InputNode blank = InputNode::fromString("a:\n", "blank.yaml");
  EXPECT_EQ(errorOf([&] { blank["a"]["b"]; }), "blank.yaml:1: a.b: missing required key 'b'");
}

// Measured values are found by path in a targets file whose keys contain dots
// ("LLZTO0.95F0.05@PP"): the longest matching key wins at each level.
TEST(LookupPath, DottedKeysAndListIndices) {
  const InputNode root = InputNode::fromString(
      "sym:\n  t: {PP: 0.32, A0.95F0.05@PP: 0.68, A0: {95F0: {05@PP: -1}}}\n"
      "  rate: {mV: [23.0, 24.6, 37.0]}\n",
      "targets.yaml");
  EXPECT_DOUBLE_EQ(lookupPath(root, "sym.t.PP", root).asNumber(), 0.32);
  EXPECT_DOUBLE_EQ(lookupPath(root, "sym.t.A0.95F0.05@PP", root).asNumber(), 0.68);
  EXPECT_DOUBLE_EQ(lookupPath(root, "sym.rate.mV[2]", root).asNumber(), 37.0);
  EXPECT_THAT(errorOf([&] { lookupPath(root, "sym.t.LLZTO", root); }), HasSubstr("no key 'LLZTO'"));
  EXPECT_THAT(errorOf([&] { lookupPath(root, "sym.rate.mV[3]", root); }), HasSubstr("has 3 elements"));
}

}  // namespace
