#pragma once
// The electrolyte across the whole cell (pores of the electrodes and the separator layers),
// concentrated-solution theory in flux form, so that the transference number and the
// effective properties may jump from region to region:
//   eps dc/dt = -dN+/dx + a j / F,   N+ = -D_eff dc/dx + t+ i_e / F
//   di_e/dx = a j,   i_e = -kappa_eff dphi/dx + (2RT kappa_eff/F)(1 - t+) TDF dln c/dx
// Unknowns per volume: c_e (differential), phi_e (algebraic). At a layer boundary c, phi_e,
// N+ and i_e are continuous; the interface concentration is eliminated from flux continuity.
// Ends: closed at a porous electrode; a planar lithium surface passes its current as Li+.
#include <cmath>
#include <vector>

#include "models/cell/CellMesh.hpp"
#include "models/cell/Component.hpp"
#include "models/cell/ElectrolyteProperties.hpp"

namespace cellsim {

class ElectrolyteStack : public Component {
 public:
  ElectrolyteStack(const CellDesign& design, const CellMesh& mesh, CellLinks& links);
  std::string name() const override { return "electrolyte"; }
  void declare(StateLayout& layout) override;
  void bind(const StateLayout& layout) override;
  void addPattern(SparsityPattern& p) const override;
  void publishCoupled(const CellState& s) override;
  void residual(const CellState& s, double* F) override;
  void initialState(const InitialGuess& guess, double* y) const override;
  void shiftPotentials(double shift, double* y) const override;
  void addProfiles(const double* y, ProfileTable& table) const override;
  void checkState(const double* y, StateCheck& check) const override;
  void addColumns(std::vector<OutputColumn>& columns) const override;
  void addEvents(std::vector<RootEvent>& events) const override;

  //! Salt in the electrolyte [mol/m2].
  double salt(const double* y) const;
  //! Electrolyte concentration at an end face carrying the current in `current_columns[0]`
  //! (properties from their expressions: a read-out, not the residual).
  double surfaceConcentration(End end, const double* y) const;
  const ElectrolyteProperties& properties() const { return props_; }

 private:
  void interiorFluxes(const double* y, double T);
  void endFace(End end, const double* y, double T);
  ElectrolyteAt cached(int face, double c, double T) const;
  std::string where(int k) const;
  double tPlus(int k, const ElectrolyteAt& p) const { return std::isnan(t_plus_[k]) ? p.t : t_plus_[k]; }

  const CellMesh& mesh_;
  CellLinks& links_;
  ElectrolyteProperties props_;
  double T_;  //!< cell temperature (read-outs)
  bool consumed_ = false;  //!< a side reaction takes salt (electrolyte oxidation)
  double c0_;
  DepletionEvent depletion_;
  std::vector<double> porosity_, transport_, t_plus_;  //!< per volume (t+ NaN: the electrolyte's)
  StateLayout::BlockId c_block_ = -1, phi_block_ = -1;
  std::vector<int> ci_, pi_;                           //!< indices of c_e, phi_e per volume
  std::vector<double> N_, i_;                          //!< face fluxes [mol/m2/s], [A/m2]
  struct FaceCache {
    double c = -1, T = -1;
    ElectrolyteAt p{0, 0, 0, 0};
  };
  // Property evaluations are the costliest part of a residual; in a coloured Jacobian most
  // faces see unchanged arguments, so remember the last evaluation per face.
  mutable std::vector<FaceCache> cache_;
};

}  // namespace cellsim
