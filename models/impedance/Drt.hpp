#pragma once
// Distribution of relaxation times: an impedance spectrum written as
//   Z(w) = R_inf + integral gamma(ln tau) / (1 + j w tau) d ln tau  [+ 1 / (j w C_series)]
// with gamma >= 0 on a log grid of tau, found by Tikhonov-regularised non-negative least
// squares (Lawson–Hanson) on the real and imaginary parts, each point weighted by 1/|Z|.
// The regularisation (second differences of gamma in ln tau) is chosen by generalised
// cross-validation unless given. The series capacitance takes the capacitive tail of a
// cell whose electrodes store charge (a full cell); it is left at zero for a Li | Li cell.
#include <complex>
#include <limits>
#include <vector>

namespace cellsim {

struct DrtOptions {
  double lambda = 0.0;          //!< regularisation parameter; 0: chosen by GCV
  int points_per_decade = 10;   //!< of the tau grid
  double extend_decades = 1.0;  //!< grid beyond 1/(2 pi f) at both ends of the spectrum
};

struct DrtPeak {
  double tau_s = 0;              //!< where gamma peaks (interpolated)
  double resistance = 0;         //!< area under the peak, in the spectrum's units
  double tau_from_s = 0, tau_to_s = 0;  //!< the peak's extent (between the minima around it)
};

struct Drt {
  std::vector<double> tau_s;
  std::vector<double> gamma;     //!< per unit ln tau, in the spectrum's units
  double r_inf = 0.0;
  double series_capacitance = std::numeric_limits<double>::infinity();  //!< inf: none
  double lambda = 0.0;
  bool lambda_from_gcv = false;
  double rms_relative_residual = 0.0;  //!< of the fit, relative to |Z|
  std::vector<DrtPeak> peaks;          //!< by increasing tau
};

//! Frequencies [Hz] and impedances (any units; gamma and resistances come out in the same).
Drt distributionOfRelaxationTimes(const std::vector<double>& frequency_Hz, const std::vector<std::complex<double>>& z,
                                  const DrtOptions& options = {});

//! Peaks of a DRT (local maxima above 0.1 % of the largest), with the area of each between
//! the minima around it.
std::vector<DrtPeak> drtPeaks(const std::vector<double>& tau_s, const std::vector<double>& gamma);

}  // namespace cellsim
