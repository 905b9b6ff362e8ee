#pragma once
// The external circuit: cell current density I (+ discharge, the current leaving through the
// right terminal), cell voltage V (right terminal; the left one is the ground) and the charge
// passed Q. One control row fixes what the protocol step asks for (I, V or I*V); the
// structure of the system never changes between steps (PyBaMM's "voltage as a state").
#include "models/cell/Component.hpp"

namespace cellsim {

struct ControlMode {
  enum class Kind { Current, Voltage, Power, Sweep } kind = Kind::Current;
  double value = 0.0;  //!< A/m2, V or W/m2; for a sweep the voltage at t0
  double rate = 0.0;   //!< sweep: dV/dt [V/s]
  double t0 = 0.0;     //!< sweep: the time at which V = value [s]
};

class CellCircuit : public Component {
 public:
  CellCircuit(const Electrode& right, CellLinks& links) : right_(right), links_(links) {}
  std::string name() const override { return "cell"; }
  void declare(StateLayout& layout) override;
  void bind(const StateLayout& layout) override;
  void addPattern(SparsityPattern& p) const override;
  void residual(const CellState& s, double* F) override;
  void initialState(const InitialGuess& guess, double* y) const override;
  void addSlowStates(std::vector<int>& s) const override { s.push_back(Q_); }

  void setControl(const ControlMode& c) { control_ = c; }
  const ControlMode& control() const { return control_; }
  int currentIndex() const { return I_; }
  int voltageIndex() const { return V_; }
  int chargeIndex() const { return Q_; }

 private:
  const Electrode& right_;
  CellLinks& links_;
  ControlMode control_;
  StateLayout::BlockId I_block_ = -1, V_block_ = -1, Q_block_ = -1;
  int I_ = -1, V_ = -1, Q_ = -1;
};

}  // namespace cellsim
