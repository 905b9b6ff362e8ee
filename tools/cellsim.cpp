// cellsim: run or check a battery recipe.
//
// Sample runs:
//   cellsim run cases/validation/comsol_marquis2019_1C.yaml --out out/marquis_1C
//   cellsim run cases/validation/comsol_marquis2019_3C.yaml --out out/3C --set solver.rtol=1e-7
//   cellsim run CASE.yaml --out DIR --set cell.positive.thickness="80 um"
//   cellsim check CASE.yaml
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "models/Experiments.hpp"
#include "models/Fit.hpp"
#include "models/Recipe.hpp"
#include "models/ResultWriter.hpp"

using namespace cellsim;

namespace {

void usage(std::ostream& os) {
  os << "usage:\n"
        "  cellsim run CASE.yaml --out DIR [--set key.path=value ...] [--quiet]\n"
        "  cellsim check CASE.yaml [--set key.path=value ...]\n"
        "  cellsim fit FIT.yaml [--out RESULT.json]\n\n"
        "Sample runs:\n"
        "  cellsim run cases/validation/comsol_marquis2019_1C.yaml --out out/marquis_1C\n"
        "  cellsim run cases/validation/comsol_marquis2019_3C.yaml --out out/3C --set solver.rtol=1e-7\n"
        "  cellsim run CASE.yaml --out DIR --set cell.positive.thickness=\"80 um\"\n"
        "  cellsim check CASE.yaml\n"
        "  cellsim fit cases/paper/fits/transference_PP.yaml\n\n"
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
  if (cmd != "run" && cmd != "check" && cmd != "fit") {
    std::cerr << "cellsim: unknown command '" << cmd << "' (expected 'run', 'check' or 'fit')\n";
    return 2;
  }
  if (cmd == "fit") {
    try {
      const FitResult r = runFit(case_path, !quiet);
      std::printf("%s: %s after %d iterations (%d model evaluations), cost %.4g\n", case_path.c_str(),
                  r.converged ? "converged" : "NOT converged", r.iterations, r.evaluations, r.cost);
      for (const auto& p : r.parameters)
        std::printf("  %-28s = %.6g %s  (+- %.2g)\n", p.name.c_str(), p.value, p.unit.c_str(), p.std_error);
      for (const auto& t : r.targets)
        std::printf("  %-40s %-12s measured %-10.5g simulated %.5g\n", t.figure.c_str(), t.condition.c_str(),
                    t.measured, t.simulated);
      if (!out_dir.empty()) {
        OutputSet out(std::filesystem::path(out_dir).parent_path().string().empty() ? "." : std::filesystem::path(out_dir).parent_path().string());
        out.file(std::filesystem::path(out_dir).filename().string()) << fitResultJson(r);
        out.commit();
      }
      return r.converged ? 0 : 5;
    } catch (const InputError& e) {
      std::cerr << "cellsim: input error: " << e.what() << "\n";
      return 1;
    } catch (const std::exception& e) {
      std::cerr << "cellsim: fit failed: " << e.what() << "\n";
      return 4;
    }
  }
  if (cmd == "run" && out_dir.empty()) {
    std::cerr << "cellsim: 'run' needs --out DIR\n";
    return 2;
  }
  try {
    CaseRecipe recipe = loadCase(case_path, sets);
    CellModel model(recipe.cell);
    if (cmd == "check") {
      if (recipe.experiment) {
        std::cout << case_path << ": OK (" << model.size() << " unknowns, " << model.volumes()
                  << " volumes, experiment " << recipe.experiment->string("type") << ")\n";
        return 0;
      }
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
    CaseOutcome outcome = runCase(recipe, model);
    const SimulationResult& result = outcome.sim;
    if (tty) std::fprintf(stderr, "\n");
    OutputSet out(out_dir);
    writeResults(recipe, model, result, out, figuresJson(outcome.figures));
    out.commit();
    if (result.stopped_early) std::fprintf(stderr, "cellsim: the run stopped early: %s\n", result.stop_reason.c_str());
    if (!quiet && !result.rows.empty()) {
      const auto& last = result.rows.back();
      std::printf("%s: %zu steps, t_end = %.1f s, V_end = %.4f V, capacity = %.2f mAh/m2, %ld IDA steps, %.3f s wall\n",
                  case_path.c_str(), result.steps.size(), last.time_s, last.voltage_V, last.charge_C_m2 / 3.6,
                  result.stats.steps, result.wall_time_s);
      for (const auto& f : outcome.figures)
        std::printf("  %s%s%s = %.6g %s\n", f.name.c_str(), f.condition.empty() ? "" : " @ ", f.condition.c_str(),
                    f.value, f.unit.c_str());
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
