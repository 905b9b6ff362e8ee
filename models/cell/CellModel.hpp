#pragma once
// The P2D (Doyle–Fuller–Newman) cell as a DAE: a list of components — the electrolyte
// across the cell, an electrode at each end (porous or lithium foil), the external circuit —
// whose declared unknowns make up the state (StateLayout) and whose rows make up the
// residual. This class knows how to assemble and query them; the physics is in the
// components.
#include <memory>
#include <string>
#include <vector>

#include "core/numerics/DaeSystem.hpp"
#include "models/cell/CellCircuit.hpp"
#include "models/cell/CellDesign.hpp"
#include "models/cell/CellLinks.hpp"
#include "models/cell/CellMesh.hpp"
#include "models/cell/Component.hpp"
#include "models/cell/StateLayout.hpp"

namespace cellsim {

class ElectrolyteStack;
class LithiumFoil;
class PorousElectrode;

class CellModel : public DaeSystem {
 public:
  explicit CellModel(const CellDesign& design);
  ~CellModel() override;
  CellModel(const CellModel&) = delete;
  CellModel& operator=(const CellModel&) = delete;

  // DaeSystem
  int size() const override { return layout_.size(); }
  void residual(double t, const double* y, const double* yp, double* F) override;
  SparsityPattern pattern() const override;
  std::vector<double> differentialFlags() const override { return layout_.differentialFlags(); }
  std::vector<double> absoluteTolerances(double rtol) const override { return layout_.absoluteTolerances(rtol); }
  int numRoots() const override { return static_cast<int>(root_events_.size()); }
  void roots(double t, const double* y, const double* yp, double* g) override;
  std::string variableName(int i) const override { return layout_.variableName(i); }

  // Protocol control: what the current step fixes and which events it watches.
  void setControl(const ControlMode& c) { circuit_->setControl(c); }
  const ControlMode& control() const { return circuit_->control(); }
  void setRootEvents(std::vector<RootEvent> events) { root_events_ = std::move(events); }
  //! Events the components watch in every step (foil exhaustion, surface depletion).
  std::vector<RootEvent> componentEvents() const;
  //! The unknowns cycle jumping extrapolates (Component::addSlowStates).
  std::vector<int> slowStates() const {
    std::vector<int> s;
    for (const auto& c : components_) c->addSlowStates(s);
    return s;
  }
  //! Arms (or disarms) the depletion event of lithium surfaces for later steps.
  void setDepletionEvent(const DepletionEvent& e);

  //! Rested initial state (uniform concentrations, equilibrium potentials) with a current
  //! guess for the algebraic unknowns.
  void initialState(std::vector<double>& y, std::vector<double>& yp, double current_guess_A_m2) const;

  // Read-outs
  double voltage(const double* y) const { return y[circuit_->voltageIndex()]; }
  double current(const double* y) const { return y[circuit_->currentIndex()]; }
  double charge(const double* y) const { return y[circuit_->chargeIndex()]; }  //!< C/m2, + discharge
  int voltageIndex() const { return circuit_->voltageIndex(); }
  int currentIndex() const { return circuit_->currentIndex(); }
  //! The residual row that holds what the protocol controls (I, V, power or the sweep).
  int controlRow() const { return circuit_->voltageIndex(); }
  //! Open-circuit voltage at the mean state of each electrode.
  double restVoltage(const double* y) const;
  //! Cyclable lithium per unit area [mol/m2]: electrolyte + host materials (foils excluded).
  double lithiumInventory(const double* y) const;
  //! Salt in the electrolyte [mol/m2].
  double electrolyteSalt(const double* y) const;
  ProfileTable profiles(const double* y) const;
  //! Checks an accepted state (see StateCheck); throws StateError where the run cannot go on.
  void checkState(const double* y, StateCheck& check) const {
    for (const auto& c : components_) c->checkState(y, check);
  }
  //! Time-series columns the components publish (names carry units), and their values.
  const std::vector<OutputColumn>& columns() const { return columns_; }

  const Electrode& electrode(End end) const { return *electrodes_[endIndex(end)]; }
  //! The electrode at `end` if it is of that type, else nullptr.
  const LithiumFoil* foil(End end) const;
  const PorousElectrode* porous(End end) const;
  const ElectrolyteStack& electrolyte() const { return *electrolyte_; }
  const StateLayout& layout() const { return layout_; }
  const CellMesh& mesh() const { return mesh_; }
  const CellDesign& design() const { return d_; }
  int volumes() const { return mesh_.volumes(); }
  double cellLength() const { return mesh_.length(); }

 private:
  std::unique_ptr<Electrode> makeElectrode(const ElectrodeDesign& e, End end);
  CellDesign d_;
  CellMesh mesh_;
  CellLinks links_;
  StateLayout layout_;
  ElectrolyteStack* electrolyte_ = nullptr;
  Electrode* electrodes_[2] = {nullptr, nullptr};
  CellCircuit* circuit_ = nullptr;
  std::vector<std::unique_ptr<Component>> components_;
  std::vector<OutputColumn> columns_;
  std::vector<RootEvent> root_events_;
};

}  // namespace cellsim
