#pragma once
// One layer of a separator stack (e.g. a ceramic coating on polypropylene). Effective
// transport in the pores: D_eff = D eps/tau, kappa_eff = kappa eps/tau; tau from a
// Bruggeman exponent (tau = eps^(1-b)), a tortuosity, or a MacMullin number (N_M = tau/eps).
// A layer may carry its own cation transference number (e.g. anion-anchoring coatings).
#include <cmath>
#include <optional>
#include <string>

#include "core/input/Input.hpp"

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

struct SeparatorLayer {
  std::string name;
  double thickness_m = 25e-6;
  double porosity = 0.4;
  Tortuosity tortuosity;
  std::optional<double> transference_number;  //!< overrides the electrolyte's t+ in this layer
  std::optional<double> desolvation_barrier_eV;  //!< sets the barrier of a lithium interface it touches
  std::optional<InputNode> barrier_node;          //!< where that was written, for errors
  int volumes = 10;
};

}  // namespace cellsim
