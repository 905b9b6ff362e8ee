// What a case asks to run (its protocol, sweeps, solver, output and safety options) is checked
// while loading, so a bad step fails at its line and not hours into a run; a failed run
// leaves earlier output untouched.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "RecipeErrorsFixture.hpp"
#include "core/output/OutputFiles.hpp"

namespace cellsim {
namespace {

using namespace testing_support;

std::string readAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// ---------------------------------------------------------------------------------------------
// Sweeps and safety.

TEST_F(RecipeErrors, SweepWithoutAScanRate) {
  const int line = replaceLine(kCaseRel, "  - \"Discharge at 1C until 3.105 V\"", "  - \"Sweep from 3.0 V to 4.2 V at 1 mV\"");
  expectErrorAt(loadError(), kCaseRel, line, "protocol[0]", {"positive scan rate such as '0.1 mV/s'"});
}

TEST_F(RecipeErrors, DrtRegularisationIsAutoOrANumber) {
  const int line = replaceLine(kCaseRel, "  profile_times: [\"904.523 s\", \"1809.05 s\", \"2713.57 s\", \"3600 s\"]",
                               "  drt_regularisation: often");
  expectErrorAt(loadError(), kCaseRel, line, "output.drt_regularisation", {"'auto'", "1e-3", "got 'often'"});
}

TEST_F(RecipeErrors, UnknownDepletionAction) {
  auto lines = readLines(file(kCaseRel));
  lines.push_back("safety: {on_depletion: ignore}");
  writeLines(file(kCaseRel), lines);
  expectErrorAt(loadError(), kCaseRel, static_cast<int>(lines.size()), "safety.on_depletion", {"'stop'", "'continue'"});
}

// ---------------------------------------------------------------------------------------------
// Protocols

struct BadStep {
  const char* sentence;
  const char* fragment;
};

class BadProtocol : public RecipeErrors, public ::testing::WithParamInterface<BadStep> {};

TEST_P(BadProtocol, RejectedAtTheStepLine) {
  const BadStep& p = GetParam();
  const int line = replaceLine(kCaseRel, "  - \"Discharge at 1C until 3.105 V\"", std::string("  - \"") + p.sentence + "\"");
  expectErrorAt(loadError(), kCaseRel, line, "protocol[0]", {p.fragment});
}

INSTANTIATE_TEST_SUITE_P(
    Sentences, BadProtocol,
    ::testing::Values(BadStep{"Hold at 4.2 V until 4.1 V", "cannot end on the voltage '4.1 V'"},
                      BadStep{"Discharge at 1C", "needs an end: add 'until 3.0 V' or 'for 1 hour'"},
                      BadStep{"Rest until 3 V", "is ambiguous"},
                      BadStep{"Discharge at 0C until 3.0 V", "current must be positive, got '0C'"},
                      BadStep{"Discharge at 0 A/m2 until 3.0 V", "current must be positive, got '0 A/m2'"},
                      BadStep{"Charge at -1C until 4.2 V", "current must be positive"},
                      BadStep{"Dischrage at 1C until 3.0 V", "did you mean 'Discharge'?"},
                      BadStep{"Discharge at 1C until 3.0", "has no unit"},
                      BadStep{"Discharge at 1C until C/20", "ends a constant-voltage step only"},
                      BadStep{"Discharge at 1 V until 3.0 V", "needs a current"},
                      BadStep{"Discharge at 1C for 0 s", "duration must be positive"},
                      BadStep{"Rest for 1 hour until 1 mAh/cm2", "no charge passes during a rest"}));

TEST_F(RecipeErrors, CRateStepWithoutOneC) {
  deleteLine(kCaseRel, "  one_C: 24 A/m2");
  const int line = lineOf(kCaseRel, "  - \"Discharge at 1C until 3.105 V\"");
  expectErrorAt(loadError(), kCaseRel, line, "protocol",
                {"'Discharge at 1C until 3.105 V' uses a C-rate", "no 'one_C'"});
}

TEST_F(RecipeErrors, CRateLimitWithoutOneC) {
  deleteLine(kCaseRel, "  one_C: 24 A/m2");
  replaceLine(kCaseRel, "  - \"Discharge at 1C until 3.105 V\"", "  - \"Discharge at 24 A/m2 until 3.105 V\"");
  ASSERT_NO_THROW(loadCase(casePath()));  // absolute currents need no one_C
  const int line = insertAfter(kCaseRel, "  - \"Discharge at 24 A/m2 until 3.105 V\"", "  - \"Hold at 3.2 V until C/20\"");
  expectErrorAt(loadError(), kCaseRel, line, "protocol", {"'Hold at 3.2 V until C/20' uses a C-rate", "one_C"});
}

TEST_F(RecipeErrors, ProtocolNotAList) {
  deleteLine(kCaseRel, "  - \"Discharge at 1C until 3.105 V\"");
  const int line = replaceLine(kCaseRel, "protocol:", "protocol: Discharge at 1C until 3.105 V");
  expectErrorAt(loadError(), kCaseRel, line, "protocol", {"must be a list of steps"});
}

TEST_F(RecipeErrors, SolverMaxOrderMustBeAnInteger) {
  const int line = replaceLine(kCaseRel, "solver: {rtol: 1.0e-4}   # time-integration error 0.01 mV rms against rtol 1e-8 (tests: TimeIntegration), far below the 0.3 mV model-vs-COMSOL difference", "solver: {rtol: 1.0e-4, max_order: 2.5}");
  expectErrorAt(loadError(), kCaseRel, line, "solver.max_order", {"integer", "2.5"});
}

// ---------------------------------------------------------------------------------------------
// A failed run never writes half a result over a good one (the CLI writes through OutputSet
// and commits only after the whole run succeeded).

TEST_F(RecipeErrors, UncommittedOutputLeavesPreviousResultsUntouched) {
  const fs::path out = root_ / "out";
  {
    OutputSet good(out.string());
    good.file("timeseries.csv") << "time_s,voltage_V\n0,4.0\n";
    good.file("summary.json") << "{\"ok\": true}\n";
    good.commit();
  }
  ASSERT_EQ(readAll(out / "timeseries.csv"), "time_s,voltage_V\n0,4.0\n");

  try {
    OutputSet failed(out.string());
    failed.file("timeseries.csv") << "time_s,voltage_V\n0,3.9\n1,";
    failed.file("summary.json") << "{\"ok\": ";
    throw std::runtime_error("solver failed half-way");  // never reaches commit()
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(readAll(out / "timeseries.csv"), "time_s,voltage_V\n0,4.0\n");
  EXPECT_EQ(readAll(out / "summary.json"), "{\"ok\": true}\n");
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(out)) names.push_back(entry.path().filename().string());
  // No temporaries left; the manifest says which files a run wrote.
  EXPECT_THAT(names, ::testing::UnorderedElementsAre("timeseries.csv", "summary.json", kManifestFile));
}

}  // namespace
}  // namespace cellsim
