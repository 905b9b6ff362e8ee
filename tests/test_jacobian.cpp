// The coloured finite-difference Jacobian must equal a plain column-by-column difference
// quotient of the residual: any coupling missing from the model's declared sparsity
// pattern, or a colouring that lets two columns share a row, shows up here.
#include <gtest/gtest.h>

#include <cmath>

#include "TestSupport.hpp"
#include "core/numerics/IdaSolver.hpp"

using namespace cellsim;
using namespace cellsim::testing_support;

namespace {

void compareJacobians(CellModel& model, const std::vector<double>& y, const std::vector<double>& yp) {
  const int n = model.size();
  const double cj = 37.0;  // any positive value: it weights dF/dy'
  SolverOptions opt;
  IdaSolver solver(model, opt);
  std::vector<double> coloured;
  solver.jacobian(10.0, y.data(), yp.data(), cj, coloured);
  SparsityPattern pattern = model.pattern();
  pattern.finalize();

  // Reference: central differences column by column (second order, so a step large enough
  // to stay clear of round-off in rows whose terms cancel, such as a potential difference).
  // Each unknown's step is 1e-5 of its size, or of its typical size (atol / rtol) when
  // it sits near zero: nanometres for a film, volts for a potential.
  std::vector<double> dense(static_cast<size_t>(n) * n), F0(n), F1(n), yy = y, yyp = yp;
  const std::vector<double> atol = model.absoluteTolerances(1e-6);
  for (int j = 0; j < n; ++j) {
    const double d = 1e-5 * std::max(std::abs(y[j]), atol[j] / 1e-6);
    yy[j] = y[j] + d;
    yyp[j] = yp[j] + cj * d;
    model.residual(10.0, yy.data(), yyp.data(), F1.data());
    yy[j] = y[j] - d;
    yyp[j] = yp[j] - cj * d;
    model.residual(10.0, yy.data(), yyp.data(), F0.data());
    yy[j] = y[j];
    yyp[j] = yp[j];
    for (int i = 0; i < n; ++i) dense[static_cast<size_t>(i) * n + j] = (F1[i] - F0[i]) / (2 * d);
  }
  // Entries are compared relative to themselves, with a floor at 1e-4 of their row's largest:
  // the coloured forward differences carry ~1e-7 of round-off from rows whose terms are large
  // (a potential of volts), and an entry missing from the pattern shows as an error of 1.
  double worst = 0;
  int checked = 0, quadratures = 0;
  for (int i = 0; i < n; ++i) {
    if (pattern.isQuadrature(i)) {
      // A running integral: its Newton row is y' alone (cj), and no other row may read it.
      ++quadratures;
      EXPECT_NEAR(dense[static_cast<size_t>(i) * n + i], cj, 1e-6 * cj) << model.variableName(i);
      EXPECT_DOUBLE_EQ(coloured[static_cast<size_t>(i) * n + i], cj) << model.variableName(i);
      for (int r = 0; r < n; ++r) {
        if (r == i) continue;
        ASSERT_EQ(dense[static_cast<size_t>(r) * n + i], 0.0)
            << model.variableName(r) << " reads the quadrature " << model.variableName(i);
      }
      continue;
    }
    double row = 0;
    for (int j = 0; j < n; ++j) row = std::max(row, std::abs(dense[static_cast<size_t>(i) * n + j]));
    for (int j = 0; j < n; ++j) {
      const double ref = dense[static_cast<size_t>(i) * n + j], col = coloured[static_cast<size_t>(i) * n + j];
      const double scale = std::max({std::abs(ref), std::abs(col), 1e-4 * row, 1e-12});
      if (std::abs(ref) > 1e-9 || std::abs(col) > 1e-9) ++checked;
      const double err = std::abs(ref - col) / scale;
      worst = std::max(worst, err);
      ASSERT_LT(err, 1e-3) << "d F[" << model.variableName(i) << "] / d " << model.variableName(j) << ": coloured "
                           << col << " vs dense " << ref;
    }
  }
  std::printf("%d unknowns, %d non-zero entries checked, max relative difference %.2e, %d quadratures\n", n, checked,
              worst, quadratures);
}

TEST(Jacobian, PorousCellMatchesDenseDifferences) {
  CaseRun run = runCase("cases/validation/comsol_marquis2019_1C.yaml",
                    {"mesh.negative=6", "mesh.separator=4", "mesh.positive=6", "mesh.particle=5",
                     "protocol=[\"Discharge at 1C for 600 s\"]", "output.profile_times=[]"});
  const std::vector<double> y = run.result.final_state;
  std::vector<double> yp(y.size(), 0.0);
  for (size_t i = 0; i < yp.size(); ++i) yp[i] = 1e-3 * std::sin(static_cast<double>(i));  // generic y'
  compareJacobians(*run.model, y, yp);
}

TEST(Jacobian, LayeredLithiumCellMatchesDenseDifferences) {
  const std::string dir = ::testing::TempDir() + "/jac_li";
  ASSERT_EQ(std::system(("mkdir -p " + dir).c_str()), 0);
  std::ofstream(dir + "/li.yaml") << "exchange_current_density: 1 mA/cm2\n";
  std::ofstream(dir + "/case.yaml") << R"Y(
cell:
  temperature: 30 degC
  negative: {type: lithium_metal, material: li.yaml, film_resistance: "3 ohm cm2"}
  positive: {type: lithium_metal, material: li.yaml}
  electrolyte:
    initial_concentration: 1 M
    diffusivity: {expression: "2.7e-10*exp(-0.5*c_e/1000)", unit: m2/s}
    conductivity: {expression: "0.8*(c_e/1000)*(2 - c_e/1000)", unit: S/m}
    transference_number: 0.3
    thermodynamic_factor: {expression: "1 + 0.6*c_e/1000", unit: "1"}
  separator:
    - {name: coating, thickness: 4 um, porosity: 0.45, tortuosity: 2.0, transference_number: 0.6, volumes: 3}
    - {name: PP, thickness: 25 um, porosity: 0.41, macmullin: 9.3, volumes: 5}
protocol: ["Discharge at 3 mA/cm2 for 20 s"]
)Y";
  CaseRecipe recipe = loadCase(dir + "/case.yaml");
  CellModel model(recipe.cell);
  SimulationResult res = runProtocol(model, recipe.protocol, recipe.options);
  std::vector<double> yp(res.final_state.size());
  for (size_t i = 0; i < yp.size(); ++i) yp[i] = 1e-3 * std::cos(static_cast<double>(i));
  compareJacobians(model, res.final_state, yp);
}

// A lithium foil with Marcus–Hush–Chidsey kinetics against a porous LiCoO2 electrode with a
// desolvation series step (its own unknown in every volume), across a layered separator
// with a jump in t+.
// With `capacitances`, both surfaces get a double layer and the foil a film capacitance (two
// more differential unknowns per site, and the charging current split from the faradaic one),
// and both electrodes age (the foil's SEI film, buried SEI and dead lithium; the LiCoO2's loss
// of active material and electrolyte oxidation with its CEI).
void checkLithiumPorousCell(const std::string& name, bool capacitances) {
  const std::string dir = ::testing::TempDir() + "/" + name;
  ASSERT_EQ(std::system(("mkdir -p " + dir).c_str()), 0);
  std::ofstream(dir + "/li.yaml") << "exchange_current_density: 1 mA/cm2\ncharge_transfer: marcus_hush_chidsey\n"
                                     "reorganization_energy: 0.3 eV\nfilm_resistance: 2 ohm cm2\n"
                                  << (capacitances ? "double_layer_capacitance: 10 uF/cm2\nfilm_capacitance: 0.5 uF/cm2\n"
                                                     "ageing: {coulombic_efficiency: 0.97}\n"
                                                   : "");
  std::ofstream(dir + "/lco.yaml") << R"Y(
max_concentration: 51000 mol/m3
diffusivity: {expression: "1e-14*(1 + sto)", unit: m2/s}
conductivity: 10 S/m
ocp: {expression: "4.2 - 0.8*(sto - 0.5) - 0.05*tanh((sto - 0.5)/0.05)", unit: V}
kinetics:
  rate_constant: 1e-6
  alpha_a: 0.4
  alpha_c: 0.6
  desolvation: {model: series_step, exchange_current_density: 0.5 A/m2, reference_barrier: 2.13 eV, barrier_scaling: 0.2}
)Y" << (capacitances ? "  double_layer_capacitance: 0.2 F/m2\nageing:\n  loss_of_active_material: {rate: 1e-5 1/s}\n"
"  electrolyte_oxidation: {exchange_current_density: 1e-3 A/m2, cei_resistivity: 1e5 ohm m,"
                       " salt_share: 0.1}\n"
                     : "");
  std::ofstream(dir + "/case.yaml") << R"Y(
cell:
  temperature: 25 degC
  one_C: 20 A/m2
  negative: {type: lithium_metal, material: li.yaml, thickness: 50 um}
  separator:
    - {name: coating, thickness: 4 um, porosity: 0.45, tortuosity: 2.0, transference_number: 0.6, volumes: 3}
    - {name: PP, thickness: 25 um, porosity: 0.41, macmullin: 9.3, volumes: 4}
  positive: {type: porous, material: lco.yaml, thickness: 40 um, porosity: 0.35, active_fraction: 0.5,
             particle_radius: 3 um, tortuosity: 3, initial_stoichiometry: 0.6, film_resistance: 1 ohm cm2}
  electrolyte:
    initial_concentration: 1 M
    diffusivity: {expression: "2.7e-10*exp(-0.5*c_e/1000)", unit: m2/s}
    conductivity: {expression: "0.8*(c_e/1000)*(2 - c_e/1000)", unit: S/m}
    transference_number: 0.3
    thermodynamic_factor: {expression: "1 + 0.6*c_e/1000", unit: "1"}
mesh: {positive: 6, particle: 5}
protocol: ["Discharge at 1C for 300 s"]
)Y" << (capacitances ? "ageing: true\n" : "");
  CaseRecipe recipe = loadCase(dir + "/case.yaml");
  CellModel model(recipe.cell);
  {
    // At the rested initial state with a current guess, then after a discharge.
    std::vector<double> y, yp;
    model.initialState(y, yp, 5.0);
    for (size_t i = 0; i < yp.size(); ++i) yp[i] = 1e-3 * std::sin(0.3 * static_cast<double>(i));
    compareJacobians(model, y, yp);
  }
  SimulationResult res = runProtocol(model, recipe.protocol, recipe.options);
  std::vector<double> yp(res.final_state.size());
  for (size_t i = 0; i < yp.size(); ++i) yp[i] = 1e-3 * std::cos(0.7 * static_cast<double>(i));
  compareJacobians(model, res.final_state, yp);
}

TEST(Jacobian, LithiumPorousCellWithMhcAndSeriesStepMatchesDenseDifferences) {
  checkLithiumPorousCell("jac_li_porous", false);
}

TEST(Jacobian, LithiumPorousCellWithDoubleLayersAndFilmCapacitanceMatchesDenseDifferences) {
  checkLithiumPorousCell("jac_li_porous_dl", true);
}

// Li | Li with a desolvation series step on one foil, Marcus–Hush–Chidsey on the other, and a
// nucleation overpotential.
TEST(Jacobian, LithiumCellWithSeriesStepAndMhcMatchesDenseDifferences) {
  const std::string dir = ::testing::TempDir() + "/jac_li_series";
  ASSERT_EQ(std::system(("mkdir -p " + dir).c_str()), 0);
  std::ofstream(dir + "/series.yaml")
      << "exchange_current_density: 1 mA/cm2\nactivation_energy: 50 kJ/mol\nreference_temperature: 30 degC\n"
         "desolvation: {model: series_step, reference_barrier: 2.13 eV, barrier_scaling: 0.25,"
         " exchange_current_density: 2 mA/cm2, activation_energy: 55 kJ/mol}\n";
  std::ofstream(dir + "/mhc.yaml")
      << "exchange_current_density: 1.5 mA/cm2\ncharge_transfer: marcus_hush_chidsey\nreorganization_energy: 0.3 eV\n";
  std::ofstream(dir + "/case.yaml") << R"Y(
cell:
  temperature: 0 degC
  negative: {type: lithium_metal, material: series.yaml, thickness: 30 um}
  positive: {type: lithium_metal, material: mhc.yaml, nucleation_overpotential: 10 mV}
  electrolyte: {initial_concentration: 1 M, diffusivity: 3e-10 m2/s, conductivity: 0.8 S/m, transference_number: 0.3}
  separator:
    - {name: coating, thickness: 4 um, porosity: 0.45, tortuosity: 2.0, transference_number: 0.6,
       desolvation_barrier: 1.95 eV, volumes: 3}
    - {name: PP, thickness: 25 um, porosity: 0.41, macmullin: 9.3, volumes: 5}
protocol: ["Discharge at 2 mA/cm2 for 30 s"]
)Y";
  CaseRecipe recipe = loadCase(dir + "/case.yaml");
  CellModel model(recipe.cell);
  SimulationResult res = runProtocol(model, recipe.protocol, recipe.options);
  std::vector<double> yp(res.final_state.size());
  for (size_t i = 0; i < yp.size(); ++i) yp[i] = 1e-3 * std::sin(1.3 * static_cast<double>(i));
  compareJacobians(model, res.final_state, yp);
}

}  // namespace
