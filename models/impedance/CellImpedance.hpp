#pragma once
// Impedance of a cell from its own Jacobians (core/numerics/FrequencyResponse): a unit
// harmonic input on the control row of the external circuit, Z = -dV / dI (the cell current
// is + on discharge, so a resistance lowers V as it rises). The control row holds I or V,
// or the sweep's V: either way the other follows, and the ratio is the impedance.
#include <complex>
#include <string>
#include <vector>

#include "models/cell/CellModel.hpp"
#include "models/impedance/Drt.hpp"
#include "models/impedance/KramersKronig.hpp"

namespace cellsim {

//! f_high down to f_low [Hz], `points_per_decade` per decade, both ends included.
std::vector<double> logFrequencies(double f_high_Hz, double f_low_Hz, int points_per_decade);

//! Z [ohm m2] at each frequency, about the state (t, y, y') of `model` under its present
//! control. `residual_calls` (optional) gets the residual evaluations spent.
std::vector<std::complex<double>> cellImpedance(CellModel& model, double t, const std::vector<double>& y,
                                                const std::vector<double>& yp, const std::vector<double>& frequency_Hz,
                                                long* residual_calls = nullptr);

//! A spectrum taken during a protocol, with its analyses.
struct ImpedanceSpectrum {
  int step = 0;             //!< the protocol step that took it
  double time_s = 0.0;
  bool potentiostatic = false;
  double voltage_V = 0.0, current_A_m2 = 0.0;  //!< the DC point
  std::vector<double> frequency_Hz;
  std::vector<std::complex<double>> z_ohm_m2;
  Drt drt;                  //!< in ohm m2
  KramersKronigCheck kramers_kronig;
  double compute_time_s = 0.0;
};

}  // namespace cellsim
