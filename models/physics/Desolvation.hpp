#pragma once
// Desolvation of Li(solv)x+ at an interface, the step the LLZTO(F) coatings accelerate
// (PHYSICS-NOTES §2.4), in one of two forms:
//   scaled_exchange_current (option A): the barrier E_b shifts the activation energy of the
//     Li+ transfer reaction, Ea_eff = Ea_0 + g (E_b - E_b,ref) N_A e, and
//     i0 *= exp[-(Ea_eff - Ea_0)/(R T_ref)], Ea_eff governing the temperature dependence;
//   series_step (option B): a second, symmetric step in series, i = 2 i0_d sinh(F eta_d/2RT),
//     i0_d = i0_d,ref (c_e/c_ref)^gamma carrying the barrier as in A; eta_d is one more
//     algebraic unknown per surface site.
// A separator layer that faces the electrode may set E_b (1.95 eV for LLZTO-F, 2.13 eV for
// LLZTO).
#include <cmath>

#include "models/physics/Arrhenius.hpp"

namespace cellsim {

struct Desolvation {
  enum class Model { None, ScaledExchangeCurrent, SeriesStep } model = Model::None;
  double barrier_eV = 0.0;            //!< E_b at this interface (set by the facing layer)
  double reference_barrier_eV = 0.0;  //!< E_b,ref at which the reference exchange current holds
  double barrier_scaling = 1.0;       //!< g: fraction of the barrier change felt by Ea
  // Series step only.
  double exchange_current_A_m2 = 10.0;      //!< i0_d,ref
  double activation_energy_J_mol = 0.0;     //!< Ea_0 of the step
  double reference_concentration_mol_m3 = 1000.0;
  double concentration_exponent = 0.5;

  bool seriesStep() const { return model == Model::SeriesStep; }
  bool scalesExchangeCurrent() const { return model == Model::ScaledExchangeCurrent; }

  //! exp(-dEa/(R T_ref)) * arrhenius(Ea0 + dEa, T, T_ref) with dEa = g (E_b - E_ref) in J/mol:
  //! the factor on an exchange current whose activation energy Ea0 holds at the reference
  //! barrier.
  double factor(double Ea0_J_mol, double T, double T_ref) const {
    double dEa = 0.0;
    if (model != Model::None)
      dEa = barrier_scaling * (barrier_eV - reference_barrier_eV) * constants::eV_per_particle_in_J_mol;
    return std::exp(-dEa / (constants::R * T_ref)) * arrhenius(Ea0_J_mol + dEa, T, T_ref);
  }
};

}  // namespace cellsim
