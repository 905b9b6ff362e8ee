// The shipped default mesh against closed forms, on cases that give no mesh at all (issue 10:
// a user should not have to know to refine), and the `--mesh-check` estimate against the
// error it estimates. Every case here leaves `mesh:` out of its recipe.
#include <gtest/gtest.h>

#include <cmath>

#include "TestSupport.hpp"
#include "core/input/PhysicalConstants.hpp"
#include "models/io/MeshCheck.hpp"

using namespace cellsim;
using namespace cellsim::testing_support;

namespace {

const double kF = constants::F, kR = constants::R;
const double kT = 303.15;  // 30 degC, as writeLiCell's cells
constexpr double kDefaultMeshTolerance = 5e-3;  // the "within 0.5 %"

const char* kSandSeparator = "{name: thick, thickness: 2 mm, porosity: 0.5, bruggeman: 1.5}";
const char* kSingleLayer = "{name: sep, thickness: 25 um, porosity: 0.4, bruggeman: 1.5}";
// A coating with a higher t+ on PP: the concentration steps at the interface.
const char* kBilayer =
    "[{name: coat, thickness: 5 um, porosity: 0.45, macmullin: 6, transference_number: 0.6},"
    " {name: PP, thickness: 25 um, porosity: 0.41, bruggeman: 2.5, transference_number: 0.2}]";

struct Layer {
  double L_m, transport, t_plus;
};

// Small-signal Bruce–Vincent ratio of a symmetric cell with constant kappa, D and thermodynamic
// factor 1: the R0/Rss-corrected ratio is the share of the bulk resistance R_b in R_b + R_diff,
// R_diff = 2 R T / (F^2 c0) sum (1 - t_k)^2 L_k / D_eff,k (the steady diffusion potential).
double smallSignalRho(const std::vector<Layer>& layers, double kappa, double D, double c0) {
  double Rb = 0, Rd = 0;
  for (const auto& l : layers) {
    Rb += l.L_m / (kappa * l.transport);
    Rd += 2 * kR * kT / (kF * kF * c0) * std::pow(1 - l.t_plus, 2) * l.L_m / (D * l.transport);
  }
  return Rb / (Rb + Rd);
}

CaseOutcome runDefault(const CaseRecipe& recipe) {
  CellModel model(recipe.cell);
  return runCase(recipe, model);
}
CaseOutcome runDefault(const LiCell& c) { return runDefault(loadCase(c.path)); }

const Figure& figure(const CaseOutcome& o, const std::string& name) {
  for (const auto& f : o.figures)
    if (f.name == name) return f;
  throw std::runtime_error("no figure " + name);
}

// A 1 mV step: small enough that the closed form's linearisation is exact to < 0.05 %.
const char* kBruceVincent1mV = "experiment: {type: bruce_vincent, step: 1 mV, duration: 3 h}\n";

}  // namespace

TEST(DefaultMesh, SandsTime) {
  const double eps = 0.5, c0 = 1000, D = 3e-10, tp = 0.3, i = 100.0;
  const LiCell c = writeLiCell("dm_sand", kConstantElectrolyte, kSandSeparator, "exchange_current_density: 10 mA/cm2\n",
                               "protocol: [\"Discharge at 10 mA/cm2 for 1000 s\"]\n");
  const CaseOutcome out = runDefault(c);
  const double t_sand = M_PI * D * std::pow(eps, 1.5) * eps * std::pow(c0 * kF, 2) / (4 * std::pow(i * (1 - tp), 2));
  // Depletion is declared at 0.1 % of c0, reached at (1 - 1e-3)^2 of Sand's time.
  const double t = figure(out, "depletion_time_s").value / std::pow(1 - 1e-3, 2);
  std::printf("default mesh: Sand's time %.4f s, closed form %.4f s (%+.3f %%)\n", t, t_sand, 100 * (t / t_sand - 1));
  EXPECT_NEAR(t / t_sand, 1.0, kDefaultMeshTolerance);
}

TEST(DefaultMesh, LimitingCurrent) {
  const LiCell c = writeLiCell("dm_ilim", kConstantElectrolyte, kSingleLayer, "exchange_current_density: 10 mA/cm2\n",
                               "experiment:\n  type: critical_current\n  criterion: criterion.yaml\n"
                               "  staircase: {from: 5 mA/cm2, step: 5 mA/cm2, to: 200 mA/cm2, each: 10 min}\n");
  const double onset = figure(runDefault(c), "critical_current_density_onset_mA_cm2").value * 10.0;
  const double ilim = 2 * kF * 3e-10 * std::pow(0.4, 1.5) * 1000 / (0.7 * 25e-6);
  std::printf("default mesh: limiting current %.4f A/m2, closed form %.4f A/m2\n", onset, ilim);
  EXPECT_NEAR(onset / ((1 - 1e-3) * ilim), 1.0, kDefaultMeshTolerance);
}

TEST(DefaultMesh, BruceVincentSingleLayer) {
  const LiCell c = writeLiCell("dm_bv1", kConstantElectrolyte, kSingleLayer, "exchange_current_density: 10 mA/cm2\n",
                               kBruceVincent1mV);
  const CaseOutcome out = runDefault(c);
  const double rho = figure(out, "bruce_vincent_rho_plus").value;
  // The figure says how I0 was read (summary.json "definition").
  EXPECT_NE(figure(out, "bruce_vincent_initial_current_mA_cm2").definition.find("t = 0+"), std::string::npos);
  const double closed = smallSignalRho({{25e-6, std::pow(0.4, 1.5), 0.3}}, 0.8, 3e-10, 1000);
  std::printf("default mesh: Bruce-Vincent single layer %.5f, closed form %.5f (%+.3f %%)\n", rho, closed,
              100 * (rho / closed - 1));
  EXPECT_NEAR(rho / closed, 1.0, kDefaultMeshTolerance);
}

TEST(DefaultMesh, BruceVincentBilayer) {
  const LiCell c = writeLiCell("dm_bv2", kConstantElectrolyte, kBilayer, "exchange_current_density: 10 mA/cm2\n",
                               kBruceVincent1mV);
  const double rho = figure(runDefault(c), "bruce_vincent_rho_plus").value;
  const double closed = smallSignalRho({{5e-6, 1.0 / 6.0, 0.6}, {25e-6, std::pow(0.41, 2.5), 0.2}}, 0.8, 3e-10, 1000);
  std::printf("default mesh: Bruce-Vincent bilayer %.5f, closed form %.5f (%+.3f %%)\n", rho, closed,
              100 * (rho / closed - 1));
  EXPECT_NEAR(rho / closed, 1.0, kDefaultMeshTolerance);
}

// Nernst–Einstein electrolyte: rho+ = t+ (small signal).
TEST(DefaultMesh, BruceVincentNernstEinstein) {
  const double tp = 0.38, Dsalt = 3e-10, sum = Dsalt / (2 * tp * (1 - tp));
  char el[512];
  std::snprintf(el, sizeof el,
                "    initial_concentration: 1000 mol/m3\n    diffusivity: %.10g m2/s\n"
                "    conductivity: {expression: \"96485.33212^2 * %.10g * c_e / (8.314462618 * T)\", unit: S/m}\n"
                "    transference_number: %.10g\n    thermodynamic_factor: 1\n",
                Dsalt, sum, tp);
  const LiCell c = writeLiCell("dm_ne", el, "{name: sep, thickness: 100 um, porosity: 0.5, bruggeman: 1.5}",
                               "exchange_current_density: 100 mA/cm2\n", kBruceVincent1mV);
  const double rho = figure(runDefault(c), "bruce_vincent_rho_plus").value;
  std::printf("default mesh: Nernst-Einstein rho+ %.5f, t+ %.5f\n", rho, tp);
  EXPECT_NEAR(rho / tp, 1.0, kDefaultMeshTolerance);
}

// The estimate of --mesh-check against the true error of the default mesh, within a factor
// of 2: Sand's time against its closed form; the Bruce–Vincent ratios (10 mV, the paper's
// step) against the same case on a mesh refined 16x.
class MeshCheckEstimate : public ::testing::TestWithParam<const char*> {};

TEST_P(MeshCheckEstimate, WithinAFactorOfTwoOfTheTrueError) {
  const std::string which = GetParam();
  const bool sand = which == "sand";
  const LiCell c = writeLiCell("mc_" + which, kConstantElectrolyte,
                               sand ? kSandSeparator : which == "bilayer" ? kBilayer : kSingleLayer,
                               "exchange_current_density: 10 mA/cm2\n",
                               sand ? "protocol: [\"Discharge at 10 mA/cm2 for 1000 s\"]\n"
                                    : "experiment: {type: bruce_vincent, step: 10 mV, duration: 3 h}\n");
  const CaseRecipe recipe = loadCase(c.path);
  CaseOutcome out = runDefault(recipe);
  estimateMeshErrors(recipe, out);
  const std::string name = sand ? "depletion_time_s" : "bruce_vincent_rho_plus";
  const Figure& f = figure(out, name);
  double truth;
  if (sand) {
    truth = M_PI * 3e-10 * std::pow(0.5, 2.5) * std::pow(1000 * kF, 2) / (4 * std::pow(70.0, 2)) * std::pow(1 - 1e-3, 2);
  } else {
    CaseRecipe fine = recipe;
    fine.cell = refinedMesh(recipe.cell, 16);
    truth = figure(runDefault(fine), name).value;
  }
  const double true_error = f.value - truth;
  std::printf("%s: default %.6g, estimated error %.3g (order %.2f), true error %.3g\n", which.c_str(), f.value,
              f.mesh_error.error, f.mesh_error.observed_order, true_error);
  ASSERT_TRUE(f.mesh_error.estimated);
  EXPECT_GT(f.mesh_error.error / true_error, 0.5);
  EXPECT_LT(f.mesh_error.error / true_error, 2.0);
}

INSTANTIATE_TEST_SUITE_P(ClosedForms, MeshCheckEstimate, ::testing::Values("sand", "single", "bilayer"));

// Richardson on values with a known law: f = 1 + h^2 on h = 1, 1/2, 1/4.
TEST(MeshCheck, RichardsonRecoversAKnownOrderAndError) {
  const MeshError m = richardson(1 + 1.0, 1 + 0.25, 1 + 0.0625, 1e-12);
  EXPECT_NEAR(m.observed_order, 2.0, 1e-12);
  EXPECT_NEAR(m.error, 1.0, 1e-12);
  const MeshError flat = richardson(2.0, 2.0, 2.0, 1e-12);
  EXPECT_EQ(flat.observed_order, 0.0);
  EXPECT_EQ(flat.error, 0.0);
  const MeshError wobbly = richardson(1.0, 1.1, 1.0, 1e-12);  // no convergence: a bound
  EXPECT_EQ(wobbly.observed_order, 0.0);
  EXPECT_NEAR(std::abs(wobbly.error), 0.2, 1e-12);
}
