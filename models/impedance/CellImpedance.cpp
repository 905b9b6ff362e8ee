#include "models/impedance/CellImpedance.hpp"

#include <cmath>
#include <stdexcept>

#include "core/numerics/FrequencyResponse.hpp"

namespace cellsim {

std::vector<double> logFrequencies(double f_high, double f_low, int ppd) {
  if (!(f_high > f_low && f_low > 0 && ppd >= 1)) throw std::invalid_argument("logFrequencies: need f_high > f_low > 0");
  const double decades = std::log10(f_high / f_low);
  const int intervals = std::max(1, static_cast<int>(std::lround(decades * ppd)));
  std::vector<double> f(intervals + 1);
  for (int i = 0; i <= intervals; ++i) f[i] = f_high * std::pow(f_low / f_high, static_cast<double>(i) / intervals);
  return f;
}

std::vector<std::complex<double>> cellImpedance(CellModel& model, double t, const std::vector<double>& y,
                                                const std::vector<double>& yp, const std::vector<double>& frequency_Hz,
                                                long* residual_calls) {
  FrequencyResponse response(model, t, y, yp);
  std::vector<double> omega;
  for (double f : frequency_Hz) omega.push_back(2 * M_PI * f);
  const int V = model.voltageIndex(), I = model.currentIndex();
  const auto x = response.solve(omega, model.controlRow(), {V, I});
  std::vector<std::complex<double>> z;
  z.reserve(x.size());
  for (const auto& xi : x) {
    if (std::abs(xi[1]) == 0.0) throw std::runtime_error("the cell carries no current at this frequency: open circuit");
    z.push_back(-xi[0] / xi[1]);
  }
  if (residual_calls) *residual_calls = response.residualCalls();
  return z;
}

}  // namespace cellsim
