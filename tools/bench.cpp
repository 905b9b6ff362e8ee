// Benchmark: runs a case repeatedly and prints the median wall time per simulation with
// and without set-up (recipe loading, model and solver construction), and the solver work.
//   cellsim_bench [CASE.yaml] [repeats]
// With --eis, runs the case once and times one impedance spectrum (1 MHz to 10 mHz, 10
// points per decade: 81 frequencies) at its final state, and the DRT of that spectrum.
//   cellsim_bench --eis [CASE.yaml] [repeats]
// With --cycling, runs a long-cycling case by brute force and with cycle jumping, side by side,
// and prints both wall times and the largest retention difference at the jumped run's cycles.
//   cellsim_bench --cycling [CASE.yaml]
#include <algorithm>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "models/impedance/CellImpedance.hpp"
#include "models/io/CycleTable.hpp"
#include "models/io/Recipe.hpp"

using namespace cellsim;

namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

int benchImpedance(const std::string& path, int repeats) {
  CaseRecipe recipe = loadCase(path);
  CellModel model(recipe.cell);
  const SimulationResult res = runCase(recipe, model).sim;
  const std::vector<double> y = res.final_state, yp(y.size(), 0.0);  // at rest after the protocol
  const std::vector<double> f = logFrequencies(1e6, 1e-2, 10);
  std::vector<double> spectrum, drt;
  long calls = 0;
  std::vector<std::complex<double>> z;
  for (int r = 0; r < repeats; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    z = cellImpedance(model, res.final_state.empty() ? 0.0 : res.rows.back().time_s, y, yp, f, &calls);
    const auto t1 = std::chrono::steady_clock::now();
    const Drt d = distributionOfRelaxationTimes(f, z);
    const auto t2 = std::chrono::steady_clock::now();
    spectrum.push_back(std::chrono::duration<double>(t1 - t0).count());
    drt.push_back(std::chrono::duration<double>(t2 - t1).count());
  }
  std::printf("case: %s\nrepeats: %d\n", path.c_str(), repeats);
  std::printf("unknowns: %d, frequencies: %zu, residual evaluations per spectrum: %ld\n", model.size(), f.size(), calls);
  std::printf("median wall time per spectrum (two Jacobians, one KLU analysis, %zu numeric factorisations): %.2f ms\n",
              f.size(), 1e3 * median(spectrum));
  std::printf("median wall time per DRT (GCV over 15 regularisations): %.2f ms\n", 1e3 * median(drt));
  return 0;
}

int benchCycling(const std::string& path) {
  CaseRecipe recipe = loadCase(path);
  recipe.options.profile_times_s.clear();
  auto timed = [&recipe](bool jump, double& wall) {
    CaseRecipe r = recipe;
    r.options.jumping.enabled = jump;
    CellModel model(r.cell);
    const auto t0 = std::chrono::steady_clock::now();
    SimulationResult sim = runCase(r, model).sim;
    wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return sim;
  };
  double wall_brute = 0, wall_jump = 0;
  const SimulationResult jumped = timed(true, wall_jump);
  const SimulationResult brute = timed(false, wall_brute);
  const auto cb = cycleTable(brute), cj = cycleTable(jumped);
  double worst = 0;
  int compared = 0;
  for (const auto& j : cj)
    for (const auto& b : cb)
      if (b.cycle == j.cycle && b.discharge_C_m2 > 0) {
        worst = std::max(worst, 100 * std::abs(j.discharge_C_m2 / cj.front().discharge_C_m2 -
                                               b.discharge_C_m2 / cb.front().discharge_C_m2));
        ++compared;
      }
  std::printf("case: %s\n", path.c_str());
  std::printf("brute force: %zu cycles in %.2f s (%.1f ms per cycle), retention %.2f %%\n", cb.size(), wall_brute,
              1e3 * wall_brute / cb.size(), 100 * cb.back().discharge_C_m2 / cb.front().discharge_C_m2);
  std::printf("cycle jumping: %d of %d cycles simulated in %.2f s (%.1fx faster), %d reported\n",
              jumped.jumping.simulated_cycles, jumped.jumping.total_cycles, wall_jump, wall_brute / wall_jump,
              jumped.jumping.reported_cycles);
  std::printf("largest retention difference at the %d reported cycles: %.3f points\n", compared, worst);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "--cycling") {
    try {
      return benchCycling(argc > 2 ? argv[2] : "cases/paper/cycling_full_cell_LLZTO0.95F0.05@PP_1C.yaml");
    } catch (const std::exception& e) {
      std::fprintf(stderr, "cellsim_bench: %s\n", e.what());
      return 1;
    }
  }
  if (argc > 1 && std::string(argv[1]) == "--eis") {
    try {
      return benchImpedance(argc > 2 ? argv[2] : "cases/paper/eis_full_cell_LLZTO0.95F0.05@PP.yaml",
                            argc > 3 ? std::stoi(argv[3]) : 20);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "cellsim_bench: %s\n", e.what());
      return 1;
    }
  }
  const std::string path = argc > 1 ? argv[1] : "cases/validation/comsol_marquis2019_1C.yaml";
  const int repeats = argc > 2 ? std::stoi(argv[2]) : 20;
  std::vector<double> total, solve;
  SolverStats stats;
  try {
    for (int r = 0; r < repeats; ++r) {
      const auto t0 = std::chrono::steady_clock::now();
      CaseRecipe recipe = loadCase(path);
      recipe.options.profile_times_s.clear();
      CellModel model(recipe.cell);
      const SimulationResult res = runCase(recipe, model).sim;
      const auto t1 = std::chrono::steady_clock::now();
      total.push_back(std::chrono::duration<double>(t1 - t0).count());
      solve.push_back(res.wall_time_s - res.setup_time_s);
      stats = res.stats;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cellsim_bench: %s\n", e.what());
    return 1;
  }
  std::printf("case: %s\nrepeats: %d\n", path.c_str(), repeats);
  std::printf("median wall time per simulation, set-up included: %.2f ms\n", 1e3 * median(total));
  std::printf("median wall time per simulation, set-up excluded: %.2f ms\n", 1e3 * median(solve));
  std::printf("unknowns: %d, Jacobian non-zeros: %ld, colours: %d\n", stats.unknowns, stats.nonzeros, stats.colours);
  std::printf("time steps: %ld, residual evaluations: %ld, Jacobian evaluations: %ld, Newton iterations: %ld\n",
              stats.steps, stats.residual_calls, stats.jacobian_evals, stats.newton_iters);
  return 0;
}
