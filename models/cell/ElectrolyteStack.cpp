#include "models/cell/ElectrolyteStack.hpp"

#include <cmath>
#include <sstream>

#include "core/input/PhysicalConstants.hpp"
#include "core/numerics/DaeSystem.hpp"

namespace cellsim {

using constants::F;

ElectrolyteStack::ElectrolyteStack(const CellDesign& d, const CellMesh& mesh, CellLinks& links)
    : mesh_(mesh), links_(links), props_(d.electrolyte, d.temperature_K), T_(d.temperature_K),
      c0_(d.electrolyte.initial_concentration_mol_m3), depletion_(d.depletion) {
  for (const ElectrodeDesign* e : {&d.negative, &d.positive})
    if (const auto* p = e->porous()) consumed_ = consumed_ || (p->ageing && p->ageing->oxidation_current_A_m2 > 0);
  const int nv = mesh.volumes();
  for (int k = 0; k < nv; ++k) {
    const MeshRegion& r = mesh.region(mesh.regionOf(k));
    porosity_.push_back(r.porosity);
    transport_.push_back(r.transport);
    t_plus_.push_back(r.t_plus);
  }
  N_.assign(nv + 1, 0.0);
  i_.assign(nv + 1, 0.0);
  cache_.assign(nv + 1, FaceCache{});
  links_.source_A_m3.assign(nv, 0.0);
  links_.cation_source_A_m3.assign(nv, 0.0);
  links_.source_columns.assign(nv, {});
}

void ElectrolyteStack::declare(StateLayout& layout) {
  VariableBlock c = VariableBlock::make(name(), "c_e", "mol/m3", true, Tolerance::relativeTo(c0_));
  for (int k = 0; k < mesh_.volumes(); ++k) {
    c.positions.push_back(k);
    std::ostringstream os;
    os << mesh_.region(mesh_.regionOf(k)).name << ", x = " << mesh_.center(k) * 1e6 << " um";
    c.site_labels.push_back(os.str());
  }
  VariableBlock phi = c;
  phi.name = "phi_e";
  phi.unit = "V";
  phi.differential = false;
  phi.tolerance = Tolerance::fixed(1e-8);
  c_block_ = layout.add(std::move(c));
  phi_block_ = layout.add(std::move(phi));
}

void ElectrolyteStack::bind(const StateLayout& layout) {
  ci_.clear();
  pi_.clear();
  for (int k = 0; k < mesh_.volumes(); ++k) {
    ci_.push_back(layout.index(c_block_, k));
    pi_.push_back(layout.index(phi_block_, k));
  }
  links_.c_e_index = ci_;
  links_.phi_e_index = pi_;
}

void ElectrolyteStack::addPattern(SparsityPattern& p) const {
  const int nv = mesh_.volumes();
  for (int k = 0; k < nv; ++k) {
    for (int row : {ci_[k], pi_[k]}) {
      for (int kk = std::max(0, k - 1); kk <= std::min(nv - 1, k + 1); ++kk) {
        p.add(row, ci_[kk]);
        p.add(row, pi_[kk]);
      }
      for (int col : links_.source_columns[k]) p.add(row, col);
      const ElectrolyteEnd& left = links_.end[endIndex(End::Left)];
      const ElectrolyteEnd& right = links_.end[endIndex(End::Right)];
      if (k == 0 && left.planar_electrode)
        for (int col : left.current_columns) p.add(row, col);
      if (k == nv - 1 && right.planar_electrode)
        for (int col : right.current_columns) p.add(row, col);
    }
  }
}

ElectrolyteAt ElectrolyteStack::cached(int face, double c, double T) const {
  FaceCache& fc = cache_[face];
  if (c != fc.c || T != fc.T) fc = {c, T, props_.at(c, T)};
  return fc.p;
}

// Cation flux N+ [mol/m2/s] and ionic current i_e [A/m2] through the interior faces.
void ElectrolyteStack::interiorFluxes(const double* y, double T) {
  const int nv = mesh_.volumes();
  for (int f = 1; f < nv; ++f) {
    const int l = f - 1, r = f;
    const double cL = y[ci_[l]], cR = y[ci_[r]];
    const double pL = y[pi_[l]], pR = y[pi_[r]];
    const double hL = 0.5 * mesh_.width(l), hR = 0.5 * mesh_.width(r);
    const ElectrolyteAt p = cached(f, 0.5 * (cL + cR), T);
    const double tL = tPlus(l, p), tR = tPlus(r, p);
    const double DL = p.D * transport_[l], DR = p.D * transport_[r];
    const double kL = p.kappa * transport_[l], kR = p.kappa * transport_[r];
    const double bL = p.beta * (1.0 - tL), bR = p.beta * (1.0 - tR);
    const double Gk = 1.0 / (hL / kL + hR / kR);
    if (tL == tR && transport_[l] == transport_[r]) {
      const double i = Gk * (-(pR - pL) + bL * std::log(cR / cL));  // one log per face
      i_[f] = i;
      N_[f] = -(cR - cL) / (hL / DL + hR / DR) + tL * i / F;
      continue;
    }
    // Interface concentration c_I from N+ continuity, solved together with i_e(c_I).
    const double wL = DL / hL, wR = DR / hR;
    auto current = [&](double cI) {
      return Gk * (-(pR - pL) + bL * std::log(cI / cL) + bR * std::log(cR / cI));
    };
    double cI = (wL * cL + wR * cR) / (wL + wR);
    bool converged = false;
    for (int it = 0; it < 12 && !converged; ++it) {
      const double i = current(cI);
      const double g = cI - (wL * cL + wR * cR + (tL - tR) * i / F) / (wL + wR);
      const double dg = 1.0 - (tL - tR) / F / (wL + wR) * Gk * (bL - bR) / cI;
      const double step = g / dg;
      cI -= step;
      if (!(cI > 0)) throw RecoverableResidualError{"non-positive interface concentration"};
      converged = std::abs(step) < 1e-13 * cI;
    }
    if (!converged) throw RecoverableResidualError{"layer-interface concentration did not converge"};
    const double i = current(cI);
    i_[f] = i;
    N_[f] = -wL * (cI - cL) + tL * i / F;
  }
}

// An end face: closed (no flux) at a porous electrode; at a planar lithium surface the whole
// current crosses as Li+, and the surface concentration and potential follow from the
// half-volume next to it.
void ElectrolyteStack::endFace(End end, const double* y, double T) {
  const int nv = mesh_.volumes();
  const int face = end == End::Left ? 0 : nv;
  ElectrolyteEnd& e = links_.end[endIndex(end)];
  if (!e.planar_electrode) {
    i_[face] = 0.0;
    N_[face] = 0.0;
    return;
  }
  const double i_face = e.current_A_m2, i_cation = e.cation_current_A_m2;
  i_[face] = i_face;
  N_[face] = i_cation / F;
  const int k = end == End::Left ? 0 : nv - 1;
  const double c = y[ci_[k]], phi = y[pi_[k]], h = 0.5 * mesh_.width(k);
  const ElectrolyteAt p = cached(face, c, T);
  const double t = tPlus(k, p);
  const double D = p.D * transport_[k], kappa = p.kappa * transport_[k], b = p.beta * (1.0 - t);
  const double sgn = inwardSign(end);
  // N+ = -D dc/dx + t i / F across the half-volume, for the current that crosses as Li+:
  // a double layer's charging current is taken to reach the surface by migration alone
  // (its charge is a vanishing amount of salt), which keeps the surface concentration free
  // of the charging current's large, brief swings.
  const double cf = c + sgn * (1.0 - t) * i_cation * h / (F * D);
  if (cf <= 0) throw RecoverableResidualError{"electrolyte depleted at a lithium surface"};
  e.c_surface = cf;
  // Equilibrium (i = 0) keeps phi - beta ln c uniform, on either side.
  e.phi_surface = phi + sgn * i_face * h / kappa - b * (std::log(c) - std::log(cf));
}

void ElectrolyteStack::publishCoupled(const CellState& s) {
  for (int c : ci_)
    if (!(s.y[c] > 0.0)) throw RecoverableResidualError{"non-positive electrolyte concentration"};
  interiorFluxes(s.y, s.T);
  endFace(End::Left, s.y, s.T);
  endFace(End::Right, s.y, s.T);
}

void ElectrolyteStack::residual(const CellState& s, double* Fres) {
  const int nv = mesh_.volumes();
  for (int k = 0; k < nv; ++k) {
    const double source = links_.source_A_m3[k];
    const double dx = mesh_.width(k);
    // Salt balance in flux form and charge balance.
    Fres[ci_[k]] = porosity_[k] * s.yp[ci_[k]] + (N_[k + 1] - N_[k]) / dx - links_.cation_source_A_m3[k] / F;
    Fres[pi_[k]] = (i_[k + 1] - i_[k]) / dx - source;
  }
}

void ElectrolyteStack::initialState(const InitialGuess& guess, double* y) const {
  for (int k = 0; k < mesh_.volumes(); ++k) {
    y[ci_[k]] = c0_;
    y[pi_[k]] = -guess.U_left;
  }
}

void ElectrolyteStack::shiftPotentials(double shift, double* y) const {
  for (int k : pi_) y[k] -= shift;
}

void ElectrolyteStack::addProfiles(const double* y, ProfileTable& table) const {
  auto& c = table.column("c_e_mol_m3");
  auto& phi = table.column("phi_e_V");
  for (int k = 0; k < mesh_.volumes(); ++k) {
    c[k] = y[ci_[k]];
    phi[k] = y[pi_[k]];
  }
}

std::string ElectrolyteStack::where(int k) const {
  std::ostringstream os;
  os << mesh_.region(mesh_.regionOf(k)).name << ", x = " << mesh_.center(k) * 1e6 << " um";
  return os.str();
}

void ElectrolyteStack::checkState(const double* y, StateCheck& check) const {
  const Electrolyte& el = props_.electrolyte();
  const Property* props[4] = {&el.diffusivity_m2_s, &el.conductivity_S_m, &el.transference_number,
                              &el.thermodynamic_factor};
  const char* names[4] = {"diffusivity", "conductivity", "transference_number", "thermodynamic_factor"};
  // A property with a stated range is trusted inside it; one without is checked everywhere.
  bool all_ranged = true;
  for (const Property* q : props) all_ranged = all_ranged && (q->isConstant() || q->hasValidity());
  for (int k = 0; k < mesh_.volumes(); ++k) {
    const double args[2] = {y[ci_[k]], T_};
    bool outside = false;
    for (int p = 0; p < 4; ++p) {
      const std::string v = props[p]->rangeViolation(args);
      if (v.empty()) continue;
      outside = true;
      check.warn(std::string("electrolyte.") + names[p], "electrolyte '" + el.name + "': " + names[p] + " used outside its "
                 "validity range: " + v + " (first in " + where(k) + ")");
    }
    if (!outside && all_ranged) continue;
    // Outside the range a correlation may reach a pole or turn unphysical: stop there.
    const ElectrolyteAt p = props_.direct(args[0], T_);
    const double values[4] = {p.D, p.kappa, p.t, p.beta};
    // Beyond these bounds no liquid electrolyte exists (D of water's self-diffusion is 2e-9
    // m2/s, kappa of the best molten salts ~1e2 S/m): a correlation out there is at or near a
    // pole, where the step size would only collapse.
    const bool ok[4] = {p.D > 1e-20 && p.D < 1e-6, p.kappa > 0 && p.kappa < 1e4, p.t > -1 && p.t < 1,
                        p.beta > 0 && p.beta < 1e3};
    for (int q = 0; q < 4; ++q)
      if (!ok[q]) {
        std::ostringstream os;
        os << "electrolyte '" << el.name << "': " << names[q] << " is undefined or unphysical (" << values[q]
           << ") at c_e = " << args[0] << " mol/m3, T = " << T_ << " K in " << where(k);
        check.fail(os.str());
      }
  }
}

void ElectrolyteStack::addColumns(std::vector<OutputColumn>& columns) const {
  if (!consumed_) return;
  double pores = 0;
  for (int k = 0; k < mesh_.volumes(); ++k) pores += porosity_[k] * mesh_.width(k);
  // What side reactions left of the salt the cell was filled with (1 without them).
  columns.push_back({"electrolyte_salt_left", [this, pores](const double* y) { return salt(y) / (c0_ * pores); }, true});
}

double ElectrolyteStack::salt(const double* y) const {
  double total = 0;
  for (int k = 0; k < mesh_.volumes(); ++k) total += porosity_[k] * y[ci_[k]] * mesh_.width(k);
  return total;
}

double ElectrolyteStack::surfaceConcentration(End end, const double* y) const {
  const ElectrolyteEnd& e = links_.end[endIndex(end)];
  const int k = end == End::Left ? 0 : mesh_.volumes() - 1;
  const double c = y[ci_[k]];
  const ElectrolyteAt p = props_.direct(c, T_);
  const double t = tPlus(k, p);
  // A read-out at quasi-steady state: the whole face current crossing as Li+.
  return c + inwardSign(end) * (1.0 - t) * y[e.current_columns.front()] * 0.5 * mesh_.width(k) /
                 (F * p.D * transport_[k]);
}

}  // namespace cellsim
