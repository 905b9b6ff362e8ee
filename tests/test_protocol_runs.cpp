// Protocol runner: every step ends exactly on its limit, CC-CV holds behave, and step
// changes that are hard for consistent initialisation (rest -> current, discharge ->
// charge near full lithiation, a high-rate start) go through.
#include <gtest/gtest.h>

#include <cmath>

#include "TestSupport.hpp"

using namespace cellsim;
using namespace cellsim::testing_support;

namespace {

const char* kCase = "cases/validation/comsol_marquis2019_1C.yaml";

TEST(ProtocolRuns, CcCvCycleEndsEachStepOnItsLimit) {
  CaseRun run = runCase(kCase, {"protocol=[\"Discharge at 1C until 3.2 V\", \"Rest for 30 min\", "
                                "{repeat: 2, steps: [\"Charge at 0.5C until 4.1 V\", \"Hold at 4.1 V until C/20\", "
                                "\"Rest for 10 min\", \"Discharge at 2C until 3.3 V\"]}]",
                                "output.profile_times=[1800 s]"});
  const auto& steps = run.result.steps;
  ASSERT_EQ(steps.size(), 2u + 2u * 4u);
  EXPECT_NEAR(steps[0].v_end_V, 3.2, 1e-6);
  EXPECT_NEAR(steps[1].t_end_s - steps[1].t_start_s, 1800.0, 1e-6);
  for (int c = 0; c < 2; ++c) {
    const auto& charge = steps[2 + 4 * c];
    const auto& hold = steps[3 + 4 * c];
    const auto& discharge = steps[5 + 4 * c];
    EXPECT_NEAR(charge.v_end_V, 4.1, 1e-6);
    EXPECT_NEAR(hold.v_end_V, 4.1, 1e-9);                   // voltage held
    EXPECT_NEAR(std::abs(hold.i_end_A_m2), 24.0 / 20, 1e-6);  // ended on the C/20 taper
    EXPECT_LT(hold.charge_C_m2, 0.0);                       // still charging during the hold
    EXPECT_NEAR(discharge.v_end_V, 3.3, 1e-6);
    EXPECT_EQ(discharge.cycle, c + 1);
  }
  // Same protocol twice from (nearly) the same state: the two 2C discharges agree.
  EXPECT_NEAR(steps[5].charge_C_m2, steps[9].charge_C_m2, 0.01 * steps[5].charge_C_m2);
  // Every row carries its step and cycle.
  for (const auto& r : run.result.rows) {
    EXPECT_GE(r.step, 1);
    EXPECT_LE(r.step, 10);
  }
}

TEST(ProtocolRuns, HardStepChangesInitialiseConsistently) {
  // From rest straight into a high rate, and a profile requested exactly at a boundary.
  CaseRun run = runCase(kCase, {"protocol=[\"Discharge at 3C for 10 min\", \"Rest for 10 min\", \"Charge at 2C for 5 min\"]",
                                "output.profile_times=[0 s, 600 s, 1200 s]"});
  ASSERT_EQ(run.result.steps.size(), 3u);
  EXPECT_EQ(run.result.profiles.size(), 3u);
  EXPECT_NEAR(run.result.steps[2].i_end_A_m2, -48.0, 1e-9);
  // Charge passed in the first step is exactly 3C for 10 min.
  EXPECT_NEAR(run.result.steps[0].charge_C_m2, 72.0 * 600.0, 1e-6 * 72.0 * 600.0);
}

}  // namespace
