// Full cells (Li | separator | LiCoO2) against what must hold whatever the fitted values:
// the capacity at a vanishing rate is the OCP's capacity between the cut-offs; a CV at a
// vanishing scan rate traces dQ/dV of the OCP; specific capacities follow from the loading.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "TestSupport.hpp"
#include "core/input/PhysicalConstants.hpp"
#include "core/input/ReadScope.hpp"
#include "models/cell/PorousElectrode.hpp"

using namespace cellsim;
using namespace cellsim::testing_support;

namespace {

const char* kCell = "cases/paper/full_cell_LLZTO0.95F0.05@PP.yaml";

//! The stoichiometry at which the positive OCP equals V (monotone: bisection on [0.1, 0.985]).
double stoichiometryAt(const Property& U, double V, double T) {
  double lo = 0.1, hi = 0.985;  // U falls with x
  for (int it = 0; it < 100; ++it) {
    const double mid = 0.5 * (lo + hi);
    (U({mid, T}) > V ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

TEST(FullCell, CapacityAtVanishingRateIsTheOcpCapacityBetweenTheCutOffs) {
  const CaseRecipe recipe =
      loadCase(sourcePath(kCell), {"experiment.rates=[0.01C]", "experiment.taper=C/2000", "experiment.recovery=0.01C"});
  CellModel model(recipe.cell);
  const CaseOutcome run = cellsim::runCase(recipe, model);
  const PorousElectrodeDesign& e = *recipe.cell.positive.porous();
  const double T = recipe.cell.temperature_K;
  const double dx = stoichiometryAt(e.ocp_V, 3.0, T) - stoichiometryAt(e.ocp_V, 4.6, T);
  const double q_eq = dx * e.max_concentration_mol_m3 * e.active_fraction * e.thickness_m * constants::F / 3.6;  // mAh/m2
  double q = NAN;
  for (const auto& s : run.sim.steps)
    if (s.block == 1 && s.charge_C_m2 > 0) q = s.charge_C_m2 / 3.6;
  std::printf("0.01C discharge %.2f mAh/m2, OCP capacity 3.0-4.6 V %.2f mAh/m2 (%+.3f %%)\n", q, q_eq, 100 * (q / q_eq - 1));
  EXPECT_NEAR(q / q_eq, 1.0, 0.005);
  // mAh/g follows from the loading: capacity per area over active mass per area.
  EXPECT_NEAR(dx * e.max_concentration_mol_m3 / e.density_kg_m3 * constants::F / 3.6 / 1e3, q_eq / (1e3 * e.activeMass_kg_m2()),
              1e-9);
}

//! A case running `protocol` on the paper's LLZTO0.95F0.05@PP full cell.
std::string fullCellCase(const std::string& name, const std::string& protocol) {
  const std::string dir = ::testing::TempDir() + "/" + name;
  EXPECT_EQ(std::system(("mkdir -p " + dir).c_str()), 0);
  allowReadsUnder(CELLSIM_SOURCE_DIR);  // the scratch case refers to the project's cell file
  std::ofstream(dir + "/case.yaml") << "cell: " << sourcePath("cases/paper/cells/Li_LLZTO0.95F0.05@PP_LiCoO2.yaml")
                                    << "\nmesh: {separator: 20, positive: 20, particle: 20}\nsolver: {rtol: 1e-7}\n"
                                    << "protocol: " << protocol << "\n";
  return dir + "/case.yaml";
}

TEST(FullCell, CyclicVoltammetryAtVanishingScanRateTracesDqDvOfTheOcp) {
  // Slow enough that the kinetic overpotential (the fitted LiCoO2 exchange current is only
  // ~5 uA/cm2 near x = 0.2) stays a few mV even on the H1-3 step.
  const double nu = 2e-7;  // V/s
  CaseRecipe recipe = loadCase(fullCellCase("cv_slow", "[\"Hold at 3.0 V for 10 h\", \"Sweep from 3.0 V to 4.6 V at 0.0002 mV/s\"]"));
  CellModel model(recipe.cell);
  const SimulationResult res = runProtocol(model, recipe.protocol, recipe.options);
  const PorousElectrodeDesign& e = *recipe.cell.positive.porous();
  const double T = recipe.cell.temperature_K;
  const double capacity = constants::F * e.max_concentration_mol_m3 * e.active_fraction * e.thickness_m;  // C/m2 per unit x
  std::vector<double> V, I;
  for (const auto& r : res.rows)
    if (r.step == 2) V.push_back(r.voltage_V), I.push_back(r.current_A_m2);
  // Pointwise where dQ/dV of the OCP varies on a scale wider than the remaining
  // overpotential (~1 mV here); the 3.91 V plateau, the ordering step near 4.19 V and the
  // H1-3 step near 4.55 V would need a slower sweep still. Over the whole window the charge
  // passed must be the OCP's (below).
  double worst = 0;
  for (double v = 4.30; v <= 4.501; v += 0.02) {
    const double x = stoichiometryAt(e.ocp_V, v, T), h = 1e-5;
    const double dQdV = capacity * 2 * h / std::abs(e.ocp_V({x + h, T}) - e.ocp_V({x - h, T}));
    const double sim = -interp(V, I, v) / nu;
    const double err = sim / dQdV - 1;
    std::printf("V = %.2f V: I/nu = %.4g C/m2/V, dQ/dV of the OCP = %.4g C/m2/V (%+.2f %%)\n", v, sim, dQdV, 100 * err);
    worst = std::max(worst, std::abs(err));
  }
  EXPECT_LT(worst, 0.02);
  const double q = -(res.steps.back().charge_C_m2);
  const double q_ocp = capacity * (stoichiometryAt(e.ocp_V, 3.0, T) - stoichiometryAt(e.ocp_V, 4.6, T));
  std::printf("charge passed 3.0 -> 4.6 V: %.2f C/m2, OCP capacity %.2f C/m2 (%+.3f %%)\n", q, q_ocp, 100 * (q / q_ocp - 1));
  EXPECT_NEAR(q / q_ocp, 1.0, 0.005);
}

// Above the critical current density the recipe's criterion estimates, a run warns; it is
// not stopped (the mean current is well below the limiting current).
TEST(FullCell, CurrentAboveTheEstimatedCriticalCurrentWarns) {
  CaseRecipe recipe = loadCase(fullCellCase("above_ccd", "[\"Charge at 13 mA/cm2 for 10 s\"]"));
  CellModel model(recipe.cell);
  const SimulationResult res = runProtocol(model, recipe.protocol, recipe.options);
  const double ccd = recipe.cell.negative.foil()->critical_current_A_m2 / 10.0;
  std::printf("estimated critical current density %.2f mA/cm2\n", ccd);
  EXPECT_GT(ccd, 5.0);   // the LLZTO0.95F0.05@PP separator: above PP's fitted 4.75 onset
  EXPECT_LT(ccd, 13.0);
  bool warned = false;
  for (const auto& w : res.warnings) warned = warned || w.find("above the critical current density") != std::string::npos;
  EXPECT_TRUE(warned);
  EXPECT_FALSE(res.stopped_early);
}

// -20 degC is outside the electrolyte correlation's range: the run warns and either completes
// or ends with a reason; it never hangs (the test's own timeout guards that).
TEST(FullCell, ChargeAtMinus20DegCEndsWithAReason) {
  CaseRecipe recipe = loadCase(fullCellCase("minus20", "[\"Charge at 1C until 4.6 V\"]"), {"cell.temperature=-20 degC"});
  CellModel model(recipe.cell);
  const SimulationResult res = runProtocol(model, recipe.protocol, recipe.options);
  bool warned = false;
  for (const auto& w : res.warnings) warned = warned || w.find("T = 253.15 outside") != std::string::npos;
  EXPECT_TRUE(warned);
  ASSERT_FALSE(res.steps.empty());
  EXPECT_TRUE(res.steps.back().ended_by == "4.6 V" || res.stopped_early) << res.steps.back().ended_by;
}

}  // namespace
