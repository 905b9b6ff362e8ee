#pragma once
// A piece of the cell that owns unknowns and residual rows: the electrolyte across the
// cell, an electrode at either end, the external circuit. The cell (CellModel) is a list of
// components linked at their faces through CellLinks, after Cantera's Domain1D; each
// residual evaluation runs three phases over the list, after PyBaMM's submodel contract:
//   publishFundamental  values that follow from the component's own unknowns
//   publishCoupled      values that need other components' fundamental ones
//   residual            its rows
// A new piece of physics is a new component (or a new reaction in a surface's list), not
// an edit of the others.
#include <string>
#include <vector>

#include "core/numerics/Sparsity.hpp"
#include "models/cell/CellLinks.hpp"
#include "models/cell/Events.hpp"
#include "models/cell/Outputs.hpp"
#include "models/cell/StateCheck.hpp"
#include "models/cell/StateLayout.hpp"

namespace cellsim {

struct CellState {
  double t;
  const double* y;
  const double* yp;
  double T;  //!< [K]
};

//! The rested initial state is built in two passes: every component writes its unknowns
//! with the electrolyte potential at -U_left (left electrode's equilibrium potential as the
//! reference), then all potentials are shifted so that the left collector sits at 0 V.
struct InitialGuess {
  double current_A_m2 = 0.0;  //!< guess for the algebraic unknowns (+ discharge)
  double U_left = 0.0;        //!< equilibrium potentials of the fresh electrodes vs Li/Li+
  double U_right = 0.0;
  double shift = 0.0;         //!< set between the passes
};

class Component {
 public:
  virtual ~Component() = default;
  virtual std::string name() const = 0;
  //! Declares its unknowns (called once, in component order).
  virtual void declare(StateLayout& layout) = 0;
  //! Reads back the indices of its unknowns and publishes those others need in CellLinks.
  virtual void bind(const StateLayout& layout) = 0;
  //! Structural non-zeros of its rows (may read other components' indices from CellLinks).
  virtual void addPattern(SparsityPattern& p) const = 0;
  virtual void publishFundamental(const CellState&) {}
  virtual void publishCoupled(const CellState&) {}
  //! Its residual rows; may throw RecoverableResidualError for an unphysical trial state.
  virtual void residual(const CellState& s, double* F) = 0;
  //! First pass of the initial state (see InitialGuess).
  virtual void initialState(const InitialGuess& guess, double* y) const = 0;
  //! Second pass: subtract `shift` from its potential unknowns.
  virtual void shiftPotentials(double /*shift*/, double* /*y*/) const {}
  virtual void addColumns(std::vector<OutputColumn>& /*columns*/) const {}
  virtual void addProfiles(const double* /*y*/, ProfileTable& /*table*/) const {}
  //! Events the component watches in every step (e.g. a foil running out of lithium).
  virtual void addEvents(std::vector<RootEvent>& /*events*/) const {}
  //! Its unknowns that change from cycle to cycle only slowly and never return (ageing
  //! states, charge counters): what cycle jumping extrapolates; the others are re-established
  //! by every cycle.
  virtual void addSlowStates(std::vector<int>& /*indices*/) const {}
  //! Checks an accepted state: property arguments outside their validity ranges (warnings)
  //! and undefined property values there (StateError).
  virtual void checkState(const double* /*y*/, StateCheck& /*check*/) const {}
};

//! A component at one end of the cell, connected to a terminal: the left one to the
//! ground, the right one to the cell voltage.
class Electrode : public Component {
 public:
  Electrode(End end, CellLinks& links) : end_(end), links_(links) {}
  End end() const { return end_; }
  //! "negative electrode" / "positive electrode".
  std::string name() const override { return std::string(endName(end_)) + " electrode"; }
  //! Equilibrium potential of the fresh electrode vs Li/Li+ [V] (0 for lithium metal).
  virtual double initialOcp() const = 0;
  //! The potential the initial guess gives its solid next to the collector: the ground offset.
  virtual double groundOffset(const double* y) const = 0;
  //! Initial guess of its terminal potential, after the shift.
  virtual double initialTerminalPotential(const double* y, const InitialGuess& guess) const = 0;
  //! Current through its collector face in +x [A/m2]: the cell current at the right end
  //! (y' for a double layer's charging current).
  virtual double collectorCurrent(const double* y, const double* yp) const = 0;
  virtual std::vector<int> collectorCurrentColumns() const = 0;
  //! Equilibrium potential at its mean (rested) state [V].
  virtual double restPotential(const double* y) const = 0;
  //! Lithium stored in its host material [mol/m2] (0 for lithium metal: not cyclable inventory).
  virtual double intercalatedLithium(const double* y) const = 0;

 protected:
  //! Potential of the terminal it is connected to: 0 (ground) or the cell voltage.
  double terminalPotential(const double* y) const {
    return links_.voltage_index < 0 || end_ == End::Left ? 0.0 : y[links_.voltage_index];
  }
  int terminalColumn() const { return end_ == End::Left ? -1 : links_.voltage_index; }
  End end_;
  CellLinks& links_;
};

}  // namespace cellsim
