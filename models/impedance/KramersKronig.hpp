#pragma once
// Kramers–Kronig consistency of an impedance spectrum by the linear test of Schönleber et
// al. (Electrochim. Acta 131 (2014) 20): fit Z with a series resistance, a series
// capacitance and M Voigt elements R_k / (1 + j w tau_k) at fixed tau_k spread over the
// measured range, by unconstrained linear least squares weighted by 1/|Z|. A spectrum of a
// linear, causal, stable system is fitted to within the basis' resolution on both parts at
// once; one that is not (a sign error in the imaginary part, drift) leaves residuals of
// the order of the violation.
#include <complex>
#include <vector>

namespace cellsim {

struct KramersKronigCheck {
  int elements = 0;
  double max_residual_real = 0.0;  //!< max |Re(Z - Z_fit)| / |Z|
  double max_residual_imag = 0.0;  //!< max |Im(Z - Z_fit)| / |Z|
  double max_residual() const { return max_residual_real > max_residual_imag ? max_residual_real : max_residual_imag; }
};

//! `elements_per_decade` Voigt elements per decade of the spectrum's range.
KramersKronigCheck kramersKronigCheck(const std::vector<double>& frequency_Hz, const std::vector<std::complex<double>>& z,
                                      double elements_per_decade = 5.0);

}  // namespace cellsim
