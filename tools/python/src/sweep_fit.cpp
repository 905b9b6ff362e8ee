// Sweeps and fits from Python: each runs with the GIL released and comes back as a dict.
#include "core_support.hpp"

#include <string>
#include <vector>

#include "models/io/Fit.hpp"
#include "models/sweep/Sweep.hpp"

namespace cellsim::python {

py::dict sweep(const std::string& file, const std::vector<std::string>& sets, const std::string& out, int threads,
               bool force) {
  SweepPlan plan;
  SweepResult r;
  std::string table;
  std::string out_dir;
  {
    py::gil_scoped_release release;
    plan = loadSweep(file, sets);
    SweepOptions options;
    options.out = out;
    options.threads = threads;
    options.force = force;
    options.progress = false;
    r = runSweep(plan, options);
    table = sweepCsv(plan, r.rows);
    out_dir = out.empty() ? plan.out : out;
  }
  py::dict d;
  d["csv"] = table;
  d["table"] = r.table;
  d["out"] = out_dir;
  d["ok"] = r.ok;
  d["failed"] = r.failed;
  d["skipped"] = r.skipped;
  py::list names;
  for (const auto& c : plan.cases) names.append(c.name);
  d["cases"] = names;
  return d;
}

py::dict fit(const std::string& file, bool verbose) {
  FitResult r;
  std::string json;
  {
    py::gil_scoped_release release;
    r = runFit(file, verbose);
    json = fitResultJson(r);
  }
  py::list params, targets;
  for (const auto& p : r.parameters) {
    py::dict d;
    d["name"] = p.name;
    d["value"] = p.value;
    d["std_error"] = p.std_error;
    d["initial"] = p.initial;
    d["lower"] = p.lower;
    d["upper"] = p.upper;
    d["unit"] = p.unit;
    d["set"] = p.set_paths;
    d["log_scale"] = p.log_scale;
    params.append(d);
  }
  for (const auto& t : r.targets) {
    py::dict d;
    d["case"] = t.case_path;
    d["figure"] = t.figure;
    d["condition"] = t.condition;
    d["measured"] = t.measured;
    d["simulated"] = t.simulated;
    d["sigma"] = t.sigma;
    targets.append(d);
  }
  py::dict d;
  d["parameters"] = params;
  d["targets"] = targets;
  d["iterations"] = r.iterations;
  d["evaluations"] = r.evaluations;
  d["cost"] = r.cost;
  d["converged"] = r.converged;
  d["stop_reason"] = r.stop_reason;
  d["json"] = json;
  return d;
}

}  // namespace cellsim::python
