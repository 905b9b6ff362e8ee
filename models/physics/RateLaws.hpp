#pragma once
// Interfacial rate laws: the current density of one charge-transfer step as a function of
// its overpotential, anodic positive. Pure functions, plus a small polymorphic wrapper so
// that a surface holds whichever law its recipe names (RateLawRegistry.hpp).
#include <cmath>
#include <memory>
#include <string>

#include "core/input/PhysicalConstants.hpp"

namespace cellsim {

//! Butler–Volmer current density [A/m2] for overpotential eta [V]:
//! @f[ i = i_0 [e^{\alpha_a F\eta/RT} - e^{-\alpha_c F\eta/RT}] @f]
inline double butlerVolmer(double i0, double eta, double alpha_a, double alpha_c, double T) {
  const double f = constants::F / (constants::R * T);
  if (alpha_a == alpha_c) {
    const double e = std::exp(alpha_a * f * eta);  // symmetric: one exponential, the other its inverse
    return i0 * (e - 1.0 / e);
  }
  return i0 * (std::exp(alpha_a * f * eta) - std::exp(-alpha_c * f * eta));
}

//! Asymptotic Marcus–Hush–Chidsey kinetics (Zeng, Smith, Bai & Bazant, J. Electroanal. Chem.
//! 735, 77 (2014)), normalised so that i0 is the exchange current:
//! @f[ i = 2 i_0 \tanh(\tilde\eta/2)\, g(\tilde\eta)/g(0),\quad
//!     g(x) = \mathrm{erfc}\big[(\tilde\lambda - \sqrt{1 + \sqrt{\tilde\lambda} + x^2})/(2\sqrt{\tilde\lambda})\big] @f]
//! with @f$\tilde\eta = F\eta/RT@f$ and @f$\tilde\lambda = \lambda/k_BT@f$ (lambda in eV).
inline double marcusHushChidsey(double i0, double eta, double lambda_eV, double T) {
  const double x = constants::F * eta / (constants::R * T);
  const double lam = lambda_eV / (constants::kB_eV * T);
  auto g = [lam](double xx) {
    return std::erfc((lam - std::sqrt(1.0 + std::sqrt(lam) + xx * xx)) / (2.0 * std::sqrt(lam)));
  };
  return 2.0 * i0 * std::tanh(0.5 * x) * g(x) / g(0.0);
}

//! A symmetric step (alpha = 1/2), e.g. desolvation in series with charge transfer:
//! @f[ i = 2 i_0 \sinh(F\eta/2RT) @f]
inline double symmetricStep(double i0, double eta, double T) {
  return 2.0 * i0 * std::sinh(0.5 * constants::F * eta / (constants::R * T));
}

//! A named rate law with its own parameters (transfer coefficients, reorganisation energy).
class RateLaw {
 public:
  virtual ~RateLaw() = default;
  //! Current density [A/m2] at exchange current density i0 [A/m2] and overpotential eta [V].
  virtual double current(double i0, double eta, double T) const = 0;
  //! The name a recipe uses for it (charge_transfer: ...).
  virtual std::string name() const = 0;
};

class ButlerVolmerLaw final : public RateLaw {
 public:
  ButlerVolmerLaw(double alpha_a, double alpha_c) : alpha_a_(alpha_a), alpha_c_(alpha_c) {}
  double current(double i0, double eta, double T) const override { return butlerVolmer(i0, eta, alpha_a_, alpha_c_, T); }
  std::string name() const override { return "butler_volmer"; }

 private:
  double alpha_a_, alpha_c_;
};

class MarcusHushChidseyLaw final : public RateLaw {
 public:
  explicit MarcusHushChidseyLaw(double lambda_eV) : lambda_eV_(lambda_eV) {}
  double current(double i0, double eta, double T) const override { return marcusHushChidsey(i0, eta, lambda_eV_, T); }
  std::string name() const override { return "marcus_hush_chidsey"; }
  double reorganizationEnergy_eV() const { return lambda_eV_; }

 private:
  double lambda_eV_;
};

}  // namespace cellsim
