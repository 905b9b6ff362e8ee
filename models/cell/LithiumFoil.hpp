#pragma once
// Planar lithium-metal electrode at one end of the cell: an interface, not a region. Its
// unknowns: the current through the face (in +x) carried by its reactions, the charge that
// has crossed it as Li+, eta_d with a desolvation series step, and the potentials across
// its double layer and film when they have capacitances. The face's total current is the
// reactions' plus the double layer's charging current (kept out of the unknown so that the
// electrolyte's surface concentration does not feel cj-amplified corrections of the double
// layer's potential in short steps). The surface's reactions (InterfaceKinetics) have U = 0 and
// i0 = i0_ref (c_e/c_ref)^gamma at the electrolyte concentration of the surface.
// It watches two events: the foil running out of lithium (when its thickness is given) and,
// when the cell asks for it, the electrolyte depleting at its surface.
#include "models/cell/CellDesign.hpp"
#include "models/cell/Component.hpp"
#include "models/cell/InterfaceKinetics.hpp"
#include "models/cell/LithiumAgeing.hpp"

namespace cellsim {

class ElectrolyteStack;

class LithiumFoil : public Electrode {
 public:
  LithiumFoil(const LithiumFoilDesign& design, End end, const CellDesign& cell, const ElectrolyteStack& electrolyte,
              CellLinks& links);
  void declare(StateLayout& layout) override;
  void bind(const StateLayout& layout) override;
  void addPattern(SparsityPattern& p) const override;
  void publishFundamental(const CellState& s) override;
  void residual(const CellState& s, double* F) override;
  void initialState(const InitialGuess& guess, double* y) const override;
  void addColumns(std::vector<OutputColumn>& columns) const override;
  void addEvents(std::vector<RootEvent>& events) const override;
  void checkState(const double* y, StateCheck& check) const override;
  void addSlowStates(std::vector<int>& s) const override {
    s.push_back(q_);
    if (ageing_)
      for (int c : ageing_->columns()) s.push_back(c);
  }

  double initialOcp() const override { return 0.0; }
  double groundOffset(const double*) const override { return 0.0; }
  double initialTerminalPotential(const double* y, const InitialGuess& guess) const override;
  double collectorCurrent(const double* y, const double* yp) const override;
  std::vector<int> collectorCurrentColumns() const override;
  double restPotential(const double*) const override { return 0.0; }
  double intercalatedLithium(const double*) const override { return 0.0; }

  //! Stripping (anodic) current density of the surface's reactions [A/m2].
  double anodicCurrent(const double* y) const { return inwardSign(end_) * y[i_]; }
  //! Electrolyte concentration at the surface [mol/m3].
  double surfaceConcentration(const double* y) const;
  //! Lithium metal left in the foil, connected to it [mol/m2]: initial thickness / molar volume,
  //! plus the Li+ that crossed its face, minus what became SEI or dead lithium.
  double lithium(const double* y) const;
  //! Lithium lost into its SEI and as dead lithium [mol/m2] (0 without ageing).
  double lostLithium(const double* y) const { return ageing_ ? ageing_->lostLithium(y) : 0.0; }
  const LithiumAgeing* ageing() const { return ageing_.get(); }
  //! Change of foil thickness since the start [m] (+ plated, - stripped).
  double thicknessChange(const double* y) const;
  //! Exchange current density of Li+ transfer at electrolyte concentration c_e.
  double exchangeCurrent(double c_e, double T) const;
  //! Small-signal interfacial resistance d(phi_s - phi_e)/di at anodic current i [ohm m2].
  double interfacialResistance(double i, double c_e, double T) const;
  const LithiumFoilDesign& design() const { return d_; }
  void setDepletionEvent(const DepletionEvent& e) { depletion_ = e; }

 private:
  SurfaceUnknowns unknowns(const CellState& s) const;
  LithiumFoilDesign d_;
  const ElectrolyteStack& electrolyte_;
  InterfaceKinetics kinetics_;
  std::unique_ptr<LithiumAgeing> ageing_;
  double T_, c0_;
  DepletionEvent depletion_;
  StateLayout::BlockId i_block_ = -1, q_block_ = -1, etad_block_ = -1, dl_block_ = -1, film_block_ = -1;
  int i_ = -1, q_ = -1, etad_ = -1, dl_ = -1, film_ = -1;
};

}  // namespace cellsim
