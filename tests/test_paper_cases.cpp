// The calibrated paper recipes reproduce the figures they were fitted to (within the
// tolerances the calibration promises), and the layered-separator ceiling holds. The
// predictions (coated CCDs, long-cycling overpotential) are reported by tools/paper_table
// and are deliberately not asserted against the measurements: they may miss.
#include <gtest/gtest.h>

#include <cmath>

#include "TestSupport.hpp"
#include "models/cell/LithiumFoil.hpp"

using namespace cellsim;
using namespace cellsim::testing_support;

namespace {

//! A measured value from cases/paper/targets.yaml (the one place measured numbers are written).
double measured(const std::string& path) {
  static const InputNode targets = InputNode::loadFile(sourcePath("cases/paper/targets.yaml"));
  return lookupPath(targets, path, targets).asNumber();
}

std::vector<Figure> figuresOf(const std::string& rel, const std::vector<std::string>& sets = {}) {
  CaseRecipe recipe = loadCase(sourcePath(rel), sets);
  CellModel model(recipe.cell);
  return runCase(recipe, model).figures;
}

double figure(const std::vector<Figure>& f, const std::string& name, const std::string& cond = "") {
  for (const auto& x : f)
    if (x.name == name && (cond.empty() || x.condition == cond)) return x.value;
  ADD_FAILURE() << "no figure " << name << " @ " << cond;
  return NAN;
}

class PaperBruceVincent : public ::testing::TestWithParam<const char*> {};

TEST_P(PaperBruceVincent, CalibratedWithinTwoHundredths) {
  const std::string sep = GetParam();
  const double rho = figure(figuresOf("cases/paper/bruce_vincent_" + sep + ".yaml"), "bruce_vincent_rho_plus");
  const double target = measured("symmetric_cell.transference_number." + sep);
  std::printf("%s: simulated rho+ %.4f, measured %.2f\n", sep.c_str(), rho, target);
  EXPECT_NEAR(rho, target, 0.02);
}

INSTANTIATE_TEST_SUITE_P(Separators, PaperBruceVincent, ::testing::Values("PP", "LLZTO1.00@PP", "LLZTO0.95F0.05@PP"),
                         [](const auto& info) {
                           std::string s = info.param;
                           for (char& c : s)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return s;
                         });

TEST(PaperRecipes, LayeredCoatingCannotReachTheMeasuredTransferenceNumber) {
  // Even a perfectly cation-selective 5 um coating on 25 um PP stays near 0.4, below the
  // measured value of the coated separator.
  const double rho = figure(figuresOf("cases/paper/bruce_vincent_layered_limit.yaml"), "bruce_vincent_rho_plus");
  std::printf("layered ceiling: rho+ = %.3f\n", rho);
  EXPECT_LT(rho, 0.45);
  EXPECT_LT(rho, measured("symmetric_cell.transference_number.LLZTO0.95F0.05@PP"));
  EXPECT_GT(rho, 0.3);
}

TEST(PaperRecipes, RatePolarisationWithinFifteenPercent) {
  const auto f = figuresOf("cases/paper/rate_polarisation_LLZTO0.95F0.05@PP.yaml");
  const std::string table = "symmetric_cell.rate_polarization_mV.";
  for (int k = 0; k < 7; ++k) {
    const std::string at = "[" + std::to_string(k) + "]";
    const double i = measured(table + "current_mA_cm2" + at), mv = measured(table + "overpotential_mV" + at);
    char cond[32];
    std::snprintf(cond, sizeof cond, "%g mA/cm2", i);
    const double sim = figure(f, "rate_polarisation_mV", cond);
    std::printf("%s: simulated %.1f mV, measured %.1f mV (%+.1f %%)\n", cond, sim, mv, 100 * (sim / mv - 1));
    EXPECT_NEAR(sim / mv, 1.0, 0.15) << cond;
  }
}

TEST(PaperRecipes, CriticalCurrentOfPPWithinTenPercentAndCoatedPredictionsOrdered) {
  const double pp = figure(figuresOf("cases/paper/critical_current_PP.yaml"), "critical_current_density_mA_cm2");
  const double llzto = figure(figuresOf("cases/paper/critical_current_LLZTO1.00@PP.yaml"), "critical_current_density_mA_cm2");
  const double f = figure(figuresOf("cases/paper/critical_current_LLZTO0.95F0.05@PP.yaml"), "critical_current_density_mA_cm2");
  const double pp_measured = measured("symmetric_cell.critical_current_density_mA_cm2.PP");
  std::printf("CCD: PP %.1f (measured %.1f), LLZTO1.00@PP %.1f (predicted), LLZTO0.95F0.05@PP %.1f (predicted)\n", pp,
              pp_measured, llzto, f);
  EXPECT_NEAR(pp / pp_measured, 1.0, 0.10);
  // A higher transference number delays depletion: the ordering is physics, not fitting.
  EXPECT_GT(llzto, pp);
  EXPECT_GT(f, llzto);
}

TEST(PaperRecipes, LongCyclingIsPeriodicAndConservesLithium) {
  // 50 of the 450 cycles of the 900 h case: without degradation every half-cycle repeats.
  CaseRecipe recipe = loadCase(sourcePath("cases/paper/cycling_LLZTO0.95F0.05@PP_0.5mA.yaml"),
                               {"ageing=false", "protocol=[{repeat: 50, steps: [\"Discharge at 0.5 mA/cm2 until 0.5 mAh/cm2\", "
                                "\"Charge at 0.5 mA/cm2 until 0.5 mAh/cm2\"]}]"});
  CellModel model(recipe.cell);
  SimulationResult res = runProtocol(model, recipe.protocol, recipe.options);
  ASSERT_EQ(res.steps.size(), 100u);
  for (const auto& s : res.steps) EXPECT_NEAR(std::abs(s.charge_C_m2), 0.5 * 36000.0, 1e-6 * 18000.0);
  EXPECT_NEAR(std::abs(res.steps[98].v_end_V), std::abs(res.steps[2].v_end_V), 1e-5);
  std::vector<double> y0, yp0;
  model.initialState(y0, yp0, 0.0);
  const double* y = res.final_state.data();
  const double before = lithiumInFoilsAndSalt(model, y0.data());
  EXPECT_LT(std::abs(lithiumInFoilsAndSalt(model, y) - before) / before, 1e-9);
  // Equal plating and stripping: the foils end where they started.
  EXPECT_NEAR(model.foil(End::Left)->thicknessChange(y), 0.0, 1e-12);
}

// The LiCoO2 diffusivity and rate constant were fitted to the LLZTO0.95F0.05@PP rate
// capability (the issue asks every rate within 5 %); PP and LLZTO1.00@PP, with only the
// separator changed, are predictions: their values are not asserted, their ordering is.
TEST(PaperRecipes, FullCellRateCapabilityCalibratedWithinFivePercentAndPredictionsOrdered) {
  const std::string table = "full_cell.rate_capability_mAh_g.";
  const auto f = figuresOf("cases/paper/full_cell_LLZTO0.95F0.05@PP.yaml");
  double coated_4C = NAN;
  for (int k = 0; k < 7; ++k) {
    const std::string at = "[" + std::to_string(k) + "]";
    char rate[16];
    std::snprintf(rate, sizeof rate, "%gC", measured(table + "c_rate" + at));
    const double sim = figure(f, "rate_capacity_mAh_g", rate), mea = measured(table + "capacity" + at);
    std::printf("%s: simulated %.1f mAh/g, measured %.1f mAh/g (%+.1f %%)\n", rate, sim, mea, 100 * (sim / mea - 1));
    EXPECT_NEAR(sim / mea, 1.0, 0.05) << rate;
    coated_4C = sim;
  }
  const double pp = figure(figuresOf("cases/paper/full_cell_PP.yaml"), "rate_capacity_mAh_g", "4C");
  const double llzto = figure(figuresOf("cases/paper/full_cell_LLZTO1.00@PP.yaml"), "rate_capacity_mAh_g", "4C");
  std::printf("4C predictions: PP %.1f, LLZTO1.00@PP %.1f, LLZTO0.95F0.05@PP %.1f mAh/g\n", pp, llzto, coated_4C);
  EXPECT_GT(coated_4C, llzto);  // higher t+ and a lower desolvation barrier: less polarisation
  EXPECT_GE(llzto, pp);
}

}  // namespace
