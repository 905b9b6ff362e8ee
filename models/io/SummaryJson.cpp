#include "models/io/SummaryJson.hpp"

#include <sstream>

#include "core/output/OutputFiles.hpp"
#include "models/io/ImpedanceOutputs.hpp"

namespace cellsim {

namespace {

constexpr double kC_per_mAh = 3.6;

//! Components and their unknowns as declared in the state layout; mesh regions.
std::string cellJson(const CellModel& model) {
  const CellDesign& d = model.design();
  const StateLayout& L = model.layout();
  std::ostringstream j;
  j << "{\"name\": " << jsonString(d.name) << ", \"temperature_K\": " << jsonNumber(d.temperature_K)
    << ", \"one_C_A_m2\": " << jsonNumber(d.one_C_A_m2) << ", \"area_m2\": " << jsonNumber(d.area_m2)
    << ", \"positive_active_mass_g_m2\": " << jsonNumber(1e3 * d.positiveActiveMass_kg_m2())
    << ", \"unknowns\": " << L.size() << ", \"variables\": [";
  for (int b = 0; b < L.numBlocks(); ++b) {
    const VariableBlock& v = L.block(b);
    j << (b ? ", " : "") << "{\"component\": " << jsonString(v.owner) << ", \"name\": " << jsonString(v.name)
      << ", \"unit\": " << jsonString(v.unit) << ", \"kind\": " << jsonString(v.differential ? "differential" : "algebraic")
      << ", \"sites\": " << L.sites(b) << ", \"per_site\": " << v.width << "}";
  }
  j << "], \"regions\": [";
  const CellMesh& mesh = model.mesh();
  for (size_t r = 0; r < mesh.regions().size(); ++r) {
    const MeshRegion& g = mesh.regions()[r];
    const double x0 = mesh.faces()[g.first], x1 = mesh.faces()[g.first + g.count];
    j << (r ? ", " : "") << "{\"name\": " << jsonString(g.name) << ", \"thickness_m\": " << jsonNumber(x1 - x0)
      << ", \"volumes\": " << g.count << ", \"porosity\": " << jsonNumber(g.porosity)
      << ", \"transport_factor\": " << jsonNumber(g.transport)
      << ", \"transference_number\": " << jsonNumber(g.t_plus) << "}";
  }
  j << "]}";
  return j.str();
}

//! Every value the recipe reader read: as given, in SI, and where it was written.
std::string inputsJson(const Overrides* input) {
  std::ostringstream j;
  j << "{";
  if (input) {
    bool first = true;
    for (const ReadValue& v : input->read) {
      j << (first ? "" : ",") << "\n    " << jsonString(v.path) << ": {\"given\": " << jsonString(v.given);
      if (std::isfinite(v.si)) j << ", \"value\": " << jsonNumber(v.si) << ", \"unit\": " << jsonString(v.unit);
      j << ", \"at\": " << jsonString(v.at) << "}";
      first = false;
    }
  }
  j << "\n  }";
  return j.str();
}

std::string stepsJson(const SimulationResult& r) {
  std::ostringstream j;
  j << "[";
  for (size_t i = 0; i < r.steps.size(); ++i) {
    const auto& s = r.steps[i];
    j << (i ? "," : "") << "\n    {\"step\": " << s.index << ", \"cycle\": " << s.cycle << ", \"text\": " << jsonString(s.text)
      << ", \"duration_s\": " << jsonNumber(s.t_end_s - s.t_start_s) << ", \"v_end_V\": " << jsonNumber(s.v_end_V)
      << ", \"charge_mAh_m2\": " << jsonNumber(s.charge_C_m2 / kC_per_mAh) << ", \"ended_by\": " << jsonString(s.ended_by)
      << "}";
  }
  j << "\n  ]";
  return j.str();
}

std::string solverJson(const SolverStats& st, double rtol) {
  std::ostringstream j;
  j << "{\"unknowns\": " << st.unknowns << ", \"jacobian_nonzeros\": " << st.nonzeros << ", \"colours\": " << st.colours
    << ", \"steps\": " << st.steps << ", \"residual_calls\": " << st.residual_calls
    << ", \"jacobian_evals\": " << st.jacobian_evals << ", \"newton_iters\": " << st.newton_iters
    << ", \"newton_conv_fails\": " << st.newton_conv_fails << ", \"error_test_fails\": " << st.error_test_fails
    << ", \"reinits\": " << st.reinits << ", \"recoverable_residual_errors\": " << st.recoverable_errors
    << ", \"rtol\": " << jsonNumber(rtol) << "}";
  return j.str();
}

}  // namespace

std::string summaryJson(const CaseRecipe& recipe, const CellModel& model, const CaseOutcome& outcome) {
  const SimulationResult& r = outcome.sim;
  std::ostringstream js;
  js << "{\n  \"case\": " << jsonString(recipe.file) << ",\n  \"description\": " << jsonString(recipe.description)
     << ",\n  \"cell\": " << cellJson(model) << ",\n  \"steps\": " << stepsJson(r)
     << ",\n  \"solver\": " << solverJson(r.stats, recipe.options.solver.rtol) << ",\n"
     << "  \"wall_time_s\": " << jsonNumber(r.wall_time_s) << ",\n  \"setup_time_s\": " << jsonNumber(r.setup_time_s)
     << ",\n  \"stopped_early\": " << (r.stopped_early ? "true" : "false")
     << ",\n  \"stop_reason\": " << jsonString(r.stop_reason) << ",\n  \"warnings\": [";
  for (size_t i = 0; i < r.warnings.size(); ++i) js << (i ? ", " : "") << jsonString(r.warnings[i]);
  js << "]";
  if (!r.final_state.empty()) {
    const double* y = r.final_state.data();
    js << ",\n  \"final\": {\"voltage_V\": " << jsonNumber(model.voltage(y))
       << ", \"capacity_mAh_m2\": " << jsonNumber(model.charge(y) / kC_per_mAh)
       << ", \"lithium_inventory_mol_m2\": " << jsonNumber(model.lithiumInventory(y)) << "}";
  }
  if (!r.spectra.empty()) js << ",\n  \"impedance\": " << impedanceJson(r);
  if (recipe.options.jumping.enabled)
    js << ",\n  \"cycle_jumping\": {\"total_cycles\": " << r.jumping.total_cycles
       << ", \"simulated_cycles\": " << r.jumping.simulated_cycles << ", \"reported_cycles\": " << r.jumping.reported_cycles
       << ", \"rejected_steps\": " << r.jumping.rejected_steps << "}";
  if (!outcome.mesh_check.unknowns.empty()) {
    const MeshCheckRuns& m = outcome.mesh_check;
    js << ",\n  \"mesh_check\": {\"refinement\": [1, 2, 4], \"unknowns\": [" << model.size();
    for (int n : m.unknowns) js << ", " << n;
    js << "], \"wall_time_s\": [" << jsonNumber(r.wall_time_s);
    for (double w : m.wall_time_s) js << ", " << jsonNumber(w);
    js << "], \"method\": \"Richardson extrapolation with the observed order; each figure's mesh_error\"}";
  }
  js << ",\n  \"figures\": " << figuresJson(outcome.figures) << ",\n  \"inputs\": " << inputsJson(recipe.input.get())
     << "\n}\n";
  return js.str();
}

}  // namespace cellsim
