// Cells with lithium-metal foils: steady-state electrolyte transport against closed forms.
#include <gtest/gtest.h>

#include <cmath>

#include "TestSupport.hpp"
#include "core/input/PhysicalConstants.hpp"
#include "models/cell/LithiumFoil.hpp"

using namespace cellsim;
using namespace cellsim::testing_support;

namespace {

// Li | separator | Li with constant properties. At steady state the anion is at rest, so
// N+ = I/F everywhere: c(x) is linear in each layer with slope -(1 - t_k) I / (F D_eff,k),
// continuous across layer boundaries, and its mean is the initial concentration.
// The cell voltage is the sum of the two interfacial overpotentials (symmetric BV:
// (2RT/F) asinh(I / 2 i0(c_surface))), the film drops, the ohmic drop and the diffusion
// potential (2RT/F)(1 - t)(ln c(L) - ln c(0)) per layer.
struct LayerSpec {
  double L, eps, tplus;
};

void checkSteadyState(const std::vector<LayerSpec>& layers, double I) {
  const double c0 = 1000, D = 3e-10, kappa = 0.8, T = 298.15, i0 = 10.0, Rf = 2e-4, b = 1.5;
  std::string sep = "[";
  for (size_t k = 0; k < layers.size(); ++k) {
    char buf[256];
    std::snprintf(buf, sizeof buf, "%s{name: L%zu, thickness: \"%g um\", porosity: %g, bruggeman: %g, transference_number: %g, volumes: 40}",
                  k ? ", " : "", k, layers[k].L * 1e6, layers[k].eps, b, layers[k].tplus);
    sep += buf;
  }
  sep += "]";
  const std::string yaml = std::string(R"(
description: steady state test
cell:
  temperature: 298.15 K
  negative: {type: lithium_metal, material: ../params/materials/lithium_metal_test.yaml, film_resistance: "2 ohm cm2"}
  positive: {type: lithium_metal, material: ../params/materials/lithium_metal_test.yaml, film_resistance: "2 ohm cm2"}
  electrolyte:
    name: ideal
    initial_concentration: 1000 mol/m3
    diffusivity: 3e-10 m2/s
    conductivity: 0.8 S/m
    transference_number: 0.3
    thermodynamic_factor: 1
  separator: )") + sep + R"(
protocol:
  - "Discharge at 2 mA/cm2 for 5 h"
)";
  (void)i0;
  // Write the recipe and a lithium material with i0 = 1 mA/cm2 next to the tests.
  const std::string dir = ::testing::TempDir() + "/li_steady";
  std::string cmd = "mkdir -p " + dir + "/cases " + dir + "/params/materials";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  {
    std::ofstream(dir + "/params/materials/lithium_metal_test.yaml")
        << "name: test lithium\nexchange_current_density: 1 mA/cm2\nconcentration_exponent: 0.5\n";
    std::ofstream(dir + "/cases/steady.yaml") << yaml;
  }
  CaseRecipe recipe = loadCase(dir + "/cases/steady.yaml");
  CellModel model(recipe.cell);
  SimulationResult res = runProtocol(model, recipe.protocol, recipe.options);
  const double* y = res.final_state.data();
  const ProfileTable p = model.profiles(y);
  const std::vector<double>& c_e = p.get("c_e_mol_m3");

  // Closed form.
  double sumEL = 0, sumM = 0;
  std::vector<double> g(layers.size()), x0(layers.size() + 1, 0.0);
  for (size_t k = 0; k < layers.size(); ++k) {
    const double Deff = D * std::pow(layers[k].eps, b);
    g[k] = (1 - layers[k].tplus) * I / (constants::F * Deff);
    x0[k + 1] = x0[k] + layers[k].L;
  }
  // c(x) = c(0) - integral of g; choose c(0) so that the porosity-weighted mean is c0.
  double cum = 0;  // c at start of layer relative to c(0)
  for (size_t k = 0; k < layers.size(); ++k) {
    const double Lk = layers[k].L;
    sumEL += layers[k].eps * Lk;
    sumM += layers[k].eps * (cum * Lk - g[k] * Lk * Lk / 2);
    cum -= g[k] * Lk;
  }
  const double c_left = c0 - sumM / sumEL;
  auto exact = [&](double x) {
    double c = c_left;
    for (size_t k = 0; k < layers.size(); ++k) {
      const double a = x0[k], e = x0[k + 1];
      if (x <= e) return c - g[k] * (x - a);
      c -= g[k] * (e - a);
    }
    return c;
  };
  double worst = 0;
  for (size_t i = 0; i < p.x_m.size(); ++i) worst = std::max(worst, std::abs(c_e[i] - exact(p.x_m[i])) / c0);
  std::printf("steady c_e: max relative deviation from closed form %.2e\n", worst);
  EXPECT_LT(worst, 1e-5);

  const double c_right = exact(x0.back());
  EXPECT_NEAR(model.foil(End::Left)->surfaceConcentration(y), c_left, 1e-3);
  EXPECT_NEAR(model.foil(End::Right)->surfaceConcentration(y), c_right, 1e-3);

  const double RT_F = constants::R * T / constants::F;
  const double i0L = 10.0 * std::sqrt(c_left / c0), i0R = 10.0 * std::sqrt(c_right / c0);
  double V = -2 * RT_F * (std::asinh(I / (2 * i0L)) + std::asinh(I / (2 * i0R))) - 2 * I * Rf;
  double cl = c_left;
  for (size_t k = 0; k < layers.size(); ++k) {
    const double keff = kappa * std::pow(layers[k].eps, b);
    const double cr = cl - g[k] * layers[k].L;
    V += -I * layers[k].L / keff + 2 * RT_F * (1 - layers[k].tplus) * std::log(cr / cl);
    cl = cr;
  }
  std::printf("steady voltage %.6f V, closed form %.6f V\n", model.voltage(y), V);
  EXPECT_NEAR(model.voltage(y), V, 2e-6);
}

TEST(LithiumLithium, SingleLayerSteadyStateMatchesClosedForm) { checkSteadyState({{25e-6, 0.4, 0.3}}, 20.0); }

TEST(LithiumLithium, BilayerWithDifferentTransferenceNumbers) {
  checkSteadyState({{5e-6, 0.5, 0.7}, {25e-6, 0.4, 0.2}}, 20.0);
}

}  // namespace
