#pragma once
#include <cmath>

#include "core/input/PhysicalConstants.hpp"

namespace cellsim {

//! Arrhenius factor @f$ \exp[-(E_a/R)(1/T - 1/T_{ref})] @f$.
inline double arrhenius(double Ea_J_mol, double T, double T_ref) {
  return std::exp(-Ea_J_mol / constants::R * (1.0 / T - 1.0 / T_ref));
}

}  // namespace cellsim
