// Reading a case: the cell (electrodes, separator, electrolyte), the mesh, the protocol or
// experiment, solver settings and outputs.
#include <algorithm>
#include <cmath>

#include "core/input/Units.hpp"
#include "models/io/Recipe.hpp"
#include "models/io/RecipeReaders.hpp"

namespace cellsim {

namespace {

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
  out->allowOnly({"profile_times", "record_interval", "stop_on_depletion"});
  if (auto pt = out->optional("profile_times"))
    for (const auto& e : pt->elements()) r.options.profile_times_s.push_back(e.asQuantity("s", Range::nonNegative()));
  r.options.record_interval_s = out->quantityOr("record_interval", "s", 0.0, Range::nonNegative());
  if (out->has("stop_on_depletion")) r.cell.depletion.stop = (*out)["stop_on_depletion"].asBool();
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

}  // namespace

CellDesign loadCell(const InputNode& cell, const InputNode& mesh) {
  cell.allowOnly({"name", "note", "source", "temperature", "one_C", "area", "negative", "separator", "positive",
                  "electrolyte"});
  mesh.allowOnly({"negative", "separator", "positive", "particle", "foil_grading"});
  CellDesign d;
  d.name = cell.stringOr("name", "cell");
  d.temperature_K = cell.quantity("temperature", "K", {200.0, 400.0, true, true});
  d.area_m2 = cell.quantityOr("area", "m2", 1.0, Range::positive());
  d.foil_grading = mesh.numberOr("foil_grading", 1.3, {1.0, 2.0, true, true});
  d.electrolyte = recipe::readElectrolyte(cell["electrolyte"], d.temperature_K);
  d.negative = recipe::readElectrode(cell["negative"], "negative", mesh, d.temperature_K);
  d.positive = recipe::readElectrode(cell["positive"], "positive", mesh, d.temperature_K);
  const recipe::SeparatorInput sep = recipe::readSeparator(cell["separator"]);
  d.separator = sep.layers;
  applyFacingLayers(d, sep);
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
  root.allowOnly({"description", "note", "source", "cell", "protocol", "experiment", "mesh", "solver", "output"});
  r.description = root.stringOr("description", "");
  const InputNode mesh = root.optional("mesh").value_or(InputNode::fromString("{}", path));
  r.cell = loadCell(root["cell"].referenced(), mesh);
  if (auto ex = root.optional("experiment")) {
    if (root.has("protocol"))
      root["protocol"].fail("a case has either an 'experiment' (which builds its own protocol) or a 'protocol', not both");
    r.experiment = readExperiment(*ex);
    r.experiment->adaptCell(r.cell);
  } else {
    r.protocol = parseProtocol(root["protocol"]);
  }
  checkCRates(r);
  readSolver(root, r.options);
  readOutput(root, r);
  if (used_overrides) used_overrides->insert(ov->used.begin(), ov->used.end());
  if (require_all_overrides_used) ov->checkAllUsed();
  return r;
}

CaseOutcome runCase(const CaseRecipe& recipe, CellModel& model) {
  if (recipe.experiment) return recipe.experiment->run(model, recipe.options);
  return runProtocolCase(model, recipe.protocol, recipe.options);
}

}  // namespace cellsim
