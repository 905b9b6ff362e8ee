#include "models/io/ImpedanceOutputs.hpp"

#include <cmath>
#include <sstream>

namespace cellsim {

namespace {
constexpr double kOhmCm2_per_OhmM2 = 1e4;
}

void writeImpedance(const SimulationResult& r, OutputSet& out) {
  if (r.spectra.empty()) return;
  auto& z = out.file("impedance.csv");
  // Im(Z) as computed (negative where capacitive); Nyquist plots show -Im(Z).
  z << "step,frequency_Hz,z_real_ohm_cm2,z_imag_ohm_cm2,z_abs_ohm_cm2,phase_deg\n";
  for (const auto& sp : r.spectra)
    for (size_t i = 0; i < sp.frequency_Hz.size(); ++i) {
      const std::complex<double> v = sp.z_ohm_m2[i] * kOhmCm2_per_OhmM2;
      z << sp.step << "," << jsonNumber(sp.frequency_Hz[i]) << "," << jsonNumber(v.real()) << "," << jsonNumber(v.imag())
        << "," << jsonNumber(std::abs(v)) << "," << jsonNumber(std::arg(v) * 180.0 / M_PI) << "\n";
    }
  auto& d = out.file("drt.csv");
  d << "step,tau_s,gamma_ohm_cm2\n";
  for (const auto& sp : r.spectra)
    for (size_t k = 0; k < sp.drt.tau_s.size(); ++k)
      d << sp.step << "," << jsonNumber(sp.drt.tau_s[k]) << "," << jsonNumber(sp.drt.gamma[k] * kOhmCm2_per_OhmM2) << "\n";
}

std::string impedanceJson(const SimulationResult& r) {
  std::ostringstream j;
  j << "[";
  for (size_t s = 0; s < r.spectra.size(); ++s) {
    const ImpedanceSpectrum& sp = r.spectra[s];
    const Drt& drt = sp.drt;
    j << (s ? "," : "") << "\n    {\"step\": " << sp.step << ", \"time_s\": " << jsonNumber(sp.time_s)
      << ", \"control\": " << jsonString(sp.potentiostatic ? "potentiostatic" : "galvanostatic")
      << ", \"voltage_V\": " << jsonNumber(sp.voltage_V) << ", \"current_A_m2\": " << jsonNumber(sp.current_A_m2)
      << ", \"points\": " << sp.frequency_Hz.size();
    if (!sp.frequency_Hz.empty()) {
      j << ", \"f_high_Hz\": " << jsonNumber(sp.frequency_Hz.front())
        << ", \"f_low_Hz\": " << jsonNumber(sp.frequency_Hz.back())
        << ", \"z_real_at_f_high_ohm_cm2\": " << jsonNumber(sp.z_ohm_m2.front().real() * kOhmCm2_per_OhmM2)
        << ", \"z_real_at_f_low_ohm_cm2\": " << jsonNumber(sp.z_ohm_m2.back().real() * kOhmCm2_per_OhmM2);
    }
    j << ", \"kramers_kronig_max_residual\": " << jsonNumber(sp.kramers_kronig.max_residual())
      << ", \"compute_time_ms\": " << jsonNumber(1e3 * sp.compute_time_s) << ",\n     \"drt\": {\"lambda\": "
      << jsonNumber(drt.lambda) << ", \"lambda_from\": " << jsonString(drt.lambda_from_gcv ? "gcv" : "recipe")
      << ", \"r_inf_ohm_cm2\": " << jsonNumber(drt.r_inf * kOhmCm2_per_OhmM2) << ", \"series_capacitance_F_cm2\": "
      << (std::isfinite(drt.series_capacitance) ? jsonNumber(drt.series_capacitance * 1e-4) : std::string("null"))
      << ", \"rms_relative_residual\": " << jsonNumber(drt.rms_relative_residual) << ", \"peaks\": [";
    for (size_t p = 0; p < drt.peaks.size(); ++p) {
      const DrtPeak& pk = drt.peaks[p];
      j << (p ? ", " : "") << "{\"tau_s\": " << jsonNumber(pk.tau_s)
        << ", \"r_ohm_cm2\": " << jsonNumber(pk.resistance * kOhmCm2_per_OhmM2)
        << ", \"tau_from_s\": " << jsonNumber(pk.tau_from_s) << ", \"tau_to_s\": " << jsonNumber(pk.tau_to_s) << "}";
    }
    j << "]}}";
  }
  j << "\n  ]";
  return j.str();
}

}  // namespace cellsim
