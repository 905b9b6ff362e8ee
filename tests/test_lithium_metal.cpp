// Lithium-metal physics against closed forms: Sand's time, the limiting current of a
// symmetric cell, the Bruce–Vincent experiment on an ideal (Nernst–Einstein) electrolyte,
// lithium conservation through plating and stripping, and the interfacial rate laws.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "TestSupport.hpp"
#include "core/input/PhysicalConstants.hpp"
#include "models/cell/InterfaceKinetics.hpp"
#include "models/cell/LithiumFoil.hpp"
#include "models/physics/LimitingCurrent.hpp"
#include "models/physics/RateLaws.hpp"

using namespace cellsim;
using namespace cellsim::testing_support;

namespace {

const double kF = constants::F, kR = constants::R;

// Sand's time: semi-infinite diffusion from a plating surface, t = pi D_eff eps (c0 F)^2 /
// (4 (i (1 - t+))^2). A 2 mm layer is ~15 diffusion lengths deep at that time. Depletion
// stops any run by default, with a message naming the surface, the time and the current.
TEST(LithiumMetal, SandsTimeOfASingleLayer) {
  const double L = 2e-3, eps = 0.5, b = 1.5, c0 = 1000, D = 3e-10, tp = 0.3, i = 100.0;
  LiCell c = writeLiCell("sand", kConstantElectrolyte,
                         "{name: thick, thickness: 2 mm, porosity: 0.5, bruggeman: 1.5, volumes: 800}",
                         "exchange_current_density: 10 mA/cm2\n",
                         "protocol: [\"Discharge at 10 mA/cm2 for 1000 s\"]\n");
  CaseRecipe recipe = loadCase(c.path);
  CellModel model(recipe.cell);
  SimulationResult res = runProtocol(model, recipe.protocol, recipe.options);
  ASSERT_TRUE(res.stopped_early) << "the surface never depleted";
  EXPECT_NE(res.stop_reason.find("electrolyte depleted at the positive lithium surface at t = "), std::string::npos)
      << res.stop_reason;
  EXPECT_NE(res.stop_reason.find("Sand's time reached at 10 mA/cm2"), std::string::npos) << res.stop_reason;
  const double Deff = D * std::pow(eps, b);
  const double t_sand = M_PI * Deff * eps * std::pow(c0 * kF, 2) / (4 * std::pow(i * (1 - tp), 2));
  // The run stops at the default 0.1 % of c0, i.e. at (1 - 1e-3)^2 of Sand's time.
  const double t_stop = res.steps.back().t_end_s / std::pow(1 - 1e-3, 2);
  std::printf("Sand's time: simulated %.3f s, closed form %.3f s (%.2f %%); diffusion length %.0f um of %.0f um\n",
              t_stop, t_sand, 100 * (t_stop / t_sand - 1), 1e6 * std::sqrt(Deff / eps * t_sand), 1e6 * L);
  EXPECT_NEAR(t_stop / t_sand, 1.0, 0.01);
  EXPECT_NEAR(res.steps.back().t_end_s / t_sand, 1.0, 0.01);  // as reported, without the correction
}

// A recipe may choose to continue past depletion: the run goes on, with a warning.
TEST(LithiumMetal, DepletionMayBeContinuedWithAWarning) {
  LiCell c = writeLiCell("sand_continue", kConstantElectrolyte,
                         "{name: thick, thickness: 2 mm, porosity: 0.5, bruggeman: 1.5, volumes: 200}",
                         "exchange_current_density: 10 mA/cm2\n",
                         "protocol: [\"Discharge at 10 mA/cm2 for 40 s\"]\n"
                         "safety: {on_depletion: continue, depletion_fraction: 0.5}\n");
  CaseRecipe recipe = loadCase(c.path);
  CellModel model(recipe.cell);
  const SimulationResult res = runProtocol(model, recipe.protocol, recipe.options);
  EXPECT_FALSE(res.stopped_early) << res.stop_reason;
  EXPECT_EQ(res.steps.back().ended_by, "duration");
  bool warned = false;
  for (const auto& w : res.warnings) warned = warned || w.find("continuing as the recipe asks") != std::string::npos;
  EXPECT_TRUE(warned);
  EXPECT_LT(model.foil(End::Right)->surfaceConcentration(res.final_state.data()), 500.0);
}

// The limiting current through a layered separator with D(c): constant D gives the closed
// form exactly; a concentration-dependent D gives the onset the full model finds by
// depletion (the critical-current experiment with no current focusing).
TEST(LithiumMetal, LimitingCurrentWithConcentrationDependentDiffusivity) {
  const double F = kF, c0 = 1000, D = 3e-10;
  const std::vector<TransportLayer> one = {{25e-6, 0.4, std::pow(0.4, 1.5), 0.3}};
  const double closed = 2 * F * D * std::pow(0.4, 1.5) * c0 / (0.7 * 25e-6);
  EXPECT_NEAR(limitingCurrent([D](double) { return D; }, c0, one) / closed, 1.0, 1e-6);
  // D falling with c (as the real electrolytes): the steady profile, not D(c0), decides.
  auto Dc = [](double c) { return 2.7e-10 * std::exp(-0.5 * c / 1000); };
  // Listed from the plating surface: the probe plates at x = L, on the PP side.
  const std::vector<TransportLayer> two = {{25e-6, 0.41, std::pow(0.41, 2.5), 0.2}, {5e-6, 0.45, 1 / 6.0, 0.6}};
  const double estimate = limitingCurrent(Dc, c0, two);
  LiCell cell = writeLiCell("ilim_dc",
                            "    initial_concentration: 1000 mol/m3\n"
                            "    diffusivity: {expression: \"2.7e-10*exp(-0.5*c_e/1000)\", unit: m2/s}\n"
                            "    conductivity: 0.8 S/m\n    transference_number: 0.3\n",
                            "[{name: coat, thickness: 5 um, porosity: 0.45, macmullin: 6, transference_number: 0.6, volumes: 10},"
                            " {name: PP, thickness: 25 um, porosity: 0.41, bruggeman: 2.5, transference_number: 0.2, volumes: 40}]",
                            "exchange_current_density: 10 mA/cm2\n",
                            "experiment:\n  type: critical_current\n  criterion: criterion.yaml\n"
                            "  staircase: {from: 5 mA/cm2, step: 5 mA/cm2, to: 100 mA/cm2, each: 10 min}\n");
  CaseRecipe recipe = loadCase(cell.path);
  CellModel model(recipe.cell);
  double onset = NAN;
  for (const auto& f : runCase(recipe, model).figures)
    if (f.name == "critical_current_density_onset_mA_cm2") onset = f.value * 10.0;
  std::printf("limiting current with D(c): steady-profile estimate %.3f A/m2, model onset %.3f A/m2, D(c0) estimate %.3f A/m2\n",
              estimate, onset, limitingCurrent([&](double) { return Dc(c0); }, c0, two));
  // The model declares depletion at 0.1 % of c0, slightly before the true limit.
  EXPECT_NEAR(onset / estimate, 1.0, 3e-3);
}

// Limiting current of a symmetric cell: 2 F D_eff c0 / ((1 - t+) L), found as the onset of
// depletion by the critical-current experiment with no current focusing (beta_h = 1).
TEST(LithiumMetal, LimitingCurrentOfASymmetricCell) {
  const double L = 25e-6, eps = 0.4, b = 1.5, c0 = 1000, D = 3e-10, tp = 0.3;
  LiCell c = writeLiCell("ilim", kConstantElectrolyte,
                         "{name: sep, thickness: 25 um, porosity: 0.4, bruggeman: 1.5, volumes: 40}",
                         "exchange_current_density: 10 mA/cm2\n",
                         "experiment:\n  type: critical_current\n  criterion: criterion.yaml\n"
                         "  staircase: {from: 5 mA/cm2, step: 5 mA/cm2, to: 200 mA/cm2, each: 10 min}\n");
  CaseRecipe recipe = loadCase(c.path);
  CellModel model(recipe.cell);
  const CaseOutcome out = runCase(recipe, model);
  double onset = NAN;
  for (const auto& f : out.figures)
    if (f.name == "critical_current_density_onset_mA_cm2") onset = f.value * 10.0;  // A/m2
  const double ilim = 2 * kF * D * std::pow(eps, b) * c0 / ((1 - tp) * L);
  // Depletion is declared at 0.1 % of c0, which the linear steady profile reaches at
  // (1 - 1e-3) i_lim.
  std::printf("limiting current: simulated onset %.3f A/m2, closed form %.3f A/m2 (%.3f %%)\n", onset, ilim,
              100 * (onset / ilim - 1));
  EXPECT_NEAR(onset / ilim, 1.0, 0.02);
  EXPECT_NEAR(onset / ilim, 1.0 - 1e-3, 2e-3);
}

// An ideal binary electrolyte obeys Nernst–Einstein: t+ = D+/(D+ + D-), D = 2 D+ D- /
// (D+ + D-), kappa = F^2 c (D+ + D-)/(RT), TDF = 1. Then rho+ = t+ exactly (small signal),
// so the simulated Bruce–Vincent experiment must return the electrolyte's own t+.
class IdealBruceVincent : public ::testing::TestWithParam<double> {};

TEST_P(IdealBruceVincent, ReturnsItsOwnTransferenceNumber) {
  const double tp = GetParam(), Dsalt = 3e-10;
  const double sum = Dsalt / (2 * tp * (1 - tp));  // D+ + D-
  char el[512];
  std::snprintf(el, sizeof el,
                "    initial_concentration: 1000 mol/m3\n"
                "    diffusivity: %.10g m2/s\n"
                "    conductivity: {expression: \"96485.33212^2 * %.10g * c_e / (8.314462618 * T)\", unit: S/m}\n"
                "    transference_number: %.10g\n"
                "    thermodynamic_factor: 1\n",
                Dsalt, sum, tp);
  LiCell c = writeLiCell("ideal_bv_" + std::to_string(tp), el,
                         "{name: sep, thickness: 100 um, porosity: 0.5, bruggeman: 1.5, volumes: 40}",
                         "exchange_current_density: 100 mA/cm2\n",
                         "experiment: {type: bruce_vincent, step: 10 mV, duration: 3 h}\n");
  CaseRecipe recipe = loadCase(c.path);
  CellModel model(recipe.cell);
  const CaseOutcome out = runCase(recipe, model);
  double rho = NAN;
  for (const auto& f : out.figures)
    if (f.name == "bruce_vincent_rho_plus") rho = f.value;
  std::printf("ideal electrolyte t+ = %.3f: Bruce-Vincent rho+ = %.4f\n", tp, rho);
  EXPECT_NEAR(rho, tp, 0.01);
}

INSTANTIATE_TEST_SUITE_P(NernstEinstein, IdealBruceVincent, ::testing::Values(0.2, 0.38, 0.6));

// Lithium is conserved through plating and stripping on a layered separator with a jump in
// t+: what leaves one foil enters the other, and the salt in the electrolyte is unchanged.
TEST(LithiumMetal, LithiumConservedThroughPlatingAndStripping) {
  LiCell c = writeLiCell(
      "conservation",
      "    initial_concentration: 1 M\n"
      "    diffusivity: {expression: \"2.7e-10*exp(-0.5*c_e/1000)\", unit: m2/s}\n"
      "    conductivity: {expression: \"0.8*(c_e/1000)*(2 - c_e/1000)\", unit: S/m}\n"
      "    transference_number: 0.3\n"
      "    thermodynamic_factor: {expression: \"1 + 0.6*c_e/1000\", unit: \"1\"}\n",
      "[{name: coating, thickness: 5 um, porosity: 0.45, macmullin: 6, transference_number: 0.6, volumes: 8},"
      " {name: PP, thickness: 25 um, porosity: 0.41, bruggeman: 2.5, volumes: 30}]",
      "exchange_current_density: 1 mA/cm2\nfilm_resistance: 5 ohm cm2\n",
      "protocol:\n  - {repeat: 3, steps: [\"Discharge at 2 mA/cm2 for 30 min\", \"Rest for 5 min\","
      " \"Charge at 4 mA/cm2 for 10 min\"]}\n  - \"Hold at 20 mV for 10 min\"\n");
  CaseRecipe recipe = loadCase(c.path);
  CellModel model(recipe.cell);
  SimulationResult res = runProtocol(model, recipe.protocol, recipe.options);
  std::vector<double> y0, yp0;
  model.initialState(y0, yp0, 0.0);
  const double* y = res.final_state.data();
  const LithiumFoil& neg = *model.foil(End::Left);
  const LithiumFoil& pos = *model.foil(End::Right);
  auto total = [&](const double* s) { return lithiumInFoilsAndSalt(model, s); };
  const double before = total(y0.data()), after = total(y);
  const double moved = std::abs(neg.thicknessChange(y)) / recipe.cell.negative.foil()->molar_volume_m3_mol;
  std::printf("lithium: %.15e -> %.15e mol/m2 (relative %.2e); net moved %.3e mol/m2\n", before, after,
              std::abs(after - before) / before, moved);
  EXPECT_LT(std::abs(after - before) / before, 1e-9);
  // Plated = stripped: the two foils changed by equal and opposite amounts...
  EXPECT_NEAR(neg.thicknessChange(y), -pos.thicknessChange(y), 1e-9 * 1e-6);
  // ...which is the charge passed through the external circuit.
  const double q_cell = model.charge(y);
  EXPECT_NEAR(-neg.thicknessChange(y) / recipe.cell.negative.foil()->molar_volume_m3_mol * kF, q_cell,
              1e-9 * std::abs(q_cell) + 1e-9);
  EXPECT_GT(std::abs(q_cell), 1.0);  // the protocol really moved lithium
  // The salt is conserved on its own (anions never cross the foils).
  EXPECT_LT(std::abs(model.electrolyteSalt(y) - model.electrolyteSalt(y0.data())) / model.electrolyteSalt(y0.data()), 1e-9);
}

// Rate laws of a surface against their closed forms.
TEST(InterfaceKinetics, DesolvationOptionsAndMarcusHushChidsey) {
  const double T = 303.15, f = kF / (kR * T);
  InterfaceKineticsDesign d;
  d.reference_temperature_K = T;
  d.film_resistance_ohm_m2 = 3e-4;
  // Option A: the barrier shifts the activation energy by g dE N_A.
  d.desolvation.model = Desolvation::Model::ScaledExchangeCurrent;
  d.desolvation.reference_barrier_eV = 2.13;
  d.desolvation.barrier_eV = 1.95;
  d.desolvation.barrier_scaling = 0.2676;
  const double expected = 10 * std::exp(0.2676 * 0.18 * kF / (kR * T));
  EXPECT_NEAR(10 * InterfaceKinetics(d, T).exchangeFactor(T) / expected, 1.0, 1e-12);
  EXPECT_NEAR(expected / 10, 6.3, 0.1);  // the factor quoted in the recipes at 30 degC
  // Symmetric BV inverse: eta = (2RT/F) asinh(i / 2 i0) + i R_film.
  const double i = 25.0;
  EXPECT_NEAR(InterfaceKinetics(d, T).overpotential(i, expected, 1000, T),
              2 / f * std::asinh(i / (2 * expected)) + i * 3e-4, 1e-10);
  // Option B: two symmetric steps in series.
  d.desolvation.model = Desolvation::Model::SeriesStep;
  d.desolvation.exchange_current_A_m2 = 4.0;
  const InterfaceKinetics b(d, T);
  const double i0d = 4.0 * std::exp(0.2676 * 0.18 * kF / (kR * T));
  EXPECT_NEAR(b.overpotential(i, 10.0, 1000, T), 2 / f * (std::asinh(i / 20.0) + std::asinh(i / (2 * i0d))) + i * 3e-4,
              1e-10);
  EXPECT_NEAR(b.resistance(0, 10.0, 1000, T), (1 / 10.0 + 1 / i0d) / f + 3e-4, 1e-8);
  // Marcus–Hush–Chidsey: Butler–Volmer-like at small eta, slower at large eta
  // (lambda = 0.3 eV: i/i0 = 5.4 at 0.1 V and 19 at 0.2 V, against 6.9 and 49 for BV at 25 degC).
  const double T25 = 298.15;
  // (the asymptotic form differs from BV by 0.14 % at 10 mV: a curvature term, not an error)
  EXPECT_NEAR(marcusHushChidsey(1.0, 0.01, 0.3, T25) / butlerVolmer(1.0, 0.01, 0.5, 0.5, T25), 1.0, 2e-3);
  EXPECT_NEAR(marcusHushChidsey(1.0, 0.1, 0.3, T25), 5.4, 0.15);
  EXPECT_NEAR(marcusHushChidsey(1.0, 0.2, 0.3, T25), 19.0, 0.5);
  EXPECT_NEAR(butlerVolmer(1.0, 0.1, 0.5, 0.5, T25), 6.9, 0.1);
}

// Option B in a cell: the series step's own unknown gives the same steady voltage as the
// closed form with two asinh terms per interface.
TEST(LithiumMetal, SeriesDesolvationStepInACell) {
  LiCell c = writeLiCell("series", kConstantElectrolyte,
                         "{name: sep, thickness: 25 um, porosity: 0.4, bruggeman: 1.5, volumes: 20}",
                         "exchange_current_density: 2 mA/cm2\nconcentration_exponent: 0\n"
                         "reference_temperature: 30 degC\n"
                         "desolvation: {model: series_step, exchange_current_density: 0.5 mA/cm2,"
                         " reference_barrier: 2.13 eV, barrier_scaling: 0.2}\n",
                         "protocol: [\"Discharge at 1 mA/cm2 for 2 h\"]\n");
  CaseRecipe recipe = loadCase(c.path);
  CellModel model(recipe.cell);
  SimulationResult res = runProtocol(model, recipe.protocol, recipe.options);
  const double* y = res.final_state.data();
  const double T = 303.15, RT_F = kR * T / kF, I = 10.0, L = 25e-6, tp = 0.3;
  const double keff = 0.8 * std::pow(0.4, 1.5), Deff = 3e-10 * std::pow(0.4, 1.5);
  const double g = (1 - tp) * I / (kF * Deff), cl = 1000 + g * L / 2, cr = 1000 - g * L / 2;
  const double eta_one = 2 * RT_F * (std::asinh(I / 40.0) + std::asinh(I / 10.0));
  const double V = -2 * eta_one - I * L / keff + 2 * RT_F * (1 - tp) * std::log(cr / cl);
  std::printf("series-step cell: V = %.6f V, closed form %.6f V\n", model.voltage(y), V);
  EXPECT_NEAR(model.voltage(y), V, 2e-6);
}

}  // namespace

namespace {

// Marcus–Hush–Chidsey selected from the recipe: the DAE's steady voltage equals the sum of
// the interfacial overpotentials from the rate law's own inversion plus the closed-form
// electrolyte terms.
TEST(LithiumMetal, MarcusHushChidseyFromRecipe) {
  LiCell c = writeLiCell("mhc", kConstantElectrolyte,
                         "{name: sep, thickness: 25 um, porosity: 0.4, bruggeman: 1.5, volumes: 20}",
                         "exchange_current_density: 1 mA/cm2\nconcentration_exponent: 0\n"
                         "charge_transfer: marcus_hush_chidsey\nreorganization_energy: 0.25 eV\n",
                         "protocol: [\"Discharge at 3 mA/cm2 for 2 h\"]\n");
  CaseRecipe recipe = loadCase(c.path);
  ASSERT_EQ(recipe.cell.negative.foil()->kinetics.rate_law->name(), "marcus_hush_chidsey");
  CellModel model(recipe.cell);
  SimulationResult res = runProtocol(model, recipe.protocol, recipe.options);
  const double* y = res.final_state.data();
  const double T = 303.15, RT_F = kR * T / kF, I = 30.0, L = 25e-6, tp = 0.3;
  const double keff = 0.8 * std::pow(0.4, 1.5), Deff = 3e-10 * std::pow(0.4, 1.5);
  const double g = (1 - tp) * I / (kF * Deff), cl = 1000 + g * L / 2, cr = 1000 - g * L / 2;
  const InterfaceKinetics li(recipe.cell.negative.foil()->kinetics, T);
  const double eta = li.overpotential(I, 10.0, 1000, T);  // i0 = 1 mA/cm2, independent of c here
  const double V = -2 * eta - I * L / keff + 2 * RT_F * (1 - tp) * std::log(cr / cl);
  std::printf("MHC cell: V = %.6f V, closed form %.6f V (eta %.4f V vs BV %.4f V)\n", model.voltage(y), V, eta,
              2 * RT_F * std::asinh(I / 20.0));
  EXPECT_NEAR(model.voltage(y), V, 2e-6);
  EXPECT_GT(eta, 2 * RT_F * std::asinh(I / 20.0));  // slower than Butler–Volmer at this overpotential
}

}  // namespace
