#include "models/cell/SphericalParticle.hpp"

#include <cmath>

namespace cellsim {

SphericalParticle::SphericalParticle(double radius_m, int shells) : n_(shells), dr_(radius_m / shells) {
  face_area_.resize(n_ + 1);
  volume_.resize(n_);
  face_coef_.resize(n_ + 1);
  inv_volume_.resize(n_);
  for (int i = 0; i <= n_; ++i) face_area_[i] = std::pow(i * dr_, 2);
  for (int i = 0; i < n_; ++i) volume_[i] = (std::pow((i + 1) * dr_, 3) - std::pow(i * dr_, 3)) / 3.0;
  for (int i = 0; i <= n_; ++i) face_coef_[i] = face_area_[i] / dr_;
  for (int i = 0; i < n_; ++i) inv_volume_[i] = 1.0 / volume_[i];
}

double SphericalParticle::mean(const double* cs) const {
  const double Rp = dr_ * n_;
  double m = 0;
  for (int i = 0; i < n_; ++i) m += volume_[i] * cs[i];
  return m / (Rp * Rp * Rp / 3.0);
}

}  // namespace cellsim
