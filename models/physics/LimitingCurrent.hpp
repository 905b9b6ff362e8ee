#pragma once
// Limiting current of lithium plating through a layered separator at steady state, with a
// concentration-dependent diffusivity: the salt does not move (N- = 0), so in each layer
//   (1 - t_k) i / F = (eps/tau)_k D(c) dc/dx,
// i.e. Phi(c(x)) = i s(x) / F with Phi(c) = int_0^c D and s(x) = int_0^x (1 - t)/(eps/tau).
// The current is limiting when c = 0 at the plating surface while the salt in the pores keeps
// its initial amount: sum_k eps_k int c dx = c0 sum_k eps_k L_k. With constant D this is
// 2 F D_eff c0 / ((1 - t) L) for one layer (PHYSICS-NOTES 4.3).
#include <functional>
#include <vector>

namespace cellsim {

struct TransportLayer {
  double thickness_m;
  double porosity;
  double transport;  //!< eps/tau
  double t_plus;
};

//! Limiting current density [A/m2] for diffusivity D(c) [m2/s] and initial concentration
//! c0 [mol/m3], `layers` listed from the plating surface outward. 
//! NaN when D(c) is not positive and finite far enough above c0 (a pole).
double limitingCurrent(const std::function<double(double)>& D, double c0, const std::vector<TransportLayer>& layers);

}  // namespace cellsim
