#pragma once
// Small-signal frequency response of a DAE F(t, y, y') = 0 about a state (y, y'). A
// harmonic input u e^{jwt} entering one residual row as F_r = ... - u moves the state by
// x e^{jwt} with
//   (dF/dy + jw dF/dy') x = e_r.
// Both Jacobians are built once by coloured central differences on the system's sparsity
// pattern; KLU analyses the pattern once and each frequency is one complex numeric
// factorisation and one solve. Nothing here knows what the system is.
#include <complex>
#include <memory>
#include <vector>

#include "DaeSystem.hpp"

namespace cellsim {

class FrequencyResponse {
 public:
  //! Linearises `system` at (t, y, y'). Throws std::runtime_error if the residual cannot be
  //! evaluated there.
  FrequencyResponse(DaeSystem& system, double t, const std::vector<double>& y, const std::vector<double>& yp);
  ~FrequencyResponse();
  FrequencyResponse(const FrequencyResponse&) = delete;
  FrequencyResponse& operator=(const FrequencyResponse&) = delete;

  //! x at the unknowns `outputs` for a unit input on row `input_row`, one vector per angular
  //! frequency [rad/s]. Throws std::runtime_error where the matrix is singular.
  std::vector<std::vector<std::complex<double>>> solve(const std::vector<double>& omega_rad_s, int input_row,
                                                       const std::vector<int>& outputs);
  //! Residual evaluations spent on the two Jacobians.
  long residualCalls() const;
  int unknowns() const;
  long nonzeros() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace cellsim
