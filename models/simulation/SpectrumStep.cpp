#include "models/simulation/SpectrumStep.hpp"

#include <chrono>

namespace cellsim {

ImpedanceSpectrum spectrumAt(CellModel& model, double t, const std::vector<double>& y, const std::vector<double>& yp,
                             const ImpedanceRequest& req, const DrtOptions& drt) {
  const auto t_begin = std::chrono::steady_clock::now();
  ImpedanceSpectrum sp;
  sp.time_s = t;
  sp.potentiostatic = req.potentiostatic;
  sp.voltage_V = model.voltage(y.data());
  sp.current_A_m2 = model.current(y.data());
  sp.frequency_Hz = logFrequencies(req.f_high_Hz, req.f_low_Hz, req.points_per_decade);
  sp.z_ohm_m2 = cellImpedance(model, t, y, yp, sp.frequency_Hz);
  if (sp.frequency_Hz.size() >= 3) {
    sp.drt = distributionOfRelaxationTimes(sp.frequency_Hz, sp.z_ohm_m2, drt);
    sp.kramers_kronig = kramersKronigCheck(sp.frequency_Hz, sp.z_ohm_m2);
  }
  sp.compute_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_begin).count();
  return sp;
}

}  // namespace cellsim
