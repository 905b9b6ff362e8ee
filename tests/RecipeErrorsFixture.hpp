#pragma once
// The RecipeErrors fixture of the recipe-error tests (test_recipe_*_errors.cpp): each test
// edits a private copy of the real 1C validation case and its params files, then checks the
// InputError's file, line, key path and wording.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <unistd.h>

#include "core/input/Input.hpp"
#include "models/io/Recipe.hpp"

namespace cellsim::testing_support {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;

inline constexpr const char* kCaseRel = "cases/validation/comsol_marquis2019_1C.yaml";
inline constexpr const char* kGraphiteRel = "params/materials/graphite_MCMB2528_Marquis2019.yaml";
inline constexpr const char* kLcoRel = "params/materials/LiCoO2_Marquis2019.yaml";
inline constexpr const char* kElectrolyteRel = "params/electrolytes/LiPF6_EC_DMC_Marquis2019.yaml";

inline fs::path sourceDir() { return fs::path(CELLSIM_SOURCE_DIR); }

inline std::vector<std::string> readLines(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("test setup: cannot read " + p.string());
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

inline void writeLines(const fs::path& p, const std::vector<std::string>& lines) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  for (const auto& l : lines) out << l << '\n';
  if (!out) throw std::runtime_error("test setup: cannot write " + p.string());
}

//! A private copy of the 1C case and its params files that a test may edit line by line.
//! Every edit helper checks that the line it changes is the one expected, so a change to the
//! real case makes these tests fail loudly instead of silently testing something else; each
//! returns the 1-based line number of the edited line for the assertions.
class RecipeErrors : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string("cellsim_recipe_errors_") + std::to_string(::getpid()) + "_" +
                       info->test_suite_name() + "_" + info->name();
    for (char& c : name)
      if (c == '/') c = '_';
    root_ = (fs::path(::testing::TempDir()) / name).lexically_normal();
    fs::remove_all(root_);
    for (const char* rel : {kCaseRel, kGraphiteRel, kLcoRel, kElectrolyteRel}) {
      fs::create_directories((root_ / rel).parent_path());
      fs::copy_file(sourceDir() / rel, root_ / rel);
    }
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }

  fs::path file(const std::string& rel) const { return root_ / rel; }
  std::string casePath() const { return file(kCaseRel).string(); }

  //! Replaces the `occurrence`-th line equal to `old_line` in `rel` by `new_line`.
  int replaceLine(const std::string& rel, const std::string& old_line, const std::string& new_line,
                  int occurrence = 1) {
    auto lines = readLines(file(rel));
    const int i = find(lines, rel, old_line, occurrence);
    lines[i] = new_line;
    writeLines(file(rel), lines);
    return i + 1;
  }
  //! Inserts `new_line` after the first line equal to `anchor`; returns the new line's number.
  int insertAfter(const std::string& rel, const std::string& anchor, const std::string& new_line,
                  int occurrence = 1) {
    auto lines = readLines(file(rel));
    const int i = find(lines, rel, anchor, occurrence);
    lines.insert(lines.begin() + i + 1, new_line);
    writeLines(file(rel), lines);
    return i + 2;
  }
  //! Deletes the line equal to `old_line`; returns the number it had.
  int deleteLine(const std::string& rel, const std::string& old_line, int occurrence = 1) {
    auto lines = readLines(file(rel));
    const int i = find(lines, rel, old_line, occurrence);
    lines.erase(lines.begin() + i);
    writeLines(file(rel), lines);
    return i + 1;
  }
  //! Line number (1-based) of a line in the unedited or edited copy.
  int lineOf(const std::string& rel, const std::string& line, int occurrence = 1) const {
    const auto lines = readLines(file(rel));
    return find(lines, rel, line, occurrence) + 1;
  }

  //! Loads the (edited) case and returns the InputError; records a failure if the case loads
  //! or fails with anything other than an InputError.
  std::optional<InputError> loadError(const std::vector<std::string>& overrides = {}) const {
    try {
      (void)loadCase(casePath(), overrides);
    } catch (const InputError& e) {
      return e;
    } catch (const std::exception& e) {
      ADD_FAILURE() << "expected an InputError, got another exception: " << e.what();
      return std::nullopt;
    }
    ADD_FAILURE() << "the malformed recipe was accepted";
    return std::nullopt;
  }

  //! The error names `rel` (a file of the temporary tree) at `line`, prefixes the message with
  //! "FILE:LINE: KEY.PATH: ", and contains every fragment.
  void expectErrorAt(const std::optional<InputError>& e, const std::string& rel, int line,
                     const std::string& key_path, const std::vector<std::string>& fragments) const {
    ASSERT_TRUE(e.has_value());
    const std::string what = e->what();
    const fs::path expected_file = file(rel).lexically_normal();
    EXPECT_EQ(fs::path(e->file()).lexically_normal(), expected_file) << what;
    EXPECT_EQ(e->line(), line) << what;
    EXPECT_EQ(e->keyPath(), key_path) << what;
    EXPECT_THAT(what, HasSubstr(expected_file.filename().string() + ":" + std::to_string(line) + ":"));
    EXPECT_THAT(what, StartsWith(e->file() + ":" + std::to_string(line) + ": " +
                                 (key_path.empty() ? std::string() : key_path + ": ")));
    for (const auto& f : fragments) EXPECT_THAT(what, HasSubstr(f));
  }

  //! Errors in --set overrides have file "--set" and no line.
  static void expectOverrideError(const std::optional<InputError>& e, const std::string& key_path,
                                  const std::vector<std::string>& fragments) {
    ASSERT_TRUE(e.has_value());
    const std::string what = e->what();
    EXPECT_EQ(e->file(), "--set") << what;
    EXPECT_EQ(e->line(), 0) << what;
    EXPECT_EQ(e->keyPath(), key_path) << what;
    EXPECT_THAT(what, StartsWith("--set: " + (key_path.empty() ? std::string() : key_path + ": ")));
    for (const auto& f : fragments) EXPECT_THAT(what, HasSubstr(f));
  }

  fs::path root_;

 private:
  static int find(const std::vector<std::string>& lines, const std::string& rel, const std::string& wanted,
                  int occurrence) {
    int seen = 0;
    for (size_t i = 0; i < lines.size(); ++i) {
      if (lines[i] == wanted && ++seen == occurrence) return static_cast<int>(i);
    }
    throw std::runtime_error("test setup: line '" + wanted + "' (occurrence " + std::to_string(occurrence) +
                             ") not found in " + rel + "; has the real case changed?");
  }
};

}  // namespace cellsim::testing_support
