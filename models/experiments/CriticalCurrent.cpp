// Critical current density of a Li | separator | Li cell: a plating/stripping current
// staircase on a hot-spot column that carries beta_h times the mean current (current
// focusing, a fitted factor); failure when the electrolyte at a lithium surface depletes
// below a fraction of c0. Also the continuous onset i_lim/beta_h, by bisection on long
// plating steps.
#include <cmath>
#include <cstdio>
#include <limits>

#include "models/experiments/ExperimentSupport.hpp"

namespace cellsim {
namespace experiment_support {

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

class CriticalCurrent : public Experiment {
 public:
  explicit CriticalCurrent(const InputNode& ex) : ex_(ex) {
    ex.allowOnly({"type", "criterion", "staircase", "note"});
    const InputNode crit = ex["criterion"].referenced();
    crit.allowOnly({"name", "note", "source", "hot_spot_factor", "depletion_fraction"});
    beta_ = crit.number("hot_spot_factor", {1.0, 1000.0, true, true});
    frac_ = crit.numberOr("depletion_fraction", 1e-3, {1e-9, 0.5, false, true});
    const InputNode sc = ex["staircase"];
    sc.allowOnly({"from", "step", "to", "each"});
    from_ = sc.quantity("from", "A/m2", Range::positive());
    step_ = sc.quantity("step", "A/m2", Range::positive());
    to_ = sc.quantity("to", "A/m2", Range::positive());
    each_ = sc.quantity("each", "s", Range::positive());
    if (to_ < from_) sc["to"].fail("the staircase ends below where it starts ('from' > 'to')");
    if ((to_ - from_) / step_ > 10000) sc["step"].fail("the staircase has more than 10000 levels; use a larger step");
  }

  CaseOutcome run(CellModel& model, const SimulationOptions& options) const override {
    requireFoils(model.design(), ex_, "the critical-current experiment");
    model.setDepletionEvent({true, frac_});
    CaseOutcome out;
    out.sim = runProtocol(model, staircase(), options);
    double ccd = kNaN;
    if (out.sim.stopped_early) {
      const int failed_step = out.sim.steps.back().index - 1;  // 0-based step in the staircase
      ccd = from_ + (failed_step / 2) * step_;
    }
    const double onset = continuousOnset(model, options);
    out.figures = {{"critical_current_density_mA_cm2", "staircase", ccd / 10.0, "mA/cm2"},
                   {"critical_current_density_onset_mA_cm2", "", onset / 10.0, "mA/cm2"},
                   {"limiting_current_mA_cm2", "hot spot column", beta_ * onset / 10.0, "mA/cm2"},
                   {"hot_spot_factor", "", beta_, ""}};
    return out;
  }

 private:
  //! The staircase as run on the hot-spot column: plate then strip at each level.
  Protocol staircase() const {
    Protocol p;
    ProtocolBlock b;
    const int levels = static_cast<int>(std::floor((to_ - from_) / step_ + 1e-9)) + 1;
    for (int k = 0; k < levels; ++k) {
      const double i = from_ + k * step_;
      b.steps.push_back(timedStep(Step::Control::Current, beta_ * i, each_,
                                  "Discharge at " + currentLabel(i) + " (hot spot x" + std::to_string(beta_) + ")"));
      b.steps.push_back(timedStep(Step::Control::Current, -beta_ * i, each_, "Charge at " + currentLabel(i)));
    }
    p.blocks.push_back(b);
    return p;
  }

  //! The longest diffusion time L^2 eps / D_eff over the separator layers [s].
  static double diffusionTime(const CellDesign& d) {
    double L = 0, tdiff = 0;
    for (const auto& layer : d.separator) L += layer.thickness_m;
    const double args[2] = {d.electrolyte.initial_concentration_mol_m3, d.temperature_K};
    const double D = d.electrolyte.diffusivity_m2_s(args);
    for (const auto& layer : d.separator)
      tdiff = std::max(tdiff, L * L * layer.porosity / (D * layer.tortuosity.transportFactor(layer.porosity)));
    return tdiff;
  }

  //! The largest mean current the hot spot carries indefinitely: bisection on a long plating
  //! step (20 diffusion times of the separator). Bracketed by doubling up to 100x the
  //! staircase's top; a cell that never depletes there (or whose probe fails) has no onset.
  double continuousOnset(const CellModel& model, const SimulationOptions& options) const {
    SimulationOptions quiet = options;
    quiet.progress = nullptr;
    quiet.profile_times_s.clear();
    quiet.record_interval_s = 1e30;
    const double duration = 20 * diffusionTime(model.design());
    auto depletes = [&](double i_mean) {
      CellModel m(model.design());
      Protocol q;
      q.blocks.push_back({{timedStep(Step::Control::Current, beta_ * i_mean, duration, "onset probe")}, 1});
      try {
        return runProtocol(m, q, quiet).stopped_early;
      } catch (const SolverError& e) {
        throw SolverError("critical-current onset probe at " + currentLabel(i_mean) + ": " + e.what());
      }
    };
    double lo = 0.0, hi = from_;
    try {
      bool found = depletes(hi);
      while (!found && hi < 100 * to_) {
        lo = hi;
        hi *= 2;
        found = depletes(hi);
      }
      if (!found) return kNaN;
      for (int it = 0; it < 40 && hi - lo > 1e-5 * hi; ++it) {
        const double mid = 0.5 * (lo + hi);
        (depletes(mid) ? hi : lo) = mid;
      }
      return 0.5 * (lo + hi);
    } catch (const SolverError& e) {
      std::fprintf(stderr, "cellsim: critical-current onset not determined: %s\n", e.what());
      return kNaN;
    }
  }

  InputNode ex_;
  double beta_, frac_, from_, step_, to_, each_;
};

}  // namespace

std::unique_ptr<Experiment> makeCriticalCurrent(const InputNode& node) { return std::make_unique<CriticalCurrent>(node); }

}  // namespace experiment_support
}  // namespace cellsim
