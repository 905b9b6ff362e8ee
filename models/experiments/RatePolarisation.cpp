// Rate polarisation of a Li | separator | Li cell: plating then stripping back at each of a
// list of currents; the figure is |V| at the end of each plating half-cycle. A nucleation
// overpotential may be given for this experiment (first plating on fresh foils).
#include <cmath>
#include <limits>

#include "models/experiments/ExperimentSupport.hpp"

namespace cellsim {
namespace experiment_support {

namespace {

class RatePolarisation : public Experiment {
 public:
  explicit RatePolarisation(const InputNode& ex) : ex_(ex) {
    ex.allowOnly({"type", "currents", "half_cycle", "nucleation_overpotential", "note"});
    half_ = ex.quantity("half_cycle", "s", Range::positive());
    for (const auto& c : ex["currents"].elements()) currents_.push_back(c.asQuantity("A/m2", Range::positive()));
    if (currents_.empty()) ex["currents"].fail("give at least one current density");
    if (ex.has("nucleation_overpotential"))
      nucleation_V_ = ex.quantity("nucleation_overpotential", "V", Range::nonNegative());
  }

  void adaptCell(CellDesign& cell) const override {
    if (nucleation_V_ < 0) return;
    for (ElectrodeDesign* e : {&cell.negative, &cell.positive}) {
      if (!e->foil()) ex_["nucleation_overpotential"].fail("a nucleation overpotential needs lithium-metal electrodes");
      e->kinetics().nucleation_overpotential_V = nucleation_V_;
    }
  }

  CaseOutcome run(CellModel& model, const SimulationOptions& options) const override {
    requireFoils(model.design(), ex_, "the rate-polarisation experiment");
    Protocol p;
    ProtocolBlock b;
    for (double i : currents_) {
      b.steps.push_back(timedStep(Step::Control::Current, i, half_, "Discharge at " + currentLabel(i) + " (plate)"));
      b.steps.push_back(timedStep(Step::Control::Current, -i, half_, "Charge at " + currentLabel(i) + " (strip back)"));
    }
    p.blocks.push_back(b);
    CaseOutcome out;
    out.sim = runProtocol(model, p, options);
    // A run that stopped early (a limit of the cell) reports only the currents it reached.
    for (size_t k = 0; k < currents_.size(); ++k) {
      const bool reached = 2 * k < out.sim.steps.size() && out.sim.steps[2 * k].ended_by == "duration";
      out.figures.push_back({"rate_polarisation_mV", currentLabel(currents_[k]),
                             reached ? 1e3 * std::abs(out.sim.steps[2 * k].v_end_V)
                                     : std::numeric_limits<double>::quiet_NaN(),
                             "mV"});
    }
    return out;
  }

 private:
  InputNode ex_;
  double half_;
  std::vector<double> currents_;
  double nucleation_V_ = -1;  //!< < 0: not given
};

}  // namespace

std::unique_ptr<Experiment> makeRatePolarisation(const InputNode& node) {
  return std::make_unique<RatePolarisation>(node);
}

}  // namespace experiment_support
}  // namespace cellsim
