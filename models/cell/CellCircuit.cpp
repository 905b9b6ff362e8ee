#include "models/cell/CellCircuit.hpp"

namespace cellsim {

void CellCircuit::declare(StateLayout& layout) {
  I_block_ = layout.add(VariableBlock::make(name(), "I", "A/m2", false, Tolerance::fixed(1e-8)));
  V_block_ = layout.add(VariableBlock::make(name(), "V", "V", false, Tolerance::fixed(1e-8)));
  Q_block_ = layout.add(VariableBlock::make(name(), "Q", "C/m2", true, Tolerance::fixed(1e-6)));
}

void CellCircuit::bind(const StateLayout& layout) {
  I_ = layout.index(I_block_);
  V_ = layout.index(V_block_);
  Q_ = layout.index(Q_block_);
  links_.voltage_index = V_;
}

void CellCircuit::addPattern(SparsityPattern& p) const {
  for (int c : right_.collectorCurrentColumns()) p.add(I_, c);
  p.add(I_, I_);
  p.add(V_, I_);
  p.add(V_, V_);
  p.add(Q_, Q_);
  p.add(Q_, I_);
}

void CellCircuit::residual(const CellState& s, double* F) {
  const double* y = s.y;
  F[I_] = y[I_] - right_.collectorCurrent(y, s.yp);
  switch (control_.kind) {
    case ControlMode::Kind::Current: F[V_] = y[I_] - control_.value; break;
    case ControlMode::Kind::Voltage: F[V_] = y[V_] - control_.value; break;
    case ControlMode::Kind::Power: F[V_] = y[I_] * y[V_] - control_.value; break;
    case ControlMode::Kind::Sweep: F[V_] = y[V_] - (control_.value + control_.rate * (s.t - control_.t0)); break;
  }
  F[Q_] = s.yp[Q_] - y[I_];
}

void CellCircuit::initialState(const InitialGuess& guess, double* y) const {
  y[I_] = guess.current_A_m2;
  y[Q_] = 0.0;  // V: set by CellModel after the shift (the right electrode's terminal potential)
}

}  // namespace cellsim
