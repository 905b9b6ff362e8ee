#include "models/io/MeshCheck.hpp"

#include <chrono>
#include <cmath>
#include <map>

namespace cellsim {

CellDesign refinedMesh(const CellDesign& cell, int factor) {
  CellDesign d = cell;
  for (auto& layer : d.separator) layer.volumes *= factor;
  for (ElectrodeDesign* e : {&d.negative, &d.positive})
    if (auto* p = e->porous()) {
      p->volumes *= factor;
      p->shells *= factor;
    }
  d.mesh_grading.first_at_foil_m /= factor;
  d.mesh_grading.first_at_interface_m /= factor;
  d.mesh_grading.ratio = std::pow(d.mesh_grading.ratio, 1.0 / factor);
  return d;
}

MeshError richardson(double f1, double f2, double f3, double noise) {
  MeshError m;
  m.estimated = true;
  m.values[0] = f1;
  m.values[1] = f2;
  m.values[2] = f3;
  const double d1 = f1 - f2, d2 = f2 - f3;
  if (std::abs(d1) <= noise && std::abs(d2) <= noise) {
    m.error = std::max(std::abs(d1), std::abs(d2));
    m.note = "unchanged on refinement to within the solver tolerance; the estimate is the largest change";
  } else if (d1 * d2 > 0 && std::abs(d2) < std::abs(d1) && std::abs(d2) > noise) {
    // f_h = f + C h^p: d1 = C h^p (1 - 2^-p), d2 = d1 2^-p.
    m.observed_order = std::log2(d1 / d2);
    m.error = d1 / (1.0 - d2 / d1);
  } else if (std::abs(d2) <= noise) {
    // Converged between the two refined meshes: the case's mesh carries the whole change.
    m.error = d1;
    m.note = "the refined meshes agree to within the solver tolerance; the estimate is the change from the case's mesh";
  } else {
    m.error = (std::abs(d1) >= std::abs(d2) ? d1 : d2) * 2.0;
    m.note = "no steady convergence on refinement (the changes differ in sign or grow); the estimate is twice the "
             "largest change, a bound rather than an extrapolation";
  }
  return m;
}

namespace {

using FigureKey = std::pair<std::string, std::string>;

std::map<FigureKey, double> byKey(const std::vector<Figure>& figures) {
  std::map<FigureKey, double> m;
  for (const auto& f : figures) m[{f.name, f.condition}] = f.value;
  return m;
}

}  // namespace

void estimateMeshErrors(const CaseRecipe& recipe, CaseOutcome& outcome, void (*log)(const std::string&)) {
  std::vector<std::map<FigureKey, double>> refined;
  for (int factor : {2, 4}) {
    CaseRecipe r = recipe;
    r.cell = refinedMesh(recipe.cell, factor);
    r.options.progress = nullptr;
    CellModel model(r.cell);
    if (log) log("mesh check: the case on the mesh refined " + std::to_string(factor) + "x (" +
                 std::to_string(model.size()) + " unknowns)");
    const auto t0 = std::chrono::steady_clock::now();
    const CaseOutcome o = runCase(r, model);
    outcome.mesh_check.unknowns.push_back(model.size());
    outcome.mesh_check.wall_time_s.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    refined.push_back(byKey(o.figures));
  }
  // Ten times the relative tolerance: what the time integration alone can move a figure by.
  const double rtol = 10.0 * recipe.options.solver.rtol;
  for (Figure& f : outcome.figures) {
    const FigureKey key{f.name, f.condition};
    const auto a = refined[0].find(key), b = refined[1].find(key);
    if (a == refined[0].end() || b == refined[1].end()) {
      f.mesh_error.estimated = true;
      f.mesh_error.note = "not produced on every refined mesh: no estimate";
      f.mesh_error.values[0] = f.value;
      f.mesh_error.error = std::nan("");
      continue;
    }
    f.mesh_error = richardson(f.value, a->second, b->second, rtol * std::max(std::abs(f.value), 1e-30));
  }
}

}  // namespace cellsim
