// Rate capability of a full cell, as a cycling lab runs it: at each C-rate, CC-CV charge to
// the upper cut-off (hold until a taper current), then discharge to the lower cut-off; after
// the last rate, back to a recovery rate. Figures: the discharge capacity of the first cycle
// at each rate in mAh/g of the positive active material (and mAh/m2), the recovered capacity
// and the retention at the highest rate.
#include <cmath>
#include <limits>

#include "models/experiments/ExperimentSupport.hpp"

namespace cellsim {
namespace experiment_support {

namespace {

class RateCapability : public Experiment {
 public:
  explicit RateCapability(const InputNode& ex) : ex_(ex) {
    ex.allowOnly({"type", "rates", "cycles_per_rate", "charge_rate", "taper", "lower", "upper", "recovery", "note"});
    for (const auto& r : ex["rates"].elements()) rates_.push_back(r.asString());
    if (rates_.empty()) ex["rates"].fail("give at least one C-rate, e.g. [0.1C, 1C, 4C]");
    cycles_ = ex.has("cycles_per_rate") ? ex["cycles_per_rate"].asInt({1, 100, true, true}) : 1;
    charge_rate_ = ex.stringOr("charge_rate", "same");
    taper_ = ex.stringOr("taper", "C/20");
    lower_ = ex.quantity("lower", "V", Range::positive());
    upper_ = ex.quantity("upper", "V", Range::positive());
    if (!(lower_ < upper_)) ex["upper"].fail("the upper cut-off must lie above the lower one");
    recovery_ = ex.stringOr("recovery", "");
    // Read every step now, so that a malformed rate is an error at load time.
    for (const auto& r : rates_) cycleSteps(r);
    if (!recovery_.empty()) cycleSteps(recovery_);
  }

  CaseOutcome run(CellModel& model, const SimulationOptions& options) const override {
    const CellDesign& d = model.design();
    if (d.one_C_A_m2 <= 0) ex_.fail("the rate-capability experiment needs the cell's 'one_C'");
    if (d.positiveActiveMass_kg_m2() <= 0)
      ex_.fail("the rate-capability experiment reports mAh/g: the positive electrode needs a loading or a density");
    Protocol p;
    for (const auto& r : rates_) p.blocks.push_back({cycleSteps(r), cycles_});
    if (!recovery_.empty()) p.blocks.push_back({cycleSteps(recovery_), 1});
    CaseOutcome out;
    out.sim = runProtocol(model, p, options);
    out.figures = figures(out.sim, 1e3 * d.positiveActiveMass_kg_m2());
    return out;
  }

 private:
  std::string volts(double V) const {
    std::ostringstream os;
    os << V << " V";
    return os.str();
  }

  //! One cycle: CC charge, CV hold to the taper current, discharge at `rate`.
  std::vector<Step> cycleSteps(const std::string& rate) const {
    const std::string charge = charge_rate_ == "same" ? rate : charge_rate_;
    return {parseStepSentence("Charge at " + charge + " until " + volts(upper_), ex_),
            parseStepSentence("Hold at " + volts(upper_) + " until " + taper_, ex_),
            parseStepSentence("Discharge at " + rate + " until " + volts(lower_), ex_)};
  }

  //! Discharge capacity of the first cycle of each block (the third step of the cycle).
  std::vector<Figure> figures(const SimulationResult& sim, double mass_g_m2) const {
    std::vector<Figure> f;
    auto discharge = [&](int block) {
      for (const auto& s : sim.steps)
        if (s.block == block && s.cycle == 1 && s.charge_C_m2 > 0 && s.text.rfind("Discharge", 0) == 0)
          return s.charge_C_m2 / 3.6;  // mAh/m2
      return std::numeric_limits<double>::quiet_NaN();
    };
    for (size_t k = 0; k < rates_.size(); ++k) {
      const double q = discharge(static_cast<int>(k) + 1);
      f.push_back({"rate_capacity_mAh_g", rates_[k], q / mass_g_m2, "mAh/g"});
      f.push_back({"rate_capacity_mAh_m2", rates_[k], q, "mAh/m2"});
    }
    // The recovery cycle's number says how much cycling (and ageing) came before it.
    const std::string at_cycle = recovery_ + ", cycle " + std::to_string(cycles_ * static_cast<int>(rates_.size()) + 1);
    if (!recovery_.empty())
      f.push_back({"recovered_capacity_mAh_g", at_cycle, discharge(static_cast<int>(rates_.size()) + 1) / mass_g_m2,
                   "mAh/g"});
    f.push_back({"rate_capacity_retention", rates_.back() + "/" + rates_.front(),
                 discharge(static_cast<int>(rates_.size())) / discharge(1), ""});
    return f;
  }

  InputNode ex_;
  std::vector<std::string> rates_;
  int cycles_;
  std::string charge_rate_, taper_, recovery_;
  double lower_, upper_;
};

}  // namespace

std::unique_ptr<Experiment> makeRateCapability(const InputNode& node) { return std::make_unique<RateCapability>(node); }

}  // namespace experiment_support
}  // namespace cellsim
