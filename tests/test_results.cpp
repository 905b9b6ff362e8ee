// The result files are a contract: column names with units, one profile column per field
// the cell's components publish (and none they do not), missing values empty in CSV and
// null in JSON, and a summary.json that echoes every input read with its source.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "TestSupport.hpp"
#include "models/io/ResultWriter.hpp"

using namespace cellsim;
using namespace cellsim::testing_support;
using ::testing::HasSubstr;

namespace {

namespace fs = std::filesystem;

std::string firstLine(const fs::path& p) {
  std::ifstream in(p);
  std::string line;
  std::getline(in, line);
  return line;
}

int countLines(const fs::path& p) {
  std::ifstream in(p);
  int n = 0;
  for (std::string line; std::getline(in, line);) ++n;
  return n;
}

struct Written {
  fs::path dir;
  CaseRecipe recipe;
  CaseOutcome outcome;
};

Written writeRun(const std::string& name, const std::string& case_rel, const std::vector<std::string>& sets) {
  Written w{fs::path(::testing::TempDir()) / name, loadCase(sourcePath(case_rel), sets), {}};
  fs::remove_all(w.dir);
  CellModel model(w.recipe.cell);
  w.outcome = runCase(w.recipe, model);
  OutputSet out(w.dir.string());
  writeResults(w.recipe, model, w.outcome, out);
  out.commit();
  return w;
}

// A protocol run as the CLI runs it holds no time rows in memory: they are written as they
// come, to the same bytes as a run that kept them.
TEST(Results, ProtocolRunsStreamTheirRowsInsteadOfHoldingThem) {
  const std::vector<std::string> sets = {"protocol=[{repeat: 3, steps: [\"Discharge at 1C for 300 s\", \"Rest for 60 s\"]}]"};
  const Written held = writeRun("results_held", "cases/validation/comsol_marquis2019_1C.yaml", sets);
  const fs::path dir = fs::path(::testing::TempDir()) / "results_streamed";
  CaseRecipe recipe = loadCase(sourcePath("cases/validation/comsol_marquis2019_1C.yaml"), sets);
  CellModel model(recipe.cell);
  OutputSet out(dir.string());
  const auto rows = streamTimeseries(recipe, model, nullptr, dir.string(), out);
  ASSERT_TRUE(rows);
  const CaseOutcome outcome = runCase(recipe, model);
  EXPECT_EQ(outcome.sim.rows.size(), 0u);  // what grows with the run's length
  EXPECT_TRUE(outcome.sim.rows_streamed);
  EXPECT_EQ(rows->rows(), static_cast<long>(held.outcome.sim.rows.size()));
  writeResults(recipe, model, outcome, out);
  out.commit();
  for (const char* f : {"timeseries.csv", "steps.csv", "cycles.csv"}) {
    std::ifstream a(held.dir / f), b(dir / f);
    std::stringstream sa, sb;
    sa << a.rdbuf();
    sb << b.rdbuf();
    EXPECT_EQ(sa.str(), sb.str()) << f;
  }
}

TEST(Results, PorousCellFilesCarryTheirComponentsColumns) {
  const Written w = writeRun("results_porous", "cases/validation/comsol_marquis2019_1C.yaml",
                             {"protocol=[\"Discharge at 1C for 300 s\"]", "output.profile_times=[100 s, 200 s]"});
  EXPECT_EQ(firstLine(w.dir / "timeseries.csv"), "time_s,step,cycle,voltage_V,current_A_m2,capacity_mAh_m2,temperature_K");
  EXPECT_EQ(countLines(w.dir / "timeseries.csv"), 1 + static_cast<int>(w.outcome.sim.rows.size()));
  EXPECT_EQ(firstLine(w.dir / "profiles.csv"), "time_s,x_m,region,c_e_mol_m3,phi_e_V,c_s_surf_mol_m3,phi_s_V");
  EXPECT_EQ(countLines(w.dir / "profiles.csv"), 1 + 2 * CellModel(w.recipe.cell).volumes());  // a row per volume and time
  // In the separator the solid fields do not exist: empty cells, not zeros.
  std::ifstream prof(w.dir / "profiles.csv");
  std::string line;
  bool saw_separator = false;
  while (std::getline(prof, line))
    if (line.find(",separator:separator,") != std::string::npos) {
      EXPECT_THAT(line, ::testing::EndsWith(",,"));
      saw_separator = true;
    }
  EXPECT_TRUE(saw_separator);

  const YAML::Node s = YAML::LoadFile((w.dir / "summary.json").string());  // JSON is YAML
  EXPECT_EQ(s["cell"]["name"].as<std::string>(), "Kokam graphite | LiCoO2 (Marquis 2019)");
  EXPECT_EQ(s["cell"]["unknowns"].as<int>(), s["solver"]["unknowns"].as<int>());
  int unknowns = 0;
  for (const auto& v : s["cell"]["variables"]) unknowns += v["sites"].as<int>() * v["per_site"].as<int>();
  EXPECT_EQ(unknowns, s["cell"]["unknowns"].as<int>());
  EXPECT_TRUE(s["cell"]["regions"][1]["transference_number"].IsNull());  // the electrolyte's own t+
  const YAML::Node thickness = s["inputs"]["cell.positive.thickness"];
  EXPECT_EQ(thickness["given"].as<std::string>(), "100 um");
  EXPECT_DOUBLE_EQ(thickness["value"].as<double>(), 100e-6);
  EXPECT_EQ(thickness["unit"].as<std::string>(), "m");
  EXPECT_THAT(thickness["at"].as<std::string>(), HasSubstr("comsol_marquis2019_1C.yaml:"));
  // Values read from a params file name that file; overrides name --set.
  EXPECT_THAT(s["inputs"]["cell.positive.material.max_concentration"]["at"].as<std::string>(),
              HasSubstr("LiCoO2_Marquis2019.yaml:"));
  EXPECT_EQ(s["inputs"]["protocol[0]"]["at"].as<std::string>(), "--set");
  EXPECT_EQ(s["figures"][0]["name"].as<std::string>(), "last_discharge_capacity_mAh_m2");
}

TEST(Results, LithiumFoilPublishesItsOwnColumnsOnly) {
  // Li | separator | Li: both foils publish surface concentration and thickness change; no
  // particle fields exist, so none are written.
  const Written w = writeRun("results_li", "cases/paper/cycling_LLZTO0.95F0.05@PP_0.1mA.yaml",
                             {"ageing=false", "protocol=[\"Discharge at 0.1 mA/cm2 for 1 h\"]", "output.profile_times=[1800 s]"});
  const std::string header = firstLine(w.dir / "timeseries.csv");
  for (const char* col : {"c_e_surface_negative_mol_m3", "li_thickness_change_negative_um", "c_e_surface_positive_mol_m3",
                          "li_thickness_change_positive_um"})
    EXPECT_THAT(header, HasSubstr(col));
  EXPECT_EQ(firstLine(w.dir / "profiles.csv"), "time_s,x_m,region,c_e_mol_m3,phi_e_V");
  const YAML::Node s = YAML::LoadFile((w.dir / "summary.json").string());
  EXPECT_EQ(s["figures"].size(), 2u);  // first and last half-cycle polarisation
  EXPECT_EQ(s["inputs"]["cell.negative.thickness"]["given"].as<std::string>(), "450 um");
}

}  // namespace
