#include "Recipe.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "Constants.hpp"
#include "Experiments.hpp"

#include "core/input/Text.hpp"

namespace cellsim {

namespace {

const std::vector<std::string> kArgsCT = {"c_e", "T"};
const std::vector<std::string> kArgsST = {"sto", "T"};

Tortuosity readTortuosity(const InputNode& n, double default_bruggeman) {
  int given = n.has("bruggeman") + n.has("tortuosity") + n.has("macmullin");
  if (given > 1) n.fail("give only one of 'bruggeman', 'tortuosity' or 'macmullin'");
  Tortuosity t;
  if (n.has("tortuosity")) {
    t.kind = Tortuosity::Kind::Tortuosity;
    t.value = n.number("tortuosity", {1.0, 1e6, true, true});
  } else if (n.has("macmullin")) {
    t.kind = Tortuosity::Kind::MacMullin;
    t.value = n.number("macmullin", {1.0, 1e6, true, true});
  } else {
    t.kind = Tortuosity::Kind::Bruggeman;
    t.value = n.numberOr("bruggeman", default_bruggeman, {0.0, 10.0, true, true});
  }
  return t;
}

Electrolyte loadElectrolyte(const InputNode& ref, double T) {
  const InputNode n = ref.referenced();
  n.allowOnly({"name", "note", "source", "initial_concentration", "diffusivity", "conductivity",
               "transference_number", "thermodynamic_factor"});
  Electrolyte e;
  e.name = n.stringOr("name", "electrolyte");
  e.initial_concentration_mol_m3 = n.quantity("initial_concentration", "mol/m3", Range::positive());
  e.diffusivity_m2_s = Property::fromInput(n["diffusivity"], "m2/s", kArgsCT);
  e.conductivity_S_m = Property::fromInput(n["conductivity"], "S/m", kArgsCT);
  e.transference_number = Property::fromInput(n["transference_number"], "", kArgsCT);
  e.thermodynamic_factor = n.has("thermodynamic_factor")
                               ? Property::fromInput(n["thermodynamic_factor"], "", kArgsCT)
                               : Property::constant(1.0);
  // Catch absurd property functions at the initial state rather than deep in the solver.
  const double args[2] = {e.initial_concentration_mol_m3, T};  // checked at the cell temperature
  if (!(e.diffusivity_m2_s(args) > 0)) n["diffusivity"].fail("diffusivity must be positive at the initial concentration");
  if (!(e.conductivity_S_m(args) > 0)) n["conductivity"].fail("conductivity must be positive at the initial concentration");
  const double tp = e.transference_number(args);
  if (!(tp > -1.0 && tp < 1.0)) n["transference_number"].fail("transference number must lie in (-1, 1)");
  if (!(e.thermodynamic_factor(args) > 0))
    n["thermodynamic_factor"].fail("thermodynamic factor must be positive at the initial concentration");
  return e;
}

PorousElectrode loadPorous(const InputNode& n, const std::string& side, int volumes, int shells, double T) {
  n.allowOnly({"type", "material", "thickness", "porosity", "active_fraction", "particle_radius", "bruggeman",
               "tortuosity", "macmullin", "solid_bruggeman", "initial_stoichiometry", "initial_concentration",
               "film_resistance", "volumes", "note", "source"});
  PorousElectrode e;
  e.name = side;
  e.thickness_m = n.quantity("thickness", "m", Range::positive());
  e.porosity = n.number("porosity", Range::fraction());
  e.active_fraction = n.number("active_fraction", Range::fraction());
  if (e.porosity + e.active_fraction > 1.0 + 1e-12)
    n["active_fraction"].fail("porosity + active_fraction = " + std::to_string(e.porosity + e.active_fraction) +
                              "; violated constraint: porosity + active_fraction <= 1");
  e.particle_radius_m = n.quantity("particle_radius", "m", Range::positive());
  e.electrolyte_tortuosity = readTortuosity(n, 1.5);
  e.solid_bruggeman = n.numberOr("solid_bruggeman", e.electrolyte_tortuosity.kind == Tortuosity::Kind::Bruggeman
                                                         ? e.electrolyte_tortuosity.value
                                                         : 1.5,
                                 {0.0, 10.0, true, true});
  e.film_resistance_ohm_m2 = n.quantityOr("film_resistance", "ohm m2", 0.0, Range::nonNegative());
  e.volumes = n.has("volumes") ? n["volumes"].asInt({2, 10000, true, true}) : volumes;
  e.shells = shells;

  const InputNode m = n["material"].referenced();
  m.allowOnly({"name", "note", "source", "max_concentration", "diffusivity", "ocp", "conductivity", "kinetics"});
  e.material = m.stringOr("name", "material");
  e.max_concentration_mol_m3 = m.quantity("max_concentration", "mol/m3", Range::positive());
  e.diffusivity_m2_s = Property::fromInput(m["diffusivity"], "m2/s", kArgsST);
  e.ocp_V = Property::fromInput(m["ocp"], "V", kArgsST);
  e.conductivity_S_m = m.quantity("conductivity", "S/m", Range::positive());
  const InputNode k = m["kinetics"];
  k.allowOnly({"rate_constant", "alpha_a", "alpha_c", "activation_energy", "reference_temperature", "note", "source"});
  e.rate_constant = k.number("rate_constant", Range::positive());
  e.alpha_a = k.numberOr("alpha_a", 0.5, Range::fraction());
  e.alpha_c = k.numberOr("alpha_c", 0.5, Range::fraction());
  e.kinetics_Ea_J_mol = k.quantityOr("activation_energy", "J/mol", 0.0, Range::nonNegative());
  e.reference_temperature_K = k.quantityOr("reference_temperature", "K", 298.15, Range::positive());

  const bool hasSto = n.has("initial_stoichiometry"), hasC = n.has("initial_concentration");
  if (!hasSto && !hasC)
    n.fail("missing initial state: give one of 'initial_stoichiometry' (e.g. 0.8) or 'initial_concentration' "
           "(e.g. '20000 mol/m3')");
  if (hasSto && hasC) {
    // Point at whichever of the two was written second (keys() lists overrides last).
    std::string second = "initial_concentration";
    for (const auto& key : n.keys())
      if (key == "initial_stoichiometry" || key == "initial_concentration") second = key;
    n[second].fail("give only one of 'initial_stoichiometry' or 'initial_concentration', not both");
  }
  if (hasSto) {
    e.initial_stoichiometry = n.number("initial_stoichiometry", {0.0, 1.0, false, false});
  } else {
    const double c = n.quantity("initial_concentration", "mol/m3", Range::positive());
    if (c >= e.max_concentration_mol_m3)
      n["initial_concentration"].fail("initial concentration must be below max_concentration of the material (" +
                                      std::to_string(e.max_concentration_mol_m3) + " mol/m3)");
    e.initial_stoichiometry = c / e.max_concentration_mol_m3;
  }
  // Catch absurd material functions at the initial state rather than deep in the solver.
  const double sargs[2] = {e.initial_stoichiometry, T};
  auto g = [](double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", x);
    return std::string(buf);
  };
  const double D0 = e.diffusivity_m2_s(sargs);
  if (!(D0 > 0))
    m["diffusivity"].fail("diffusivity must be positive at the initial stoichiometry " + g(e.initial_stoichiometry) +
                          " (got " + g(D0) + " m2/s)");
  const double U0 = e.ocp_V(sargs);
  if (!std::isfinite(U0))
    m["ocp"].fail("ocp is not finite at the initial stoichiometry " + g(e.initial_stoichiometry) + " (got " + g(U0) + ")");
  return e;
}

LithiumMetalInterface loadFoil(const InputNode& n) {
  n.allowOnly({"type", "material", "thickness", "film_resistance", "nucleation_overpotential", "note", "source"});
  const InputNode m = n["material"].referenced();
  m.allowOnly({"name", "note", "source", "exchange_current_density", "reference_concentration",
               "concentration_exponent", "alpha_a", "alpha_c", "activation_energy", "reference_temperature",
               "film_resistance", "molar_volume", "charge_transfer", "reorganization_energy", "desolvation",
               "nucleation_overpotential", "nucleation_current"});
  LithiumMetalInterface f;
  f.name = m.stringOr("name", "lithium");
  f.exchange_current_A_m2 = m.quantity("exchange_current_density", "A/m2", Range::positive());
  f.reference_concentration_mol_m3 = m.quantityOr("reference_concentration", "mol/m3", 1000.0, Range::positive());
  f.concentration_exponent = m.numberOr("concentration_exponent", 0.5, {0.0, 2.0, true, true});
  f.alpha_a = m.numberOr("alpha_a", 0.5, Range::fraction());
  f.alpha_c = m.numberOr("alpha_c", 0.5, Range::fraction());
  f.activation_energy_J_mol = m.quantityOr("activation_energy", "J/mol", 0.0, Range::nonNegative());
  f.reference_temperature_K = m.quantityOr("reference_temperature", "K", 298.15, Range::positive());
  f.molar_volume_m3_mol = m.quantityOr("molar_volume", "m3/mol", 1.30e-5, Range::positive());
  const std::string ct = m.stringOr("charge_transfer", "butler_volmer");
  if (ct == "butler_volmer") {
    f.charge_transfer = LithiumMetalInterface::ChargeTransfer::ButlerVolmer;
  } else if (ct == "marcus_hush_chidsey") {
    f.charge_transfer = LithiumMetalInterface::ChargeTransfer::MarcusHushChidsey;
    f.reorganization_energy_eV = m.quantity("reorganization_energy", "J", Range::positive()) / 1.602176634e-19;
  } else {
    m["charge_transfer"].fail("unknown charge transfer law '" + ct +
                              "'; expected 'butler_volmer' or 'marcus_hush_chidsey'");
  }
  if (auto d = m.optional("desolvation")) {
    d->allowOnly({"model", "reference_barrier", "barrier", "barrier_scaling", "exchange_current_density",
                  "activation_energy", "note", "source"});
    const std::string model = d->string("model");
    if (model == "scaled_exchange_current") {
      f.desolvation = LithiumMetalInterface::Desolvation::ScaledExchangeCurrent;
    } else if (model == "series_step") {
      f.desolvation = LithiumMetalInterface::Desolvation::SeriesStep;
      f.desolvation_exchange_current_A_m2 = d->quantity("exchange_current_density", "A/m2", Range::positive());
      f.desolvation_activation_energy_J_mol = d->quantityOr("activation_energy", "J/mol", 0.0, Range::nonNegative());
    } else if (model != "none") {
      (*d)["model"].fail("unknown desolvation model '" + model +
                         "'; expected 'scaled_exchange_current' (option A), 'series_step' (option B) or 'none'");
    }
    if (f.desolvation != LithiumMetalInterface::Desolvation::None) {
      const double eV = 1.602176634e-19;
      f.reference_barrier_eV = d->quantity("reference_barrier", "J", Range::positive()) / eV;
      f.desolvation_barrier_eV = d->has("barrier") ? d->quantity("barrier", "J", Range::positive()) / eV
                                                   : f.reference_barrier_eV;
      f.barrier_scaling = d->number("barrier_scaling", {0.0, 1.0, true, true});
    }
  }
  f.nucleation_current_A_m2 = m.quantityOr("nucleation_current", "A/m2", 0.1, Range::positive());
  // The film and the nucleation overpotential belong to the electrode as built; the material
  // file may give defaults.
  auto electrodeOrMaterial = [&](const std::string& key, const std::string& unit, double fallback) {
    if (n.has(key)) return n.quantity(key, unit, Range::nonNegative());
    return m.quantityOr(key, unit, fallback, Range::nonNegative());
  };
  f.film_resistance_ohm_m2 = electrodeOrMaterial("film_resistance", "ohm m2", 0.0);
  f.nucleation_overpotential_V = electrodeOrMaterial("nucleation_overpotential", "V", 0.0);
  f.thickness_m = n.quantityOr("thickness", "m", 0.0, Range::nonNegative());
  return f;
}

ElectrodeSlot loadSlot(const InputNode& n, const std::string& side, const InputNode& mesh, double T) {
  ElectrodeSlot s;
  const std::string type = n.string("type");
  if (type == "porous") {
    s.porous = loadPorous(n, side, mesh.has(side) ? mesh[side].asInt({2, 10000, true, true}) : 30,
                          mesh.has("particle") ? mesh["particle"].asInt({2, 1000, true, true}) : 20, T);
  } else if (type == "lithium_metal") {
    s.foil = loadFoil(n);
  } else {
    const std::string guess = closestMatch(type, {"porous", "lithium_metal"});
    n["type"].fail("unknown electrode type '" + type + "'; expected 'porous' or 'lithium_metal'" +
                   (guess.empty() ? "" : " (did you mean '" + guess + "'?)"));
  }
  return s;
}

// A map whose `from: file.yaml` supplies defaults for the keys it does not set itself
// (separator layers and stacks are written this way).
struct WithDefaults {
  InputNode node;
  std::optional<InputNode> base;
  WithDefaults(const InputNode& n, const std::vector<std::string>& keys) : node(n) {
    if (node.isMap() && node.has("from")) base = node["from"].referenced();
    std::vector<std::string> allowed = keys;
    allowed.push_back("from");
    node.allowOnly(allowed);
    if (base) base->allowOnly(keys);
  }
  std::optional<InputNode> pick(const std::string& key) const {
    if (node.has(key)) return node[key];
    if (base && base->has(key)) return (*base)[key];
    return std::nullopt;
  }
};

const std::vector<std::string> kLayerKeys = {"name", "thickness", "porosity", "bruggeman", "tortuosity", "macmullin",
                                              "transference_number", "desolvation_barrier", "volumes", "note", "source"};

SeparatorLayer loadLayer(const InputNode& item, int index) {
  // A layer is a map; `from: file.yaml` supplies defaults that keys in the map override.
  const WithDefaults layer(item.isScalar() ? item.referenced() : item, kLayerKeys);
  const InputNode& n = layer.node;
  const std::optional<InputNode>& base = layer.base;
  auto pick = [&](const std::string& key) { return layer.pick(key); };
  SeparatorLayer L;
  auto name = pick("name");
  L.name = name ? name->asString() : "layer" + std::to_string(index + 1);
  auto th = pick("thickness");
  if (!th) n.fail("missing required key 'thickness' (in the layer or its 'from' file)");
  L.thickness_m = th->asQuantity("m", Range::positive());
  auto por = pick("porosity");
  if (!por) n.fail("missing required key 'porosity' (in the layer or its 'from' file)");
  L.porosity = por->asNumber(Range::fraction());
  // Tortuosity: the layer map wins over the file as a whole.
  const InputNode& tsrc = (n.has("bruggeman") || n.has("tortuosity") || n.has("macmullin") || !base) ? n : *base;
  L.tortuosity = readTortuosity(tsrc, 1.5);
  if (auto tp = pick("transference_number")) L.transference_number = tp->asNumber({-1.0, 1.0, false, false});
  if (auto b = pick("desolvation_barrier")) {
    L.desolvation_barrier_eV = b->asQuantity("J", Range::positive()) / 1.602176634e-19;
    L.barrier_node = *b;
  }
  if (auto v = pick("volumes")) L.volumes = v->asInt({1, 10000, true, true});
  else L.volumes = 0;  // decided from the mesh section
  return L;
}

// A separator is a single layer, a list of layers, or a stack file:
//   {name, layers: [...], faces: negative|positive, effective_transference_number}
// `faces` says which electrode the first listed layer (the coating) faces.
std::vector<SeparatorLayer> loadSeparator(const InputNode& sep) {
  std::vector<SeparatorLayer> layers;
  if (sep.isSequence()) {
    const auto items = sep.elements();
    if (items.empty()) sep.fail("the separator needs at least one layer");
    for (size_t i = 0; i < items.size(); ++i) layers.push_back(loadLayer(items[i], static_cast<int>(i)));
    return layers;
  }
  const InputNode n = sep.isScalar() ? sep.referenced() : sep;
  const bool stack = n.has("layers") || (n.isMap() && n.has("from") && n["from"].referenced().has("layers"));
  if (!stack) return {loadLayer(sep, 0)};
  const WithDefaults stackNode(n, {"name", "layers", "faces", "effective_transference_number", "note", "source"});
  auto pick = [&](const std::string& key) { return stackNode.pick(key); };
  const InputNode list = *pick("layers");
  const auto items = list.elements();
  if (items.empty()) list.fail("the separator needs at least one layer");
  for (size_t i = 0; i < items.size(); ++i) layers.push_back(loadLayer(items[i], static_cast<int>(i)));
  if (auto t = pick("effective_transference_number")) {
    // Phenomenological: one t+ for every layer that does not set its own (PHYSICS-NOTES §4.2).
    const double tp = t->asNumber({-1.0, 1.0, false, false});
    for (auto& L : layers)
      if (!L.transference_number) L.transference_number = tp;
  }
  if (auto f = pick("faces")) {
    const std::string faces = f->asString();
    if (faces == "positive") std::reverse(layers.begin(), layers.end());
    else if (faces != "negative") f->fail("faces must be 'negative' or 'positive' (the electrode the first layer faces)");
  }
  return layers;
}

}  // namespace

void applyFacingLayers(CellDesign& d) {
  // A layer that touches a lithium foil sets the desolvation barrier of that interface.
  for (int side = 0; side < 2; ++side) {
    SeparatorLayer& L = side == 0 ? d.separator.front() : d.separator.back();
    ElectrodeSlot& slot = side == 0 ? d.negative : d.positive;
    if (!L.desolvation_barrier_eV) continue;
    if (!slot.isFoil()) continue;  // porous electrodes have no desolvation term (yet)
    if (slot.foil->desolvation == LithiumMetalInterface::Desolvation::None)
      L.barrier_node->fail("layer '" + L.name + "' sets a desolvation barrier, but the lithium interface it faces has "
                           "no desolvation model (add desolvation: {model: scaled_exchange_current, ...} to its material)");
    slot.foil->desolvation_barrier_eV = *L.desolvation_barrier_eV;
  }
}

namespace {
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
  d.electrolyte = loadElectrolyte(cell["electrolyte"], d.temperature_K);
  d.negative = loadSlot(cell["negative"], "negative", mesh, d.temperature_K);
  d.positive = loadSlot(cell["positive"], "positive", mesh, d.temperature_K);

  d.separator = loadSeparator(cell["separator"]);
  double total = 0;
  for (const auto& L : d.separator) total += L.thickness_m;
  applyFacingLayers(d);
  const int nsep = mesh.has("separator") ? mesh["separator"].asInt({1, 10000, true, true}) : 10;
  for (auto& L : d.separator)
    if (L.volumes == 0) L.volumes = std::max(3, static_cast<int>(std::lround(nsep * L.thickness_m / total)));

  // 1C: given, or the capacity of the limiting porous electrode between its initial and
  // fully (de)lithiated states is not well defined in general, so it must be given.
  if (cell.has("one_C")) d.one_C_A_m2 = cell.quantity("one_C", "A/m2", Range::positive());
  return d;
}

CaseRecipe loadCase(const std::string& path, const std::vector<std::string>& overrides,
                    bool require_all_overrides_used, std::set<std::string>* used_overrides) {
  auto ov = std::make_shared<Overrides>();
  for (const auto& s : overrides) ov->add(s);
  CaseRecipe r{path, "", {}, {}, {}, InputNode::loadFile(path, ov)};
  const InputNode& root = r.root;
  root.allowOnly({"description", "note", "source", "cell", "protocol", "experiment", "mesh", "solver", "output"});
  r.description = root.stringOr("description", "");
  const InputNode mesh = root.optional("mesh").value_or(InputNode::fromString("{}", path));
  r.cell = loadCell(root["cell"].referenced(), mesh);
  r.experiment = root.optional("experiment");
  if (r.experiment) {
    if (root.has("protocol"))
      root["protocol"].fail("a case has either an 'experiment' (which builds its own protocol) or a 'protocol', not both");
    const InputNode& ex = *r.experiment;
    checkExperiment(ex);
    // First plating on fresh foils: a nucleation overpotential for this experiment only.
    if (ex.has("nucleation_overpotential")) {
      const double eta = ex.quantity("nucleation_overpotential", "V", Range::nonNegative());
      for (ElectrodeSlot* slot : {&r.cell.negative, &r.cell.positive}) {
        if (!slot->isFoil()) ex["nucleation_overpotential"].fail("a nucleation overpotential needs lithium-metal electrodes");
        slot->foil->nucleation_overpotential_V = eta;
      }
    }
  } else {
    r.protocol = parseProtocol(root["protocol"]);
  }
  for (const auto& b : r.protocol.blocks)
    for (const auto& s : b.steps) {
      bool crate = s.current.kind == CurrentSpec::Kind::CRate;
      for (const auto& L : s.limits) crate = crate || (L.kind == StepLimit::Kind::CurrentBelow && L.current.kind == CurrentSpec::Kind::CRate);
      if (crate && r.cell.one_C_A_m2 <= 0)
        throw InputError(s.file, s.line, "protocol",
                         "step '" + s.text + "' uses a C-rate but the cell has no 'one_C' (e.g. one_C: 24 A/m2)");
    }
  if (auto solver = root.optional("solver")) {
    solver->allowOnly({"rtol", "max_step", "max_order"});
    r.options.solver.rtol = solver->numberOr("rtol", 1e-6, {1e-12, 1e-2, true, true});
    r.options.solver.max_step_s = solver->quantityOr("max_step", "s", 0.0, Range::nonNegative());
    if (solver->has("max_order")) r.options.solver.max_order = (*solver)["max_order"].asInt({1, 5, true, true});
    else r.options.solver.max_order = 5;
  }
  if (auto out = root.optional("output")) {
    out->allowOnly({"profile_times", "record_interval", "stop_on_depletion"});
    if (auto pt = out->optional("profile_times"))
      for (const auto& e : pt->elements()) r.options.profile_times_s.push_back(e.asQuantity("s", Range::nonNegative()));
    r.options.record_interval_s = out->quantityOr("record_interval", "s", 0.0, Range::nonNegative());
    if (out->has("stop_on_depletion")) r.options.stop_on_depletion = (*out)["stop_on_depletion"].asBool();
  }
  if (used_overrides) used_overrides->insert(ov->used.begin(), ov->used.end());
  if (require_all_overrides_used) ov->checkAllUsed();
  return r;
}

}  // namespace cellsim
