// Benchmark: runs a case repeatedly and prints the median wall time per simulation with
// and without set-up (recipe loading, model and solver construction), and the solver work.
//   cellsim_bench [CASE.yaml] [repeats]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "models/io/Recipe.hpp"

using namespace cellsim;

int main(int argc, char** argv) {
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
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  std::printf("case: %s\nrepeats: %d\n", path.c_str(), repeats);
  std::printf("median wall time per simulation, set-up included: %.2f ms\n", 1e3 * median(total));
  std::printf("median wall time per simulation, set-up excluded: %.2f ms\n", 1e3 * median(solve));
  std::printf("unknowns: %d, Jacobian non-zeros: %ld, colours: %d\n", stats.unknowns, stats.nonzeros, stats.colours);
  std::printf("time steps: %ld, residual evaluations: %ld, Jacobian evaluations: %ld, Newton iterations: %ld\n",
              stats.steps, stats.residual_calls, stats.jacobian_evals, stats.newton_iters);
  return 0;
}
