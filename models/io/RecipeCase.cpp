// Reading a case: the cell (electrodes, separator, electrolyte), the mesh, the protocol or
// experiment, solver settings and outputs.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "core/input/PhysicalConstants.hpp"
#include "models/physics/LimitingCurrent.hpp"

#include "core/input/Units.hpp"
#include "models/io/Recipe.hpp"
#include "models/io/RecipeReaders.hpp"
#include "models/simulation/Plausibility.hpp"

namespace cellsim {

namespace {

// The default mesh: graded towards every lithium foil so that the figures that depend on the
// thin boundary layer right after a step (Bruce–Vincent I0, Sand's time) are mesh-converged
// (chosen on the closed-form cases and the work-precision sweep, issue 10).
constexpr double kDefaultGrading = 1.15;
constexpr double kDefaultFirstVolumeAtFoil_m = 20e-9;
constexpr double kDefaultFirstVolumeAtInterface_m = 20e-9;

//! The outermost separator layers set the desolvation barrier of the electrode surfaces they
//! face; that surface must have a desolvation model for it to mean anything.
void applyFacingLayers(CellDesign& d, const recipe::SeparatorInput& sep) {
  for (End end : {End::Left, End::Right}) {
    const size_t k = end == End::Left ? 0 : sep.layers.size() - 1;
    const SeparatorLayer& L = sep.layers[k];
    if (!L.desolvation_barrier_eV) continue;
    ElectrodeDesign& e = end == End::Left ? d.negative : d.positive;
    Desolvation& s = e.kinetics().desolvation;
    if (s.model == Desolvation::Model::None)
      sep.barrier_nodes[k]->fail("layer '" + L.name + "' sets a desolvation barrier, but the " + endName(end) +
                                 " electrode surface it faces has no desolvation model (add desolvation: {model: "
                                 "scaled_exchange_current, ...} to its material" +
                                 (e.porous() ? "'s kinetics)" : ")"));
    s.barrier_eV = *L.desolvation_barrier_eV;
  }
}

//! 1C as a current density, a capacity per area (delivered in one hour) or a specific
//! capacity of the positive active material. The capacity between the initial and the fully
//! (de)lithiated states is not well defined in general, so it must be given.
double readOneC(const InputNode& n, const CellDesign& d) {
  const std::string text = n.asString();
  try {
    (void)units::parse(text);  // an unknown or malformed unit says so itself
  } catch (const units::UnitError& e) {
    n.fail(e.what());
  }
  for (const char* unit : {"A/m2", "C/m2", "C/kg"}) {
    double v = 0;
    try {
      v = units::toSI(text, unit, false);
    } catch (const units::UnitError&) {
      continue;
    }
    if (!(v > 0)) n.fail("one_C must be positive, got '" + text + "'");
    if (std::string(unit) == "A/m2") return v;
    if (std::string(unit) == "C/m2") return v / 3600.0;
    const double mass = d.positiveActiveMass_kg_m2();
    if (mass <= 0)
      n.fail("one_C in mAh/g needs the active mass of the positive electrode: a porous positive electrode with a "
             "'loading', or a material 'density'");
    return v * mass / 3600.0;
  }
  n.fail("expected 1C as a current density ('24 A/m2'), a capacity per area ('2.4 mAh/cm2') or a specific capacity "
         "of the positive active material ('220 mAh/g'), got '" + text + "'");
}

void readSolver(const InputNode& root, SimulationOptions& options) {
  auto solver = root.optional("solver");
  if (!solver) return;
  solver->allowOnly({"rtol", "max_step", "max_order"});
  options.solver.rtol = solver->numberOr("rtol", 1e-6, {1e-12, 1e-2, true, true});
  options.solver.max_step_s = solver->quantityOr("max_step", "s", 0.0, Range::nonNegative());
  options.solver.max_order = solver->has("max_order") ? (*solver)["max_order"].asInt({1, 5, true, true}) : 5;
}

void readOutput(const InputNode& root, CaseRecipe& r) {
  auto out = root.optional("output");
  if (!out) return;
  out->allowOnly({"profile_times", "record_interval", "drt_regularisation", "drt_points_per_decade"});
  if (auto pt = out->optional("profile_times"))
    for (const auto& e : pt->elements()) r.options.profile_times_s.push_back(e.asQuantity("s", Range::nonNegative()));
  r.options.record_interval_s = out->quantityOr("record_interval", "s", 0.0, Range::nonNegative());
  // The DRT of EIS steps: regularisation 'auto' (generalised cross-validation) or a number.
  if (auto reg = out->optional("drt_regularisation")) {
    const std::string text = reg->isScalar() ? reg->asString() : "";
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (text == "auto") {
      r.options.drt.lambda = 0.0;
    } else if (text.empty() || *end != '\0' || !(value > 0)) {
      reg->fail("expected 'auto' (chosen by generalised cross-validation) or a positive number such as 1e-3, got '" +
                text + "'");
    } else {
      r.options.drt.lambda = out->number("drt_regularisation", {1e-12, 1e3, true, true});
    }
  }
  if (out->has("drt_points_per_decade"))
    r.options.drt.points_per_decade = (*out)["drt_points_per_decade"].asInt({2, 100, true, true});
}

//! `cycle_jumping: {enabled: true, output_every: 10, tolerance: 2e-3, warmup_cycles: 2}`.
void readCycleJumping(const InputNode& root, CaseRecipe& r) {
  auto c = root.optional("cycle_jumping");
  if (!c) return;
  c->allowOnly({"enabled", "output_every", "tolerance", "warmup_cycles", "fallback_cycles", "note"});
  CycleJumpingOptions& j = r.options.jumping;
  j.enabled = c->has("enabled") ? (*c)["enabled"].asBool() : true;
  if (c->has("output_every")) j.output_every = (*c)["output_every"].asInt({1, 100000, true, true});
  j.tolerance = c->numberOr("tolerance", j.tolerance, {1e-8, 0.5, true, true});
  if (c->has("warmup_cycles")) j.warmup_cycles = (*c)["warmup_cycles"].asInt({1, 1000, true, true});
  if (c->has("fallback_cycles")) j.fallback_cycles = (*c)["fallback_cycles"].asInt({1, 1000, true, true});
}

//! `safety: {on_depletion: stop|continue, depletion_fraction: 1e-3}`: what happens when the
//! electrolyte at a lithium surface depletes (Sand's time).
void readSafety(const InputNode& root, CellDesign& cell) {
  auto s = root.optional("safety");
  if (!s) return;
  s->allowOnly({"on_depletion", "depletion_fraction", "note"});
  if (auto on = s->optional("on_depletion")) {
    const std::string what = on->asString();
    if (what != "stop" && what != "continue") on->fail("on_depletion is 'stop' (the default) or 'continue' (with a warning)");
    cell.depletion.stop = what == "stop";
  }
  cell.depletion.fraction = s->numberOr("depletion_fraction", cell.depletion.fraction, {1e-9, 0.5, false, true});
}

//! The critical current density a foil's `dendrite_onset` criterion gives for this cell: the
//! steady limiting current across the separator (models/physics/LimitingCurrent.hpp, with the
//! electrolyte's D(c) at the cell temperature) over the hot-spot factor (PHYSICS-NOTES 4.4).
void estimateCriticalCurrent(const InputNode& electrode, LithiumFoilDesign& foil, const CellDesign& d, End end) {
  auto c = electrode.optional("dendrite_onset");
  if (!c) return;
  const InputNode crit = c->referenced();
  crit.allowOnly({"name", "note", "source", "hot_spot_factor", "depletion_fraction"});
  const double beta = crit.number("hot_spot_factor", {1.0, 1000.0, true, true});
  const double c0 = d.electrolyte.initial_concentration_mol_m3;
  const double T = d.temperature_K, args[2] = {c0, T};
  const double t_bulk = d.electrolyte.transference_number(args);
  std::vector<TransportLayer> layers;
  for (const auto& L : d.separator)
    layers.push_back({L.thickness_m, L.porosity, L.tortuosity.transportFactor(L.porosity),
                      L.transference_number.value_or(t_bulk)});
  if (end == End::Right) std::reverse(layers.begin(), layers.end());  // from this (plating) surface outward
  auto D = [&d, T](double c) {
    const double a[2] = {c, T};
    return d.electrolyte.diffusivity_m2_s(a);
  };
  const double i_lim = limitingCurrent(D, c0, layers);
  if (!std::isfinite(i_lim)) return;  // the electrolyte's D(c) does not allow an estimate here
  foil.critical_current_A_m2 = i_lim / beta;
  std::ostringstream os;
  os << "limiting current " << i_lim / 10.0 << " mA/cm2 across the separator / hot-spot factor " << beta << " of "
     << crit.file();
  foil.critical_current_basis = os.str();
}

//! C-rates need the cell's 1C.
void checkCRates(const CaseRecipe& r) {
  for (const auto& b : r.protocol.blocks)
    for (const auto& s : b.steps) {
      bool crate = s.current.kind == CurrentSpec::Kind::CRate;
      for (const auto& L : s.limits)
        crate = crate || (L.kind == StepLimit::Kind::CurrentBelow && L.current.kind == CurrentSpec::Kind::CRate);
      if (crate && r.cell.one_C_A_m2 <= 0)
        throw InputError(s.file, s.line, "protocol",
                         "step '" + s.text + "' uses a C-rate but the cell has no 'one_C' (e.g. one_C: 24 A/m2)");
    }
}

//! A protocol of more steps than `limits: {max_steps: N}` (default 1e6: the longest paper case
//! has 1,500) is a mistake more often than a plan: stop at load time with the number.
void checkProtocolLength(const InputNode& root, const Protocol& p) {
  double max_steps = 1e6;
  if (auto l = root.optional("limits")) {
    l->allowOnly({"max_steps", "note"});
    max_steps = l->numberOr("max_steps", max_steps, {1.0, 1e12, true, true});
  }
  const long long steps = p.expandedSteps();
  if (static_cast<double>(steps) > max_steps)
    root["protocol"].fail("the protocol expands to " + std::to_string(steps) + " steps, more than the limit of " +
                          std::to_string(static_cast<long long>(max_steps)) +
                          "; raise it with 'limits: {max_steps: N}' if this is meant");
}

//! The open-circuit voltages an electrode can have within its OCP's stated stoichiometry range
//! at the cell temperature ({0, 0} for lithium metal); nullopt if no range is stated.
std::optional<std::pair<double, double>> ocpWindow(const ElectrodeDesign& e, double T) {
  const PorousElectrodeDesign* p = e.porous();
  if (!p) return std::make_pair(0.0, 0.0);
  const auto [lo, hi] = p->ocp_V.validRange(0);
  if (!std::isfinite(lo) || !std::isfinite(hi)) return std::nullopt;
  double u_min = 1e300, u_max = -1e300;
  for (int i = 0; i <= 400; ++i) {
    const double u = p->ocp_V({lo + (hi - lo) * i / 400.0, T});
    u_min = std::min(u_min, u);
    u_max = std::max(u_max, u);
  }
  return std::make_pair(u_min, u_max);
}

//! A hold beyond every open-circuit voltage the electrodes can reach within their OCP tables
//! never relaxes: its current drives a host out of its table until the solver fails. Known
//! before any solving, so refused here.
void checkHoldVoltages(const CaseRecipe& r) {
  const auto neg = ocpWindow(r.cell.negative, r.cell.temperature_K);
  const auto pos = ocpWindow(r.cell.positive, r.cell.temperature_K);
  if (!neg || !pos || !(r.cell.negative.porous() || r.cell.positive.porous())) return;
  const double v_lo = pos->first - neg->second, v_hi = pos->second - neg->first;
  for (const auto& b : r.protocol.blocks)
    for (const auto& s : b.steps) {
      if (s.control != Step::Control::Voltage || (s.voltage_V >= v_lo && s.voltage_V <= v_hi)) continue;
      const bool above = s.voltage_V > v_hi;
      // The host driven out of its table: the positive above the window, unless it is a foil.
      const ElectrodeDesign* host = above ? &r.cell.positive : &r.cell.negative;
      if (!host->porous()) host = above ? &r.cell.negative : &r.cell.positive;
      const auto [lo, hi] = host->porous()->ocp_V.validRange(0);
      std::ostringstream os;
      os << "step '" << s.text << "': " << s.voltage_V << " V is " << (above ? "above" : "below") << " every open-circuit "
         << "voltage of this cell (" << v_lo << " to " << v_hi << " V at " << r.cell.temperature_K << " K, the "
         << host->porous()->name << " electrode's '" << host->porous()->material << "' OCP being stated for " << lo
         << " <= sto <= " << hi << "): the hold would pull its host's lithium beyond that table";
      throw InputError(s.file, s.line, "protocol", os.str());
    }
}

}  // namespace

CellDesign loadCell(const InputNode& cell, const InputNode& mesh, bool with_ageing) {
  cell.allowOnly({"name", "note", "source", "temperature", "one_C", "area", "negative", "separator", "positive",
                  "electrolyte"});
  mesh.allowOnly({"negative", "separator", "positive", "particle", "grading", "first_volume_at_foil",
                  "first_volume_at_interface", "check"});
  CellDesign d;
  d.name = cell.stringOr("name", "cell");
  d.temperature_K = cell.quantity("temperature", "K", {200.0, 400.0, true, true});
  d.area_m2 = cell.quantityOr("area", "m2", 1.0, Range::positive());
  d.mesh_grading.ratio = mesh.numberOr("grading", kDefaultGrading, {1.0, 2.0, true, true});
  d.mesh_grading.first_at_foil_m = mesh.quantityOr("first_volume_at_foil", "m", kDefaultFirstVolumeAtFoil_m, Range::positive());
  d.mesh_grading.first_at_interface_m =
      mesh.quantityOr("first_volume_at_interface", "m", kDefaultFirstVolumeAtInterface_m, Range::positive());
  d.electrolyte = recipe::readElectrolyte(cell["electrolyte"], d.temperature_K);
  d.negative = recipe::readElectrode(cell["negative"], "negative", mesh, d.temperature_K);
  d.positive = recipe::readElectrode(cell["positive"], "positive", mesh, d.temperature_K);
  const recipe::SeparatorInput sep = recipe::readSeparator(cell["separator"]);
  d.separator = sep.layers;
  applyFacingLayers(d, sep);
  if (auto* f = d.negative.foil()) estimateCriticalCurrent(cell["negative"], *f, d, End::Left);
  if (auto* f = d.positive.foil()) estimateCriticalCurrent(cell["positive"], *f, d, End::Right);
  // Materials carry their ageing laws; a case switches them on (as PyBaMM's SEI options are
  // opt-in), so that the short experiments calibrated on fresh cells stay fresh.
  if (!with_ageing) {
    if (auto* f = d.negative.foil()) f->ageing.reset();
    if (auto* f = d.positive.foil()) f->ageing.reset();
    for (ElectrodeDesign* e : {&d.negative, &d.positive})
      if (auto* p = e->porous()) p->ageing.reset();
  }
  if (auto* f = d.negative.foil()) recipe::completeLithiumAgeing(*f, d, cell["negative"]);
  if (auto* f = d.positive.foil()) recipe::completeLithiumAgeing(*f, d, cell["positive"]);
  for (ElectrodeDesign* e : {&d.negative, &d.positive})
    if (auto* p = e->porous()) recipe::completePorousAgeing(*p, d);
  double total = 0;
  for (const auto& L : d.separator) total += L.thickness_m;
  const int nsep = mesh.has("separator") ? mesh["separator"].asInt({1, 10000, true, true}) : 10;
  for (auto& L : d.separator)
    if (L.volumes == 0) L.volumes = std::max(3, static_cast<int>(std::lround(nsep * L.thickness_m / total)));
  if (cell.has("one_C")) d.one_C_A_m2 = readOneC(cell["one_C"], d);
  return d;
}

CaseRecipe loadCase(const std::string& path, const std::vector<std::string>& overrides,
                    bool require_all_overrides_used, std::set<std::string>* used_overrides) {
  auto ov = std::make_shared<Overrides>();
  for (const auto& s : overrides) ov->add(s);
  CaseRecipe r{path, "", {}, {}, nullptr, {}, InputNode::loadFile(path, ov), ov};
  const InputNode& root = r.root;
  root.allowOnly({"description", "note", "source", "cell", "protocol", "experiment", "mesh", "solver", "output",
                  "safety", "cycle_jumping", "ageing", "set", "limits"});
  // A case may be a variant of the cells and materials it names: its `set:` entries act as
  // --set overrides (the command line still wins), with errors pointing at this file.
  if (auto set = root.optional("set")) {
    if (!set->isMap()) set->fail("expected a map of key paths to values, e.g. {cell.temperature: 0 degC}");
    for (const auto& key : set->keys()) {
      const InputNode v = (*set)[key];
      YAML::Emitter text;
      text << YAML::Flow << v.yaml();
      ov->addFromFile(key, text.c_str(), v.file(), v.line());
    }
  }
  r.description = root.stringOr("description", "");
  const InputNode mesh = root.optional("mesh").value_or(InputNode::fromString("{}", path));
  const bool ageing = root.has("ageing") && root["ageing"].asBool();
  r.cell = loadCell(root["cell"].referenced(), mesh, ageing);
  r.mesh_check = mesh.has("check") && mesh["check"].asBool();
  readSafety(root, r.cell);
  readCycleJumping(root, r);
  if (auto ex = root.optional("experiment")) {
    if (root.has("protocol"))
      root["protocol"].fail("a case has either an 'experiment' (which builds its own protocol) or a 'protocol', not both");
    r.experiment = readExperiment(*ex);
    r.experiment->adaptCell(r.cell);
  } else {
    r.protocol = parseProtocol(root["protocol"]);
    checkProtocolLength(root, r.protocol);
  }
  checkHoldVoltages(r);
  checkCRates(r);
  readSolver(root, r.options);
  readOutput(root, r);
  if (used_overrides) used_overrides->insert(ov->used.begin(), ov->used.end());
  if (require_all_overrides_used) ov->checkAllUsed();
  return r;
}

CaseOutcome runCase(const CaseRecipe& recipe, CellModel& model, const SimulationResult* before) {
  if (before && (recipe.experiment || recipe.options.jumping.enabled))
    throw InputError(recipe.file, 0, "", "--resume continues protocol runs without cycle jumping; rerun this case");
  CaseOutcome outcome = recipe.experiment ? recipe.experiment->run(model, recipe.options)
                                          : runProtocolCase(model, recipe.protocol, recipe.options, before);
  addPlausibilityWarnings(model, outcome.sim);
  return outcome;
}

}  // namespace cellsim
