// Long runs: cycle jumping against brute force and against a closed form, and a run
// interrupted and resumed against the same run uninterrupted.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

#include "TestSupport.hpp"
#include "core/numerics/Interrupt.hpp"
#include "models/io/CycleTable.hpp"
#include "models/simulation/Checkpoint.hpp"
#include "models/simulation/CycleJumping.hpp"

using namespace cellsim;
using namespace cellsim::testing_support;

namespace {

// Discharge capacity by cycle number.
std::map<int, double> dischargeByCycle(const SimulationResult& r) {
  std::map<int, double> q;
  for (const CycleRow& c : cycleTable(r)) q[c.cycle] = c.discharge_C_m2;
  return q;
}

// A full cell aged fast (loss of active material 10x the fitted rate) so that 100 cycles
// lose about as much as the paper's 500.
std::vector<std::string> fastAgeingFullCell(int cycles) {
  return {"ageing=true", "cell.positive.material.ageing.loss_of_active_material.rate=2e-7 1/s",
          "protocol=[{repeat: " + std::to_string(cycles) +
              ", steps: [\"Charge at 1C until 4.6 V\", \"Hold at 4.6 V until C/20\", \"Discharge at 1C until 3.0 V\"]}]"};
}

TEST(CycleJumping, AgreesWithBruteForceWithinHalfAPointOfRetention) {
  const char* kCase = "cases/paper/cycling_full_cell_LLZTO0.95F0.05@PP_1C.yaml";
  auto sets = fastAgeingFullCell(100);
  sets.push_back("cycle_jumping.enabled=false");
  CaseRun brute = runCase(kCase, sets);
  // 100 is not a multiple of 30: the last cycle is reported all the same.
  sets.back() = "cycle_jumping={enabled: true, output_every: 30, tolerance: 1e-2}";
  CaseRecipe recipe = loadCase(sourcePath(kCase), sets);
  CellModel model(recipe.cell);
  const SimulationResult jumped = runWithCycleJumping(model, recipe.protocol, recipe.options);
  const auto qb = dischargeByCycle(brute.result), qj = dischargeByCycle(jumped);
  ASSERT_EQ(qb.size(), 100u);
  ASSERT_GE(qj.size(), 6u);
  double worst = 0;
  for (const auto& [n, q] : qj) {
    ASSERT_TRUE(qb.count(n)) << "cycle " << n;
    const double diff = 100 * std::abs(q / qj.at(1) - qb.at(n) / qb.at(1));
    worst = std::max(worst, diff);
    EXPECT_LT(diff, 0.5) << "retention at cycle " << n;
  }
  EXPECT_TRUE(qj.count(100));  // the last cycle is always reported
  // Each cycle once, in order (a cycle reported and then simulated again after an abrupt change
  // is recorded once, from the brute-force pass).
  int previous = 0;
  for (const CycleRow& c : cycleTable(jumped)) {
    EXPECT_GT(c.cycle, previous);
    previous = c.cycle;
  }
  EXPECT_LT(qb.at(100) / qb.at(1), 0.95);  // it aged: the comparison means something
  std::printf("100 cycles: retention %.2f %% brute force; jumping within %.3f points at %zu reported cycles, "
              "%d of 100 cycles simulated\n",
              100 * qb.at(100) / qb.at(1), worst, qj.size(), jumped.jumping.simulated_cycles);
  EXPECT_LT(jumped.jumping.simulated_cycles, 45);  // 35 with Heun 2(1) steps landing on the reports
}

// Near a short circuit the jumper falls back to brute force, simulating again cycles it had
// reported from an abandoned step: each is recorded once, and the run ends at the short.
TEST(CycleJumping, FallbackBeforeAShortRecordsEachCycleOnce) {
  CaseRecipe recipe = loadCase(sourcePath("cases/paper/cycling_full_cell_LLZTO1.00@PP_1C.yaml"));
  CellModel model(recipe.cell);
  const SimulationResult r = runWithCycleJumping(model, recipe.protocol, recipe.options);
  EXPECT_GT(r.jumping.rejected_steps, 0);
  EXPECT_NE(r.stop_reason.find("short circuit"), std::string::npos) << r.stop_reason;
  int previous = 0;
  for (const CycleRow& c : cycleTable(r)) {
    EXPECT_GT(c.cycle, previous);
    EXPECT_LT(c.discharge_C_m2, 1.05 * cycleTable(r).front().discharge_C_m2) << "cycle " << c.cycle;
    previous = c.cycle;
  }
  for (size_t i = 0; i < r.steps.size(); ++i) EXPECT_EQ(r.steps[i].index, static_cast<int>(i) + 1);
}

// The SEI film alone (coulombic efficiency 1) grows by solvent diffusion through it whatever
// the current: L(t)^2 = L0^2 + 2 V c D t, over jumped cycles as over simulated ones.
TEST(CycleJumping, JumpedFilmGrowthFollowsTheSquareRootLaw) {
  const std::vector<std::string> sets = {
      "ageing=true", "cell.negative.material.ageing.coulombic_efficiency=1",
      "cell.positive.material.ageing.coulombic_efficiency=1",
      "protocol=[{repeat: 400, steps: [\"Discharge at 0.5 mA/cm2 for 1 hour\", \"Charge at 0.5 mA/cm2 for 1 hour\"]}]",
      "cycle_jumping={enabled: true, output_every: 50, tolerance: 1e-3}", "output.record_interval=1 h"};
  CaseRecipe recipe = loadCase(sourcePath("cases/paper/cycling_LLZTO1.00@PP_0.5mA.yaml"), sets);
  CellModel model(recipe.cell);
  const SimulationResult r = runWithCycleJumping(model, recipe.protocol, recipe.options);
  const LithiumAgeingDesign& d = model.foil(End::Left)->ageing()->design();
  const double L0 = d.film_thickness_m, k = 2 * d.sei_molar_volume_m3_mol * d.solvent_concentration_mol_m3 *
                                               d.solvent_diffusivity_m2_s;
  size_t col = 0;
  while (col < r.column_names.size() && r.column_names[col] != "sei_thickness_negative_nm") ++col;
  ASSERT_LT(col, r.column_names.size());
  int checked = 0;
  for (const CycleRow& c : cycleTable(r)) {
    const double expected_nm = 1e9 * std::sqrt(L0 * L0 + k * c.t_end_s);
    // Within the jump tolerance (1e-3 of the change over the run, ~25 nm): 0.5 % of the film.
    EXPECT_NEAR(c.columns_end[col], expected_nm, 5e-3 * expected_nm) << "cycle " << c.cycle;
    ++checked;
  }
  EXPECT_GE(checked, 8);
  EXPECT_LT(r.jumping.simulated_cycles, 200);
  std::printf("SEI over 400 cycles (800 h): %.3f nm, closed form %.3f nm; %d cycles simulated\n",
              cycleTable(r).back().columns_end[col], 1e9 * std::sqrt(L0 * L0 + k * 800 * 3600.0),
              r.jumping.simulated_cycles);
}

// A run stopped by a signal part-way through a step, then resumed from its checkpoint, gives
// the same rows, steps and cycles (bit for bit) as the run uninterrupted.
TEST(Resume, ResumedRunIsTheUninterruptedRun) {
  const char* kCase = "cases/paper/cycling_full_cell_LLZTO0.95F0.05@PP_1C.yaml";
  auto sets = fastAgeingFullCell(6);
  sets.push_back("cycle_jumping.enabled=false");
  CaseRecipe recipe = loadCase(sourcePath(kCase), sets);
  CellModel whole_model(recipe.cell);
  const CaseOutcome whole = runCase(recipe, whole_model);

  CellModel model(recipe.cell);
  int steps = 0;
  recipe.options.progress = [&steps](double, const std::string&) {
    if (++steps == 8) interruptRequest().store(15);  // during the ninth step (cycle 3's hold)
  };
  const CaseOutcome stopped = runCase(recipe, model);
  interruptRequest().store(0);
  ASSERT_TRUE(stopped.sim.interrupted);
  ASSERT_EQ(stopped.sim.resume.steps_done, 8);
  const auto file = std::filesystem::temp_directory_path() / "cellsim_test_checkpoint.bin";
  {
    std::ofstream out(file, std::ios::binary);
    writeCheckpoint(out, stopped.sim, "test");
  }
  EXPECT_THROW(readCheckpoint(file.string(), "another run"), std::runtime_error);
  const SimulationResult before = readCheckpoint(file.string(), "test");
  std::filesystem::remove(file);
  recipe.options.progress = nullptr;
  CellModel resumed_model(recipe.cell);
  const CaseOutcome resumed = runCase(recipe, resumed_model, &before);

  const SimulationResult &a = whole.sim, &b = resumed.sim;
  ASSERT_EQ(a.steps.size(), b.steps.size());
  ASSERT_EQ(a.rows.size(), b.rows.size());
  for (size_t i = 0; i < a.rows.size(); ++i) {
    ASSERT_EQ(a.rows[i].time_s, b.rows[i].time_s) << "row " << i;
    ASSERT_EQ(a.rows[i].voltage_V, b.rows[i].voltage_V) << "row " << i;
    ASSERT_EQ(a.rows[i].columns, b.rows[i].columns) << "row " << i;
  }
  const auto ca = cycleTable(a), cb = cycleTable(b);
  ASSERT_EQ(ca.size(), 6u);
  ASSERT_EQ(cb.size(), 6u);
  for (size_t i = 0; i < ca.size(); ++i) {
    EXPECT_EQ(ca[i].discharge_C_m2, cb[i].discharge_C_m2);
    EXPECT_EQ(ca[i].columns_end, cb[i].columns_end);
  }
  ASSERT_EQ(whole.figures.size(), resumed.figures.size());
  for (size_t i = 0; i < whole.figures.size(); ++i) EXPECT_EQ(whole.figures[i].value, resumed.figures[i].value);
}

}  // namespace
