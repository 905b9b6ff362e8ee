// Reading electrodes and the electrolyte from a recipe: a porous electrode (geometry in the
// case, material in params/materials), a lithium foil, the interface kinetics both share.
#include <cmath>
#include <cstdio>

#include "core/input/PhysicalConstants.hpp"
#include "core/input/Text.hpp"
#include "models/io/RecipeReaders.hpp"
#include "models/physics/RateLawRegistry.hpp"

namespace cellsim::recipe {

namespace {

const std::vector<std::string> kArgsCT = {"c_e", "T"}, kUnitsCT = {"mol/m3", "K"};
const std::vector<std::string> kArgsST = {"sto", "T"}, kUnitsST = {"", "K"};

std::string g6(double x) { return formatNumber(x, 6); }

std::vector<std::string> with(std::vector<std::string> keys, const std::vector<std::string>& more) {
  keys.insert(keys.end(), more.begin(), more.end());
  return keys;
}

//! `desolvation: {model, reference_barrier, barrier, barrier_scaling, ...}` (Desolvation.hpp).
//! A series step's i0_d follows (c_e/c_ref)^gamma with the given defaults.
Desolvation readDesolvation(const InputNode& d, double c_ref, double gamma) {
  d.allowOnly({"model", "reference_barrier", "barrier", "barrier_scaling", "exchange_current_density",
               "activation_energy", "reference_concentration", "concentration_exponent", "note", "source"});
  Desolvation s;
  const std::string model = d.string("model");
  if (model == "scaled_exchange_current") {
    s.model = Desolvation::Model::ScaledExchangeCurrent;
  } else if (model == "series_step") {
    s.model = Desolvation::Model::SeriesStep;
    s.exchange_current_A_m2 = d.quantity("exchange_current_density", "A/m2", Range::positive());
    s.activation_energy_J_mol = d.quantityOr("activation_energy", "J/mol", 0.0, Range::nonNegative());
    s.reference_concentration_mol_m3 = d.quantityOr("reference_concentration", "mol/m3", c_ref, Range::positive());
    s.concentration_exponent = d.numberOr("concentration_exponent", gamma, {0.0, 2.0, true, true});
  } else if (model != "none") {
    d["model"].fail("unknown desolvation model '" + model +
                    "'; expected 'scaled_exchange_current' (option A), 'series_step' (option B) or 'none'");
  }
  if (s.model != Desolvation::Model::None) {
    const double eV = constants::elementary_charge;
    s.reference_barrier_eV = d.quantity("reference_barrier", "J", Range::positive()) / eV;
    s.barrier_eV = d.has("barrier") ? d.quantity("barrier", "J", Range::positive()) / eV : s.reference_barrier_eV;
    s.barrier_scaling = d.number("barrier_scaling", {0.0, 1.0, true, true});
  }
  return s;
}

void readPorousMaterial(const InputNode& m, PorousElectrodeDesign& e) {
  m.allowOnly({"name", "note", "source", "max_concentration", "density", "diffusivity", "ocp", "conductivity",
               "kinetics", "ageing"});
  e.material = m.stringOr("name", "material");
  e.max_concentration_mol_m3 = m.quantity("max_concentration", "mol/m3", Range::positive());
  e.density_kg_m3 = m.quantityOr("density", "kg/m3", 0.0, Range::positive());
  e.diffusivity_m2_s = Property::fromInput(m["diffusivity"], "m2/s", kArgsST, kUnitsST);
  e.ocp_V = Property::fromInput(m["ocp"], "V", kArgsST, kUnitsST);
  e.conductivity_S_m = m.quantity("conductivity", "S/m", Range::positive());
  const InputNode k = m["kinetics"];
  k.allowOnly(with({"rate_constant", "alpha_a", "alpha_c", "activation_energy", "reference_temperature",
                    "charge_transfer", "desolvation", "double_layer_capacitance", "note", "source"},
                   rateLawParameterKeys()));
  e.rate_constant = k.number("rate_constant", Range::positive());
  e.alpha_a = k.numberOr("alpha_a", 0.5, Range::fraction());
  e.alpha_c = k.numberOr("alpha_c", 0.5, Range::fraction());
  e.kinetics.rate_law = readRateLaw(k, "charge_transfer");
  e.kinetics.activation_energy_J_mol = k.quantityOr("activation_energy", "J/mol", 0.0, Range::nonNegative());
  e.kinetics.reference_temperature_K = k.quantityOr("reference_temperature", "K", 298.15, Range::positive());
  if (auto d = k.optional("desolvation")) e.kinetics.desolvation = readDesolvation(*d, 1000.0, 0.5);
  e.ageing = readPorousAgeing(m);
  e.kinetics.double_layer_capacitance_F_m2 = k.quantityOr("double_layer_capacitance", "F/m2", 0.0, Range::nonNegative());
}

//! The film and the double layer belong to the electrode as built; its material may give
//! defaults. A film capacitance (R_film || C_film) needs a film resistance.
void readSurfaceLayers(const InputNode& n, const InputNode& m, InterfaceKineticsDesign& k) {
  auto electrodeOrMaterial = [&](const std::string& key, const std::string& unit, double fallback) {
    if (n.has(key)) return n.quantity(key, unit, Range::nonNegative());
    return m.quantityOr(key, unit, fallback, Range::nonNegative());
  };
  k.film_resistance_ohm_m2 = electrodeOrMaterial("film_resistance", "ohm m2", k.film_resistance_ohm_m2);
  k.film_capacitance_F_m2 = electrodeOrMaterial("film_capacitance", "F/m2", k.film_capacitance_F_m2);
  k.double_layer_capacitance_F_m2 =
      electrodeOrMaterial("double_layer_capacitance", "F/m2", k.double_layer_capacitance_F_m2);
  if (k.film_capacitance_F_m2 > 0 && !(k.film_resistance_ohm_m2 > 0)) {
    const InputNode& where = n.has("film_capacitance") ? n : m;
    where["film_capacitance"].fail("a film capacitance is in parallel with the film's resistance: give "
                                   "'film_resistance' too (e.g. '10 ohm cm2')");
  }
}

//! Pores and active material must fit in the electrode.
void checkVolumeFractions(const InputNode& where, const PorousElectrodeDesign& e) {
  if (e.porosity + e.active_fraction > 1.0 + 1e-12)
    where.fail("porosity + active_fraction = " + std::to_string(e.porosity + e.active_fraction) +
               "; violated constraint: porosity + active_fraction <= 1");
}

void readInitialStoichiometry(const InputNode& n, PorousElectrodeDesign& e) {
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
}

//! Catch absurd material functions at the initial state rather than deep in the solver.
void checkMaterialAtStart(const InputNode& m, const PorousElectrodeDesign& e, double T) {
  const double sargs[2] = {e.initial_stoichiometry, T};
  const double D0 = e.diffusivity_m2_s(sargs);
  if (!(D0 > 0))
    m["diffusivity"].fail("diffusivity must be positive at the initial stoichiometry " + g6(e.initial_stoichiometry) +
                          " (got " + g6(D0) + " m2/s)");
  const double U0 = e.ocp_V(sargs);
  if (!std::isfinite(U0))
    m["ocp"].fail("ocp is not finite at the initial stoichiometry " + g6(e.initial_stoichiometry) + " (got " + g6(U0) + ")");
}

PorousElectrodeDesign readPorous(const InputNode& n, const std::string& side, int volumes, int shells, double T) {
  n.allowOnly({"type", "material", "thickness", "porosity", "active_fraction", "loading", "particle_radius",
               "bruggeman", "tortuosity", "macmullin", "solid_bruggeman", "initial_stoichiometry",
               "initial_concentration", "film_resistance", "film_capacitance", "double_layer_capacitance", "volumes",
               "note", "source"});
  PorousElectrodeDesign e;
  e.name = side;
  e.thickness_m = n.quantity("thickness", "m", Range::positive());
  e.porosity = n.number("porosity", Range::fraction());
  const bool given_fraction = n.has("active_fraction"), given_loading = n.has("loading");
  if (given_fraction == given_loading)
    n.fail(given_fraction ? "give either 'active_fraction' or 'loading' (active mass per area), not both"
                          : "missing 'active_fraction' (e.g. 0.5) or 'loading' (active mass per area, e.g. '10 mg/cm2')");
  if (given_fraction) {
    e.active_fraction = n.number("active_fraction", Range::fraction());
    checkVolumeFractions(n["active_fraction"], e);
  }
  e.particle_radius_m = n.quantity("particle_radius", "m", Range::positive());
  e.electrolyte_tortuosity = readTortuosity(n, 1.5);
  e.solid_bruggeman = n.numberOr("solid_bruggeman", e.electrolyte_tortuosity.kind == Tortuosity::Kind::Bruggeman
                                                         ? e.electrolyte_tortuosity.value
                                                         : 1.5,
                                 {0.0, 10.0, true, true});
  e.volumes = n.has("volumes") ? n["volumes"].asInt({2, 10000, true, true}) : volumes;
  e.shells = shells;
  const InputNode m = n["material"].referenced();
  readPorousMaterial(m, e);
  readSurfaceLayers(n, m["kinetics"], e.kinetics);
  if (given_loading) {
    const double loading = n.quantity("loading", "kg/m2", Range::positive());
    if (e.density_kg_m3 <= 0)
      n["loading"].fail("a loading needs the density of the active material: add 'density' (e.g. '5.01 g/cm3') to " +
                        m.file());
    e.active_fraction = loading / (e.density_kg_m3 * e.thickness_m);
    checkVolumeFractions(n["loading"], e);
  }
  readInitialStoichiometry(n, e);
  checkMaterialAtStart(m, e, T);
  return e;
}

LithiumFoilDesign readFoil(const InputNode& n) {
  n.allowOnly({"type", "material", "thickness", "film_resistance", "film_capacitance", "double_layer_capacitance",
               "nucleation_overpotential", "dendrite_onset", "note", "source"});
  const InputNode m = n["material"].referenced();
  m.allowOnly(with({"name", "note", "source", "exchange_current_density", "reference_concentration",
                    "concentration_exponent", "alpha_a", "alpha_c", "activation_energy", "reference_temperature",
                    "film_resistance", "film_capacitance", "double_layer_capacitance", "molar_volume",
                    "charge_transfer", "desolvation", "nucleation_overpotential", "nucleation_current", "ageing"},
                   rateLawParameterKeys()));
  LithiumFoilDesign f;
  f.name = m.stringOr("name", "lithium");
  f.exchange_current_A_m2 = m.quantity("exchange_current_density", "A/m2", Range::positive());
  f.reference_concentration_mol_m3 = m.quantityOr("reference_concentration", "mol/m3", 1000.0, Range::positive());
  f.concentration_exponent = m.numberOr("concentration_exponent", 0.5, {0.0, 2.0, true, true});
  InterfaceKineticsDesign& k = f.kinetics;
  k.rate_law = readRateLaw(m, "charge_transfer");
  k.activation_energy_J_mol = m.quantityOr("activation_energy", "J/mol", 0.0, Range::nonNegative());
  k.reference_temperature_K = m.quantityOr("reference_temperature", "K", 298.15, Range::positive());
  f.molar_volume_m3_mol = m.quantityOr("molar_volume", "m3/mol", 1.30e-5, Range::positive());
  if (auto d = m.optional("desolvation"))
    k.desolvation = readDesolvation(*d, f.reference_concentration_mol_m3, f.concentration_exponent);
  k.nucleation_current_A_m2 = m.quantityOr("nucleation_current", "A/m2", 0.1, Range::positive());
  readSurfaceLayers(n, m, k);
  // The nucleation overpotential, too, belongs to the electrode as built.
  k.nucleation_overpotential_V = n.has("nucleation_overpotential")
                                     ? n.quantity("nucleation_overpotential", "V", Range::nonNegative())
                                     : m.quantityOr("nucleation_overpotential", "V", 0.0, Range::nonNegative());
  f.thickness_m = n.quantityOr("thickness", "m", 0.0, Range::nonNegative());
  f.ageing = readLithiumAgeing(m);
  return f;
}

}  // namespace

Tortuosity readTortuosity(const InputNode& n, double default_bruggeman) {
  const int given = n.has("bruggeman") + n.has("tortuosity") + n.has("macmullin");
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

Electrolyte readElectrolyte(const InputNode& ref, double T) {
  const InputNode n = ref.referenced();
  n.allowOnly({"name", "note", "source", "initial_concentration", "diffusivity", "conductivity",
               "transference_number", "thermodynamic_factor"});
  Electrolyte e;
  e.name = n.stringOr("name", "electrolyte");
  e.initial_concentration_mol_m3 = n.quantity("initial_concentration", "mol/m3", Range::positive());
  e.diffusivity_m2_s = Property::fromInput(n["diffusivity"], "m2/s", kArgsCT, kUnitsCT);
  e.conductivity_S_m = Property::fromInput(n["conductivity"], "S/m", kArgsCT, kUnitsCT);
  e.transference_number = Property::fromInput(n["transference_number"], "", kArgsCT, kUnitsCT);
  e.thermodynamic_factor = n.has("thermodynamic_factor") ? Property::fromInput(n["thermodynamic_factor"], "", kArgsCT, kUnitsCT)
                                                         : Property::constant(1.0);
  // Catch absurd property functions at the initial state rather than deep in the solver.
  const double args[2] = {e.initial_concentration_mol_m3, T};
  if (!(e.diffusivity_m2_s(args) > 0)) n["diffusivity"].fail("diffusivity must be positive at the initial concentration");
  if (!(e.conductivity_S_m(args) > 0)) n["conductivity"].fail("conductivity must be positive at the initial concentration");
  const double tp = e.transference_number(args);
  if (!(tp > -1.0 && tp < 1.0)) n["transference_number"].fail("transference number must lie in (-1, 1)");
  if (!(e.thermodynamic_factor(args) > 0))
    n["thermodynamic_factor"].fail("thermodynamic factor must be positive at the initial concentration");
  return e;
}

ElectrodeDesign readElectrode(const InputNode& n, const std::string& side, const InputNode& mesh, double T) {
  const std::string type = n.string("type");
  if (type == "porous")
    return {readPorous(n, side, mesh.has(side) ? mesh[side].asInt({2, 10000, true, true}) : 30,
                       mesh.has("particle") ? mesh["particle"].asInt({2, 1000, true, true}) : 20, T)};
  if (type == "lithium_metal") return {readFoil(n)};
  const std::string guess = closestMatch(type, {"porous", "lithium_metal"});
  n["type"].fail("unknown electrode type '" + type + "'; expected 'porous' or 'lithium_metal'" +
                 (guess.empty() ? "" : " (did you mean '" + guess + "'?)"));
}

}  // namespace cellsim::recipe
