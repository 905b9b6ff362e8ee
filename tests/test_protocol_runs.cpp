// Protocol runner: every step ends exactly on its limit, CC-CV holds behave, and step
// changes that are hard for consistent initialisation (rest -> current, discharge ->
// charge near full lithiation, a high-rate start) go through.
#include <gtest/gtest.h>

#include <cmath>

#include "TestSupport.hpp"
#include "core/input/PhysicalConstants.hpp"
#include "models/cell/LithiumFoil.hpp"

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

namespace {

// Regressions found in review: each of these once hung, crashed or reported a wrong state.
TEST(ProtocolRuns, StepThatNeverReachesItsLimitStopsTheRun) {
  CaseRecipe recipe = loadCase(sourcePath("cases/paper/cycling_LLZTO0.95F0.05@PP_0.5mA.yaml"),
                               {"protocol=[\"Hold at -10 mV until 0.00001 mA/cm2\"]",
                                // untracked inventory, so only the step horizon can stop it
                                "cell.negative.thickness=0 um", "cell.positive.thickness=0 um", "ageing=false"});
  CellModel model(recipe.cell);
  const SimulationResult res = runProtocol(model, recipe.protocol, recipe.options);
  EXPECT_TRUE(res.stopped_early);
  EXPECT_NE(res.stop_reason.find("none of its limits"), std::string::npos) << res.stop_reason;
}

TEST(ProtocolRuns, ThinFoilStopsWhenItsLithiumIsUsedUp) {
  CaseRecipe recipe = loadCase(sourcePath("cases/paper/cycling_LLZTO0.95F0.05@PP_0.5mA.yaml"),
                               {"cell.negative.thickness=1 um", "protocol=[\"Discharge at 1 mA/cm2 for 10 h\"]"});
  CellModel model(recipe.cell);
  const SimulationResult res = runProtocol(model, recipe.protocol, recipe.options);
  ASSERT_TRUE(res.stopped_early);
  EXPECT_NE(res.stop_reason.find("lithium foil exhausted (negative)"), std::string::npos) << res.stop_reason;
  // 1 um of lithium at 13.0 cm3/mol is 0.0769 mol/m2 = 7419 C/m2: 742 s at 10 A/m2.
  EXPECT_NEAR(res.steps.back().t_end_s, 1e-6 / 13.0e-6 * constants::F / 10.0, 0.5);
  EXPECT_NEAR(model.foil(End::Left)->thicknessChange(res.final_state.data()), -1e-6, 1e-10);
}

TEST(ProtocolRuns, ProfileAtAStepBoundaryIsTheEndOfThatStep) {
  CaseRun run = runCase(kCase, {"protocol=[\"Discharge at 1C for 900 s\", \"Rest for 100 s\"]",
                                "output.profile_times=[899.999 s, 900 s, 1000 s]"});
  ASSERT_EQ(run.result.profiles.size(), 3u);
  const auto& a = run.result.profiles[0].profiles;
  const auto& b = run.result.profiles[1].profiles;
  EXPECT_DOUBLE_EQ(run.result.profiles[2].time_s, 1000.0);
  // 1 ms apart within the discharge: no jump to the rest state.
  const auto &phi_a = a.get("phi_e_V"), &phi_b = b.get("phi_e_V");
  const auto &cs_a = a.get("c_s_surf_mol_m3"), &cs_b = b.get("c_s_surf_mol_m3");
  ASSERT_EQ(cs_a.size(), a.x_m.size());
  for (size_t i = 0; i < a.x_m.size(); ++i) {
    EXPECT_NEAR(phi_a[i], phi_b[i], 1e-6);
    if (std::isfinite(cs_a[i])) {
      EXPECT_NEAR(cs_a[i], cs_b[i], 0.1);
    }
  }
}

TEST(ProtocolRuns, StaircaseWithTooManyLevelsIsRejected) {
  EXPECT_THROW(loadCase(sourcePath("cases/paper/critical_current_PP.yaml"), {"experiment.staircase.step=1e-12 mA/cm2"}),
               InputError);
}

}  // namespace
