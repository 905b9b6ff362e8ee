#pragma once
#include <cmath>

namespace cellsim {

//! Phenomenological nucleation overpotential of a plating lithium surface, for the first
//! plating on a fresh foil: eta_nuc(i) = eta_n tanh(x)(1 - tanh(x))/2, x = i/i_n, which is
//! -eta_n when plating (i << 0), 0 when stripping, and smooth through i = 0 so that rest stays
//! at equilibrium and Newton sees no kink.
inline double nucleationOverpotential(double i_A_m2, double eta_n_V, double i_n_A_m2) {
  if (eta_n_V == 0.0) return 0.0;
  const double th = std::tanh(i_A_m2 / i_n_A_m2);
  return eta_n_V * th * 0.5 * (1.0 - th);
}

}  // namespace cellsim
