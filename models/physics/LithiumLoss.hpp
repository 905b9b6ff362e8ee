#pragma once
// Loss of plated lithium on a lithium-metal surface: the share of the plating charge that
// does not end up as connected lithium metal, i.e. 1 - CE (coulombic inefficiency), split
// between SEI (Li+ and solvent reduced into the film) and dead lithium (metal cut off from the
// electrode). Phenomenological, after the observations it encodes (PHYSICS-NOTES 5):
//   1 - CE = loss_ref * [1 + (i_plate / i_crit)^m] * (c_ref / c_surface)^n * (i0_ref / i0)^k
// - i_crit, the critical current density of the cell (the separator's limiting current over
//   the hot-spot factor fitted to the measured CCD): plating close to it is mossy/dendritic;
// - a depleted surface (low c_surface) plates mossy lithium;
// - a faster interface (a lower desolvation barrier, a higher temperature: a higher i0) plates
//   denser lithium with less fresh surface for side reactions.
#include <algorithm>
#include <cmath>

namespace cellsim {

struct LithiumLossLaw {
  double loss_ref = 0.01;          //!< 1 - CE at the reference conditions
  double critical_current_A_m2 = 0.0;  //!< i_crit; 0: no current term
  double current_exponent = 2.0;   //!< m
  double reference_concentration_mol_m3 = 1000.0;
  double concentration_exponent = 1.0;  //!< n
  double exchange_current_A_m2 = 0.0;   //!< i0_ref; 0: no kinetics term
  double kinetics_exponent = 1.0;       //!< k
  double max_loss = 0.5;           //!< 1 - CE never above this (the law is for efficient plating)

  //! 1 - CE at plating current density i_plate >= 0, surface concentration and exchange current.
  double loss(double i_plate, double c_surface, double i0) const {
    double f = loss_ref;
    if (critical_current_A_m2 > 0) f *= 1.0 + std::pow(std::max(i_plate, 0.0) / critical_current_A_m2, current_exponent);
    if (concentration_exponent != 0.0)
      f *= std::pow(reference_concentration_mol_m3 / std::max(c_surface, 1e-3 * reference_concentration_mol_m3),
                    concentration_exponent);
    if (exchange_current_A_m2 > 0 && kinetics_exponent != 0.0) f *= std::pow(exchange_current_A_m2 / i0, kinetics_exponent);
    return std::min(f, max_loss);
  }
};

//! A smooth |min(i, 0)|: the plating (cathodic) part of an anodic-positive current, 0 at rest
//! and when stripping, |i| when plating, continuously differentiable through 0 (width eps).
inline double platingMagnitude(double i_anodic, double eps = 1e-3) {
  const double r = std::sqrt(i_anodic * i_anodic + eps * eps);
  return 0.5 * (r - i_anodic) * (1.0 - eps / r);
}

}  // namespace cellsim
