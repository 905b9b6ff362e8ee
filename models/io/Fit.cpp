// Levenberg–Marquardt on the --set paths of a fit file against case figures.
#include "models/io/Fit.hpp"

#include <Eigen/Dense>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>
#include <sstream>

#include "core/numerics/IdaSolver.hpp"
#include "core/output/OutputFiles.hpp"
#include "models/io/Recipe.hpp"

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

//! The fit as a least-squares problem in a transformed space (log for scale: log), with
//! bounds by projection.
class FitProblem {
 public:
  FitProblem(FitResult& res, std::string file) : res_(res), file_(std::move(file)) {}
  int np() const { return static_cast<int>(res_.parameters.size()); }
  int nt() const { return static_cast<int>(res_.targets.size()); }
  double toX(int k, double v) const { return res_.parameters[k].log_scale ? std::log(v) : v; }
  double fromX(int k, double x) const {
    const auto& p = res_.parameters[k];
    const double v = p.log_scale ? std::exp(x) : x;
    return std::min(p.upper, std::max(p.lower, v));
  }

  //! Weighted residuals (simulated - measured)/sigma; each case runs once per evaluation.
  Eigen::VectorXd residuals(const Eigen::VectorXd& x, std::vector<double>* sims) {
    ++res_.evaluations;
    Eigen::VectorXd r(nt());
    std::vector<std::string> sets;
    for (int k = 0; k < np(); ++k)
      for (const auto& path : res_.parameters[k].set_paths)
        sets.push_back(path + "=" + formatValue(fromX(k, x[k]), res_.parameters[k].unit));
    std::string last_case;
    std::vector<Figure> figs;
    std::set<std::string> used;
    for (int i = 0; i < nt(); ++i) {
      const auto& t = res_.targets[i];
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
    for (int k = 0; k < np(); ++k)
      for (const auto& path : res_.parameters[k].set_paths)
        if (!used.count(path))
          throw InputError(file_, 0, "parameters." + res_.parameters[k].name,
                           "'" + path + "' matches no key in any of the target cases");
    return r;
  }

  //! A trial point where the model fails is a rejected step, not the end of the fit.
  Eigen::VectorXd trialResiduals(const Eigen::VectorXd& x) {
    try {
      return residuals(x, nullptr);
    } catch (const SolverError&) {
      return Eigen::VectorXd::Constant(nt(), std::numeric_limits<double>::infinity()).eval();
    }
  }

  //! Forward differences, or backward where the upper bound would clip the step.
  Eigen::MatrixXd jacobian(const Eigen::VectorXd& x, const Eigen::VectorXd& r) {
    Eigen::MatrixXd J(nt(), np());
    for (int k = 0; k < np(); ++k) {
      Eigen::VectorXd xp = x;
      double h = 1e-4 * std::max(1e-2, std::abs(x[k]));
      if (fromX(k, x[k] + h) == fromX(k, x[k])) h = -h;
      xp[k] += h;
      J.col(k) = (residuals(xp, nullptr) - r) / h;
    }
    return J;
  }

  //! No step lowers the cost: a stationary point of the bounded problem (gradient zero, or
  //! pointing out of the box at an active bound), or a misfit already far inside the
  //! targets' uncertainties, where the model's own solver noise hides the gradient.
  bool stationary(const Eigen::VectorXd& x, const Eigen::VectorXd& r, const Eigen::VectorXd& g, double cost) {
    double pg = 0;
    for (int k = 0; k < np(); ++k) {
      const auto& p = res_.parameters[k];
      const double v = fromX(k, x[k]);
      const bool blocked = (v >= p.upper && g[k] < 0) || (v <= p.lower && g[k] > 0);
      if (!blocked) pg = std::max(pg, std::abs(g[k]));
    }
    if (std::isfinite(cost) && pg <= 1e-6 * (1 + cost)) {
      res_.stop_reason = "stationary: projected gradient " + formatValue(pg, "");
      return true;
    }
    if (r.cwiseAbs().maxCoeff() < 1e-3) {
      res_.stop_reason = "at the noise floor: every target within 1e-3 of its sigma";
      return true;
    }
    res_.stop_reason = "no step lowers the cost, and the point is not stationary";
    return false;
  }

 private:
  FitResult& res_;
  std::string file_;
};

void report(const FitProblem& f, const FitResult& res, const Eigen::VectorXd& x, double cost) {
  std::fprintf(stderr, "fit: iteration %d, cost %.6g", res.iterations + 1, cost);
  for (int k = 0; k < f.np(); ++k) std::fprintf(stderr, ", %s = %.6g", res.parameters[k].name.c_str(), f.fromX(k, x[k]));
  std::fprintf(stderr, "\n");
}

//! Levenberg–Marquardt iterations from x; returns the final Jacobian (for the covariance).
Eigen::MatrixXd minimise(FitProblem& f, FitResult& res, Eigen::VectorXd& x, int maxit, bool verbose) {
  Eigen::VectorXd r = f.residuals(x, nullptr);
  double cost = 0.5 * r.squaredNorm(), lambda = 1e-3;
  Eigen::MatrixXd J(f.nt(), f.np());
  res.stop_reason = "maximum number of iterations";
  for (res.iterations = 0; res.iterations < maxit; ++res.iterations) {
    J = f.jacobian(x, r);
    const Eigen::MatrixXd JtJ = J.transpose() * J;
    const Eigen::VectorXd g = J.transpose() * r;
    bool improved = false;
    for (int tries = 0; tries < 12 && !improved; ++tries) {
      Eigen::MatrixXd A = JtJ;
      for (int k = 0; k < f.np(); ++k) A(k, k) += lambda * std::max(JtJ(k, k), 1e-12);
      Eigen::VectorXd xn = x + A.ldlt().solve(-g);
      for (int k = 0; k < f.np(); ++k) xn[k] = f.toX(k, f.fromX(k, xn[k]));
      const Eigen::VectorXd rn = f.trialResiduals(xn);
      const double cn = 0.5 * rn.squaredNorm();
      if (!(std::isfinite(cn) && cn < cost)) {
        lambda *= 10;
        continue;
      }
      const double rel = (cost - cn) / std::max(cost, 1e-300);
      const double step = (xn - x).norm() / std::max(1e-12, x.norm());
      x = xn;
      r = rn;
      cost = cn;
      lambda = std::max(1e-9, lambda / 5);
      improved = true;
      if (verbose) report(f, res, x, cost);
      if (rel < 1e-10 || step < 1e-9) {
        res.converged = true;
        res.stop_reason = rel < 1e-10 ? "relative cost change below 1e-10" : "relative step below 1e-9";
      }
    }
    if (res.converged || cost < 1e-20) {
      if (!res.converged) res.stop_reason = "cost below 1e-20";
      res.converged = true;
      break;
    }
    if (!improved) {
      res.converged = f.stationary(x, r, g, cost);
      break;
    }
  }
  res.cost = cost;
  return J;
}

}  // namespace

FitResult runFit(const std::string& fit_file, bool verbose) {
  int maxit = 50;
  FitResult res = readFitFile(fit_file, &maxit);
  FitProblem f(res, fit_file);
  Eigen::VectorXd x(f.np());
  for (int k = 0; k < f.np(); ++k) x[k] = f.toX(k, res.parameters[k].initial);
  const Eigen::MatrixXd J = minimise(f, res, x, maxit, verbose);
  // Standard errors from the Gauss–Newton covariance (scaled by the residual variance when
  // there are more targets than parameters).
  const Eigen::MatrixXd JtJ = J.transpose() * J;
  const double s2 = f.nt() > f.np() ? 2 * res.cost / (f.nt() - f.np()) : 1.0;
  const Eigen::MatrixXd cov = JtJ.completeOrthogonalDecomposition().pseudoInverse() * s2;
  std::vector<double> sims(f.nt());
  f.residuals(x, &sims);
  for (int k = 0; k < f.np(); ++k) {
    auto& p = res.parameters[k];
    p.value = f.fromX(k, x[k]);
    const double sx = std::sqrt(std::max(0.0, cov(k, k)));
    p.std_error = p.log_scale ? p.value * sx : sx;
  }
  for (int i = 0; i < f.nt(); ++i) res.targets[i].simulated = sims[i];
  return res;
}

std::string fitResultJson(const FitResult& r) {
  std::ostringstream os;
  os << "{\n  \"converged\": " << (r.converged ? "true" : "false") << ",\n  \"stop_reason\": " << jsonString(r.stop_reason)
     << ",\n  \"iterations\": " << r.iterations << ",\n  \"evaluations\": " << r.evaluations
     << ",\n  \"cost\": " << jsonNumber(r.cost) << ",\n  \"parameters\": [";
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
