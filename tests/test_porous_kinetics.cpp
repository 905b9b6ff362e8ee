// The desolvation series step at a porous electrode (the seam of the component rework: a
// new reaction option at a surface, not an edit of the residual). At low current, with
// transport made fast, every pore-wall site carries j = -I/(aL) and the cell voltage is
//   V = U(sto_surf) - (2RT/F)[asinh(|j|/2 i0) + asinh(|j|/2 i0_d)] - (2RT/F) asinh(I/2 i0_Li)
// as the lithium foil already satisfies with its own series step.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "TestSupport.hpp"
#include "core/input/PhysicalConstants.hpp"

using namespace cellsim;
using namespace cellsim::testing_support;

namespace {

const double kF = constants::F, kR = constants::R;

std::string writeHalfCell(const std::string& name, const std::string& desolvation) {
  const std::string dir = ::testing::TempDir() + "/" + name;
  EXPECT_EQ(std::system(("mkdir -p " + dir).c_str()), 0);
  std::ofstream(dir + "/li.yaml") << "exchange_current_density: 1 mA/cm2\nconcentration_exponent: 0\n";
  std::ofstream(dir + "/host.yaml") << "max_concentration: 50000 mol/m3\n"
                                       "diffusivity: 1e-12 m2/s\n"
                                       "conductivity: 1e6 S/m\n"
                                       "ocp: {expression: \"4.2 - 0.6*sto\", unit: V}\n"
                                       "kinetics:\n  rate_constant: 1e-7\n"
                                    << desolvation;
  std::ofstream(dir + "/case.yaml") << R"Y(
cell:
  temperature: 25 degC
  negative: {type: lithium_metal, material: li.yaml}
  separator: {name: sep, thickness: 10 um, porosity: 0.5, bruggeman: 1.5}
  positive: {type: porous, material: host.yaml, thickness: 20 um, porosity: 0.4, active_fraction: 0.5,
             particle_radius: 1 um, initial_stoichiometry: 0.5}
  electrolyte: {initial_concentration: 1 M, diffusivity: 1e-8 m2/s, conductivity: 100 S/m, transference_number: 0.3}
mesh: {separator: 6, positive: 10, particle: 8}
solver: {rtol: 1e-8}
protocol: ["Discharge at 0.5 A/m2 for 60 s"]
output: {profile_times: [60 s]}
)Y";
  return dir + "/case.yaml";
}

struct HalfCellRun {
  double V, V_closed, desolvation_V;
};

HalfCellRun runHalfCell(const std::string& path, double i0d_ref) {
  CaseRecipe recipe = loadCase(path);
  CellModel model(recipe.cell);
  const SimulationResult res = runProtocol(model, recipe.protocol, recipe.options);
  const double T = 298.15, RT_F = kR * T / kF, I = 0.5, cmax = 50000.0;
  const double aL = 3 * 0.5 / 1e-6 * 20e-6;
  const double j = I / aL;
  // Surface stoichiometry as the model has it (uniform across the electrode at this rate).
  const auto& cs = res.profiles.back().profiles.get("c_s_surf_mol_m3");
  double sum = 0;
  int n = 0;
  for (double c : cs)
    if (std::isfinite(c)) sum += c, ++n;
  const double cs_surf = sum / n, sto = cs_surf / cmax;
  const double i0 = 1e-7 * std::sqrt(1000.0 * cs_surf * (cmax - cs_surf));
  const double desolvation = i0d_ref > 0 ? 2 * RT_F * std::asinh(j / (2 * i0d_ref)) : 0.0;
  const double eta_p = 2 * RT_F * std::asinh(j / (2 * i0)) + desolvation;
  const double eta_li = 2 * RT_F * std::asinh(I / (2 * 10.0));
  return {res.rows.back().voltage_V, 4.2 - 0.6 * sto - eta_p - eta_li, desolvation};
}

TEST(PorousKinetics, SeriesDesolvationStepMatchesTwoAsinhClosedForm) {
  const std::string path =
      writeHalfCell("porous_series", "  desolvation: {model: series_step, exchange_current_density: 0.005 A/m2,"
                                     " reference_barrier: 2.13 eV, barrier_scaling: 0.2}\n");
  const HalfCellRun r = runHalfCell(path, 0.005);
  std::printf("porous electrode with a series step: V = %.7f V, closed form %.7f V (desolvation %.1f mV)\n", r.V,
              r.V_closed, 1e3 * r.desolvation_V);
  EXPECT_GT(r.desolvation_V, 0.03);  // the step matters: ignoring it would miss by this much
  EXPECT_NEAR(r.V, r.V_closed, 1e-5);
}

TEST(PorousKinetics, WithoutTheStepTheSameCellMatchesOneAsinh) {
  const HalfCellRun r = runHalfCell(writeHalfCell("porous_plain", ""), 0.0);
  std::printf("porous electrode without a series step: V = %.7f V, closed form %.7f V\n", r.V, r.V_closed);
  EXPECT_NEAR(r.V, r.V_closed, 1e-5);
}

TEST(PorousKinetics, FacingLayerBarrierNeedsADesolvationModel) {
  // A layer facing the porous electrode that sets a barrier, with no desolvation model there.
  const std::string path = writeHalfCell("porous_facing", "");
  EXPECT_NO_THROW(loadCase(path));
  try {
    loadCase(path, {"cell.separator.desolvation_barrier=1.95 eV"});
    FAIL() << "a barrier on an electrode surface without a desolvation model was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("has no desolvation model"), std::string::npos) << e.what();
  }
}

}  // namespace
