#pragma once
// Effective transport in a porous medium: D_eff = D eps/tau, kappa_eff = kappa eps/tau, with
// tau from a Bruggeman exponent (tau = eps^(1-b)), a tortuosity, or a MacMullin number
// (N_M = tau/eps).
#include <cmath>

namespace cellsim {

struct Tortuosity {
  enum class Kind { Bruggeman, Tortuosity, MacMullin } kind = Kind::Bruggeman;
  double value = 1.5;  //!< exponent b, tau, or N_M
  //! eps/tau: the factor that multiplies bulk D and kappa.
  double transportFactor(double porosity) const {
    switch (kind) {
      case Kind::Bruggeman: return std::pow(porosity, value);
      case Kind::Tortuosity: return porosity / value;
      case Kind::MacMullin: return 1.0 / value;
    }
    return 1.0;
  }
};

}  // namespace cellsim
