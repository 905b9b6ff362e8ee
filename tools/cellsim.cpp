// cellsim: run or check a battery recipe.
//
// Sample runs:
//   cellsim run cases/validation/comsol_marquis2019_1C.yaml --out out/marquis_1C
//   cellsim run cases/validation/comsol_marquis2019_3C.yaml --out out/3C --set solver.rtol=1e-7
//   cellsim run CASE.yaml --out DIR --set cell.positive.thickness="80 um"
//   cellsim check CASE.yaml
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "models/Recipe.hpp"
#include "models/ResultWriter.hpp"

using namespace cellsim;

namespace {

void usage(std::ostream& os) {
  os << "usage:\n"
        "  cellsim run CASE.yaml --out DIR [--set key.path=value ...] [--quiet]\n"
        "  cellsim check CASE.yaml [--set key.path=value ...]\n\n"
        "Sample runs:\n"
        "  cellsim run cases/validation/comsol_marquis2019_1C.yaml --out out/marquis_1C\n"
        "  cellsim run cases/validation/comsol_marquis2019_3C.yaml --out out/3C --set solver.rtol=1e-7\n"
        "  cellsim run CASE.yaml --out DIR --set cell.positive.thickness=\"80 um\"\n"
        "  cellsim check CASE.yaml\n\n"
        "Outputs in DIR: timeseries.csv, cycles.csv, profiles.csv, summary.json\n"
        "(written to temporary names and moved into place only if the run succeeds).\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    usage(std::cerr);
    return 2;
  }
  const std::string cmd = argv[1];
  if (cmd == "--help" || cmd == "-h") {
    usage(std::cout);
    return 0;
  }
  std::string case_path = argv[2], out_dir;
  std::vector<std::string> sets;
  bool quiet = false;
  for (int i = 3; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--out" && i + 1 < argc) out_dir = argv[++i];
    else if (a == "--set" && i + 1 < argc) sets.push_back(argv[++i]);
    else if (a.rfind("--set=", 0) == 0) sets.push_back(a.substr(6));
    else if (a == "--quiet") quiet = true;
    else {
      std::cerr << "cellsim: unknown argument '" << a << "'\n";
      usage(std::cerr);
      return 2;
    }
  }
  if (cmd != "run" && cmd != "check") {
    std::cerr << "cellsim: unknown command '" << cmd << "' (expected 'run' or 'check')\n";
    return 2;
  }
  if (cmd == "run" && out_dir.empty()) {
    std::cerr << "cellsim: 'run' needs --out DIR\n";
    return 2;
  }
  try {
    CaseRecipe recipe = loadCase(case_path, sets);
    CellModel model(recipe.cell);
    if (cmd == "check") {
      int nsteps = 0;
      for (const auto& b : recipe.protocol.blocks) nsteps += b.repeat * static_cast<int>(b.steps.size());
      std::cout << case_path << ": OK (" << model.size() << " unknowns, " << model.volumes() << " volumes, "
                << nsteps << " protocol steps)\n";
      return 0;
    }
    const bool tty = isatty(STDERR_FILENO) && !quiet;
    if (!quiet) {
      recipe.options.progress = [tty](double f, const std::string& msg) {
        if (tty) std::fprintf(stderr, "\r[%-30s] %5.1f%%  %s   ", std::string(static_cast<int>(30 * f), '#').c_str(),
                              100 * f, msg.c_str());
      };
    }
    SimulationResult result = runProtocol(model, recipe.protocol, recipe.options);
    if (tty) std::fprintf(stderr, "\n");
    OutputSet out(out_dir);
    writeResults(recipe, model, result, out);
    out.commit();
    if (!quiet) {
      const auto& last = result.rows.back();
      std::printf("%s: %zu steps, t_end = %.1f s, V_end = %.4f V, capacity = %.2f mAh/m2, %ld IDA steps, %.3f s wall\n",
                  case_path.c_str(), result.steps.size(), last.time_s, last.voltage_V, last.charge_C_m2 / 3.6,
                  result.stats.steps, result.wall_time_s);
      std::printf("results in %s/{timeseries.csv,cycles.csv,profiles.csv,summary.json}\n", out_dir.c_str());
    }
    return 0;
  } catch (const InputError& e) {
    std::cerr << "cellsim: input error: " << e.what() << "\n";
    return 1;
  } catch (const SolverError& e) {
    std::cerr << "cellsim: solver error: " << e.what() << "\n(no results were written)\n";
    return 3;
  } catch (const std::exception& e) {
    std::cerr << "cellsim: error: " << e.what() << "\n";
    return 4;
  }
}
