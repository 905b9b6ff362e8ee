#pragma once
// Calibration by least squares: adjust named recipe values (reached by --set paths) so that
// figures of merit of one or more cases match measured targets. Levenberg–Marquardt with a
// forward-difference Jacobian; a handful of parameters, so the normal equations are tiny.
//
// Fit file:
//   parameters:
//     - {name: t_eff, set: [cell.separator.effective_transference_number], initial: 0.1,
//        bounds: [-0.9, 0.95], unit: "", scale: linear}
//   measured_values: ../targets.yaml        # where `measured: {target: ...}` looks
//   targets:
//     - {case: ../bruce_vincent_PP.yaml, figure: bruce_vincent_rho_plus,
//        measured: {target: symmetric_cell.transference_number.PP}, sigma: 0.01}
// A measured value is a number or a path into the measured-values file (one source for each
// measured number), optionally with an `offset` (e.g. half a staircase step).
#include <string>
#include <vector>

namespace cellsim {

struct FitParameter {
  std::string name;
  std::vector<std::string> set_paths;
  double initial = 0, lower = -1e300, upper = 1e300, value = 0, std_error = 0;
  std::string unit;
  bool log_scale = false;
};

struct FitTarget {
  std::string case_path, figure, condition;
  double measured = 0, sigma = 1, simulated = 0;
};

struct FitResult {
  std::vector<FitParameter> parameters;
  std::vector<FitTarget> targets;
  int iterations = 0;
  int evaluations = 0;
  double cost = 0;  //!< 0.5 * sum of squared weighted residuals
  bool converged = false;
  std::string stop_reason;  //!< why the iteration ended
};

//! The parameters and targets of a fit file, before fitting.
FitResult readFitFile(const std::string& fit_file, int* max_iterations);

//! Runs the fit described in `fit_file`; `progress` lines go to stderr when verbose.
FitResult runFit(const std::string& fit_file, bool verbose);

std::string fitResultJson(const FitResult& r);

}  // namespace cellsim
