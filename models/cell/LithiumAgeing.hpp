#pragma once
// Ageing of a lithium-metal surface, with three slow states per foil:
// - a compact SEI film of thickness L, grown by solvent diffusing through it and reduced at
//   the metal (Ploehn, Ramadass & White 2004; PyBaMM's solvent-diffusion-limited SEI):
//     dL/dt = V_sei c_sol D_sol / L,  film resistance rho L,  L0 = the fresh film's R / rho;
//   it consumes lithium (a side current -F (dL/dt) / V_sei in the surface's list) at rest too;
// - of the charge plated, a share 1 - CE is lost (models/physics/LithiumLoss.hpp): a fraction
//   s as SEI buried in the deposit (another side current), the rest as dead lithium, metal
//   cut off from the electrode:  d n_buried/dt = s (1 - CE) i_plate / F,
//                                d n_dead/dt = (1 - s) (1 - CE) i_plate / F;
// - the dead lithium, n_dead V_Li / (1 - eps_d) thick, is a porous layer in series with the
//   film (resistance L_d N_M / kappa); a short circuit is declared when it reaches a fraction
//   of the separator's thickness (phenomenological: mossy lithium pushing through).
// Lithium is conserved: metal + film + buried SEI + dead = initial metal + Li+ received.
#include <string>
#include <vector>

#include "core/numerics/Sparsity.hpp"
#include "models/cell/AgeingDesign.hpp"
#include "models/cell/Events.hpp"
#include "models/cell/Outputs.hpp"
#include "models/cell/StateLayout.hpp"

namespace cellsim {

class LithiumAgeing {
 public:
  LithiumAgeing(const LithiumAgeingDesign& d, double li_molar_volume_m3_mol, std::string side)
      : d_(d), li_molar_volume_(li_molar_volume_m3_mol), side_(std::move(side)) {}
  void declare(StateLayout& layout, const std::string& owner, const std::string& label);
  void bind(const StateLayout& layout);
  //! Its rows see `site` (the foil's current, the electrolyte next to it, its own states).
  void addPattern(SparsityPattern& p, const std::vector<int>& site) const;
  std::vector<int> columns() const;
  //! Fresh state: the film at L0, nothing lost.
  void initialState(double* y) const;

  //! 1 - CE at faradaic current i_f (anodic +), surface concentration and exchange current.
  double loss(double i_f, double c_surface, double i0) const;
  //! The SEI side currents (anodic +, so negative): the film's growth and the buried share.
  double seiCurrent(const double* y, double i_f, double c_surface, double i0) const;
  void residual(const double* y, const double* yp, double i_f, double c_surface, double i0, double* F) const;

  double filmThickness(const double* y) const { return film_ >= 0 ? y[film_] : d_.film_thickness_m; }
  //! Lithium in the film grown since the start, in buried SEI, and dead [mol/m2].
  double filmLithium(const double* y) const {
    return (filmThickness(y) - d_.film_thickness_m) / d_.sei_molar_volume_m3_mol;
  }
  double buriedLithium(const double* y) const { return y[buried_]; }
  double deadLithium(const double* y) const { return y[dead_]; }
  double lostLithium(const double* y) const { return filmLithium(y) + buriedLithium(y) + deadLithium(y); }
  double deadThickness(const double* y) const { return y[dead_] * li_molar_volume_ / (1.0 - d_.dead_porosity); }
  //! The film's resistance, and the dead layer's [ohm m2].
  double filmResistance(const double* y) const { return d_.sei_resistivity_ohm_m * filmThickness(y); }
  double deadResistance(const double* y) const { return deadThickness(y) * d_.dead_macmullin / d_.conductivity_S_m; }

  void addColumns(std::vector<OutputColumn>& columns) const;
  void addEvents(std::vector<RootEvent>& events) const;
  const LithiumAgeingDesign& design() const { return d_; }

 private:
  LithiumAgeingDesign d_;
  double li_molar_volume_;
  std::string side_;
  StateLayout::BlockId film_block_ = -1, buried_block_ = -1, dead_block_ = -1;
  int film_ = -1, buried_ = -1, dead_ = -1;
};

}  // namespace cellsim
