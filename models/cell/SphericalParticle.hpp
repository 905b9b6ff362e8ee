#pragma once
// Solid diffusion in a spherical particle by conservative finite volumes on equal-width
// shells: dc/dt = r^-2 d/dr(r^2 D dc/dr), with -D dc/dr = j/F at r = R (j anodic positive,
// i.e. lithium leaving the particle) and no flux at the centre.
#include <vector>

#include "core/input/PhysicalConstants.hpp"

namespace cellsim {

class SphericalParticle {
 public:
  SphericalParticle(double radius_m, int shells);
  int shells() const { return n_; }

  //! Quadratic through the two outer shell centres with the flux condition at r = R:
  //! second-order accurate, and exact for the steady parabolic profile. D is taken at the
  //! outermost shell.
  double surfaceConcentration(const double* cs, double j, double D_outer) const {
    const double cN = cs[n_ - 1];
    const double b = -j / (constants::F * D_outer);  // dc/dr at the surface
    if (n_ < 2) return cN + b * dr_ / 2.0;
    const double cM = cs[n_ - 2];
    const double dcoef = (b * dr_ - (cN - cM)) / (2.0 * dr_ * dr_);
    return cN + b * dr_ / 2.0 - dcoef * dr_ * dr_ / 4.0;
  }

  //! Shell rows (divided by the shell volume); `D_between(i)` is D on the face between
  //! shells i and i+1.
  template <class DiffusivityBetween>
  void residual(const double* cs, const double* csp, double j, DiffusivityBetween D_between, double* rows) const {
    double inflow_inner = 0.0;  // flux through the inner face into shell i [mol/s per 4 pi]
    for (int i = 0; i < n_ - 1; ++i) {
      const double outflow = -face_coef_[i + 1] * D_between(i) * (cs[i + 1] - cs[i]);
      rows[i] = csp[i] - (inflow_inner - outflow) * inv_volume_[i];
      inflow_inner = outflow;
    }
    rows[n_ - 1] = csp[n_ - 1] - (inflow_inner - face_area_[n_] * j / constants::F) * inv_volume_[n_ - 1];
  }

  //! Volume-averaged concentration.
  double mean(const double* cs) const;

 private:
  int n_;
  double dr_;
  std::vector<double> face_area_;   //!< r_i^2 at faces i = 0..n
  std::vector<double> volume_;      //!< (r_{i+1}^3 - r_i^3)/3
  std::vector<double> face_coef_;   //!< r_i^2 / dr
  std::vector<double> inv_volume_;
};

}  // namespace cellsim
