#include "ResultWriter.hpp"

#include <cmath>

namespace cellsim {

namespace {
constexpr double kC_per_mAh = 3.6;

std::string csvNumber(double v) { return std::isfinite(v) ? jsonNumber(v) : ""; }

std::string designJson(const CellDesign& d) {
  std::ostringstream j;
  auto slot = [&](const ElectrodeSlot& s) {
    std::ostringstream o;
    if (s.porous) {
      const auto& e = *s.porous;
      o << "{\"type\": \"porous\", \"material\": " << jsonString(e.material)
        << ", \"thickness_m\": " << jsonNumber(e.thickness_m) << ", \"porosity\": " << jsonNumber(e.porosity)
        << ", \"active_fraction\": " << jsonNumber(e.active_fraction)
        << ", \"particle_radius_m\": " << jsonNumber(e.particle_radius_m)
        << ", \"initial_stoichiometry\": " << jsonNumber(e.initial_stoichiometry)
        << ", \"max_concentration_mol_m3\": " << jsonNumber(e.max_concentration_mol_m3)
        << ", \"conductivity_S_m\": " << jsonNumber(e.conductivity_S_m)
        << ", \"diffusivity\": " << jsonString(e.diffusivity_m2_s.describe())
        << ", \"ocp\": " << jsonString(e.ocp_V.describe()) << ", \"rate_constant\": " << jsonNumber(e.rate_constant)
        << ", \"volumes\": " << e.volumes << ", \"shells\": " << e.shells << "}";
    } else {
      const auto& f = *s.foil;
      o << "{\"type\": \"lithium_metal\", \"exchange_current_A_m2\": " << jsonNumber(f.exchange_current_A_m2)
        << ", \"concentration_exponent\": " << jsonNumber(f.concentration_exponent)
        << ", \"film_resistance_ohm_m2\": " << jsonNumber(f.film_resistance_ohm_m2)
        << ", \"activation_energy_J_mol\": " << jsonNumber(f.activation_energy_J_mol) << "}";
    }
    return o.str();
  };
  j << "{\"name\": " << jsonString(d.name) << ", \"temperature_K\": " << jsonNumber(d.temperature_K)
    << ", \"one_C_A_m2\": " << jsonNumber(d.one_C_A_m2) << ", \"negative\": " << slot(d.negative)
    << ", \"positive\": " << slot(d.positive) << ", \"separator\": [";
  for (size_t i = 0; i < d.separator.size(); ++i) {
    const auto& L = d.separator[i];
    j << (i ? ", " : "") << "{\"name\": " << jsonString(L.name) << ", \"thickness_m\": " << jsonNumber(L.thickness_m)
      << ", \"porosity\": " << jsonNumber(L.porosity)
      << ", \"transport_factor\": " << jsonNumber(L.tortuosity.transportFactor(L.porosity))
      << ", \"transference_number\": "
      << (L.transference_number ? jsonNumber(*L.transference_number) : std::string("null"))
      << ", \"volumes\": " << L.volumes << "}";
  }
  const auto& e = d.electrolyte;
  j << "], \"electrolyte\": {\"name\": " << jsonString(e.name)
    << ", \"initial_concentration_mol_m3\": " << jsonNumber(e.initial_concentration_mol_m3)
    << ", \"diffusivity\": " << jsonString(e.diffusivity_m2_s.describe())
    << ", \"conductivity\": " << jsonString(e.conductivity_S_m.describe())
    << ", \"transference_number\": " << jsonString(e.transference_number.describe())
    << ", \"thermodynamic_factor\": " << jsonString(e.thermodynamic_factor.describe()) << "}}";
  return j.str();
}
}  // namespace

void writeResults(const CaseRecipe& recipe, const CellModel& model, const SimulationResult& r, OutputSet& out,
                  const std::string& extra) {
  auto& ts = out.file("timeseries.csv");
  const bool foils = model.design().negative.isFoil() || model.design().positive.isFoil();
  ts << "time_s,step,cycle,voltage_V,current_A_m2,capacity_mAh_m2,temperature_K";
  if (foils) ts << ",c_e_surface_negative_mol_m3,c_e_surface_positive_mol_m3,li_thickness_change_negative_um,li_thickness_change_positive_um";
  ts << "\n";
  for (const auto& row : r.rows) {
    ts << jsonNumber(row.time_s) << "," << row.step << "," << row.cycle << "," << jsonNumber(row.voltage_V) << ","
       << jsonNumber(row.current_A_m2) << "," << jsonNumber(row.charge_C_m2 / kC_per_mAh) << ","
       << jsonNumber(model.design().temperature_K);
    if (foils)
      ts << "," << csvNumber(row.c_surface_neg) << "," << csvNumber(row.c_surface_pos) << ","
         << csvNumber(1e6 * row.li_thickness_change_neg_m) << "," << csvNumber(1e6 * row.li_thickness_change_pos_m);
    ts << "\n";
  }

  auto& cy = out.file("cycles.csv");
  // Per step: for symmetric Li | Li cells overpotential_mV = |V| at the end of the step
  // (the polarisation of that half-cycle); v_mean_V is the time average over the step.
  cy << "step,block,cycle,text,t_start_s,t_end_s,duration_s,v_start_V,v_end_V,v_mean_V,i_end_A_m2,charge_mAh_m2,"
        "overpotential_mV,ended_by\n";
  for (const auto& s : r.steps)
    cy << s.index << "," << s.block << "," << s.cycle << ",\"" << s.text << "\"," << jsonNumber(s.t_start_s) << ","
       << jsonNumber(s.t_end_s) << "," << jsonNumber(s.t_end_s - s.t_start_s) << "," << jsonNumber(s.v_start_V) << ","
       << jsonNumber(s.v_end_V) << "," << jsonNumber(s.v_mean_V) << "," << jsonNumber(s.i_end_A_m2) << ","
       << jsonNumber(s.charge_C_m2 / kC_per_mAh) << "," << (foils ? jsonNumber(1e3 * std::abs(s.v_end_V)) : "")
       << ",\"" << s.ended_by << "\"\n";

  auto& pr = out.file("profiles.csv");
  pr << "time_s,x_m,region,c_e_mol_m3,phi_e_V,c_s_surf_mol_m3,phi_s_V\n";
  for (const auto& snap : r.profiles) {
    const auto& p = snap.profiles;
    for (size_t i = 0; i < p.x_m.size(); ++i)
      pr << jsonNumber(snap.time_s) << "," << jsonNumber(p.x_m[i]) << "," << p.region[i] << "," << csvNumber(p.c_e[i])
         << "," << csvNumber(p.phi_e[i]) << "," << csvNumber(p.c_s_surf[i]) << "," << csvNumber(p.phi_s[i]) << "\n";
  }

  auto& js = out.file("summary.json");
  js << "{\n  \"case\": " << jsonString(recipe.file) << ",\n  \"description\": " << jsonString(recipe.description)
     << ",\n  \"cell\": " << designJson(recipe.cell) << ",\n  \"steps\": [";
  for (size_t i = 0; i < r.steps.size(); ++i) {
    const auto& s = r.steps[i];
    js << (i ? "," : "") << "\n    {\"step\": " << s.index << ", \"cycle\": " << s.cycle << ", \"text\": " << jsonString(s.text)
       << ", \"duration_s\": " << jsonNumber(s.t_end_s - s.t_start_s) << ", \"v_end_V\": " << jsonNumber(s.v_end_V)
       << ", \"charge_mAh_m2\": " << jsonNumber(s.charge_C_m2 / kC_per_mAh) << ", \"ended_by\": " << jsonString(s.ended_by)
       << "}";
  }
  const auto& st = r.stats;
  js << "\n  ],\n  \"solver\": {\"unknowns\": " << st.unknowns << ", \"jacobian_nonzeros\": " << st.nonzeros
     << ", \"colours\": " << st.colours << ", \"steps\": " << st.steps << ", \"residual_calls\": " << st.residual_calls
     << ", \"jacobian_evals\": " << st.jacobian_evals << ", \"newton_iters\": " << st.newton_iters
     << ", \"newton_conv_fails\": " << st.newton_conv_fails << ", \"error_test_fails\": " << st.error_test_fails
     << ", \"reinits\": " << st.reinits << ", \"recoverable_residual_errors\": " << st.recoverable_errors << ", \"rtol\": " << jsonNumber(recipe.options.solver.rtol) << "},\n"
     << "  \"wall_time_s\": " << jsonNumber(r.wall_time_s) << ",\n  \"setup_time_s\": " << jsonNumber(r.setup_time_s)
     << ",\n  \"stopped_early\": " << (r.stopped_early ? "true" : "false")
     << ",\n  \"stop_reason\": " << jsonString(r.stop_reason);
  if (!r.final_state.empty()) {
    js << ",\n  \"final\": {\"voltage_V\": " << jsonNumber(model.voltage(r.final_state.data()))
       << ", \"capacity_mAh_m2\": " << jsonNumber(model.charge(r.final_state.data()) / kC_per_mAh)
       << ", \"lithium_inventory_mol_m2\": " << jsonNumber(model.lithiumInventory(r.final_state.data())) << "}";
  }
  if (!extra.empty()) js << ",\n  \"figures\": " << extra;
  js << "\n}\n";
}

}  // namespace cellsim
