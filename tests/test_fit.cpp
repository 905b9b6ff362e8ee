// cellsim fit recovers a parameter it is given the answer for: the transference number of
// an ideal electrolyte from its own simulated Bruce–Vincent value (started far away), and
// two parameters at once from two figures.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iomanip>

#include "TestSupport.hpp"
#include "models/io/Fit.hpp"

using namespace cellsim;

namespace {

// Figures of the case at given overrides: the "measurement" the fit must find again.
std::vector<Figure> measure(const std::string& path, const std::vector<std::string>& sets) {
  CaseRecipe recipe = loadCase(path, sets);
  CellModel model(recipe.cell);
  return runCase(recipe, model).figures;
}
double pick(const std::vector<Figure>& f, const std::string& name) {
  for (const auto& x : f)
    if (x.name == name) return x.value;
  return NAN;
}

void writeCase(const std::string& dir) {
  ASSERT_EQ(std::system(("mkdir -p " + dir).c_str()), 0);
  std::ofstream(dir + "/li.yaml") << "exchange_current_density: 100 mA/cm2\nfilm_resistance: 1 ohm cm2\n";
  std::ofstream(dir + "/bv.yaml") << R"Y(
cell:
  temperature: 30 degC
  negative: {type: lithium_metal, material: li.yaml}
  positive: {type: lithium_metal, material: li.yaml}
  electrolyte: {initial_concentration: 1 M, diffusivity: 3e-10 m2/s, conductivity: 1 S/m, transference_number: 0.3}
  separator: {name: sep, thickness: 50 um, porosity: 0.5, bruggeman: 1.5, volumes: 30}
experiment: {type: bruce_vincent, step: 10 mV, duration: 2 h}
)Y";
}

TEST(Fit, RecoversTransferenceNumberFromBruceVincent) {
  const std::string dir = ::testing::TempDir() + "/fit1";
  writeCase(dir);
  const double truth = pick(measure(dir + "/bv.yaml", {}), "bruce_vincent_rho_plus");  // at t+ = 0.3
  std::ofstream(dir + "/fit.yaml") << "parameters:\n"
                                      "  - {name: t, set: [cell.electrolyte.transference_number], initial: 0.05, bounds: [0.0, 0.9]}\n"
                                      "targets:\n  - {case: bv.yaml, figure: bruce_vincent_rho_plus, measured: "
                                   << truth << ", sigma: 0.01}\n";
  const FitResult r = runFit(dir + "/fit.yaml", false);
  std::printf("fit: t+ = %.6f after %d iterations (truth 0.3), rho %.6f vs %.6f\n", r.parameters[0].value, r.iterations,
              r.targets[0].simulated, truth);
  EXPECT_TRUE(r.converged);
  EXPECT_NEAR(r.parameters[0].value, 0.3, 1e-4);
}

TEST(Fit, TwoParametersFromTwoFigures) {
  const std::string dir = ::testing::TempDir() + "/fit2";
  writeCase(dir);
  // Initial and steady currents pin the film resistance and the transference number.
  const auto figs = measure(dir + "/bv.yaml", {"cell.electrolyte.transference_number=0.35",
                                               "cell.negative.material.film_resistance=4 ohm cm2",
                                               "cell.positive.material.film_resistance=4 ohm cm2"});
  const double i0 = pick(figs, "bruce_vincent_initial_current_mA_cm2");
  const double iss = pick(figs, "bruce_vincent_steady_current_mA_cm2");
  std::ofstream(dir + "/f.yaml") << "parameters:\n"
                                    "  - {name: t, set: [cell.electrolyte.transference_number], initial: 0.1, bounds: [0, 0.9]}\n"
                                    "  - {name: rf, set: [cell.negative.material.film_resistance, cell.positive.material.film_resistance], unit: ohm cm2, initial: 1, bounds: [0, 50], scale: linear}\n"
                                    "targets:\n  - {case: bv.yaml, figure: bruce_vincent_initial_current_mA_cm2, measured: "
                                 << i0 << "}\n  - {case: bv.yaml, figure: bruce_vincent_steady_current_mA_cm2, measured: " << iss << "}\n";
  const FitResult r = runFit(dir + "/f.yaml", false);
  std::printf("fit: t+ = %.5f (0.35), film = %.5f ohm cm2 (4)\n", r.parameters[0].value, r.parameters[1].value);
  EXPECT_NEAR(r.parameters[0].value, 0.35, 1e-3);
  EXPECT_NEAR(r.parameters[1].value, 4.0, 1e-2);
}

}  // namespace

namespace {

TEST(Fit, LeavesAnUpperBoundItStartsOn) {
  const std::string dir = ::testing::TempDir() + "/fit3";
  writeCase(dir);
  const double truth = pick(measure(dir + "/bv.yaml", {}), "bruce_vincent_rho_plus");  // t+ = 0.3
  std::ofstream(dir + "/fit.yaml") << "parameters:\n"
                                      "  - {name: t, set: [cell.electrolyte.transference_number], initial: 0.9, bounds: [0.0, 0.9]}\n"
                                      "targets:\n  - {case: bv.yaml, figure: bruce_vincent_rho_plus, measured: "
                                   << truth << ", sigma: 0.01}\n";
  const FitResult r = runFit(dir + "/fit.yaml", false);
  EXPECT_TRUE(r.converged);
  EXPECT_NEAR(r.parameters[0].value, 0.3, 1e-3);
}

TEST(Fit, ParameterMatchingNoCaseIsAnError) {
  const std::string dir = ::testing::TempDir() + "/fit4";
  writeCase(dir);
  std::ofstream(dir + "/fit.yaml") << "parameters:\n"
                                      "  - {name: t, set: [cell.electrolyte.transference_numbr], initial: 0.3}\n"
                                      "targets:\n  - {case: bv.yaml, figure: bruce_vincent_rho_plus, measured: 0.5}\n";
  EXPECT_THROW(runFit(dir + "/fit.yaml", false), InputError);
}

// A measured value given as a path into a targets file is the number written there (plus
// an offset where the fit file says so): the fit finds it again.
TEST(Fit, MeasuredValueFromATargetsFile) {
  const std::string dir = ::testing::TempDir() + "/fit_targets";
  writeCase(dir);
  const double truth = pick(measure(dir + "/bv.yaml", {}), "bruce_vincent_rho_plus");  // at t+ = 0.3
  std::ofstream(dir + "/targets.yaml") << std::setprecision(17) << "cells:\n  transference_number: {X0.95@PP: "
                                       << truth + 0.01 << "}\n";
  std::ofstream(dir + "/fit.yaml") << "measured_values: targets.yaml\nparameters:\n"
                                      "  - {name: t, set: [cell.electrolyte.transference_number], initial: 0.05, bounds: [0.0, 0.9]}\n"
                                      "targets:\n  - {case: bv.yaml, figure: bruce_vincent_rho_plus,"
                                      " measured: {target: cells.transference_number.X0.95@PP, offset: -0.01}, sigma: 0.01}\n";
  int maxit = 0;
  const FitResult spec = readFitFile(dir + "/fit.yaml", &maxit);
  EXPECT_NEAR(spec.targets[0].measured, truth, 1e-12);
  const FitResult r = runFit(dir + "/fit.yaml", false);
  EXPECT_TRUE(r.converged) << r.stop_reason;
  EXPECT_NEAR(r.parameters[0].value, 0.3, 1e-4);
}

}  // namespace
