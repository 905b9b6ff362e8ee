#pragma once
// Non-negative least squares, min |A x - b| subject to x >= 0 for the entries flagged in
// `nonnegative` (the others are free), by the Lawson–Hanson active-set method on the
// normal equations. For the small dense problems of impedance analysis (a few hundred
// rows, about a hundred unknowns), not for the model's state.
#include <Eigen/Dense>
#include <vector>

namespace cellsim {

struct NnlsResult {
  Eigen::VectorXd x;
  std::vector<bool> passive;  //!< unknowns not held at zero by their bound
  int iterations = 0;
};

NnlsResult nonNegativeLeastSquares(const Eigen::MatrixXd& gram, const Eigen::VectorXd& atb,
                                   const std::vector<bool>& nonnegative);

}  // namespace cellsim
