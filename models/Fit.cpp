#include "Fit.hpp"

#include <Eigen/Dense>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <set>
#include <sstream>

#include "Experiments.hpp"
#include "Recipe.hpp"
#include "core/numerics/IdaSolver.hpp"
#include "core/input/Input.hpp"
#include "core/output/OutputFiles.hpp"

namespace cellsim {

namespace {

std::string formatValue(double v, const std::string& unit) {
  std::ostringstream os;
  os.precision(12);
  os << v;
  if (!unit.empty()) os << " " << unit;
  return os.str();
}

double figureOf(const std::vector<Figure>& figs, const FitTarget& t) {
  for (const auto& f : figs)
    if (f.name == t.figure && (t.condition.empty() || f.condition == t.condition)) return f.value;
  std::string known;
  for (const auto& f : figs) known += " " + f.name + (f.condition.empty() ? "" : "@" + f.condition);
  throw std::runtime_error("case " + t.case_path + " reports no figure '" + t.figure +
                           (t.condition.empty() ? "" : "' at '" + t.condition) + "'; it reports:" + known);
}

}  // namespace

FitResult runFit(const std::string& fit_file, bool verbose) {
  namespace fs = std::filesystem;
  const InputNode root = InputNode::loadFile(fit_file);
  root.allowOnly({"description", "note", "parameters", "targets", "max_iterations"});
  FitResult res;
  for (const auto& p : root["parameters"].elements()) {
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
    res.parameters.push_back(fp);
  }
  const fs::path dir = fs::path(fit_file).parent_path();
  for (const auto& t : root["targets"].elements()) {
    t.allowOnly({"case", "figure", "condition", "measured", "sigma", "note"});
    FitTarget ft;
    ft.case_path = (dir / t.string("case")).lexically_normal().string();
    if (!fs::exists(ft.case_path)) t["case"].fail("no such case file: " + ft.case_path);
    ft.figure = t.string("figure");
    ft.condition = t.stringOr("condition", "");
    ft.measured = t.number("measured");
    ft.sigma = t.numberOr("sigma", std::max(1e-12, std::abs(ft.measured)), Range::positive());
    res.targets.push_back(ft);
  }
  const int maxit = static_cast<int>(root.numberOr("max_iterations", 50, {1, 1000, true, true}));
  const int np = static_cast<int>(res.parameters.size()), nt = static_cast<int>(res.targets.size());
  if (np == 0 || nt == 0) root.fail("a fit needs at least one parameter and one target");

  // Work in a transformed space (log for scale: log); bounds by projection.
  auto toX = [&](int k, double v) { return res.parameters[k].log_scale ? std::log(v) : v; };
  auto fromX = [&](int k, double x) {
    const auto& p = res.parameters[k];
    const double v = p.log_scale ? std::exp(x) : x;
    return std::min(p.upper, std::max(p.lower, v));
  };
  auto residuals = [&](const Eigen::VectorXd& x, std::vector<double>* sims) {
    ++res.evaluations;
    Eigen::VectorXd r(nt);
    // Group targets by case so each case runs once per evaluation.
    std::vector<std::string> sets;
    for (int k = 0; k < np; ++k)
      for (const auto& path : res.parameters[k].set_paths)
        sets.push_back(path + "=" + formatValue(fromX(k, x[k]), res.parameters[k].unit));
    std::string last_case;
    std::vector<Figure> figs;
    std::set<std::string> used;
    for (int i = 0; i < nt; ++i) {
      const auto& t = res.targets[i];
      if (t.case_path != last_case) {
        // A parameter need not exist in every case, but must exist in some (checked below).
        CaseRecipe recipe = loadCase(t.case_path, sets, false, &used);
        CellModel model(recipe.cell);
        figs = runCase(recipe, model).figures;
        last_case = t.case_path;
      }
      const double sim = figureOf(figs, t);
      if (sims) (*sims)[i] = sim;
      r[i] = (sim - t.measured) / t.sigma;
    }
    for (int k = 0; k < np; ++k)
      for (const auto& path : res.parameters[k].set_paths)
        if (!used.count(path))
          throw InputError(fit_file, 0, "parameters." + res.parameters[k].name,
                           "'" + path + "' matches no key in any of the target cases");
    return r;
  };
  // A trial point where the model fails is a rejected step, not the end of the fit.
  auto trialResiduals = [&](const Eigen::VectorXd& x) {
    try {
      return residuals(x, nullptr);
    } catch (const SolverError&) {
      return Eigen::VectorXd::Constant(nt, std::numeric_limits<double>::infinity()).eval();
    }
  };

  Eigen::VectorXd x(np);
  for (int k = 0; k < np; ++k) x[k] = toX(k, res.parameters[k].initial);
  Eigen::VectorXd r = residuals(x, nullptr);
  double cost = 0.5 * r.squaredNorm();
  double lambda = 1e-3;
  Eigen::MatrixXd J(nt, np);
  for (res.iterations = 0; res.iterations < maxit; ++res.iterations) {
    for (int k = 0; k < np; ++k) {
      // Forward difference, or backward where the upper bound would clip the step.
      Eigen::VectorXd xp = x;
      double h = 1e-4 * std::max(1e-2, std::abs(x[k]));
      if (fromX(k, x[k] + h) == fromX(k, x[k])) h = -h;
      xp[k] += h;
      J.col(k) = (residuals(xp, nullptr) - r) / h;
    }
    const Eigen::MatrixXd JtJ = J.transpose() * J;
    const Eigen::VectorXd g = J.transpose() * r;
    bool improved = false;
    for (int tries = 0; tries < 12 && !improved; ++tries) {
      Eigen::MatrixXd A = JtJ;
      for (int k = 0; k < np; ++k) A(k, k) += lambda * std::max(JtJ(k, k), 1e-12);
      const Eigen::VectorXd dx = A.ldlt().solve(-g);
      Eigen::VectorXd xn = x + dx;
      for (int k = 0; k < np; ++k) xn[k] = toX(k, fromX(k, xn[k]));
      const Eigen::VectorXd rn = trialResiduals(xn);
      const double cn = 0.5 * rn.squaredNorm();
      if (std::isfinite(cn) && cn < cost) {
        const double rel = (cost - cn) / std::max(cost, 1e-300);
        const double step = (xn - x).norm() / std::max(1e-12, x.norm());
        x = xn;
        r = rn;
        cost = cn;
        lambda = std::max(1e-9, lambda / 5);
        improved = true;
        if (verbose) {
          std::fprintf(stderr, "fit: iteration %d, cost %.6g", res.iterations + 1, cost);
          for (int k = 0; k < np; ++k) std::fprintf(stderr, ", %s = %.6g", res.parameters[k].name.c_str(), fromX(k, x[k]));
          std::fprintf(stderr, "\n");
        }
        if (rel < 1e-10 || step < 1e-9) res.converged = true;
      } else {
        lambda *= 10;
      }
    }
    if (res.converged || cost < 1e-20) {
      res.converged = true;
      break;
    }
    if (!improved) {
      // No step lowers the cost: converged only if this is a stationary point of the
      // bounded problem (gradient zero, or pointing out of the box at an active bound).
      double pg = 0;
      for (int k = 0; k < np; ++k) {
        const auto& p = res.parameters[k];
        const double v = fromX(k, x[k]);
        const bool blocked = (v >= p.upper && g[k] < 0) || (v <= p.lower && g[k] > 0);
        if (!blocked) pg = std::max(pg, std::abs(g[k]));
      }
      res.converged = std::isfinite(cost) && pg <= 1e-6 * (1 + cost);
      break;
    }
  }
  // Standard errors from the Gauss–Newton covariance (scaled by the residual variance
  // when there are more targets than parameters).
  const Eigen::MatrixXd JtJ = J.transpose() * J;
  const double s2 = nt > np ? 2 * cost / (nt - np) : 1.0;
  const Eigen::MatrixXd cov = JtJ.completeOrthogonalDecomposition().pseudoInverse() * s2;
  std::vector<double> sims(nt);
  residuals(x, &sims);
  for (int k = 0; k < np; ++k) {
    auto& p = res.parameters[k];
    p.value = fromX(k, x[k]);
    const double sx = std::sqrt(std::max(0.0, cov(k, k)));
    p.std_error = p.log_scale ? p.value * sx : sx;
  }
  for (int i = 0; i < nt; ++i) res.targets[i].simulated = sims[i];
  res.cost = cost;
  return res;
}

std::string fitResultJson(const FitResult& r) {
  std::ostringstream os;
  os << "{\n  \"converged\": " << (r.converged ? "true" : "false") << ",\n  \"iterations\": " << r.iterations
     << ",\n  \"evaluations\": " << r.evaluations << ",\n  \"cost\": " << jsonNumber(r.cost) << ",\n  \"parameters\": [";
  for (size_t k = 0; k < r.parameters.size(); ++k) {
    const auto& p = r.parameters[k];
    os << (k ? "," : "") << "\n    {\"name\": " << jsonString(p.name) << ", \"value\": " << jsonNumber(p.value)
       << ", \"std_error\": " << jsonNumber(p.std_error) << ", \"unit\": " << jsonString(p.unit) << "}";
  }
  os << "\n  ],\n  \"targets\": [";
  for (size_t i = 0; i < r.targets.size(); ++i) {
    const auto& t = r.targets[i];
    os << (i ? "," : "") << "\n    {\"case\": " << jsonString(t.case_path) << ", \"figure\": " << jsonString(t.figure)
       << ", \"condition\": " << jsonString(t.condition) << ", \"measured\": " << jsonNumber(t.measured)
       << ", \"simulated\": " << jsonNumber(t.simulated) << "}";
  }
  os << "\n  ]\n}\n";
  return os.str();
}

}  // namespace cellsim
