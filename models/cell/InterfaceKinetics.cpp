#include "models/cell/InterfaceKinetics.hpp"

#include <algorithm>
#include <cmath>

#include "models/physics/Arrhenius.hpp"
#include "models/physics/Nucleation.hpp"

namespace cellsim {

InterfaceKinetics::InterfaceKinetics(const InterfaceKineticsDesign& design, double T_design)
    : d_(design), T_design_(T_design) {
  factor_ = computeFactor(T_design);
  series_factor_ = d_.desolvation.factor(d_.desolvation.activation_energy_J_mol, T_design, d_.reference_temperature_K);
}

double InterfaceKinetics::computeFactor(double T) const {
  if (d_.desolvation.scalesExchangeCurrent())
    return d_.desolvation.factor(d_.activation_energy_J_mol, T, d_.reference_temperature_K);
  return arrhenius(d_.activation_energy_J_mol, T, d_.reference_temperature_K);
}

double InterfaceKinetics::seriesExchangeCurrent(double c_e, double T) const {
  const Desolvation& s = d_.desolvation;
  // c_e may be a slightly negative Newton trial value next to a depleted surface; the
  // caller rejects such states, but keep pow() defined on the way there.
  const double c = std::max(c_e, 1e-12);
  const double factor = T == T_design_ ? series_factor_ : s.factor(s.activation_energy_J_mol, T, d_.reference_temperature_K);
  return s.exchange_current_A_m2 * std::pow(c / s.reference_concentration_mol_m3, s.concentration_exponent) * factor;
}

SurfaceCurrents InterfaceKinetics::currents(const SurfaceSite& site, const SurfaceUnknowns& u) const {
  SurfaceCurrents c;
  c.inner = hasDoubleLayer() ? u.dl : site.dphi - seriesDrop(u);
  c.faradaic = u.j - chargingCurrent(u);
  c.carried = c.lithium = c.faradaic;
  if (side_.empty()) return c;
  // Side reactions see the potential where the reactions happen: inside the film.
  const SurfaceSite inner{c.inner, site.c_e, site.T, site.y};
  for (const auto& r : side_) {
    const double i = r->current(inner, c.faradaic);
    c.carried -= i;
    c.lithium -= (1.0 - r->lithiumIonShare()) * i;
  }
  return c;
}

InterfaceKinetics::Rows InterfaceKinetics::residual(const SurfaceSite& site, double U, double i0,
                                                    const SurfaceUnknowns& u, const SurfaceCurrents& c) const {
  Rows rows{0.0, 0.0, 0.0, 0.0};
  double eta = c.inner - U;
  if (hasSeriesStep()) {
    eta -= u.eta_d;
    rows.series = c.carried - symmetricStep(seriesExchangeCurrent(site.c_e, site.T), u.eta_d, site.T);
  }
  rows.transfer = c.carried - d_.rate_law->current(i0, eta, site.T);
  if (hasDoubleLayer()) rows.double_layer = u.dl - (site.dphi - seriesDrop(u));
  if (hasFilmCapacitance()) {
    // Scaled by R_film to read in volts: R C dv/dt + v - j R = 0.
    const double Rf = filmResistance(u);
    rows.film = Rf * d_.film_capacitance_F_m2 * u.film_rate + u.film - u.j * Rf;
  }
  return rows;
}

double InterfaceKinetics::overpotential(double i, double i0, double c_e, double T) const {
  // Monotone in eta: Newton from the linear estimate, safeguarded by bisection.
  auto invert = [&](auto current_of_eta) {
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
  double eta = invert([&](double e) { return d_.rate_law->current(i0, e, T); });
  if (hasSeriesStep()) {
    const double f = constants::F / (2.0 * constants::R * T);
    eta += std::asinh(i / (2.0 * seriesExchangeCurrent(c_e, T))) / f;
  }
  return eta + i * d_.film_resistance_ohm_m2 +
         nucleationOverpotential(i, d_.nucleation_overpotential_V, d_.nucleation_current_A_m2);
}

double InterfaceKinetics::resistance(double i, double i0, double c_e, double T) const {
  const double h = std::max(1e-6, 1e-4 * std::abs(i));
  return (overpotential(i + h, i0, c_e, T) - overpotential(i - h, i0, c_e, T)) / (2 * h);
}

}  // namespace cellsim
