// Impedance from the model's own Jacobians, against what it must reduce to: a single
// interface's R/(1 + jwRC), the ohmic resistance of the separator stack at high frequency,
// the slope of a small time-domain current step at low frequency, Kramers–Kronig
// consistency; and the distribution of relaxation times against known RC elements.
#include <gtest/gtest.h>

#include <cmath>
#include <complex>

#include "TestSupport.hpp"
#include "core/numerics/FrequencyResponse.hpp"
#include "models/cell/InterfaceKinetics.hpp"
#include "models/impedance/CellImpedance.hpp"

using namespace cellsim;
using namespace cellsim::testing_support;
using cplx = std::complex<double>;

namespace {

constexpr double kF = 96485.33212, kR = 8.314462618;

// One surface, galvanostatic: unknowns j (total current, anodic +), dphi (phi_s - phi_e),
// and the potentials across its double layer and film. Nothing but InterfaceKinetics.
class SingleSurface : public DaeSystem {
 public:
  SingleSurface(const InterfaceKineticsDesign& d, double i0, double T) : k_(d, T), i0_(i0), T_(T) {}
  int size() const override { return 4; }
  void residual(double, const double* y, const double* yp, double* F) override {
    const SurfaceSite site{y[1], 1000.0, T_};
    SurfaceUnknowns u;
    u.j = y[0];
    u.dl = y[2];
    u.dl_rate = yp[2];
    u.film = y[3];
    u.film_rate = yp[3];
    const auto rows = k_.residual(site, 0.0, i0_, u, k_.currents(site, u));
    F[0] = rows.transfer;
    F[1] = y[0] - current_;  // the control row
    F[2] = k_.hasDoubleLayer() ? rows.double_layer : y[2];
    F[3] = k_.hasFilmCapacitance() ? rows.film : y[3];
  }
  SparsityPattern pattern() const override {
    SparsityPattern p(4);
    for (int r = 0; r < 4; ++r)
      for (int c = 0; c < 4; ++c) p.add(r, c);
    return p;
  }
  std::vector<double> differentialFlags() const override { return {0, 0, 1, 1}; }
  std::vector<double> absoluteTolerances(double) const override { return {1e-8, 1e-8, 1e-8, 1e-8}; }

 private:
  InterfaceKinetics k_;
  double i0_, T_, current_ = 0.0;
};

// Z = dV/dI of the single surface at rest, at each frequency.
std::vector<cplx> surfaceImpedance(SingleSurface& s, const std::vector<double>& f) {
  FrequencyResponse r(s, 0.0, {0, 0, 0, 0}, {0, 0, 0, 0});
  std::vector<double> w;
  for (double x : f) w.push_back(2 * M_PI * x);
  std::vector<cplx> z;
  for (const auto& x : r.solve(w, 1, {1, 0})) z.push_back(x[0] / x[1]);
  return z;
}

TEST(Impedance, SingleInterfaceIsExactlyItsEquivalentCircuit) {
  InterfaceKineticsDesign d;
  d.film_resistance_ohm_m2 = 1.0e-3;
  d.film_capacitance_F_m2 = 4.4e-3;
  d.double_layer_capacitance_F_m2 = 0.1;
  const double T = 303.15, i0 = 11.2;
  const double Rct = kR * T / (kF * i0);  // symmetric Butler–Volmer at rest
  const std::vector<double> f = logFrequencies(1e7, 1e-3, 5);
  {
    SingleSurface s(d, i0, T);
    const auto z = surfaceImpedance(s, f);
    double worst = 0;
    for (size_t i = 0; i < f.size(); ++i) {
      const cplx jw(0.0, 2 * M_PI * f[i]);
      const cplx expected = d.film_resistance_ohm_m2 / (1.0 + jw * d.film_resistance_ohm_m2 * d.film_capacitance_F_m2) +
                            Rct / (1.0 + jw * Rct * d.double_layer_capacitance_F_m2);
      worst = std::max(worst, std::abs(z[i] - expected) / std::abs(expected));
    }
    std::printf("R_film || C_film + R_ct || C_dl: worst relative error %.2e over %zu frequencies\n", worst, f.size());
    EXPECT_LT(worst, 1e-6);
  }
  d.film_capacitance_F_m2 = 0.0;  // the film alone: a series resistance
  SingleSurface s(d, i0, T);
  const auto z = surfaceImpedance(s, f);
  double worst = 0;
  for (size_t i = 0; i < f.size(); ++i) {
    const cplx jw(0.0, 2 * M_PI * f[i]);
    const cplx expected = d.film_resistance_ohm_m2 + Rct / (1.0 + jw * Rct * d.double_layer_capacitance_F_m2);
    worst = std::max(worst, std::abs(z[i] - expected) / std::abs(expected));
  }
  std::printf("R_film + R_ct || C_dl: worst relative error %.2e\n", worst);
  EXPECT_LT(worst, 1e-6);
}

// The double layers and films add sub-millisecond transients and nothing else: the
// voltage from 10 ms on, and a full charge's duration, match the cell without them.
TEST(DoubleLayer, ChangesOnlyTheFirstMilliseconds) {
  const std::vector<std::string> none = {"cell.negative.double_layer_capacitance=0 F/m2",
                                         "cell.positive.double_layer_capacitance=0 F/m2",
                                         "cell.negative.film_capacitance=0 F/m2", "cell.positive.film_capacitance=0 F/m2"};
  auto run = [](const std::string& rel, std::vector<std::string> sets, const std::string& protocol) {
    sets.push_back("protocol=" + protocol);
    return runCase(rel, sets).result.steps;
  };
  const std::string li = "[\"Discharge at 2 mA/cm2 for 0.01 s\", \"Discharge at 2 mA/cm2 for 1 s\", "
                         "\"Discharge at 2 mA/cm2 for 30 min\", \"Charge at 1 mA/cm2 for 30 min\"]";
  const auto a = run("cases/paper/eis_LLZTO0.95F0.05@PP.yaml", {}, li);
  const auto b = run("cases/paper/eis_LLZTO0.95F0.05@PP.yaml", none, li);
  ASSERT_EQ(a.size(), 4u);
  for (size_t k = 0; k < a.size(); ++k) {
    std::printf("Li | Li step %zu: %.9f V with capacitances, %.9f V without\n", k, a[k].v_end_V, b[k].v_end_V);
    // At 10 ms the electrolyte still remembers that its polarisation started ~0.2 ms late
    // (the double layer's time constant): a few uV, decaying as tau_dl / 2t.
    EXPECT_NEAR(a[k].v_end_V, b[k].v_end_V, k == 0 ? 1e-5 : 1e-6);
  }
  const std::vector<std::string> full_none = {none[0], none[1], none[2]};
  const std::string full = "[\"Charge at 1C for 0.01 s\", \"Charge at 1C until 4.6 V\", \"Discharge at 2C until 3.0 V\"]";
  const CaseRecipe recipe = loadCase(sourcePath("cases/paper/eis_full_cell_PP.yaml"));
  const PorousElectrodeDesign& pos = *recipe.cell.positive.porous();
  // Charge the positive double layer holds over a swing of at most 3 V (1.2 V of
  // equilibrium potential plus the overpotentials at 2C): the only difference allowed.
  const double q_dl = pos.kinetics.double_layer_capacitance_F_m2 * pos.specificArea() * pos.thickness_m * 3.0;
  const auto c = run("cases/paper/eis_full_cell_PP.yaml", {}, full);
  const auto d = run("cases/paper/eis_full_cell_PP.yaml", full_none, full);
  ASSERT_EQ(c.size(), 3u);
  for (size_t k = 1; k < c.size(); ++k) {
    std::printf("full cell step %zu: %.4f C/m2 with capacitances, %.4f C/m2 without (double layer: < %.2f C/m2)\n", k,
                c[k].charge_C_m2, d[k].charge_C_m2, q_dl);
    EXPECT_NEAR(c[k].charge_C_m2, d[k].charge_C_m2, q_dl);
    EXPECT_NEAR(c[k].v_end_V, d[k].v_end_V, 1e-6);
  }
}

//! The cell after a protocol, with its final state (at rest: y' = 0).
struct Rested {
  CaseRun run;
  std::vector<double> y, yp;
};

Rested restedCell(const std::string& rel, std::vector<std::string> sets = {}) {
  sets.push_back("protocol=[\"Rest for 10 s\"]");
  Rested r{runCase(rel, sets), {}, {}};
  r.y = r.run.result.final_state;
  r.yp.assign(r.y.size(), 0.0);
  return r;
}

// MacMullin number of a separator layer, from its own definition.
double macMullin(const SeparatorLayer& l) {
  switch (l.tortuosity.kind) {
    case Tortuosity::Kind::MacMullin: return l.tortuosity.value;
    case Tortuosity::Kind::Bruggeman: return std::pow(l.porosity, -l.tortuosity.value);
    case Tortuosity::Kind::Tortuosity: return l.tortuosity.value / l.porosity;
  }
  return NAN;
}

class HighFrequency : public ::testing::TestWithParam<const char*> {};

TEST_P(HighFrequency, RealPartTendsToTheOhmicResistanceOfTheSeparatorStack) {
  Rested r = restedCell(std::string("cases/paper/eis_") + GetParam() + ".yaml");
  const CellDesign& d = r.run.recipe.cell;
  const double args[2] = {d.electrolyte.initial_concentration_mol_m3, d.temperature_K};
  const double kappa = d.electrolyte.conductivity_S_m(args);
  double R = 0;
  for (const auto& layer : d.separator) R += layer.thickness_m * macMullin(layer) / kappa;
  // The film and double-layer capacitances short their surfaces far above their corner
  // frequencies (below 1 MHz).
  const auto z = cellImpedance(*r.run.model, 10.0, r.y, r.yp, {1e10});
  std::printf("%s: Re Z(10 GHz) = %.5f ohm cm2, sum of L N_M / kappa = %.5f ohm cm2\n", GetParam(), 1e4 * z[0].real(),
              1e4 * R);
  EXPECT_NEAR(z[0].real(), R, 1e-4 * R);
  EXPECT_LT(std::abs(z[0].imag()), 1e-3 * R);
}

INSTANTIATE_TEST_SUITE_P(Separators, HighFrequency, ::testing::Values("PP", "LLZTO0.95F0.05@PP"),
                         [](const auto& info) { return std::string(info.param) == "PP" ? "PP" : "Coated"; });

TEST(Impedance, LowFrequencyLimitIsTheSlopeOfASmallCurrentStep) {
  const std::string rel = "cases/paper/eis_LLZTO1.00@PP.yaml";
  Rested r = restedCell(rel);
  const auto z = cellImpedance(*r.run.model, 10.0, r.y, r.yp, {1e-6});
  // Time domain: 0.01 mA/cm2 for long enough that the electrolyte is at steady state.
  const double dI = 0.1;  // A/m2
  CaseRun step = runCase(rel, {"protocol=[\"Rest for 10 s\", \"Discharge at 0.01 mA/cm2 for 2000 s\"]"});
  const auto& steps = step.result.steps;
  const double slope = -(steps.back().v_end_V - steps.front().v_end_V) / dI;
  std::printf("Z(1 uHz) = %.4f ohm cm2, -dV/dI of a 0.01 mA/cm2 step = %.4f ohm cm2\n", 1e4 * z[0].real(), 1e4 * slope);
  EXPECT_NEAR(z[0].real(), slope, 0.01 * slope);
  EXPECT_LT(std::abs(z[0].imag()), 1e-3 * slope);
}

TEST(Impedance, ControlModeDoesNotChangeTheSpectrum) {
  const std::string rel = "cases/paper/eis_PP.yaml";
  const std::string polarise = "Discharge at 0.5 mA/cm2 for 10 min";
  CaseRun g = runCase(rel, {"protocol=[\"" + polarise + "\", \"EIS from 100 kHz to 10 mHz at 4 points per decade\"]"});
  CaseRun p = runCase(rel, {"protocol=[\"" + polarise + "\", \"EIS from 100 kHz to 10 mHz at 4 points per decade potentiostatic\"]"});
  ASSERT_EQ(g.result.spectra.size(), 1u);
  ASSERT_EQ(p.result.spectra.size(), 1u);
  const auto& zg = g.result.spectra[0].z_ohm_m2;
  const auto& zp = p.result.spectra[0].z_ohm_m2;
  ASSERT_EQ(zg.size(), 29u);
  double worst = 0;
  for (size_t i = 0; i < zg.size(); ++i) worst = std::max(worst, std::abs(zg[i] - zp[i]) / std::abs(zg[i]));
  EXPECT_LT(worst, 1e-6);
  EXPECT_NEAR(g.result.spectra[0].current_A_m2, 5.0, 1e-9);  // held at the polarised state
}

TEST(Impedance, ComputedSpectraPassTheKramersKronigTest) {
  for (const char* rel : {"cases/paper/eis_LLZTO0.95F0.05@PP.yaml", "cases/paper/eis_full_cell_PP.yaml"}) {
    std::vector<std::string> sets;
    if (std::string(rel).find("full_cell") == std::string::npos)
      sets.push_back("protocol=[\"EIS from 1 MHz to 10 mHz\"]");
    CaseRun r = runCase(rel, sets);
    ASSERT_FALSE(r.result.spectra.empty()) << rel;
    const ImpedanceSpectrum& sp = r.result.spectra.back();
    const KramersKronigCheck kk = kramersKronigCheck(sp.frequency_Hz, sp.z_ohm_m2);
    // A sign error in the imaginary part (a causality violation) must not pass.
    std::vector<cplx> wrong;
    for (const auto& z : sp.z_ohm_m2) wrong.push_back(std::conj(z));
    const KramersKronigCheck bad = kramersKronigCheck(sp.frequency_Hz, wrong);
    std::printf("%s: Lin-KK residual %.1e with %d elements; conjugated spectrum %.2f\n", rel, kk.max_residual(),
                kk.elements, bad.max_residual());
    EXPECT_LT(kk.max_residual(), 1e-3);
    EXPECT_GT(bad.max_residual(), 0.1);
  }
}

std::vector<cplx> rcSpectrum(const std::vector<double>& f, double r_inf, const std::vector<std::pair<double, double>>& rc,
                             double series_C = 0.0) {
  std::vector<cplx> z;
  for (double x : f) {
    const cplx jw(0.0, 2 * M_PI * x);
    cplx v = r_inf;
    for (const auto& [R, tau] : rc) v += R / (1.0 + jw * tau);
    if (series_C > 0) v += 1.0 / (jw * series_C);
    z.push_back(v);
  }
  return z;
}

void expectPeaks(const Drt& d, const std::vector<std::pair<double, double>>& rc) {
  ASSERT_EQ(d.peaks.size(), rc.size()) << "lambda " << d.lambda;
  for (size_t k = 0; k < rc.size(); ++k) {
    std::printf("  peak %zu: tau %.4g s (true %.4g), R %.4g (true %.4g)\n", k, d.peaks[k].tau_s, rc[k].second,
                d.peaks[k].resistance, rc[k].first);
    EXPECT_NEAR(d.peaks[k].tau_s, rc[k].second, 0.05 * rc[k].second);
    EXPECT_NEAR(d.peaks[k].resistance, rc[k].first, 0.05 * rc[k].first);
  }
}

TEST(Drt, RecoversKnownRcElements) {
  const std::vector<double> f = logFrequencies(1e6, 1e-2, 10);
  const std::vector<std::pair<double, double>> rc = {{10.0, 1e-5}, {20.0, 1e-3}, {8.0, 0.1}};
  const Drt d = distributionOfRelaxationTimes(f, rcSpectrum(f, 5.0, rc));
  std::printf("lambda %.1e (GCV), R_inf %.4f\n", d.lambda, d.r_inf);
  EXPECT_TRUE(d.lambda_from_gcv);
  EXPECT_NEAR(d.r_inf, 5.0, 0.25);
  expectPeaks(d, rc);
  EXPECT_FALSE(std::isfinite(d.series_capacitance));
}

TEST(Drt, SeparatesASeriesCapacitanceFromTheRelaxations) {
  const std::vector<double> f = logFrequencies(1e6, 1e-2, 10);
  const std::vector<std::pair<double, double>> rc = {{12.0, 3e-5}, {30.0, 2e-3}};
  const Drt d = distributionOfRelaxationTimes(f, rcSpectrum(f, 3.0, rc, 0.5));
  expectPeaks(d, rc);
  EXPECT_NEAR(d.series_capacitance, 0.5, 0.025);
}

TEST(Drt, GivenRegularisationIsUsed) {
  const std::vector<double> f = logFrequencies(1e5, 1e-1, 8);
  DrtOptions o;
  o.lambda = 1e-2;
  const Drt d = distributionOfRelaxationTimes(f, rcSpectrum(f, 1.0, {{5.0, 1e-3}}), o);
  EXPECT_FALSE(d.lambda_from_gcv);
  EXPECT_DOUBLE_EQ(d.lambda, 1e-2);
  ASSERT_EQ(d.peaks.size(), 1u);
  EXPECT_NEAR(d.peaks[0].resistance, 5.0, 0.25);  // a smoother peak, the same area
}

}  // namespace
