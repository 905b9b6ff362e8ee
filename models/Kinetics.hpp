#pragma once
// Interfacial rate laws shared by the porous electrodes and the lithium-metal interface.
#include <cmath>

#include "Constants.hpp"

namespace cellsim {

//! Butler–Volmer current density [A/m2] (anodic positive) for overpotential eta [V]:
//! @f[ i = i_0 [e^{\alpha_a F\eta/RT} - e^{-\alpha_c F\eta/RT}] @f]
inline double butlerVolmer(double i0, double eta, double alpha_a, double alpha_c, double T) {
  const double f = constants::F / (constants::R * T);
  return i0 * (std::exp(alpha_a * f * eta) - std::exp(-alpha_c * f * eta));
}

//! Arrhenius factor exp(-Ea/R (1/T - 1/T_ref)).
inline double arrhenius(double Ea_J_mol, double T, double T_ref) {
  return std::exp(-Ea_J_mol / constants::R * (1.0 / T - 1.0 / T_ref));
}

}  // namespace cellsim
