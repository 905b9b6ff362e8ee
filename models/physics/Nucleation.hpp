#pragma once
#include <cmath>

namespace cellsim {

//! Phenomenological nucleation overpotential of a plating lithium surface, for the first
//! plating on a fresh foil: eta_nuc(i) = -eta_n tanh(x)^2 for plating (x = i/i_n < 0) and 0
//! for stripping. It is -eta_n once plating is well under way (|i| >> i_n), 0 at rest so that
//! rest stays at equilibrium, continuously differentiable through i = 0 (Newton sees no
//! kink), and non-decreasing in i: the surface's total overpotential stays monotone in its
//! current, so the current follows the potential continuously, as it must when a double
//! layer makes it pass through every value between two set-points.
inline double nucleationOverpotential(double i_A_m2, double eta_n_V, double i_n_A_m2) {
  if (eta_n_V == 0.0 || i_A_m2 >= 0.0) return 0.0;
  const double th = std::tanh(i_A_m2 / i_n_A_m2);
  return -eta_n_V * th * th;
}

}  // namespace cellsim
