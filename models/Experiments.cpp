#include "Experiments.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

#include "Constants.hpp"
#include "core/output/OutputFiles.hpp"

#include "core/input/Text.hpp"

namespace cellsim {

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

Step makeStep(Step::Control control, double value, double duration_s, const std::string& text) {
  Step s;
  s.control = control;
  if (control == Step::Control::Current) s.current = {CurrentSpec::Kind::Density, value};
  if (control == Step::Control::Voltage) s.voltage_V = value;
  StepLimit lim;
  lim.kind = StepLimit::Kind::Duration;
  lim.value = duration_s;
  s.limits.push_back(lim);
  s.text = text;
  return s;
}

void requireFoils(const CellModel& model, const InputNode& where, const std::string& what) {
  if (!model.design().negative.isFoil() || !model.design().positive.isFoil())
    where.fail(what + " needs a Li | separator | Li cell: both electrodes of type lithium_metal");
}

std::string mV(double V) {
  std::ostringstream os;
  os << V * 1e3 << " mV";
  return os.str();
}

// --- Bruce–Vincent -------------------------------------------------------------------
struct BruceVincentSpec {
  double dV, duration;
};
BruceVincentSpec parseBruceVincent(const InputNode& ex) {
  ex.allowOnly({"type", "step", "duration", "note"});
  return {ex.quantity("step", "V", Range::positive()), ex.quantity("duration", "s", Range::positive())};
}

CaseOutcome bruceVincent(CaseRecipe& r, CellModel& model, const InputNode& ex) {
  requireFoils(model, ex, "the Bruce–Vincent experiment");
  const auto [dV, duration] = parseBruceVincent(ex);
  Protocol p;
  p.blocks.push_back({{makeStep(Step::Control::Voltage, -dV, duration, "Hold at " + mV(-dV) + " for " +
                                                                           std::to_string(duration) + " s")},
                      1});
  CaseOutcome out;
  out.sim = runProtocol(model, p, r.options);
  const auto& rows = out.sim.rows;
  const double I0 = rows.front().current_A_m2;  // right after the step, concentrations still uniform
  const double Iss = rows.back().current_A_m2;
  // Steady state must have been reached, or the figure is meaningless.
  double i_before = Iss;
  for (const auto& row : rows)
    if (row.time_s <= 0.9 * duration) i_before = row.current_A_m2;
  if (std::abs(i_before - Iss) > 1e-3 * std::abs(Iss))
    ex["duration"].fail("the current is still changing at the end of the step (" + std::to_string(i_before) + " -> " +
                        std::to_string(Iss) + " A/m2 over the last 10 %); hold longer");
  // Small-signal interfacial resistances, as an experimenter reads them from impedance
  // spectra before the step (equilibrium) and at steady state.
  const auto& d = model.design();
  const double T = d.temperature_K, c0 = d.electrolyte.initial_concentration_mol_m3;
  const double* y = out.sim.final_state.data();
  const double R0 = d.negative.foil->interfacialResistance(0.0, c0, T) + d.positive.foil->interfacialResistance(0.0, c0, T);
  const double Rss = d.negative.foil->interfacialResistance(model.foilInterfaceCurrent(y, 0), model.foilSurfaceConcentration(y, 0), T) +
                     d.positive.foil->interfacialResistance(model.foilInterfaceCurrent(y, 1), model.foilSurfaceConcentration(y, 1), T);
  const double rho = Iss * (dV - I0 * R0) / (I0 * (dV - Iss * Rss));
  const std::string cond = mV(dV);
  out.figures = {{"bruce_vincent_rho_plus", cond, rho, ""},
                 {"bruce_vincent_initial_current_mA_cm2", cond, I0 / 10.0, "mA/cm2"},
                 {"bruce_vincent_steady_current_mA_cm2", cond, Iss / 10.0, "mA/cm2"},
                 {"bruce_vincent_R0_ohm_cm2", cond, R0 * 1e4, "ohm cm2"},
                 {"bruce_vincent_Rss_ohm_cm2", cond, Rss * 1e4, "ohm cm2"}};
  return out;
}

// --- Rate polarisation ---------------------------------------------------------------
struct RateSpec {
  double half;
  std::vector<double> currents;
};
RateSpec parseRate(const InputNode& ex) {
  ex.allowOnly({"type", "currents", "half_cycle", "nucleation_overpotential", "note"});
  RateSpec spec;
  spec.half = ex.quantity("half_cycle", "s", Range::positive());
  for (const auto& c : ex["currents"].elements()) spec.currents.push_back(c.asQuantity("A/m2", Range::positive()));
  if (spec.currents.empty()) ex["currents"].fail("give at least one current density");
  return spec;
}

CaseOutcome ratePolarisation(CaseRecipe& r, CellModel& model, const InputNode& ex) {
  requireFoils(model, ex, "the rate-polarisation experiment");
  const RateSpec spec = parseRate(ex);
  const double half = spec.half;
  const std::vector<double>& currents = spec.currents;
  Protocol p;
  ProtocolBlock b;
  for (double i : currents) {
    b.steps.push_back(makeStep(Step::Control::Current, i, half, "Discharge at " + currentLabel(i) + " (plate)"));
    b.steps.push_back(makeStep(Step::Control::Current, -i, half, "Charge at " + currentLabel(i) + " (strip back)"));
  }
  p.blocks.push_back(b);
  CaseOutcome out;
  out.sim = runProtocol(model, p, r.options);
  // A run that stopped early (a limit of the cell) reports only the currents it reached.
  for (size_t k = 0; k < currents.size(); ++k) {
    const bool reached = 2 * k < out.sim.steps.size() && out.sim.steps[2 * k].ended_by == "duration";
    out.figures.push_back({"rate_polarisation_mV", currentLabel(currents[k]),
                           reached ? 1e3 * std::abs(out.sim.steps[2 * k].v_end_V) : kNaN, "mV"});
  }
  return out;
}

// --- Critical current density --------------------------------------------------------
struct CcdSpec {
  double beta, frac, from, step, to, each;
};
CcdSpec parseCcd(const InputNode& ex) {
  ex.allowOnly({"type", "criterion", "staircase", "note"});
  const InputNode crit = ex["criterion"].referenced();
  crit.allowOnly({"name", "note", "source", "hot_spot_factor", "depletion_fraction"});
  CcdSpec c;
  c.beta = crit.number("hot_spot_factor", {1.0, 1000.0, true, true});
  c.frac = crit.numberOr("depletion_fraction", 1e-3, {1e-9, 0.5, false, true});
  const InputNode sc = ex["staircase"];
  sc.allowOnly({"from", "step", "to", "each"});
  c.from = sc.quantity("from", "A/m2", Range::positive());
  c.step = sc.quantity("step", "A/m2", Range::positive());
  c.to = sc.quantity("to", "A/m2", Range::positive());
  c.each = sc.quantity("each", "s", Range::positive());
  if (c.to < c.from) sc["to"].fail("the staircase ends below where it starts ('from' > 'to')");
  if ((c.to - c.from) / c.step > 10000) sc["step"].fail("the staircase has more than 10000 levels; use a larger step");
  return c;
}

CaseOutcome criticalCurrent(CaseRecipe& r, CellModel& model, const InputNode& ex) {
  requireFoils(model, ex, "the critical-current experiment");
  const auto [beta, frac, from, step, to, each] = parseCcd(ex);
  const double c0 = model.design().electrolyte.initial_concentration_mol_m3;

  SimulationOptions opt = r.options;
  opt.stop_on_depletion = true;
  opt.depletion_threshold_mol_m3 = frac * c0;

  // The staircase as run on the cell, with the hot-spot column carrying beta_h times the
  // mean current density: plate then strip at each level until the surface depletes.
  Protocol p;
  ProtocolBlock b;
  const int levels = static_cast<int>(std::floor((to - from) / step + 1e-9)) + 1;
  for (int k = 0; k < levels; ++k) {
    const double i = from + k * step;
    b.steps.push_back(makeStep(Step::Control::Current, beta * i, each, "Discharge at " + currentLabel(i) + " (hot spot x" +
                                                                         std::to_string(beta) + ")"));
    b.steps.push_back(makeStep(Step::Control::Current, -beta * i, each, "Charge at " + currentLabel(i)));
  }
  p.blocks.push_back(b);
  CaseOutcome out;
  out.sim = runProtocol(model, p, opt);
  double ccd = kNaN;
  if (out.sim.stopped_early) {
    const int failed_step = out.sim.steps.back().index - 1;  // 0-based step in the staircase
    ccd = from + (failed_step / 2) * step;
  }

  // Continuous onset: the largest current the hot spot carries indefinitely, found by
  // bisection on a long plating step (20 diffusion times of the separator).
  double L = 0, tdiff = 0;
  for (const auto& layer : model.design().separator) L += layer.thickness_m;
  {
    const double args[2] = {c0, model.design().temperature_K};
    const double D = model.design().electrolyte.diffusivity_m2_s(args);
    for (const auto& layer : model.design().separator)
      tdiff = std::max(tdiff, L * L * layer.porosity / (D * layer.tortuosity.transportFactor(layer.porosity)));
  }
  SimulationOptions quiet = opt;
  quiet.progress = nullptr;
  quiet.profile_times_s.clear();
  quiet.record_interval_s = 1e30;
  auto depletes = [&](double i_mean) {
    CellModel m(model.design());
    Protocol q;
    q.blocks.push_back({{makeStep(Step::Control::Current, beta * i_mean, 20 * tdiff, "onset probe")}, 1});
    try {
      return runProtocol(m, q, quiet).stopped_early;
    } catch (const SolverError& e) {
      throw SolverError("critical-current onset probe at " + currentLabel(i_mean) + ": " + e.what());
    }
  };
  // Bracket the onset by doubling up to 100x the staircase's top level; a cell that never
  // depletes there (or whose probe fails) has no onset to report, but keeps its staircase.
  double lo = 0.0, hi = from, onset = kNaN;
  try {
    bool found = depletes(hi);
    while (!found && hi < 100 * to) {
      lo = hi;
      hi *= 2;
      found = depletes(hi);
    }
    if (found) {
      for (int it = 0; it < 40 && hi - lo > 1e-5 * hi; ++it) {
        const double mid = 0.5 * (lo + hi);
        (depletes(mid) ? hi : lo) = mid;
      }
      onset = 0.5 * (lo + hi);
    }
  } catch (const SolverError& e) {
    std::fprintf(stderr, "cellsim: critical-current onset not determined: %s\n", e.what());
  }
  out.figures = {{"critical_current_density_mA_cm2", "staircase", ccd / 10.0, "mA/cm2"},
                 {"critical_current_density_onset_mA_cm2", "", onset / 10.0, "mA/cm2"},
                 {"limiting_current_mA_cm2", "hot spot column", beta * onset / 10.0, "mA/cm2"},
                 {"hot_spot_factor", "", beta, ""}};
  return out;
}

// --- Plain protocol ------------------------------------------------------------------
CaseOutcome protocolRun(CaseRecipe& r, CellModel& model) {
  CaseOutcome out;
  out.sim = runProtocol(model, r.protocol, r.options);
  const auto& d = model.design();
  if (d.negative.isFoil() && d.positive.isFoil() && !out.sim.steps.empty()) {
    // Symmetric cells: polarisation of the first and last half-cycles that passed current.
    const StepResult* first = nullptr;
    const StepResult* last = nullptr;
    for (const auto& s : out.sim.steps)
      if (std::abs(s.charge_C_m2) > 0) {
        if (!first) first = &s;
        last = &s;
      }
    if (first) {
      out.figures.push_back({"overpotential_first_half_cycle_mV", "", 1e3 * std::abs(first->v_end_V), "mV"});
      out.figures.push_back({"overpotential_last_half_cycle_mV", "", 1e3 * std::abs(last->v_end_V), "mV"});
    }
  } else if (!out.sim.steps.empty()) {
    double q = 0;
    for (const auto& s : out.sim.steps)
      if (s.charge_C_m2 > 0) q = s.charge_C_m2;
    out.figures.push_back({"last_discharge_capacity_mAh_m2", "", q / 3.6, "mAh/m2"});
  }
  return out;
}

}  // namespace

void checkExperiment(const InputNode& ex) {
  const std::string type = ex.string("type");
  if (type == "bruce_vincent") parseBruceVincent(ex);
  else if (type == "rate_polarisation") parseRate(ex);
  else if (type == "critical_current") parseCcd(ex);
  else {
    const std::string guess = closestMatch(type, {"bruce_vincent", "rate_polarisation", "critical_current"});
    ex["type"].fail("unknown experiment '" + type + "'; expected bruce_vincent, rate_polarisation or critical_current" +
                    (guess.empty() ? "" : " (did you mean '" + guess + "'?)"));
  }
}

std::string currentLabel(double A_m2) {
  std::ostringstream os;
  os << A_m2 / 10.0 << " mA/cm2";
  return os.str();
}

CaseOutcome runCase(CaseRecipe& recipe, CellModel& model) {
  if (!recipe.experiment) return protocolRun(recipe, model);
  const InputNode& ex = *recipe.experiment;
  const std::string type = ex.string("type");
  if (type == "bruce_vincent") return bruceVincent(recipe, model, ex);
  if (type == "rate_polarisation") return ratePolarisation(recipe, model, ex);
  if (type == "critical_current") return criticalCurrent(recipe, model, ex);
  const std::string guess = closestMatch(type, {"bruce_vincent", "rate_polarisation", "critical_current"});
  ex["type"].fail("unknown experiment '" + type + "'; expected bruce_vincent, rate_polarisation or critical_current" +
                  (guess.empty() ? "" : " (did you mean '" + guess + "'?)"));
}

std::string figuresJson(const std::vector<Figure>& figures) {
  std::ostringstream os;
  os << "[";
  for (size_t i = 0; i < figures.size(); ++i) {
    const auto& f = figures[i];
    os << (i ? "," : "") << "\n    {\"name\": " << jsonString(f.name) << ", \"condition\": " << jsonString(f.condition)
       << ", \"value\": " << jsonNumber(f.value) << ", \"unit\": " << jsonString(f.unit) << "}";
  }
  os << "\n  ]";
  return os.str();
}

}  // namespace cellsim
