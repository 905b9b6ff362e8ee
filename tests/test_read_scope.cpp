// An input file reads only files under its own tree: references that lead out of it
// (absolute paths, "../", symlinks) are refused before anything is opened, naming the
// referring file, line and key and the rule, never what the target holds; and no error
// quotes more than a short excerpt of a file's content.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "InputTestSupport.hpp"
#include "core/input/Input.hpp"
#include "core/input/ReadScope.hpp"

using cellsim::InputNode;
using cellsim::testing_support::errorOf;
using ::testing::HasSubstr;
using ::testing::Not;

namespace fs = std::filesystem;

namespace {

const char* const kSecret = "SECRET-FIRST-LINE";

class ReadScopeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           ("cellsim_scope_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    for (const char* d : {"tree/cases/paper", "tree/params", "outside", "flat"}) fs::create_directories(dir_ / d);
    write("outside/secret.yaml", std::string(kSecret) + "\nsecond line of the secret\n");
    write("tree/params/mat.yaml", "D: 1e-14 m2/s\n");
    write("flat/mat.yaml", "D: 2e-14 m2/s\n");
  }
  void TearDown() override {
    cellsim::resetAllowedReads();
    unsetenv(cellsim::ReadScope::kEnvironment);
    fs::remove_all(dir_);
  }
  void write(const std::string& rel, const std::string& text) { std::ofstream(dir_ / rel) << text; }
  std::string path(const std::string& rel) const { return (dir_ / rel).string(); }
  //! A case in tree/cases/paper whose line 2 refers to `target`; the error of reading it.
  std::string refusal(const std::string& target) {
    write("tree/cases/paper/case.yaml", "cell:\n  material: " + target + "\n");
    return errorOf([&] { InputNode::loadFile(path("tree/cases/paper/case.yaml"))["cell"]["material"].referenced(); });
  }
  double readD(const std::string& case_rel, const std::string& target) {
    write(case_rel, "cell:\n  material: " + target + "\n");
    return InputNode::loadFile(path(case_rel))["cell"]["material"].referenced().quantity("D", "m2/s");
  }
  fs::path dir_;
};

TEST_F(ReadScopeTest, AbsolutePathOutOfTheTreeIsRefusedWithoutItsContent) {
  const std::string msg = refusal(path("outside/secret.yaml"));
  EXPECT_THAT(msg, HasSubstr("case.yaml:2: cell.material: '"));
  EXPECT_THAT(msg, HasSubstr("is outside the input's tree"));
  EXPECT_THAT(msg, HasSubstr("nearest ancestor holding a 'params/' folder"));
  EXPECT_THAT(msg, HasSubstr("--allow-path"));
  EXPECT_THAT(msg, HasSubstr((dir_ / "tree").string()));  // the root it applied
  EXPECT_THAT(msg, Not(HasSubstr(kSecret)));
}

TEST_F(ReadScopeTest, DotDotOutOfTheTreeAndMissingFilesGetTheSameRefusal) {
  EXPECT_THAT(refusal("../../../outside/secret.yaml"), HasSubstr("is outside the input's tree"));
  // Whether a file outside exists is not revealed.
  EXPECT_THAT(refusal("../../../outside/nothing.yaml"), HasSubstr("is outside the input's tree"));
  EXPECT_THAT(refusal("/etc/nothing-here.yaml"), HasSubstr("is outside the input's tree"));
}

TEST_F(ReadScopeTest, SymlinksAreFollowedBeforeTheCheck) {
  fs::create_symlink(dir_ / "outside/secret.yaml", dir_ / "tree/params/link.yaml");
  const std::string msg = refusal("../../params/link.yaml");
  EXPECT_THAT(msg, HasSubstr("is outside the input's tree"));
  EXPECT_THAT(msg, Not(HasSubstr(kSecret)));
  // A link that stays inside the tree is fine.
  fs::create_symlink(dir_ / "tree/params/mat.yaml", dir_ / "tree/params/alias.yaml");
  EXPECT_DOUBLE_EQ(readD("tree/cases/paper/case.yaml", "../../params/alias.yaml"), 1e-14);
}

TEST_F(ReadScopeTest, TheTreeIsTheNearestAncestorWithParamsOrTheFilesOwnFolder) {
  EXPECT_DOUBLE_EQ(readD("tree/cases/paper/case.yaml", "../../params/mat.yaml"), 1e-14);
  EXPECT_DOUBLE_EQ(readD("flat/case.yaml", "mat.yaml"), 2e-14);
  write("flat/case2.yaml", "cell:\n  material: ../tree/params/mat.yaml\n");
  EXPECT_THAT(errorOf([&] { InputNode::loadFile(path("flat/case2.yaml"))["cell"]["material"].referenced(); }),
              HasSubstr("case2.yaml:2: cell.material: '../tree/params/mat.yaml' is outside the input's tree"));
}

TEST_F(ReadScopeTest, AllowDirAndTheEnvironmentWidenTheTree) {
  EXPECT_THROW(cellsim::allowReadsUnder(path("no-such-dir")), std::invalid_argument);
  cellsim::allowReadsUnder(path("tree"));
  EXPECT_DOUBLE_EQ(readD("flat/case.yaml", "../tree/params/mat.yaml"), 1e-14);
  cellsim::resetAllowedReads();
  EXPECT_THROW(readD("flat/case.yaml", "../tree/params/mat.yaml"), cellsim::InputError);
  setenv(cellsim::ReadScope::kEnvironment, (path("outside") + ":" + path("tree")).c_str(), 1);
  EXPECT_DOUBLE_EQ(readD("flat/case.yaml", "../tree/params/mat.yaml"), 1e-14);
}

TEST_F(ReadScopeTest, ErrorsQuoteOnlyAnExcerptOfAFilesContent) {
  // Any text parses as YAML (one long scalar); asking it for a key must not print it.
  std::string text = "first line of a long note that is not a recipe at all, really not";
  for (int i = 0; i < 200; ++i) text += "\nmore text " + std::to_string(i);
  write("tree/params/notes.yaml", text);
  write("tree/cases/paper/case.yaml", "cell:\n  material: ../../params/notes.yaml\n");
  const InputNode mat = InputNode::loadFile(path("tree/cases/paper/case.yaml"))["cell"]["material"].referenced();
  for (const std::string& msg : {errorOf([&] { mat.quantity("D", "m2/s"); }), errorOf([&] { mat.allowOnly({"D"}); }),
                                 errorOf([&] { mat.asNumber(); }), errorOf([&] { mat.asBool(); }),
                                 errorOf([&] { mat.asQuantity("m2/s"); })}) {
    EXPECT_THAT(msg, HasSubstr("notes.yaml"));
    EXPECT_THAT(msg, HasSubstr("first line of a long"));
    EXPECT_THAT(msg, Not(HasSubstr("more text")));
    EXPECT_LT(msg.size(), 400u) << msg;
  }
}

}  // namespace
