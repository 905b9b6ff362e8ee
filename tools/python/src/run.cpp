// A run of one case from Python: RunState keeps the recipe and model it was run with (for
// writing its files later) and its outcome; Outcome hands it to Python as numpy arrays that own
// their C++ buffers (no copy through Python loops). The recipe is loaded and solved with the
// GIL released, so Python threads run cases in parallel. Each call loads its own recipe: a
// loaded recipe's properties share muParser state and must never be shared across threads.
#include "core_support.hpp"

#include <chrono>
#include <cmath>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/numerics/IdaSolver.hpp"
#include "core/output/OutputFiles.hpp"
#include "models/io/Recipe.hpp"
#include "models/io/ResultWriter.hpp"

namespace cellsim::python {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

template <class T>
py::array_t<T> toNumpy(std::vector<T>&& v) {
  auto* heap = new std::vector<T>(std::move(v));
  py::capsule owner(heap, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return py::array_t<T>(static_cast<py::ssize_t>(heap->size()), heap->data(), owner);
}

}  // namespace

// --------------------------------------------------------------------------------------------
// RunState
// --------------------------------------------------------------------------------------------

void RunState::buildColumns() {
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

void RunState::write(OutputSet& out) const { writeResults(*recipe, *model, outcome, out); }

// --------------------------------------------------------------------------------------------
// Outcome
// --------------------------------------------------------------------------------------------

py::tuple Outcome::timeseries() {
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

py::list Outcome::profiles() const {
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

py::list Outcome::figures() const {
  py::list out;
  for (const auto& f : s_->outcome.figures) out.append(py::make_tuple(f.name, f.condition, f.value, f.unit));
  return out;
}

py::list Outcome::steps() const {
  py::list out;
  for (const auto& s : s_->outcome.sim.steps) out.append(py::str(s.text));
  return out;
}

std::string Outcome::fileText(const std::string& name) {
  if (!s_->files) {
    auto out = std::make_unique<OutputSet>(".");
    s_->write(*out);
    s_->files = std::move(out);
  }
  return s_->files->file(name).str();
}

void Outcome::write(const std::string& folder) const {
  OutputSet out(folder);
  s_->write(out);
  out.commit();
}

py::dict Outcome::stats() const {
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

py::array_t<double> Outcome::finalState() const { return toNumpy(std::vector<double>(s_->outcome.sim.final_state)); }

py::list Outcome::stateNames() const {
  py::list out;
  for (int i = 0; i < s_->model->size(); ++i) out.append(s_->model->variableName(i));
  return out;
}

// --------------------------------------------------------------------------------------------
// runFromPython
// --------------------------------------------------------------------------------------------

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

}  // namespace cellsim::python
