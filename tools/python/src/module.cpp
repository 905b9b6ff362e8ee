// cellsim._core: the native half of the `cellsim` Python package (tools/python/cellsim/).
//
// It wraps the library's public API the way tools/cellsim.cpp does (loadCase, CellModel,
// runCase, writeResults, runSweep, runFit) and hands results to Python as numpy arrays that
// own their C++ buffers (no copy through Python loops). The GIL is released while a recipe is
// loaded and solved, so Python threads run cases in parallel. Each call loads its own recipe:
// a loaded recipe's properties share muParser state and must never be shared across threads.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/input/Input.hpp"
#include "core/numerics/IdaSolver.hpp"
#include "core/output/OutputFiles.hpp"
#include "models/cell/StateCheck.hpp"
#include "models/io/Fit.hpp"
#include "models/io/Recipe.hpp"
#include "models/io/ResultWriter.hpp"
#include "models/sweep/Sweep.hpp"

namespace py = pybind11;
namespace fs = std::filesystem;
using namespace cellsim;

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// --------------------------------------------------------------------------------------------
// Exceptions: cellsim.Error > InputError (also a ValueError), SolverError > StateError.
// --------------------------------------------------------------------------------------------

PyObject* g_error = nullptr;
PyObject* g_input_error = nullptr;
PyObject* g_solver_error = nullptr;
PyObject* g_state_error = nullptr;

PyObject* newException(py::module_& m, const char* name, const char* doc, std::vector<PyObject*> bases) {
  py::tuple b(bases.size());
  for (size_t i = 0; i < bases.size(); ++i) b[i] = py::reinterpret_borrow<py::object>(bases[i]);
  const std::string qualified = std::string("cellsim.") + name;
  PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, b.ptr(), nullptr);
  if (!type) throw py::error_already_set();
  m.add_object(name, py::reinterpret_borrow<py::object>(type));  // the module keeps a reference too
  return type;  // ours is never released: the types live as long as the interpreter
}

void raiseInputError(const InputError& e) {
  PyObject* inst = PyObject_CallFunction(g_input_error, "s", e.what());
  if (!inst) return;  // the call set its own error
  py::handle h(inst);
  h.attr("file") = py::str(e.file());
  h.attr("line") = py::int_(e.line());
  h.attr("key_path") = py::str(e.keyPath());
  PyErr_SetObject(g_input_error, inst);
  Py_DECREF(inst);
}

// --------------------------------------------------------------------------------------------
// Helpers
// --------------------------------------------------------------------------------------------

//! The pseudo-file name under which --set values are reported ("--set"), asked of the public
//! API rather than copied: a malformed override names it.
const std::string& overrideFile() {
  static const std::string name = [] {
    try {
      Overrides probe;
      probe.add("malformed");
    } catch (const InputError& e) {
      return e.file();
    }
    return std::string("--set");
  }();
  return name;
}

//! The message of an InputError without its "file:line: key: " prefix.
std::string bareMessage(const InputError& e) {
  std::string prefix = e.file();
  if (e.line() > 0) prefix += ":" + std::to_string(e.line());
  prefix += ": ";
  if (!e.keyPath().empty()) prefix += e.keyPath() + ": ";
  const std::string what = e.what();
  return what.compare(0, prefix.size(), prefix) == 0 ? what.substr(prefix.size()) : what;
}

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

template <class T>
py::array_t<T> toNumpy(std::vector<T>&& v) {
  auto* heap = new std::vector<T>(std::move(v));
  py::capsule owner(heap, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return py::array_t<T>(static_cast<py::ssize_t>(heap->size()), heap->data(), owner);
}

bool endsWithYaml(const std::string& s) {
  std::string l = s;
  std::transform(l.begin(), l.end(), l.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto ends = [&l](const std::string& suffix) {
    return l.size() > suffix.size() && l.compare(l.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ends(".yaml") || ends(".yml");
}

// --------------------------------------------------------------------------------------------
// A run: the recipe and model it was run with (kept for writing its files later) and its outcome.
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

  void buildColumns() {
    const SimulationResult& r = outcome.sim;
    const size_t n = r.rows.size();
    ts_names = {"time_s", "step", "cycle", "voltage_V", "current_A_m2", "capacity_mAh_m2", "temperature_K"};
    for (const auto& c : r.column_names) ts_names.push_back(c);
    const size_t extra = r.column_names.size();
    ts_real.assign(5 + extra, std::vector<double>(n));
    ts_step.resize(n);
    ts_cycle.resize(n);
    const double T = model->design().temperature_K;
    constexpr double kC_per_mAh = 3.6;  // as models/io/ResultWriter.cpp
    for (size_t i = 0; i < n; ++i) {
      const TimeRow& row = r.rows[i];
      ts_real[0][i] = row.time_s;
      ts_step[i] = row.step;
      ts_cycle[i] = row.cycle;
      ts_real[1][i] = row.voltage_V;
      ts_real[2][i] = row.current_A_m2;
      ts_real[3][i] = row.charge_C_m2 / kC_per_mAh;
      ts_real[4][i] = T;
      for (size_t k = 0; k < extra; ++k) ts_real[5 + k][i] = k < row.columns.size() ? row.columns[k] : NAN;
    }
  }

  void write(OutputSet& out) const { writeResults(*recipe, *model, outcome, out); }
};

class Outcome {
 public:
  explicit Outcome(std::shared_ptr<RunState> s) : s_(std::move(s)) {}

  //! ([names], [arrays]) in the order of timeseries.csv; step and cycle as int64. Once.
  py::tuple timeseries() {
    if (s_->ts_taken) throw std::logic_error("timeseries() was already taken");
    s_->ts_taken = true;
    py::list names, arrays;
    size_t real = 0;
    for (const auto& name : s_->ts_names) {
      names.append(name);
      if (name == "step") arrays.append(toNumpy(std::move(s_->ts_step)));
      else if (name == "cycle") arrays.append(toNumpy(std::move(s_->ts_cycle)));
      else arrays.append(toNumpy(std::move(s_->ts_real[real++])));
    }
    s_->ts_real.clear();
    return py::make_tuple(names, arrays);
  }

  //! [{time_s, x_m, region, <field>...}] at the recorded profile times.
  py::list profiles() const {
    py::list out;
    for (const auto& snap : s_->outcome.sim.profiles) {
      const ProfileTable& p = snap.profiles;
      py::dict d;
      d["time_s"] = snap.time_s;
      d["x_m"] = toNumpy(std::vector<double>(p.x_m));
      py::list region;
      for (const auto& r : p.region) region.append(r);
      d["region"] = region;
      for (size_t k = 0; k < p.names.size() && k < p.columns.size(); ++k)
        d[py::str(p.names[k])] = toNumpy(std::vector<double>(p.columns[k]));
      out.append(d);
    }
    return out;
  }

  py::list figures() const {
    py::list out;
    for (const auto& f : s_->outcome.figures) out.append(py::make_tuple(f.name, f.condition, f.value, f.unit));
    return out;
  }

  py::list steps() const {
    py::list out;
    for (const auto& s : s_->outcome.sim.steps) out.append(py::str(s.text));
    return out;
  }

  //! The text of one file of the run folder (e.g. "cycles.csv", "summary.json") as `cellsim
  //! run` writes it; "" for a file this run does not write.
  std::string fileText(const std::string& name) {
    if (!s_->files) {
      auto out = std::make_unique<OutputSet>(".");
      s_->write(*out);
      s_->files = std::move(out);
    }
    return s_->files->file(name).str();
  }

  //! Writes the run folder (timeseries.csv, steps.csv, cycles.csv, profiles.csv, summary.json).
  void write(const std::string& folder) const {
    OutputSet out(folder);
    s_->write(out);
    out.commit();
  }

  py::dict stats() const {
    const SolverStats& s = s_->outcome.sim.stats;
    py::dict d;
    d["unknowns"] = s.unknowns;
    d["jacobian_nonzeros"] = s.nonzeros;
    d["colours"] = s.colours;
    d["steps"] = s.steps;
    d["residual_calls"] = s.residual_calls;
    d["jacobian_evals"] = s.jacobian_evals;
    d["newton_iters"] = s.newton_iters;
    d["newton_conv_fails"] = s.newton_conv_fails;
    d["error_test_fails"] = s.error_test_fails;
    d["reinits"] = s.reinits;
    d["recoverable_residual_errors"] = s.recoverable_errors;
    return d;
  }

  py::array_t<double> finalState() const { return toNumpy(std::vector<double>(s_->outcome.sim.final_state)); }
  py::list stateNames() const {
    py::list out;
    for (int i = 0; i < s_->model->size(); ++i) out.append(s_->model->variableName(i));
    return out;
  }

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
                      const std::string& out, const py::object& progress, bool interruptible) {
  auto st = std::make_shared<RunState>();
  const bool call_progress = !progress.is_none();
  {
    py::gil_scoped_release release;
    const auto t0 = Clock::now();
    reportingAs(path, shown, [&] {
      st->recipe.emplace(loadCase(path, overrides));
      st->model = std::make_unique<CellModel>(st->recipe->cell);
      st->load_time_s = secondsSince(t0);
      if (call_progress || interruptible) {
        st->recipe->options.progress = [&progress, call_progress, interruptible](double f, const std::string& msg) {
          py::gil_scoped_acquire gil;
          if (interruptible && PyErr_CheckSignals() != 0) throw py::error_already_set();
          if (call_progress) progress(f, msg);
        };
      }
      st->outcome = runCase(*st->recipe, *st->model);
      return 0;
    });
    st->recipe->options.progress = nullptr;  // holds references into this frame
    if (!shown.empty() && shown != path) {
      // The derived copy has the user's case's lines; name the user's case in the outputs.
      st->recipe->file = shown;
      for (auto& v : st->recipe->input->read)
        if (v.at.compare(0, path.size(), path) == 0) v.at = shown + v.at.substr(path.size());
    }
    if (!out.empty()) {
      OutputSet files(out);
      st->write(files);
      files.commit();
    }
    st->buildColumns();
    st->call_time_s = secondsSince(t0);
  }
  return Outcome(st);
}

// --------------------------------------------------------------------------------------------
// Recipes: values by dotted path (the --set paths) and the case as YAML with overrides applied.
// --------------------------------------------------------------------------------------------

InputNode loadRoot(const std::string& path, const std::vector<std::string>& overrides) {
  auto ov = std::make_shared<Overrides>();
  for (const auto& s : overrides) ov->add(s);
  return InputNode::loadFile(path, ov);
}

//! Splits a trailing "[i]" off a path component.
std::string splitIndex(const std::string& part, int& index) {
  index = -1;
  const auto open = part.find('[');
  if (open == std::string::npos || open == 0 || part.back() != ']') return part;
  const std::string digits = part.substr(open + 1, part.size() - open - 2);
  if (digits.empty() || !std::all_of(digits.begin(), digits.end(), [](unsigned char c) { return std::isdigit(c); }))
    return part;
  index = std::stoi(digits);
  return part.substr(0, open);
}

//! The node at a dotted path, following referenced files on the way (as the recipe reader
//! does) and taking at each level the longest key that matches (keys may contain dots).
//! Throws py::key_error when the path leads nowhere.
InputNode walk(const InputNode& root, const std::string& path) {
  if (path.empty()) return root;
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t i = 0; i <= path.size(); ++i)
    if (i == path.size() || path[i] == '.') {
      parts.push_back(path.substr(start, i - start));
      start = i + 1;
    }
  InputNode node = root;
  for (size_t i = 0; i < parts.size();) {
    node = node.referenced();
    size_t taken = 0;
    std::string key;
    std::vector<int> indices;
    for (size_t n = parts.size() - i; n >= 1 && !taken; --n) {
      std::string candidate = parts[i];
      for (size_t k = 1; k < n; ++k) candidate += "." + parts[i + k];
      // "separator[0][1]": peel indices from the right.
      std::vector<int> idx;
      std::string bare = candidate;
      for (int index = 0;;) {
        const std::string peeled = splitIndex(bare, index);
        if (index < 0) break;
        idx.insert(idx.begin(), index);
        bare = peeled;
      }
      if (node.isMap() && node.has(bare)) {
        key = bare;
        indices = idx;
        taken = n;
      }
    }
    if (!taken) throw py::key_error("'" + path + "': no key '" + parts[i] + "'" +
                                    (node.keyPath().empty() ? "" : " under '" + node.keyPath() + "'"));
    node = node[key];
    for (int index : indices) {
      node = node.referenced();
      if (!node.isSequence()) throw py::key_error("'" + path + "': '" + node.keyPath() + "' is not a list");
      const auto elements = node.elements();
      if (index >= static_cast<int>(elements.size()))
        throw py::key_error("'" + path + "': '" + node.keyPath() + "' has " + std::to_string(elements.size()) +
                            " elements");
      node = elements[index];
    }
    i += taken;
  }
  return node;
}

//! A scalar as Python sees YAML: int, float, bool or None when written plainly as one; str
//! otherwise (quoted, or with a unit: "25 um").
py::object scalarToPython(const YAML::Node& y) {
  const std::string& s = y.Scalar();
  if (y.Tag() == "!") return py::str(s);
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return py::none();
  if (s == "true" || s == "True" || s == "TRUE") return py::bool_(true);
  if (s == "false" || s == "False" || s == "FALSE") return py::bool_(false);
  const char* b = s.c_str();
  char* end = nullptr;
  const bool integer = std::all_of(s.begin() + (s[0] == '-' || s[0] == '+' ? 1 : 0), s.end(),
                                   [](unsigned char c) { return std::isdigit(c); }) &&
                       s.find_first_of("0123456789") != std::string::npos;
  if (integer) return py::int_(py::str(s));
  const double v = std::strtod(b, &end);
  if (end && *end == '\0' && std::isfinite(v) && s.find_first_of("0123456789") != std::string::npos)
    return py::float_(v);
  return py::str(s);
}

py::object toPython(const InputNode& n) {
  const YAML::Node& y = n.yaml();
  if (n.isMap() || (y.IsNull() && !n.keys().empty())) {
    py::dict d;
    for (const auto& k : n.keys()) d[py::str(k)] = toPython(n[k]);
    return std::move(d);
  }
  if (n.isSequence()) {
    py::list l;
    for (const auto& e : n.elements()) l.append(toPython(e));
    return std::move(l);
  }
  if (n.isScalar()) return scalarToPython(y);
  return py::none();
}

py::object recipeGet(const std::string& path, const std::vector<std::string>& overrides, const std::string& key) {
  return toPython(walk(loadRoot(path, overrides), key));
}

//! The case as YAML text with the overrides applied; relative file references rewritten
//! relative to `base_dir`; a referenced file that an override reaches into is written in place.
class YamlWriter {
 public:
  YamlWriter(std::vector<std::string> override_keys, fs::path base, std::vector<std::string> drop)
      : keys_(std::move(override_keys)), base_(fs::absolute(base).lexically_normal()), drop_(std::move(drop)) {}

  std::string text(const InputNode& root) {
    YAML::Emitter out;
    out.SetIndent(2);
    node(out, root, true);
    return std::string(out.c_str()) + "\n";
  }

 private:
  bool reachedInto(const std::string& key_path) const {
    for (const auto& k : keys_)
      if (k.size() > key_path.size() && k.compare(0, key_path.size(), key_path) == 0 &&
          (k[key_path.size()] == '.' || k[key_path.size()] == '['))
        return true;
    return false;
  }

  std::string rebased(const InputNode& n, const std::string& s) const {
    const fs::path p(s);
    if (p.is_absolute()) return s;
    const fs::path from = n.file() == overrideFile() ? fs::current_path() : fs::absolute(fs::path(n.file()).parent_path());
    const fs::path target = (from / p).lexically_normal();
    const fs::path rel = target.lexically_relative(base_);
    return rel.empty() ? target.string() : rel.generic_string();
  }

  void node(YAML::Emitter& out, const InputNode& n, bool root = false) {
    const YAML::Node& y = n.yaml();
    if (n.isMap() || (y.IsNull() && !n.keys().empty())) {
      if (y.Style() == YAML::EmitterStyle::Flow) out << YAML::Flow;
      out << YAML::BeginMap;
      for (const auto& k : n.keys()) {
        if (root && std::find(drop_.begin(), drop_.end(), k) != drop_.end()) continue;
        out << YAML::Key << k << YAML::Value;
        InputNode c = n[k];
        if (c.isScalar() && endsWithYaml(c.yaml().Scalar()) && reachedInto(c.keyPath())) c = c.referenced();
        node(out, c);
      }
      out << YAML::EndMap;
    } else if (n.isSequence()) {
      if (y.Style() == YAML::EmitterStyle::Flow) out << YAML::Flow;
      out << YAML::BeginSeq;
      for (const auto& e : n.elements()) {
        InputNode c = e;
        if (c.isScalar() && endsWithYaml(c.yaml().Scalar()) && reachedInto(c.keyPath())) c = c.referenced();
        node(out, c);
      }
      out << YAML::EndSeq;
    } else if (n.isScalar()) {
      std::string s = y.Scalar();
      if (endsWithYaml(s)) s = rebased(n, s);
      if (y.Tag() == "!") out << YAML::DoubleQuoted;
      out << s;
    } else {
      out << YAML::Null;
    }
  }

  std::vector<std::string> keys_;
  fs::path base_;
  std::vector<std::string> drop_;
};

std::string recipeYaml(const std::string& path, const std::vector<std::string>& overrides, const std::string& base_dir,
                       const std::vector<std::string>& drop) {
  const InputNode root = loadRoot(path, overrides);
  std::vector<std::string> keys;
  for (const auto& s : overrides) keys.push_back(s.substr(0, s.find('=')));
  return YamlWriter(keys, base_dir, drop).text(root);
}

void checkOverride(const std::string& assignment) {
  Overrides probe;
  probe.add(assignment);
}

py::dict checkCase(const std::string& path, const std::vector<std::string>& overrides, const std::string& shown) {
  std::string experiment, description;
  int unknowns = 0, volumes = 0, steps = -1;
  {
    py::gil_scoped_release release;
    reportingAs(path, shown, [&] {
      const CaseRecipe recipe = loadCase(path, overrides);
      const CellModel model(recipe.cell);
      unknowns = model.size();
      volumes = model.volumes();
      description = recipe.description;
      if (recipe.experiment) {
        experiment = recipe.root["experiment"].string("type");
      } else {
        steps = 0;
        for (const auto& b : recipe.protocol.blocks) steps += b.repeat * static_cast<int>(b.steps.size());
      }
      return 0;
    });
  }
  py::dict d;
  d["case"] = shown.empty() ? path : shown;
  d["description"] = description;
  d["unknowns"] = unknowns;
  d["volumes"] = volumes;
  d["experiment"] = experiment.empty() ? py::object(py::none()) : py::object(py::str(experiment));
  d["protocol_steps"] = steps < 0 ? py::object(py::none()) : py::object(py::int_(steps));
  return d;
}

// --------------------------------------------------------------------------------------------
// Sweeps and fits
// --------------------------------------------------------------------------------------------

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

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "Native part of the cellsim package (use `import cellsim`).";

  g_error = newException(m, "Error", "Base class of the errors cellsim raises.", {PyExc_Exception});
  g_input_error = newException(m, "InputError",
                               "A mistake in a recipe or an override. str(e) is the CLI's message "
                               "'FILE:LINE: KEY.PATH: message'; e.file, e.line, e.key_path.",
                               {g_error, PyExc_ValueError});
  g_solver_error = newException(m, "SolverError",
                                "The solver failed; the message names the time, the variables with the "
                                "largest errors and where they are.",
                                {g_error, PyExc_RuntimeError});
  g_state_error = newException(m, "StateError",
                               "The state reached a point where a property function is undefined.",
                               {g_solver_error});
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const InputError& e) {
      raiseInputError(e);
    } catch (const SolverError& e) {
      PyErr_SetString(g_solver_error, e.what());
    } catch (const StateError& e) {
      PyErr_SetString(g_state_error, e.what());
    }
  });

  py::class_<Outcome>(m, "Outcome", "One run, as returned by _core.run (wrapped by cellsim.Result).")
      .def("timeseries", &Outcome::timeseries)
      .def("profiles", &Outcome::profiles)
      .def("figures", &Outcome::figures)
      .def("step_texts", &Outcome::steps)
      .def("file_text", &Outcome::fileText, py::arg("name"))
      .def("write", &Outcome::write, py::arg("folder"))
      .def("stats", &Outcome::stats)
      .def("final_state", &Outcome::finalState)
      .def("state_names", &Outcome::stateNames)
      .def_property_readonly("warnings", [](const Outcome& o) { return o.sim().warnings; })
      .def_property_readonly("stopped_early", [](const Outcome& o) { return o.sim().stopped_early; })
      .def_property_readonly("stop_reason", [](const Outcome& o) { return o.sim().stop_reason; })
      .def_property_readonly("wall_time_s", [](const Outcome& o) { return o.sim().wall_time_s; })
      .def_property_readonly("setup_time_s", [](const Outcome& o) { return o.sim().setup_time_s; })
      .def_property_readonly("load_time_s", [](const Outcome& o) { return o.state().load_time_s; })
      .def_property_readonly("call_time_s", [](const Outcome& o) { return o.state().call_time_s; })
      .def_property_readonly("case", [](const Outcome& o) { return o.state().recipe->file; })
      .def_property_readonly("description", [](const Outcome& o) { return o.state().recipe->description; });

  m.def("run", &runFromPython, py::arg("path"), py::arg("overrides"), py::arg("shown") = "", py::arg("out") = "",
        py::arg("progress") = py::none(), py::arg("interruptible") = false,
        "Loads, builds and runs a case with the GIL released.");
  m.def("check", &checkCase, py::arg("path"), py::arg("overrides"), py::arg("shown") = "");
  m.def("recipe_get", &recipeGet, py::arg("path"), py::arg("overrides"), py::arg("key"));
  m.def("recipe_yaml", &recipeYaml, py::arg("path"), py::arg("overrides"), py::arg("base_dir"),
        py::arg("drop") = std::vector<std::string>{});
  m.def("check_override", &checkOverride, py::arg("assignment"));
  m.def("override_file", [] { return overrideFile(); });
  m.def("sweep", &sweep, py::arg("file"), py::arg("sets"), py::arg("out"), py::arg("threads"), py::arg("force"));
  m.def("fit", &fit, py::arg("file"), py::arg("verbose"));
}
