#pragma once
// Planar lithium-metal electrode: the foil is an interface at the end of the electrolyte
// domain, not a porous region. Anodic (stripping) current density i is positive.
//
//   charge transfer:  i = i0 f(eta_ct),  f = Butler–Volmer or Marcus–Hush–Chidsey
//   i0 = i0_ref (c_e/c_ref)^gamma exp[-(Ea/R)(1/T - 1/T_ref)]
//   eta_ct = phi_s - phi_e - i R_film - eta_nuc(i) [- eta_d]
//
// Desolvation of Li(solv)x+ (the step the LLZTO(F) coatings accelerate) in one of two forms
// (PHYSICS-NOTES §2.4):
//   A  scaled_exchange_current: the barrier shifts the activation energy of i0,
//        Ea_eff = Ea_0 + g (E_b - E_b,ref) N_A,  i0 *= exp[-(Ea_eff - Ea_0)/(R T_ref)],
//        and Ea_eff replaces Ea in the Arrhenius factor;
//   B  series_step: a second, symmetric step in series with its own exchange current
//        i = 2 i0_d sinh(F eta_d / 2RT), i0_d carrying the barrier as in A; eta_d is one
//        more algebraic unknown per interface.
// A separator layer that touches the foil may set the barrier E_b (e.g. 1.95 eV for
// LLZTO-F against 2.13 eV for LLZTO); see SeparatorLayer.
//
// eta_nuc(i) = eta_n tanh(x)(1 - tanh(x))/2, x = i/i_n, is a phenomenological nucleation
// overpotential of a plating electrode (-> -eta_n when plating, 0 when stripping), for the
// first plating on a fresh surface; 0 by default.
#include <string>

namespace cellsim {

struct LithiumMetalInterface {
  enum class ChargeTransfer { ButlerVolmer, MarcusHushChidsey };
  enum class Desolvation { None, ScaledExchangeCurrent, SeriesStep };

  std::string name = "lithium";
  double exchange_current_A_m2 = 12.5;        //!< i0_ref at c_ref, T_ref (and at the reference barrier)
  double reference_concentration_mol_m3 = 1000.0;
  double concentration_exponent = 0.5;        //!< gamma
  double alpha_a = 0.5, alpha_c = 0.5;
  double activation_energy_J_mol = 0.0;       //!< Ea of i0 (Ea_0 when desolvation is on)
  double reference_temperature_K = 298.15;
  double film_resistance_ohm_m2 = 0.0;        //!< SEI
  double thickness_m = 0.0;                   //!< initial foil thickness (inventory); 0 = not tracked
  double molar_volume_m3_mol = 1.30e-5;       //!< Li metal: 6.94 g/mol / 0.534 g/cm3

  ChargeTransfer charge_transfer = ChargeTransfer::ButlerVolmer;
  double reorganization_energy_eV = 0.3;      //!< lambda, Marcus–Hush–Chidsey only

  Desolvation desolvation = Desolvation::None;
  double desolvation_barrier_eV = 0.0;        //!< E_b at this interface (set by the facing layer)
  double reference_barrier_eV = 0.0;          //!< E_b,ref at which i0_ref (or i0_d,ref) holds
  double barrier_scaling = 1.0;               //!< g: fraction of the barrier change felt by Ea
  double desolvation_exchange_current_A_m2 = 10.0;  //!< i0_d,ref (series step only)
  double desolvation_activation_energy_J_mol = 0.0; //!< Ea_0 of the series step

  double nucleation_overpotential_V = 0.0;    //!< eta_n
  double nucleation_current_A_m2 = 0.1;       //!< i_n: current over which eta_nuc builds up

  //! Charge-transfer exchange current density at electrolyte concentration c_e [mol/m3].
  double exchangeCurrent(double c_e, double T) const;
  //! Series desolvation step exchange current density (option B).
  double desolvationExchangeCurrent(double c_e, double T) const;
  //! Charge-transfer rate law: current density for overpotential eta_ct.
  double chargeTransferCurrent(double i0, double eta_ct, double T) const;
  double nucleationOverpotential(double i) const;
  //! Total interfacial overpotential phi_s - phi_e needed to pass current i (inverts the
  //! rate laws); used for small-signal interfacial resistances.
  double totalOverpotential(double i, double c_e, double T) const;
  //! Small-signal interfacial resistance d(phi_s - phi_e)/di at current i [ohm m2].
  double interfacialResistance(double i, double c_e, double T) const;
  bool hasSeriesStep() const { return desolvation == Desolvation::SeriesStep; }

 private:
  double barrierFactor(double Ea0, double T, double* Ea_eff) const;
};

}  // namespace cellsim
