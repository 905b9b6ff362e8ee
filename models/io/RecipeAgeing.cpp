// Reading the degradation blocks of a recipe (models/cell/AgeingDesign.hpp): a lithium
// material's `ageing:` section, completed with what it needs from the cell (its critical
// current density, the separator's thickness, the electrolyte's conductivity).
#include <algorithm>

#include "core/input/PhysicalConstants.hpp"
#include "models/io/RecipeReaders.hpp"

namespace cellsim::recipe {

std::optional<LithiumAgeingDesign> readLithiumAgeing(const InputNode& material) {
  auto a = material.optional("ageing");
  if (!a) return std::nullopt;
  a->allowOnly({"enabled", "film_growth", "sei_molar_volume", "sei_resistivity", "solvent_concentration",
                "solvent_diffusivity", "coulombic_efficiency", "current_exponent", "concentration_exponent",
                "kinetics_exponent", "buried_sei_fraction", "dead_li_porosity", "dead_li_macmullin", "short_circuit_at",
                "note", "source"});
  if (a->has("enabled") && !(*a)["enabled"].asBool()) return std::nullopt;
  LithiumAgeingDesign d;
  d.film_growth = a->has("film_growth") ? (*a)["film_growth"].asBool() : true;
  d.sei_molar_volume_m3_mol = a->quantityOr("sei_molar_volume", "m3/mol", 9.585e-5, Range::positive());
  d.sei_resistivity_ohm_m = a->quantityOr("sei_resistivity", "ohm m", 2e5, Range::positive());
  d.solvent_concentration_mol_m3 = a->quantityOr("solvent_concentration", "mol/m3", 4541, Range::nonNegative());
  d.solvent_diffusivity_m2_s = a->quantityOr("solvent_diffusivity", "m2/s", 2.5e-22, Range::nonNegative());
  d.loss.loss_ref = 1.0 - a->number("coulombic_efficiency", {0.5, 1.0, true, true});
  d.loss.current_exponent = a->numberOr("current_exponent", 2.0, {0.0, 10.0, true, true});
  d.loss.concentration_exponent = a->numberOr("concentration_exponent", 1.0, {0.0, 10.0, true, true});
  d.loss.kinetics_exponent = a->numberOr("kinetics_exponent", 1.0, {0.0, 10.0, true, true});
  d.buried_sei_fraction = a->numberOr("buried_sei_fraction", 0.2, Range::fraction());
  d.dead_porosity = a->numberOr("dead_li_porosity", 0.5, {0.0, 1.0, true, false});
  d.dead_macmullin = a->numberOr("dead_li_macmullin", 5.0, {1.0, 1e6, true, true});
  d.short_fraction = a->numberOr("short_circuit_at", 1.0, {0.0, 1e3, false, true});
  return d;
}

//! What the block needs from the cell: the critical current, the reference exchange current,
//! the separator's thickness, the electrolyte's conductivity, and the fresh film's thickness
//! (its fitted resistance over the SEI's resistivity, so that growth starts where the fit is).
void completeLithiumAgeing(LithiumFoilDesign& foil, const CellDesign& cell, const InputNode& where) {
  if (!foil.ageing) return;
  LithiumAgeingDesign& a = *foil.ageing;
  a.loss.critical_current_A_m2 = foil.critical_current_A_m2;  // 0 without a dendrite_onset criterion
  a.loss.exchange_current_A_m2 = foil.exchange_current_A_m2;  // at the reference barrier and temperature
  a.loss.reference_concentration_mol_m3 = cell.electrolyte.initial_concentration_mol_m3;
  a.separator_thickness_m = 0;
  for (const auto& L : cell.separator) a.separator_thickness_m += L.thickness_m;
  const double args[2] = {cell.electrolyte.initial_concentration_mol_m3, cell.temperature_K};
  a.conductivity_S_m = cell.electrolyte.conductivity_S_m(args);
  a.film_thickness_m = foil.kinetics.film_resistance_ohm_m2 / a.sei_resistivity_ohm_m;
  if (a.film_growth && !(a.film_thickness_m > 0))
    where.fail("a growing SEI film starts from the fresh film: give the lithium a 'film_resistance' (or set "
               "ageing.film_growth: false)");
}

std::optional<PorousAgeingDesign> readPorousAgeing(const InputNode& material) {
  auto a = material.optional("ageing");
  if (!a) return std::nullopt;
  a->allowOnly({"enabled", "loss_of_active_material", "electrolyte_oxidation", "reference_temperature", "note",
                "source"});
  if (a->has("enabled") && !(*a)["enabled"].asBool()) return std::nullopt;
  PorousAgeingDesign d;
  d.reference_temperature_K = a->quantityOr("reference_temperature", "K", 298.15, Range::positive());
  if (auto l = a->optional("loss_of_active_material")) {
    l->allowOnly({"rate", "reference_potential", "potential_sensitivity", "activation_energy", "acid_share", "note",
                  "source"});
    d.lam_rate_1_s = l->quantity("rate", "1/s", Range::nonNegative());
    d.lam_reference_potential_V = l->quantityOr("reference_potential", "V", 4.5, Range::positive());
    d.lam_potential_sensitivity = l->numberOr("potential_sensitivity", 0.5, {0.0, 10.0, true, true});
    d.lam_activation_energy_J_mol = l->quantityOr("activation_energy", "J/mol", 0.0, Range::nonNegative());
    d.lam_acid_share = l->numberOr("acid_share", 0.0, Range::fraction());
  }
  if (auto o = a->optional("electrolyte_oxidation")) {
    o->allowOnly({"exchange_current_density", "potential", "alpha", "activation_energy", "cei_molar_volume",
                  "cei_resistivity", "salt_share", "note", "source"});
    d.oxidation_current_A_m2 = o->quantity("exchange_current_density", "A/m2", Range::positive());
    d.oxidation_potential_V = o->quantityOr("potential", "V", 4.45, Range::positive());
    d.oxidation_alpha = o->numberOr("alpha", 0.5, {0.0, 1.0, false, true});
    d.oxidation_activation_energy_J_mol = o->quantityOr("activation_energy", "J/mol", 0.0, Range::nonNegative());
    d.oxidation_salt_share = o->numberOr("salt_share", 1.0, Range::unitInterval());
    d.cei_molar_volume_m3_mol = o->quantityOr("cei_molar_volume", "m3/mol", 9.585e-5, Range::positive());
    d.cei_resistivity_ohm_m = o->quantityOr("cei_resistivity", "ohm m", 0.0, Range::nonNegative());
  }
  return d;
}

//! The separator's anion binding, for the acid channel: how far its (effective) transference
//! number lifts the electrolyte's towards 1, theta = (t_sep - t_e) / (1 - t_e), thickness-
//! weighted over its layers (0 for a separator that does not change t+). Phenomenological: it
//! reads the measured Bruce-Vincent lift (through the fitted t+) as PF6- bound by the coating.
void completePorousAgeing(PorousElectrodeDesign& electrode, const CellDesign& cell) {
  if (!electrode.ageing) return;
  const double args[2] = {cell.electrolyte.initial_concentration_mol_m3, cell.temperature_K};
  const double te = cell.electrolyte.transference_number(args);
  double num = 0, den = 0;
  for (const auto& L : cell.separator) {
    num += L.thickness_m * L.transference_number.value_or(te);
    den += L.thickness_m;
  }
  const double t_sep = den > 0 ? num / den : te;
  electrode.ageing->anion_binding = std::clamp((t_sep - te) / (1.0 - te), 0.0, 1.0);
}

}  // namespace cellsim::recipe
