// The porous-electrode P2D core against an independent solution: COMSOL's DFN model of the
// Marquis et al. (2019) graphite | LiCoO2 cell (tests/data/comsol_marquis2019, see SOURCE.md).
#include <gtest/gtest.h>

#include <cmath>

#include "TestSupport.hpp"

using namespace cellsim;
using namespace cellsim::testing_support;

namespace {

struct Rate {
  const char* name;
  double rmse_limit_mV;  // the issue asks <= 5 mV (1C) and <= 10 mV (3C); we hold tighter
};

class ComsolReference : public ::testing::TestWithParam<Rate> {};

TEST_P(ComsolReference, VoltageAndElectrolyteProfiles) {
  const Rate rate = GetParam();
  const std::string C = rate.name;
  CaseRun run = runCase("cases/validation/comsol_marquis2019_" + C + ".yaml");
  const auto& rows = run.result.rows;
  std::vector<double> t, v;
  for (const auto& r : rows) {
    t.push_back(r.time_s);
    v.push_back(r.voltage_V);
  }
  // The simulation must end on the 3.105 V cut-off (a root, not a step past it).
  EXPECT_NEAR(v.back(), 3.105, 1e-6);

  Csv ref = readCsv(sourcePath("tests/data/comsol_marquis2019/" + C + "_voltage.csv"));
  double sq = 0;
  int n = 0;
  for (const auto& row : ref.rows) {
    if (row[1] < 3.105 || row[0] > t.back()) continue;
    const double e = interp(t, v, row[0]) - row[1];
    sq += e * e;
    ++n;
  }
  ASSERT_GT(n, 150);
  const double rmse_mV = 1e3 * std::sqrt(sq / n);
  RecordProperty("voltage_rmse_mV", std::to_string(rmse_mV));
  std::printf("[ %s ] voltage RMSE vs COMSOL up to 3.105 V: %.3f mV over %d points\n", C.c_str(), rmse_mV, n);
  EXPECT_LT(rmse_mV, rate.rmse_limit_mV);

  // Electrolyte concentration within 1 % at every reference time the run reaches.
  Csv prof = readCsv(sourcePath("tests/data/comsol_marquis2019/" + C + "_electrolyte_profiles.csv"));
  int compared = 0;
  for (const auto& snap : run.result.profiles) {
    const auto& p = snap.profiles;
    double worst = 0;
    for (const auto& row : prof.rows) {
      if (std::abs(row[0] - snap.time_s) > 1e-3) continue;
      // Reference nodes span [0, L]; our values sit at volume centres, so compare where an
      // interpolation between centres is defined.
      if (row[1] < p.x_m.front() || row[1] > p.x_m.back()) continue;
      const double c = interp(p.x_m, p.get("c_e_mol_m3"), row[1]);
      worst = std::max(worst, std::abs(c - row[2]) / row[2]);
    }
    std::printf("[ %s ] t = %.1f s: max |c_e - c_COMSOL|/c_COMSOL = %.3f %%\n", C.c_str(), snap.time_s, 100 * worst);
    EXPECT_LT(worst, 0.01) << "t = " << snap.time_s;
    ++compared;
  }
  EXPECT_GE(compared, 3);
}

INSTANTIATE_TEST_SUITE_P(Marquis2019, ComsolReference,
                         ::testing::Values(Rate{"1C", 1.5}, Rate{"3C", 1.5}),
                         [](const auto& info) { return std::string("rate_") + info.param.name; });

}  // namespace
