// Benchmark: runs a case repeatedly and prints the median wall time per simulation with
// and without set-up (recipe loading, model and solver construction), and the solver work.
//   cellsim_bench [CASE.yaml] [repeats]
// With --eis, runs the case once and times one impedance spectrum (1 MHz to 10 mHz, 10
// points per decade: 81 frequencies) at its final state, and the DRT of that spectrum.
//   cellsim_bench --eis [CASE.yaml] [repeats]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "models/impedance/CellImpedance.hpp"
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

}  // namespace

int main(int argc, char** argv) {
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
