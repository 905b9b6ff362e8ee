// Bruce–Vincent transference number (Evans, Vincent & Bruce, Polymer 28, 2324 (1987)): a
// potentiostatic step dV on a Li | separator | Li cell,
//   rho+ = I_ss (dV - I0 R0) / [I0 (dV - I_ss R_ss)],
// with I0 the current right after the step, I_ss at steady state, and R0, R_ss the
// small-signal interfacial resistances at equilibrium and at steady state (what an
// experimenter reads from impedance spectra before and after).
#include <cmath>

#include "models/cell/LithiumFoil.hpp"
#include "models/experiments/ExperimentSupport.hpp"

namespace cellsim {
namespace experiment_support {

namespace {

const char* const kI0Definition =
    "the current at t = 0+: the consistent state right after the step, every concentration still at its value "
    "before it and the double-layer and film capacitances charged (left out of the experiment's cell); the mesh "
    "is graded to 20 nm at the foils so that the first volume's concentration step is negligible";

class BruceVincent : public Experiment {
 public:
  explicit BruceVincent(const InputNode& ex) : ex_(ex) {
    ex.allowOnly({"type", "step", "duration", "note"});
    dV_ = ex.quantity("step", "V", Range::positive());
    duration_ = ex.quantity("duration", "s", Range::positive());
  }

  //! The analysis reads I0 once the interfaces have relaxed and before concentration
  //! gradients form. Double layers and film capacitances charge in under a millisecond,
  //! the electrolyte polarises over seconds: the experiment's cell leaves the capacitances
  //! out so that its first record is exactly that state (the steady state is the same).
  void adaptCell(CellDesign& cell) const override {
    for (ElectrodeDesign* e : {&cell.negative, &cell.positive})
      if (e->foil()) {
        e->foil()->kinetics.double_layer_capacitance_F_m2 = 0.0;
        e->foil()->kinetics.film_capacitance_F_m2 = 0.0;
      }
  }

  CaseOutcome run(CellModel& model, const SimulationOptions& options) const override {
    requireFoils(model.design(), ex_, "the Bruce–Vincent experiment");
    Protocol p;
    p.blocks.push_back(
        {{timedStep(Step::Control::Voltage, -dV_, duration_, "Hold at " + mV(-dV_) + " for " + std::to_string(duration_) + " s")},
         1});
    CaseOutcome out;
    out.sim = runProtocol(model, p, options);
    const auto& rows = out.sim.rows;
    const double I0 = rows.front().current_A_m2;  // the consistent state at t = 0+
    const double Iss = rows.back().current_A_m2;
    checkSteady(rows, Iss);
    const auto [R0, Rss] = interfacialResistances(model, out.sim.final_state.data());
    const double rho = Iss * (dV_ - I0 * R0) / (I0 * (dV_ - Iss * Rss));
    const std::string cond = mV(dV_);
    out.figures = {{"bruce_vincent_rho_plus", cond, rho, "",
                    "I_ss (dV - I0 R0) / (I0 (dV - I_ss R_ss)), I0 at t = 0+, R0 and R_ss the interfaces' small-signal "
                    "resistances at equilibrium and at the end of the step"},
                   {"bruce_vincent_initial_current_mA_cm2", cond, I0 / 10.0, "mA/cm2", kI0Definition},
                   {"bruce_vincent_steady_current_mA_cm2", cond, Iss / 10.0, "mA/cm2"},
                   {"bruce_vincent_R0_ohm_cm2", cond, R0 * 1e4, "ohm cm2"},
                   {"bruce_vincent_Rss_ohm_cm2", cond, Rss * 1e4, "ohm cm2"}};
    return out;
  }

 private:
  //! Steady state must have been reached, or the figure is meaningless.
  void checkSteady(const std::vector<TimeRow>& rows, double Iss) const {
    double i_before = Iss;
    for (const auto& row : rows)
      if (row.time_s <= 0.9 * duration_) i_before = row.current_A_m2;
    if (std::abs(i_before - Iss) > 1e-3 * std::abs(Iss))
      ex_["duration"].fail("the current is still changing at the end of the step (" + std::to_string(i_before) + " -> " +
                           std::to_string(Iss) + " A/m2 over the last 10 %); hold longer");
  }

  //! R0 at equilibrium (initial concentration, no current) and R_ss at the final state.
  static std::pair<double, double> interfacialResistances(const CellModel& model, const double* y) {
    const double T = model.design().temperature_K, c0 = model.design().electrolyte.initial_concentration_mol_m3;
    double R0 = 0, Rss = 0;
    for (End end : {End::Left, End::Right}) {
      const LithiumFoil& f = *model.foil(end);
      R0 += f.interfacialResistance(0.0, c0, T);
      Rss += f.interfacialResistance(f.anodicCurrent(y), f.surfaceConcentration(y), T);
    }
    return {R0, Rss};
  }

  InputNode ex_;
  double dV_, duration_;
};

}  // namespace

std::unique_ptr<Experiment> makeBruceVincent(const InputNode& node) { return std::make_unique<BruceVincent>(node); }

}  // namespace experiment_support
}  // namespace cellsim
