#include "LithiumMetalInterface.hpp"

#include <algorithm>
#include <cmath>

#include "Kinetics.hpp"

namespace cellsim {

namespace {
constexpr double kEvToJPerMol = 96485.33212;  // 1 eV per particle = F J/mol
}

double LithiumMetalInterface::barrierFactor(double Ea0, double T, double* Ea_eff) const {
  // Option A / B: the DFT barrier change shifts the activation energy by g dE N_A; the
  // factor exp(-dEa/(R T_ref)) applies at T_ref and Ea_eff governs the temperature dependence.
  double dEa = 0.0;
  if (desolvation != Desolvation::None) dEa = barrier_scaling * (desolvation_barrier_eV - reference_barrier_eV) * kEvToJPerMol;
  *Ea_eff = Ea0 + dEa;
  return std::exp(-dEa / (constants::R * reference_temperature_K)) * arrhenius(*Ea_eff, T, reference_temperature_K);
}

double LithiumMetalInterface::exchangeCurrent(double c_e, double T) const {
  // c_e may be a slightly negative Newton trial value next to a depleted surface; the
  // caller rejects such states, but keep pow() defined on the way there.
  const double c = std::max(c_e, 1e-12);
  const double conc = std::pow(c / reference_concentration_mol_m3, concentration_exponent);
  if (desolvation == Desolvation::ScaledExchangeCurrent) {
    double Ea;
    return exchange_current_A_m2 * conc * barrierFactor(activation_energy_J_mol, T, &Ea);
  }
  return exchange_current_A_m2 * conc * arrhenius(activation_energy_J_mol, T, reference_temperature_K);
}

double LithiumMetalInterface::desolvationExchangeCurrent(double c_e, double T) const {
  const double c = std::max(c_e, 1e-12);
  double Ea;
  return desolvation_exchange_current_A_m2 * std::pow(c / reference_concentration_mol_m3, concentration_exponent) *
         barrierFactor(desolvation_activation_energy_J_mol, T, &Ea);
}

double LithiumMetalInterface::chargeTransferCurrent(double i0, double eta, double T) const {
  if (charge_transfer == ChargeTransfer::ButlerVolmer) return butlerVolmer(i0, eta, alpha_a, alpha_c, T);
  // Asymptotic Marcus–Hush–Chidsey (Zeng, Smith, Bai & Bazant 2014), normalised so that
  // i0 is the exchange current: i = 2 i0 tanh(x/2) g(x)/g(0).
  const double x = constants::F * eta / (constants::R * T);
  const double lam = reorganization_energy_eV / (constants::kB_eV * T);
  auto g = [lam](double xx) {
    return std::erfc((lam - std::sqrt(1.0 + std::sqrt(lam) + xx * xx)) / (2.0 * std::sqrt(lam)));
  };
  return 2.0 * i0 * std::tanh(0.5 * x) * g(x) / g(0.0);
}

double LithiumMetalInterface::nucleationOverpotential(double i) const {
  if (nucleation_overpotential_V == 0.0) return 0.0;
  // Plating only (i < 0): -eta_n for |i| >> i_n, 0 when stripping, smooth (C-infinity)
  // through i = 0 so that rest stays at equilibrium and Newton sees no kink.
  const double th = std::tanh(i / nucleation_current_A_m2);
  return nucleation_overpotential_V * th * 0.5 * (1.0 - th);
}

double LithiumMetalInterface::totalOverpotential(double i, double c_e, double T) const {
  auto invert = [&](auto current_of_eta) {
    // Monotone in eta: Newton from the linear estimate, safeguarded by bisection.
    double lo = -5.0, hi = 5.0, eta = 0.0;
    for (int it = 0; it < 200; ++it) {
      const double f = current_of_eta(eta) - i;
      if (f > 0) hi = eta;
      else lo = eta;
      const double h = 1e-7;
      const double d = (current_of_eta(eta + h) - current_of_eta(eta - h)) / (2 * h);
      double next = d > 0 ? eta - f / d : 0.5 * (lo + hi);
      if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
      if (std::abs(next - eta) < 1e-14) return next;
      eta = next;
    }
    return eta;
  };
  const double i0 = exchangeCurrent(c_e, T);
  double eta = invert([&](double e) { return chargeTransferCurrent(i0, e, T); });
  if (hasSeriesStep()) {
    const double i0d = desolvationExchangeCurrent(c_e, T);
    const double f = constants::F / (2.0 * constants::R * T);
    eta += std::asinh(i / (2.0 * i0d)) / f;
  }
  return eta + i * film_resistance_ohm_m2 + nucleationOverpotential(i);
}

double LithiumMetalInterface::interfacialResistance(double i, double c_e, double T) const {
  const double h = std::max(1e-6, 1e-4 * std::abs(i));
  return (totalOverpotential(i + h, c_e, T) - totalOverpotential(i - h, c_e, T)) / (2 * h);
}

}  // namespace cellsim
