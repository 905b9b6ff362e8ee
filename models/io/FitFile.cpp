// Reading a fit file: parameters (which --set paths, initial value, bounds, scale) and
// targets (which figure of which case, measured value and uncertainty).
#include <cmath>
#include <filesystem>

#include "core/input/Input.hpp"
#include "models/io/Fit.hpp"

namespace cellsim {

namespace {

namespace fs = std::filesystem;

FitParameter readParameter(const InputNode& p) {
  p.allowOnly({"name", "set", "initial", "bounds", "unit", "scale", "note"});
  FitParameter fp;
  fp.name = p.string("name");
  const InputNode set = p["set"];
  if (set.isSequence())
    for (const auto& e : set.elements()) fp.set_paths.push_back(e.asString());
  else
    fp.set_paths.push_back(set.asString());
  fp.initial = p.number("initial");
  fp.unit = p.stringOr("unit", "");
  if (p.has("bounds")) {
    const auto b = p["bounds"].elements();
    if (b.size() != 2) p["bounds"].fail("bounds are [lower, upper]");
    fp.lower = b[0].asNumber();
    fp.upper = b[1].asNumber();
    if (!(fp.lower < fp.upper) || fp.initial < fp.lower || fp.initial > fp.upper)
      p["bounds"].fail("need lower < upper with the initial value inside");
  }
  const std::string scale = p.stringOr("scale", "linear");
  if (scale != "linear" && scale != "log") p["scale"].fail("scale is 'linear' or 'log'");
  fp.log_scale = scale == "log";
  if (fp.log_scale && !(fp.initial > 0 && fp.lower >= 0))
    p["scale"].fail("a log-scaled parameter needs positive values (initial > 0, lower >= 0)");
  return fp;
}

//! A number, or {target: path, offset: x} into the measured-values file.
double readMeasured(const InputNode& m, const std::optional<InputNode>& values) {
  if (!m.isMap()) return m.asNumber();
  m.allowOnly({"target", "offset", "note"});
  if (!values) m.fail("a measured target needs 'measured_values: FILE.yaml' at the top of the fit file");
  const double v = lookupPath(*values, m.string("target"), m["target"]).asNumber();
  return v + m.numberOr("offset", 0.0);
}

FitTarget readTarget(const InputNode& t, const fs::path& dir, const std::optional<InputNode>& values) {
  t.allowOnly({"case", "figure", "condition", "measured", "sigma", "note"});
  FitTarget ft;
  ft.case_path = (dir / t.string("case")).lexically_normal().string();
  if (!fs::exists(ft.case_path)) t["case"].fail("no such case file: " + ft.case_path);
  ft.figure = t.string("figure");
  ft.condition = t.stringOr("condition", "");
  ft.measured = readMeasured(t["measured"], values);
  ft.sigma = t.numberOr("sigma", std::max(1e-12, std::abs(ft.measured)), Range::positive());
  return ft;
}

}  // namespace

FitResult readFitFile(const std::string& fit_file, int* max_iterations) {
  const InputNode root = InputNode::loadFile(fit_file);
  root.allowOnly({"description", "note", "measured_values", "parameters", "targets", "max_iterations"});
  std::optional<InputNode> values;
  if (root.has("measured_values")) values = root["measured_values"].referenced();
  FitResult res;
  for (const auto& p : root["parameters"].elements()) res.parameters.push_back(readParameter(p));
  const fs::path dir = fs::path(fit_file).parent_path();
  for (const auto& t : root["targets"].elements()) res.targets.push_back(readTarget(t, dir, values));
  if (max_iterations) *max_iterations = static_cast<int>(root.numberOr("max_iterations", 50, {1, 1000, true, true}));
  if (res.parameters.empty() || res.targets.empty()) root.fail("a fit needs at least one parameter and one target");
  return res;
}

}  // namespace cellsim
