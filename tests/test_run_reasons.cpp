// Every run ends with a reason a user can act on: a property evaluated where it is undefined
// stops the step naming the property, its arguments, the step and the time.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "TestSupport.hpp"

using namespace cellsim;
using namespace cellsim::testing_support;

namespace {

const char* const kFullCell = "cases/paper/cycling_full_cell_LLZTO1.00@PP_1C.yaml";

void expectHas(const std::string& text, const std::string& part) {
  EXPECT_NE(text.find(part), std::string::npos) << "missing '" << part << "' in: " << text;
}

// At -20 degC the Valoen-Reimers diffusivity 10^(-54/(T - 229 - 5c)) vanishes at c = 4.8 M
// (its pole): the concentrated electrolyte of a 0.2C charge reaches it.
TEST(RunReasons, ColdChargeStopsAtThePoleOfTheDiffusivityNamingItsArgumentsAndTheStep) {
  const CaseRun r = runCase(kFullCell, {"ageing=false", "cell.temperature=-20 degC",
                                        "protocol=[\"Charge at 0.1C until 4.6 V\", \"Hold at 4.6 V until C/20\", "
                                        "\"Discharge at 0.1C until 3 V\", \"Charge at 0.2C until 4.6 V\"]"});
  ASSERT_TRUE(r.result.stopped_early);
  const std::string& why = r.result.stop_reason;
  expectHas(why, "step 4 ('Charge at 0.2C until 4.6 V')");
  expectHas(why, "diffusivity is undefined or unphysical");
  expectHas(why, "T = 253.15 K");
  expectHas(why, "c_e = ");
  expectHas(why, "(t = ");
  EXPECT_EQ(r.result.steps.back().ended_by, "undefined property");
}

// Without a stated range nothing vouches for a property anywhere, so every accepted state is
// checked: a thermodynamic factor 1/(1.15 - c_e/1000) has a pole where stripping piles salt up.
TEST(RunReasons, PropertyWithoutAStatedRangeIsCheckedEverywhere) {
  const std::string dir = ::testing::TempDir() + "/run_reasons_unranged";
  ASSERT_EQ(std::system(("mkdir -p " + dir).c_str()), 0);
  std::ofstream(dir + "/li.yaml") << "name: test lithium\nexchange_current_density: 1 mA/cm2\nconcentration_exponent: 0.5\n";
  std::ofstream(dir + "/case.yaml") << R"Y(
cell:
  temperature: 298.15 K
  negative: {type: lithium_metal, material: li.yaml}
  positive: {type: lithium_metal, material: li.yaml}
  electrolyte:
    name: with a pole
    initial_concentration: 1000 mol/m3
    diffusivity: 3e-10 m2/s
    conductivity: 0.8 S/m
    transference_number: 0.3
    thermodynamic_factor: {expression: "1 / (1.15 - c_e/1000)", unit: "1"}
  separator: [{name: sep, thickness: 25 um, porosity: 0.4, bruggeman: 1.5}]
protocol: ["Discharge at 20 mA/cm2 for 1 h"]
)Y";
  CaseRecipe recipe = loadCase(dir + "/case.yaml");
  CellModel model(recipe.cell);
  const SimulationResult res = runProtocol(model, recipe.protocol, recipe.options);
  ASSERT_TRUE(res.stopped_early);
  expectHas(res.stop_reason, "step 1 ('Discharge at 20 mA/cm2 for 1 h')");
  expectHas(res.stop_reason, "thermodynamic_factor is undefined or unphysical");
}

// A separator that blocks transport: the solver "succeeds" at V = -1e4 V with no charge passed.
TEST(RunReasons, BlockedSeparatorWarnsOfANegativeVoltageAndNoCharge) {
  auto run = [](const std::vector<std::string>& extra) {
    std::vector<std::string> sets = {"ageing=false", "protocol=[\"Discharge at 1C until 3 V\"]"};
    sets.insert(sets.end(), extra.begin(), extra.end());
    CaseRecipe recipe = loadCase(sourcePath(kFullCell), sets);
    CellModel model(recipe.cell);
    return cellsim::runCase(recipe, model).sim.warnings;
  };
  auto unphysical = [](const std::vector<std::string>& warnings) {
    std::string all;
    for (const auto& w : warnings)
      if (w.find("unphysical result") != std::string::npos) all += w + "\n";
    return all;
  };
  const std::string blocked = unphysical(run({"cell.separator.layers[1].porosity=0.001"}));
  expectHas(blocked, "the cell voltage fell to -");
  expectHas(blocked, "the run passed no charge; step 1 ('Discharge at 1C until 3 V') ended at once (limit at start: 3 V)");
  EXPECT_EQ(unphysical(run({})), "");
}

// A hold beyond every open-circuit voltage the electrodes' tables allow never relaxes: known
// before solving, so refused at check time with the physical reason.
TEST(RunReasons, HoldBeyondTheCellsOpenCircuitWindowIsRefusedAtCheckTime) {
  try {
    (void)loadCase(sourcePath(kFullCell), {"ageing=false", "protocol=[\"Hold at 5.5 V for 1 h\"]"});
    ADD_FAILURE() << "5.5 V hold accepted";
  } catch (const InputError& e) {
    expectHas(e.what(), "--set: protocol: step 'Hold at 5.5 V for 1 h': 5.5 V is above every open-circuit voltage");
    expectHas(e.what(), "'LiCoO2 to 4.6 V' OCP being stated for 0.1 <= sto <= 0.985");
  }
  EXPECT_NO_THROW(loadCase(sourcePath(kFullCell), {"ageing=false", "protocol=[\"Hold at 4.6 V for 1 h\"]"}));
}

}  // namespace

// A host asked for lithium faster than it can take it: the run stops where the particles'
// surface is full (or empty), naming the electrode, the place and the stoichiometry, instead
// of failing inside the solver (it said "repeated recoverable residual errors").
TEST(RunReasons, HostFullOrEmptyAtItsSurfaceStopsTheRunWithThatReason) {
  const CaseRun fast = runCase(kFullCell, {"ageing=false", "protocol=[\"Discharge at 100C for 1 h\"]"});
  ASSERT_TRUE(fast.result.stopped_early);
  expectHas(fast.result.stop_reason, "positive electrode's particles full of lithium at their surface");
  expectHas(fast.result.stop_reason, "surface stoichiometry 0.9999");
  const CaseRun over = runCase(kFullCell, {"ageing=false", "protocol=[\"Charge at 5C for 1 h\"]"});
  ASSERT_TRUE(over.result.stopped_early);
  expectHas(over.result.stop_reason, "positive electrode's particles emptied of lithium at their surface");
}

// At the knee of a discharge the reaction currents shift from cell to cell faster than the
// step size (set by the smooth particle concentrations) follows. IDA accepted single Newton
// corrections hundreds of times its tolerance on the strength of a convergence rate measured
// once, right after a fresh Jacobian; the currents it left inconsistent (they are out of the
// error test) made the next step impossible at any step size: each of these settings ended in
// IDA_CONV_FAIL a few seconds before the 3 V cut-off (core/numerics/CorrectorTest.hpp).
TEST(RunReasons, FastDischargesAtLooseTolerancesReachTheirCutOffInsteadOfAConvergenceFailure) {
  struct Setting {
    const char* rtol;
    const char* rate;
    const char* positive_cells;
    const char* shells;
  };
  for (const Setting& s : {Setting{"3e-5", "4C", "10", "10"}, Setting{"3e-4", "4C", "10", "20"},
                           Setting{"1e-3", "2C", "10", "20"}, Setting{"1e-3", "4C", "10", "20"}}) {
    const std::string rate = s.rate;
    const std::string what = std::string("rtol ") + s.rtol + ", " + rate + ", " + s.positive_cells + " cells of " +
                             s.shells + " shells";
    try {
      const CaseRun r = runCase(
          "cases/paper/cycling_full_cell_LLZTO0.95F0.05@PP_1C.yaml",
          {std::string("solver.rtol=") + s.rtol,
           std::string("mesh={separator: 20, positive: ") + s.positive_cells + ", particle: " + s.shells + "}",
           "protocol=[{repeat: 3, steps: [\"Charge at " + rate + " until 4.6 V\", \"Hold at 4.6 V until C/20\", " +
               "\"Discharge at " + rate + " until 3.0 V\"]}]"});
      EXPECT_FALSE(r.result.stopped_early) << what << ": " << r.result.stop_reason;
      ASSERT_EQ(r.result.steps.size(), 9u) << what;
      EXPECT_EQ(r.result.steps.back().ended_by, "3 V") << what;
    } catch (const SolverError& e) {
      ADD_FAILURE() << what << ": " << e.what();
    }
  }
}

// A porous cell discharged faster than its electrolyte can follow: the run stops where the
// pores ran out of salt (the safety setting of a foil's depletion applies), instead of failing
// in the solver with "non-positive electrolyte concentration".
TEST(RunReasons, PoresEmptiedOfSaltStopTheRunWhereItHappened) {
  const CaseRun r = runCase("cases/validation/comsol_marquis2019_1C.yaml",
                            {"protocol=[\"Discharge at 10C until 2.0 V\"]", "output.profile_times=[]"});
  ASSERT_TRUE(r.result.stopped_early);
  expectHas(r.result.stop_reason, "electrolyte depleted in the pores of a porous electrode");
  expectHas(r.result.stop_reason, "in positive, x = ");
}

// A step whose start has no solution (a power no cell state can deliver): the error says how
// far the continuation got and what is likely wrong, not only IDACalcIC's flag.
TEST(RunReasons, AnImpossibleStartNamesHowFarItGotAndTheLikelyCause) {
  try {
    runCase("cases/validation/comsol_marquis2019_1C.yaml",
            {"protocol=[\"Discharge at 1e5 W/m2 for 1 h\"]", "output.profile_times=[]"});
    FAIL() << "a 100 kW/m2 discharge should not start";
  } catch (const SolverError& e) {
    expectHas(e.what(), "towards 100000 W/m2 the cell followed only to");
    expectHas(e.what(), "likely a power beyond the maximum the cell can deliver");
  }
}
