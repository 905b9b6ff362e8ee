// Cyclic voltammetry of a full cell: at each scan rate, sweeps up and down the window; the
// last cycle at each rate is read. Figures: oxidation and reduction peak potentials and
// currents, their separation, their polarisation against the equilibrium peak (the maximum
// of dQ/dV of the positive electrode's OCP against lithium), the shift of each peak between
// two scan rates, and the slope of log|i_p| against log(scan rate) (0.5 for diffusion
// control, 1 for a surface process).
#include <cmath>
#include <limits>

#include "models/cell/PorousElectrode.hpp"
#include "models/experiments/ExperimentSupport.hpp"

namespace cellsim {
namespace experiment_support {

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Peak {
  double V = kNaN, I = kNaN;  //!< V, A/m2 (signed: + discharge)
};

//! The extreme current of a sweep (most negative when charging), refined by a parabola
//! through the record and its neighbours.
Peak findPeak(const std::vector<TimeRow>& rows, int step, double sign) {
  int best = -1;
  for (int k = 0; k < static_cast<int>(rows.size()); ++k)
    if (rows[k].step == step && (best < 0 || sign * rows[k].current_A_m2 > sign * rows[best].current_A_m2)) best = k;
  if (best < 0) return {};
  Peak p{rows[best].voltage_V, rows[best].current_A_m2};
  if (best == 0 || best + 1 >= static_cast<int>(rows.size()) || rows[best - 1].step != step || rows[best + 1].step != step)
    return p;
  const double x0 = rows[best - 1].voltage_V, x1 = p.V, x2 = rows[best + 1].voltage_V;
  const double y0 = rows[best - 1].current_A_m2, y1 = p.I, y2 = rows[best + 1].current_A_m2;
  const double d01 = (y1 - y0) / (x1 - x0), d12 = (y2 - y1) / (x2 - x1), a = (d12 - d01) / (x2 - x0);
  if (!(a * sign < 0)) return p;  // not a maximum of sign * I
  const double v = 0.5 * (x0 + x1) - d01 / (2 * a);
  if ((v - x0) * (v - x2) > 0) return p;
  return {v, y1 + d01 * (v - x1) + a * (v - x0) * (v - x1)};
}

class CyclicVoltammetry : public Experiment {
 public:
  explicit CyclicVoltammetry(const InputNode& ex) : ex_(ex) {
    ex.allowOnly({"type", "window", "scan_rates", "cycles", "shift_between", "note"});
    const auto w = ex["window"].elements();
    if (w.size() != 2) ex["window"].fail("the window is [lower, upper], e.g. [3.0 V, 4.6 V]");
    lower_ = w[0].asQuantity("V", Range::positive());
    upper_ = w[1].asQuantity("V", Range::positive());
    if (!(lower_ < upper_)) ex["window"].fail("the window needs lower < upper");
    for (const auto& r : ex["scan_rates"].elements()) {
      rates_.push_back(r.asQuantity("V/s", Range::positive()));
      labels_.push_back(r.asString());
    }
    if (rates_.empty()) ex["scan_rates"].fail("give at least one scan rate, e.g. [0.1 mV/s]");
    cycles_ = ex.has("cycles") ? ex["cycles"].asInt({1, 100, true, true}) : 1;
    if (auto s = ex.optional("shift_between")) {
      const auto e = s->elements();
      if (e.size() != 2) s->fail("shift_between is [slower rate, faster rate], two of the scan rates");
      for (const auto& x : e) shift_.push_back(indexOf(x));
    }
  }

  CaseOutcome run(CellModel& model, const SimulationOptions& options) const override {
    if (!model.foil(End::Left) || !model.porous(End::Right))
      ex_.fail("the cyclic-voltammetry experiment needs a lithium | porous cell");
    Protocol p;
    for (size_t k = 0; k < rates_.size(); ++k)
      p.blocks.push_back({{parseStepSentence("Sweep from " + volts(lower_) + " to " + volts(upper_) + " at " + labels_[k], ex_),
                           parseStepSentence("Sweep from " + volts(upper_) + " to " + volts(lower_) + " at " + labels_[k], ex_)},
                          cycles_});
    CaseOutcome out;
    out.sim = runProtocol(model, p, options);
    out.figures = figures(out.sim, equilibriumPeak(*model.porous(End::Right)));
    return out;
  }

 private:
  int indexOf(const InputNode& x) const {
    const double v = x.asQuantity("V/s", Range::positive());
    for (size_t k = 0; k < rates_.size(); ++k)
      if (std::abs(rates_[k] - v) <= 1e-9 * v) return static_cast<int>(k);
    x.fail("not one of the scan_rates");
  }

  static std::string volts(double V) {
    std::ostringstream os;
    os.precision(10);
    os << V << " V";
    return os.str();
  }

  //! The voltage of the largest dQ/dV of the positive OCP (against lithium) in the window.
  double equilibriumPeak(const PorousElectrode& e) const {
    const Property& U = e.design().ocp_V;
    const double T = e.design().initial_stoichiometry >= 0 ? e.kinetics().design().reference_temperature_K : 298.15;
    double best = 0, V = kNaN;
    const int n = 20000;
    for (int k = 1; k < n; ++k) {
      const double x0 = (k - 1.0) / n, x1 = static_cast<double>(k) / n;
      const double u0 = U({x0, T}), u1 = U({x1, T});
      const double um = 0.5 * (u0 + u1);
      if (!(um >= lower_ && um <= upper_) || !(u0 != u1)) continue;
      const double dxdu = std::abs((x1 - x0) / (u1 - u0));
      if (dxdu > best) best = dxdu, V = um;
    }
    return V;
  }

  std::vector<Figure> figures(const SimulationResult& sim, double V_eq) const;

  InputNode ex_;
  double lower_, upper_;
  std::vector<double> rates_;
  std::vector<std::string> labels_;
  int cycles_;
  std::vector<int> shift_;
};

std::vector<Figure> CyclicVoltammetry::figures(const SimulationResult& sim, double V_eq) const {
  std::vector<Figure> f{{"cv_equilibrium_peak_V", "", V_eq, "V"}};
  std::vector<Peak> ox(rates_.size()), red(rates_.size());
  const int per_rate = 2 * cycles_;
  for (size_t k = 0; k < rates_.size(); ++k) {
    // The last cycle at this rate: steps are numbered 1.. in protocol order.
    const int up = static_cast<int>(k) * per_rate + per_rate - 1, down = up + 1;
    ox[k] = findPeak(sim.rows, up, -1.0);
    red[k] = findPeak(sim.rows, down, 1.0);
    const std::string& c = labels_[k];
    f.push_back({"cv_oxidation_peak_V", c, ox[k].V, "V"});
    f.push_back({"cv_oxidation_peak_current_mA_cm2", c, -ox[k].I / 10.0, "mA/cm2"});
    f.push_back({"cv_reduction_peak_V", c, red[k].V, "V"});
    f.push_back({"cv_reduction_peak_current_mA_cm2", c, red[k].I / 10.0, "mA/cm2"});
    f.push_back({"cv_peak_separation_mV", c, 1e3 * (ox[k].V - red[k].V), "mV"});
    f.push_back({"cv_oxidation_polarisation_mV", c, 1e3 * (ox[k].V - V_eq), "mV"});
    f.push_back({"cv_reduction_polarisation_mV", c, 1e3 * (V_eq - red[k].V), "mV"});
  }
  if (shift_.size() == 2) {
    const std::string c = labels_[shift_[0]] + " to " + labels_[shift_[1]];
    f.push_back({"cv_oxidation_peak_shift_mV", c, 1e3 * (ox[shift_[1]].V - ox[shift_[0]].V), "mV"});
    f.push_back({"cv_reduction_peak_shift_mV", c, 1e3 * (red[shift_[0]].V - red[shift_[1]].V), "mV"});
  }
  if (rates_.size() >= 2) {
    // Least-squares slope of log|i_p| against log(rate).
    auto slope = [&](const std::vector<Peak>& peaks) {
      double sx = 0, sy = 0, sxx = 0, sxy = 0;
      const double n = static_cast<double>(rates_.size());
      for (size_t k = 0; k < rates_.size(); ++k) {
        const double x = std::log10(rates_[k]), y = std::log10(std::abs(peaks[k].I));
        sx += x, sy += y, sxx += x * x, sxy += x * y;
      }
      return (n * sxy - sx * sy) / (n * sxx - sx * sx);
    };
    f.push_back({"cv_log_peak_current_slope", "oxidation", slope(ox), ""});
    f.push_back({"cv_log_peak_current_slope", "reduction", slope(red), ""});
  }
  return f;
}

}  // namespace

std::unique_ptr<Experiment> makeCyclicVoltammetry(const InputNode& node) {
  return std::make_unique<CyclicVoltammetry>(node);
}

}  // namespace experiment_support
}  // namespace cellsim
