#pragma once
// Porous intercalation electrode (Doyle–Fuller–Newman) at one end of the cell:
//   solid potential: d/dx(-sigma_eff dphi_s/dx) = -a j,  sigma_eff = sigma (1 - eps)^b_s,
//                    the terminal potential at its collector, no current into the separator
//   particles:       spherical diffusion (SphericalParticle), -D_s dc/dr|_R = j/F
//   kinetics:        the surface's reactions (InterfaceKinetics) with U = U(c_s,surf / c_max)
//                    and i0 = k c_e^aa c_s^ac (c_max - c_s)^aa times the kinetic factor
//   a = 3 eps_am / R.
// Unknowns per volume of its region: phi_s, j (pore-wall current density through the
// reactions), c_s on the shells, eta_d with a desolvation series step, and the potentials
// across the double layer and the film when they have capacitances. The pore-wall current
// is j plus the double layer's charging current C_dl d(dl)/dt: keeping the charging
// current out of the unknown keeps the particle surface (which sees j only) from feeling
// cj-amplified Newton corrections of dl when steps are short.
#include <vector>

#include "core/numerics/TabulatedFunction.hpp"
#include "models/cell/CellMesh.hpp"
#include "models/cell/Component.hpp"
#include "models/cell/InterfaceKinetics.hpp"
#include "models/cell/PorousAgeing.hpp"
#include "models/cell/SphericalParticle.hpp"

namespace cellsim {

class PorousElectrode : public Electrode {
 public:
  PorousElectrode(const PorousElectrodeDesign& design, End end, const CellDesign& cell, const CellMesh& mesh,
                  CellLinks& links);
  void declare(StateLayout& layout) override;
  void bind(const StateLayout& layout) override;
  void addPattern(SparsityPattern& p) const override;
  void publishFundamental(const CellState& s) override;
  void residual(const CellState& s, double* F) override;
  void initialState(const InitialGuess& guess, double* y) const override;
  void shiftPotentials(double shift, double* y) const override;
  void addProfiles(const double* y, ProfileTable& table) const override;
  void addColumns(std::vector<OutputColumn>& columns) const override;
  void checkState(const double* y, StateCheck& check) const override;
  void addEvents(std::vector<RootEvent>& events) const override;

  double initialOcp() const override;
  double groundOffset(const double* y) const override { return y[phi_[0]]; }
  double initialTerminalPotential(const double* y, const InitialGuess&) const override { return y[phi_.back()]; }
  double collectorCurrent(const double* y, const double*) const override { return solidFlux(collectorFace(), y); }
  std::vector<int> collectorCurrentColumns() const override;
  double restPotential(const double* y) const override;
  double intercalatedLithium(const double* y) const override;

  //! Mean stoichiometry of the electrode (volume average over particles and volumes).
  double meanStoichiometry(const double* y) const;
  const PorousElectrodeDesign& design() const { return d_; }
  const InterfaceKinetics& kinetics() const { return kinetics_; }
  //! Lithium that left with lost active material [mol/m2] (0 without ageing).
  void addSlowStates(std::vector<int>& s) const override {
    if (ageing_) ageing_->addSlowStates(s);
  }
  double lostLithium(const double* y) const { return ageing_ ? ageing_->lostLithium(y) : 0.0; }
  double shuttledLithium(const double* y) const { return ageing_ ? ageing_->shuttledLithium(y) : 0.0; }
  const PorousAgeing* ageing() const { return ageing_.get(); }

 private:
  double ocp(double sto) const;
  double solidDiffusivity(double sto) const;
  //! Particle surface concentration with `flux_A_m2` (anodic) leaving through the surface.
  double surfaceConcentration(int k, const double* y, double T, double flux_A_m2) const;
  //! The same as a read-out, taking the whole pore-wall current as the particle's flux.
  double surfaceConcentration(int k, const double* y) const { return surfaceConcentration(k, y, T_, y[j_[k]]); }
  SurfaceUnknowns unknowns(int k, const CellState& s) const;
  void addSitePattern(int k, SparsityPattern& p) const;
  //! Solid current density in +x at local face f (0..n), collector and separator sides included.
  double solidFlux(int f, const double* y) const;
  //! Pore-wall area per volume in local volume k [1/m]: a, less the lost active material.
  double area(int k, const double* y) const { return ageing_ ? a_ * ageing_->activeShare(k, y) : a_; }
  int collectorFace() const { return end_ == End::Left ? 0 : n_; }

  PorousElectrodeDesign d_;
  const CellMesh& mesh_;
  double T_, c0_;
  int first_, n_;          //!< its mesh volumes: first_ .. first_ + n_ - 1
  double a_, sigma_eff_, c_max_;
  SphericalParticle particle_;
  InterfaceKinetics kinetics_;
  std::unique_ptr<PorousAgeing> ageing_;
  bool lithium_free_side_ = false;  //!< a side reaction whose charge is not Li+ (oxidation)
  bool constant_D_;
  double D_const_ = 0.0;
  TabulatedFunction ocp_tab_, ds_tab_;
  StateLayout::BlockId phi_block_ = -1, j_block_ = -1, cs_block_ = -1, etad_block_ = -1, dl_block_ = -1,
                      film_block_ = -1;
  std::vector<int> phi_, j_, cs_, etad_, dl_, film_;  //!< indices per local volume (cs_: first shell)
  struct OcpCache {
    double sto = -1, T = -1, U = 0;
  };
  std::vector<OcpCache> ocp_cache_;
};

}  // namespace cellsim
