// cellsim: run, check or fit battery recipes.
//
// Sample runs:
//   cellsim run cases/validation/comsol_marquis2019_1C.yaml --out out/marquis_1C
//   cellsim run cases/validation/comsol_marquis2019_3C.yaml --out out/3C --set solver.rtol=1e-7
//   cellsim run CASE.yaml --out DIR --set cell.positive.thickness="80 um"
//   cellsim check CASE.yaml
//   cellsim fit cases/paper/fits/transference_PP.yaml --out fit.json
//   cellsim sweep cases/sweeps/comsol_rates.yaml -j 2
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/io/Fit.hpp"
#include "models/io/MeshCheck.hpp"
#include "models/io/Recipe.hpp"
#include "models/io/ResultWriter.hpp"
#include "core/input/ReadScope.hpp"
#include "core/numerics/Interrupt.hpp"
#include "models/simulation/Checkpoint.hpp"
#include "models/sweep/Sweep.hpp"

using namespace cellsim;

namespace {

void usage(std::ostream& os) {
  os << "usage:\n"
        "  cellsim run CASE.yaml --out DIR [--set key.path=value ...] [--quiet] [--resume] [--mesh-check]\n"
        "      (Ctrl-C or SIGTERM stops a run keeping every completed step; --resume continues it;\n"
        "       --mesh-check runs it again on meshes refined 2x and 4x and estimates each figure's mesh error)\n"
        "  cellsim check CASE.yaml [--set key.path=value ...]\n"
        "  cellsim fit FIT.yaml [--out RESULT.json] [--quiet]\n"
        "  cellsim sweep SWEEP.yaml [--out DIR] [-j THREADS] [--force] [--set key.path=value ...] [--quiet]\n"
        "      (one folder per case in DIR and DIR/sweep.csv; under mpirun the processes share the cases)\n"
        "  any command: --allow-path DIR (repeatable) lets input files refer to files under DIR; without it\n"
        "      they read only under their own directory or its nearest ancestor holding params/\n"
        "      (also $CELLSIM_ALLOW_DIRS, ':'-separated; --allow-dir is the same option)\n\n"
        "Sample runs:\n"
        "  cellsim run cases/validation/comsol_marquis2019_1C.yaml --out out/marquis_1C\n"
        "  cellsim run cases/validation/comsol_marquis2019_3C.yaml --out out/3C --set solver.rtol=1e-7\n"
        "  cellsim run CASE.yaml --out DIR --set cell.positive.thickness=\"80 um\"\n"
        "  cellsim check CASE.yaml\n"
        "  cellsim fit cases/paper/fits/transference_PP.yaml\n"
        "  cellsim sweep cases/sweeps/comsol_rates.yaml -j 2\n\n"
        "Outputs in DIR: timeseries.csv, cycles.csv, profiles.csv, summary.json\n"
        "(written into a staging folder and swapped in as a whole when the run ends;\n"
        "other files in DIR are kept).\n";
}

struct Arguments {
  std::string command, file, out;
  std::vector<std::string> sets;
  bool quiet = false;
  int jobs = 1;         // sweep: threads per process
  bool force = false;   // sweep: rerun cases already done
  bool resume = false;  // run: continue the interrupted run in --out
  bool mesh_check = false;  // run: estimate each figure's discretisation error
};

//! Exit codes: 0 success, 1 input error, 2 usage, 3 solver error, 4 other failure,
//! 5 a fit that did not converge, 6 a sweep in which some cases failed.
int guarded(const std::function<int()>& body, const char* what) {
  try {
    return body();
  } catch (const InputError& e) {
    std::cerr << "cellsim: input error: " << e.what() << "\n";
    return 1;
  } catch (const SolverError& e) {
    std::cerr << "cellsim: solver error: " << e.what() << "\n(no results were written)\n";
    return 3;
  } catch (const std::exception& e) {
    std::cerr << "cellsim: " << what << e.what() << "\n";
    return 4;
  }
}

//! Output paths are checked before any computation, so that a long run or fit cannot end in
//! "cannot write".
void checkOutPath(const Arguments& a) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (a.out.empty()) return;
  if (a.command == "fit") {
    if (a.out.back() == '/' || fs::is_directory(a.out, ec))
      throw std::runtime_error("--out " + a.out + ": fit writes one JSON file; give a file name, e.g. fit.json");
  } else if (fs::exists(a.out, ec) && !fs::is_directory(a.out, ec)) {
    throw std::runtime_error("--out " + a.out + ": is a file; give a folder for the results");
  }
}

int fitCommand(const Arguments& a) {
  checkOutPath(a);
  const FitResult r = runFit(a.file, !a.quiet);
  std::printf("%s: %s after %d iterations (%d model evaluations), cost %.4g (%s)\n", a.file.c_str(),
              r.converged ? "converged" : "NOT converged", r.iterations, r.evaluations, r.cost, r.stop_reason.c_str());
  for (const auto& p : r.parameters)
    std::printf("  %-28s = %.6g %s  (+- %.2g)\n", p.name.c_str(), p.value, p.unit.c_str(), p.std_error);
  for (const auto& t : r.targets)
    std::printf("  %-40s %-12s measured %-10.5g simulated %.5g\n", t.figure.c_str(), t.condition.c_str(), t.measured,
                t.simulated);
  if (!a.out.empty()) writeFileAtomically(a.out, fitResultJson(r));
  return r.converged ? 0 : 5;
}

int checkCommand(const Arguments& a) {
  CaseRecipe recipe = loadCase(a.file, a.sets);
  CellModel model(recipe.cell);
  std::cout << a.file << ": OK (" << model.size() << " unknowns, " << model.volumes() << " volumes, ";
  if (recipe.experiment) {
    std::cout << "experiment " << recipe.root["experiment"].string("type") << ")\n";
    return 0;
  }
  std::cout << recipe.protocol.expandedSteps() << " protocol steps)\n";
  return 0;
}

void printSummary(const Arguments& a, const CaseOutcome& outcome, const TimeseriesStream* streamed) {
  const SimulationResult& result = outcome.sim;
  if (streamed ? streamed->rows() == 0 : result.rows.empty()) return;
  const auto& last = streamed ? streamed->last() : result.rows.back();
  std::printf("%s: %zu steps, t_end = %.1f s, V_end = %.4f V, capacity = %.2f mAh/m2, %ld IDA steps, %.3f s wall\n",
              a.file.c_str(), result.steps.size(), last.time_s, last.voltage_V, last.charge_C_m2 / 3.6,
              result.stats.steps, result.wall_time_s);
  for (const auto& f : outcome.figures) {
    std::printf("  %s%s%s = %.6g %s", f.name.c_str(), f.condition.empty() ? "" : " @ ", f.condition.c_str(), f.value,
                f.unit.c_str());
    const MeshError& m = f.mesh_error;
    if (m.estimated && std::isfinite(m.error))
      std::printf("  (mesh error %+.2g%s%s, %s)", m.error, f.unit.empty() ? "" : " ", f.unit.c_str(),
                  m.observed_order > 0 ? ("order " + std::to_string(m.observed_order).substr(0, 4)).c_str() : "no order");
    std::printf("\n");
  }
  std::printf("results in %s/{timeseries.csv,cycles.csv,profiles.csv,summary.json}\n", a.out.c_str());
}

void logLine(const std::string& s) { std::fprintf(stderr, "%s\n", s.c_str()); }

extern "C" void onStopSignal(int sig) {
  interruptRequest().store(sig);
  std::signal(sig, SIG_DFL);  // a second Ctrl-C ends the process at once
}

//! What a checkpoint must have been written by: the same case and overrides.
std::string runIdentity(const Arguments& a) {
  std::string id = a.file;
  for (const auto& s : a.sets) id += " --set " + s;
  return id;
}

//! A bar with the runner's message (cycle, capacity, retention) and the time left.
std::function<void(double, const std::string&)> progressBar() {
  const auto t0 = std::chrono::steady_clock::now();
  return [t0](double f, const std::string& msg) {
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double eta = f > 1e-3 ? elapsed * (1 - f) / f : 0.0;
    std::fprintf(stderr, "\r[%-30s] %5.1f%%  %s  ETA %.0f s   ", std::string(static_cast<int>(30 * f), '#').c_str(),
                 100 * f, msg.c_str(), eta);
  };
}

int runCommand(const Arguments& a) {
  checkOutPath(a);
  CaseRecipe recipe = loadCase(a.file, a.sets);
  CellModel model(recipe.cell);
  const std::filesystem::path checkpoint = std::filesystem::path(a.out) / kCheckpointFile;
  std::optional<SimulationResult> before;
  if (a.resume && a.mesh_check) throw std::runtime_error("--mesh-check needs a whole run; it cannot be combined with --resume");
  if (a.resume) before = readCheckpoint(checkpoint.string(), runIdentity(a));
  const bool tty = isatty(STDERR_FILENO) && !a.quiet;
  if (tty) recipe.options.progress = progressBar();
  std::signal(SIGINT, onStopSignal);
  std::signal(SIGTERM, onStopSignal);
  OutputSet out(a.out);
  const auto streamed = streamTimeseries(recipe, model, before ? &*before : nullptr, a.out, out);
  CaseOutcome outcome;
  try {
    outcome = runCase(recipe, model, before ? &*before : nullptr);
  } catch (const std::exception& e) {
    // A run that failed part-way keeps what it completed: those steps are written, and the
    // error (exit code 3) says which step failed and why.
    const auto* partial = dynamic_cast<const PartialRun*>(&e);
    if (!partial || partial->completed.steps.empty()) throw;
    writeResults(recipe, model, CaseOutcome{partial->completed, {}}, out);
    out.commit();
    std::fprintf(stderr, "cellsim: solver error: %s\n(the %zu steps completed before it are in %s)\n", e.what(),
                 partial->completed.steps.size(), a.out.c_str());
    return 3;
  }
  if (tty) std::fprintf(stderr, "\n");
  if ((a.mesh_check || recipe.mesh_check) && !outcome.sim.interrupted)
    estimateMeshErrors(recipe, outcome, a.quiet ? nullptr : logLine);
  const SimulationResult& sim = outcome.sim;
  const bool resumable = sim.interrupted && sim.resume.valid && sim.spectra.empty() && !recipe.options.jumping.enabled;
  writeResults(recipe, model, outcome, out);
  if (resumable) writeCheckpoint(out.file(kCheckpointFile), sim, runIdentity(a));
  out.commit();
  std::error_code ec;
  if (!resumable) std::filesystem::remove(checkpoint, ec);  // a finished run leaves none behind
  for (const auto& w : sim.warnings) std::fprintf(stderr, "cellsim: warning: %s\n", w.c_str());
  if (sim.stopped_early) std::fprintf(stderr, "cellsim: the run stopped early: %s\n", sim.stop_reason.c_str());
  if (!a.quiet) printSummary(a, outcome, streamed.get());
  if (!sim.interrupted) return 0;
  if (resumable)
    std::fprintf(stderr, "cellsim: the completed steps are in %s; to continue: cellsim run %s --out %s --resume%s\n",
                 a.out.c_str(), a.file.c_str(), a.out.c_str(), a.sets.empty() ? "" : " (with the same --set options)");
  return 128 + interruptRequest().load();
}

int sweepCommand(const Arguments& a) {
  const SweepPlan plan = loadSweep(a.file, a.sets);
  SweepOptions options;
  options.out = a.out;
  options.threads = a.jobs;
  options.force = a.force;
  options.progress = !a.quiet;
  const SweepResult r = runSweep(plan, options);
  if (r.rank == 0 && !a.quiet)
    std::printf("%s: %zu cases on %d process(es) x %d thread(s): %d ok, %d skipped (done before), %d failed; table in %s\n",
                a.file.c_str(), plan.cases.size(), r.ranks, a.jobs, r.ok, r.skipped, r.failed, r.table.c_str());
  return r.failed > 0 ? kSweepSomeFailed : 0;
}

//! Parses the command line; returns an exit code to stop with, or -1 to go on.
int parseArguments(int argc, char** argv, Arguments& a) {
  if (argc < 2) {
    usage(std::cerr);
    return 2;
  }
  a.command = argv[1];
  if (a.command == "--help" || a.command == "-h") {
    usage(std::cout);
    return 0;
  }
  if (argc < 3) {
    usage(std::cerr);
    return 2;
  }
  a.file = argv[2];
  for (int i = 3; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--out" && i + 1 < argc) a.out = argv[++i];
    else if (arg == "--set" && i + 1 < argc) a.sets.push_back(argv[++i]);
    else if (arg.rfind("--set=", 0) == 0) a.sets.push_back(arg.substr(6));
    else if ((arg == "--allow-path" || arg == "--allow-dir") && i + 1 < argc) {
      // --allow-path is the spelling issue 11 asked for; --allow-dir stays for existing scripts.
      try {
        allowReadsUnder(argv[++i]);
      } catch (const std::invalid_argument& e) {
        std::cerr << "cellsim: " << arg << " " << e.what() << "\n";
        return 2;
      }
    } else if (arg == "--quiet") a.quiet = true;
    else if (arg == "--force") a.force = true;
    else if (arg == "--resume") a.resume = true;
    else if (arg == "--mesh-check") a.mesh_check = true;
    else if ((arg == "-j" || arg == "--jobs") && i + 1 < argc) a.jobs = std::atoi(argv[++i]);
    else if (arg.size() > 2 && arg.rfind("-j", 0) == 0) a.jobs = std::atoi(arg.c_str() + 2);
    else {
      std::cerr << "cellsim: unknown argument '" << arg << "'\n";
      usage(std::cerr);
      return 2;
    }
  }
  if (a.command != "run" && a.command != "check" && a.command != "fit" && a.command != "sweep") {
    std::cerr << "cellsim: unknown command '" << a.command << "' (expected 'run', 'check', 'fit' or 'sweep')\n";
    return 2;
  }
  if (a.jobs < 1) {
    std::cerr << "cellsim: -j needs a positive number of threads\n";
    return 2;
  }
  if (a.command == "run" && a.out.empty()) {
    std::cerr << "cellsim: 'run' needs --out DIR\n";
    return 2;
  }
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  Arguments a;
  const int code = parseArguments(argc, argv, a);
  if (code >= 0) return code;
  if (a.command == "fit") return guarded([&] { return fitCommand(a); }, "fit failed: ");
  if (a.command == "check") return guarded([&] { return checkCommand(a); }, "error: ");
  if (a.command == "sweep") return guarded([&] { return sweepCommand(a); }, "sweep failed: ");
  return guarded([&] { return runCommand(a); }, "error: ");
}
