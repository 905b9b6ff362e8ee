#pragma once
// Private to tools/python/src: what the source files of cellsim._core share. module.cpp holds
// the bindings; errors.cpp the Python exception types; run.cpp a run (RunState, Outcome,
// runFromPython); recipe.cpp recipe values, YAML and checks; sweep_fit.cpp sweeps and fits.
//
// pybind11/stl.h is included here so that every file converts STL types the same way (the
// type casters must agree across translation units).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/input/Input.hpp"
#include "core/output/OutputFiles.hpp"
#include "models/io/Recipe.hpp"

namespace py = pybind11;

namespace cellsim::python {

// --------------------------------------------------------------------------------------------
// Exceptions (errors.cpp)
// --------------------------------------------------------------------------------------------

//! Adds cellsim.Error, InputError, SolverError and StateError to `m` and translates the
//! library's exceptions into them.
void addExceptions(py::module_& m);

//! The message of an InputError without its "file:line: key: " prefix.
std::string bareMessage(const InputError& e);

//! Runs `body`; an InputError about `actual` (a derived copy of a case, see cellsim/_recipe.py)
//! is reported against `shown` (the case as the user named it), same line, same message.
template <class F>
auto reportingAs(const std::string& actual, const std::string& shown, F&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const InputError& e) {
    if (shown.empty() || shown == actual || e.file() != actual) throw;
    throw InputError(shown, e.line(), e.keyPath(), bareMessage(e));
  }
}

// --------------------------------------------------------------------------------------------
// A run: the recipe and model it was run with (kept for writing its files later) and its
// outcome (run.cpp).
// --------------------------------------------------------------------------------------------

struct RunState {
  std::optional<CaseRecipe> recipe;  // CaseRecipe has no empty state
  std::unique_ptr<CellModel> model;
  CaseOutcome outcome;
  double load_time_s = 0;    //!< loadCase + CellModel
  double call_time_s = 0;    //!< everything done with the GIL released
  // The time series as columns, in the order of timeseries.csv (moved out once, to numpy).
  std::vector<std::string> ts_names;
  std::vector<std::vector<double>> ts_real;
  std::vector<int64_t> ts_step, ts_cycle;
  bool ts_taken = false;
  // The run folder's files exactly as `cellsim run` writes them, in memory (written once,
  // on first request; never committed).
  std::unique_ptr<OutputSet> files;

  void buildColumns();
  void write(OutputSet& out) const;
};

class Outcome {
 public:
  explicit Outcome(std::shared_ptr<RunState> s) : s_(std::move(s)) {}

  //! ([names], [arrays]) in the order of timeseries.csv; step and cycle as int64. Once.
  py::tuple timeseries();
  //! [{time_s, x_m, region, <field>...}] at the recorded profile times.
  py::list profiles() const;
  py::list figures() const;
  py::list steps() const;
  //! The text of one file of the run folder (e.g. "cycles.csv", "summary.json") as `cellsim
  //! run` writes it; "" for a file this run does not write.
  std::string fileText(const std::string& name);
  //! Writes the run folder (timeseries.csv, steps.csv, cycles.csv, profiles.csv, summary.json).
  void write(const std::string& folder) const;
  py::dict stats() const;
  py::array_t<double> finalState() const;
  py::list stateNames() const;

  const SimulationResult& sim() const { return s_->outcome.sim; }
  const RunState& state() const { return *s_; }

 private:
  std::shared_ptr<RunState> s_;
};

//! Loads `path` with `overrides`, builds the cell and runs it, all without the GIL.
//! `shown`: the name to report instead of `path` (a derived copy of the user's case).
//! `out`: also write the run folder there (as `cellsim run --out`).
//! `progress(fraction, message)` is called (with the GIL) after every protocol step;
//! `interruptible` checks for Ctrl-C there (main thread only).
Outcome runFromPython(const std::string& path, const std::vector<std::string>& overrides, const std::string& shown,
                      const std::string& out, const py::object& progress, bool interruptible);

// --------------------------------------------------------------------------------------------
// Recipes (recipe.cpp): values by dotted path (the --set paths), the case as YAML with
// overrides applied, and checks.
// --------------------------------------------------------------------------------------------

//! The pseudo-file name under which --set values are reported ("--set"), asked of the public
//! API rather than copied: a malformed override names it.
const std::string& overrideFile();

py::object recipeGet(const std::string& path, const std::vector<std::string>& overrides, const std::string& key);

//! The case as YAML text with the overrides applied; relative file references rewritten
//! relative to `base_dir`; a referenced file that an override reaches into is written in place.
std::string recipeYaml(const std::string& path, const std::vector<std::string>& overrides, const std::string& base_dir,
                       const std::vector<std::string>& drop);

void checkOverride(const std::string& assignment);

py::dict checkCase(const std::string& path, const std::vector<std::string>& overrides, const std::string& shown);

// --------------------------------------------------------------------------------------------
// Sweeps and fits (sweep_fit.cpp)
// --------------------------------------------------------------------------------------------

py::dict sweep(const std::string& file, const std::vector<std::string>& sets, const std::string& out, int threads,
               bool force);

py::dict fit(const std::string& file, bool verbose);

}  // namespace cellsim::python
