#include "models/cell/PorousElectrode.hpp"

#include <cmath>
#include <sstream>

#include "core/numerics/DaeSystem.hpp"
#include "models/cell/PropertyTables.hpp"

namespace cellsim {

using constants::F;
using constants::R;

namespace {

//! Electrolyte oxidation as a reaction in the surface's list (its rate law is the ageing
//! block's; the CEI it builds is a state of that block).
class ElectrolyteOxidation : public SideReaction {
 public:
  explicit ElectrolyteOxidation(const PorousAgeing& ageing) : ageing_(ageing) {}
  std::string name() const override { return "electrolyte oxidation"; }
  double lithiumIonShare() const override { return 1.0 - ageing_.design().oxidation_salt_share; }
  double current(const SurfaceSite& site, double) const override { return ageing_.oxidationCurrent(site.dphi, site.T); }

 private:
  const PorousAgeing& ageing_;
};

}  // namespace

PorousElectrode::PorousElectrode(const PorousElectrodeDesign& d, End end, const CellDesign& cell, const CellMesh& mesh,
                                 CellLinks& links)
    : Electrode(end, links), d_(d), mesh_(mesh), T_(cell.temperature_K),
      c0_(cell.electrolyte.initial_concentration_mol_m3), first_(mesh.region(d.name).first),
      n_(mesh.region(d.name).count), a_(d.specificArea()), sigma_eff_(d.effectiveSolidConductivity()),
      c_max_(d.max_concentration_mol_m3), particle_(d.particle_radius_m, d.shells), kinetics_(d.kinetics, T_),
      constant_D_(d.diffusivity_m2_s.isConstant()) {
  if (constant_D_) D_const_ = d.diffusivity_m2_s({0.5, T_});
  // 0.1 uV: well below the solver's own tolerance on the voltage (rtol 1e-6 x 4 V).
  ocp_tab_ = tabulateAtTemperature(d.ocp_V, T_, 0.0, 1.0, 1e-7);
  ds_tab_ = tabulateAtTemperature(d.diffusivity_m2_s, T_, 0.0, 1.0, 1e-9 * propertyScale(d.diffusivity_m2_s, T_, 0.0, 1.0));
  ocp_cache_.assign(n_, OcpCache{});
  if (d.ageing) {
    ageing_ = std::make_unique<PorousAgeing>(*d.ageing);
    if (ageing_->oxidises()) {
      kinetics_.addSideReaction(std::make_shared<ElectrolyteOxidation>(*ageing_));
      lithium_free_side_ = d.ageing->oxidation_salt_share > 0;
    }
  }
}

double PorousElectrode::ocp(double sto) const { return evaluateTabulated(ocp_tab_, d_.ocp_V, sto, T_); }
double PorousElectrode::solidDiffusivity(double sto) const {
  return evaluateTabulated(ds_tab_, d_.diffusivity_m2_s, sto, T_);
}

void PorousElectrode::declare(StateLayout& layout) {
  VariableBlock phi = VariableBlock::make(name(), "phi_s", "V", false, Tolerance::fixed(1e-8));
  for (int k = 0; k < n_; ++k) {
    phi.positions.push_back(first_ + k);
    std::ostringstream os;
    os << d_.name << ", x = " << mesh_.center(first_ + k) * 1e6 << " um";
    phi.site_labels.push_back(os.str());
  }
  VariableBlock j = phi;
  j.name = "j";
  j.unit = "A/m2";
  VariableBlock cs = phi;
  cs.name = "c_s";
  cs.unit = "mol/m3";
  cs.differential = true;
  cs.tolerance = Tolerance::relativeTo(c_max_);
  cs.width = particle_.shells();
  cs.entry_name = "shell";
  phi_block_ = layout.add(phi);
  j_block_ = layout.add(j);
  cs_block_ = layout.add(cs);
  if (kinetics_.hasSeriesStep()) {
    VariableBlock etad = phi;
    etad.name = "eta_desolvation";
    etad_block_ = layout.add(etad);
  }
  // The layers' potentials are differential: 1 uV (far below any voltage figure) rather
  // than the 10 nV of the algebraic potentials keeps IDA from resolving their microsecond
  // transients to no visible effect.
  VariableBlock layer = phi;
  layer.differential = true;
  layer.tolerance = Tolerance::fixed(1e-6);
  if (kinetics_.hasDoubleLayer()) {
    layer.name = "phi_double_layer";
    dl_block_ = layout.add(layer);
  }
  if (kinetics_.hasFilmCapacitance()) {
    layer.name = "phi_film";
    film_block_ = layout.add(layer);
  }
  if (ageing_) ageing_->declare(layout, phi);
}

void PorousElectrode::bind(const StateLayout& layout) {
  phi_.clear();
  j_.clear();
  cs_.clear();
  etad_.clear();
  dl_.clear();
  film_.clear();
  for (int k = 0; k < n_; ++k) {
    phi_.push_back(layout.index(phi_block_, k));
    j_.push_back(layout.index(j_block_, k));
    cs_.push_back(layout.index(cs_block_, k));
    if (etad_block_ >= 0) etad_.push_back(layout.index(etad_block_, k));
    if (dl_block_ >= 0) dl_.push_back(layout.index(dl_block_, k));
    if (film_block_ >= 0) film_.push_back(layout.index(film_block_, k));
    links_.source_columns[first_ + k] = {j_.back()};
    if (!dl_.empty()) links_.source_columns[first_ + k].push_back(dl_.back());
  }
  if (ageing_) {
    ageing_->bind(layout, n_);
    for (int k = 0; k < n_; ++k) {
      auto& cols = links_.source_columns[first_ + k];
      for (int c : ageing_->columns(k)) cols.push_back(c);
      // The salt source then needs the surface potential (see publishFundamental).
      if (lithium_free_side_) {
        for (int c : {phi_[k], links_.phi_e_index[first_ + k], links_.c_e_index[first_ + k]}) cols.push_back(c);
        for (const auto* b : {&etad_, &film_}) if (!b->empty()) cols.push_back((*b)[k]);
      }
    }
  }
}

// The rows of a surface site. The transfer row (j) sees the whole site; the Li+ transfer
// current (the outer shell's flux and the desolvation step) depends on j and the double
// layer's charging, and on the whole site only through side reactions.
void PorousElectrode::addSitePattern(int k, SparsityPattern& p) const {
  const int ns = particle_.shells(), g = first_ + k;
  const int ce = links_.c_e_index[g], outer = cs_[k] + ns - 1;
  std::vector<int> site = {phi_[k], j_[k], ce, links_.phi_e_index[g], outer};
  if (ns >= 2) site.push_back(outer - 1);
  std::vector<int> carried = {j_[k]};
  for (const auto* block : {&etad_, &dl_, &film_})
    if (!block->empty()) site.push_back((*block)[k]);
  if (ageing_)
    for (int c : ageing_->columns(k)) site.push_back(c);
  if (!dl_.empty()) carried.push_back(dl_[k]);
  if (!kinetics_.sideReactions().empty()) carried = site;
  for (int c : site) p.add(j_[k], c);
  for (const auto* block : {&dl_, &film_})
    if (!block->empty())
      for (int c : site) p.add((*block)[k], c);
  for (int c : carried) p.add(outer, c);
  if (!etad_.empty()) {
    for (int c : carried) p.add(etad_[k], c);
    p.add(etad_[k], etad_[k]);
    p.add(etad_[k], ce);
  }
  if (ageing_) {
    ageing_->addPattern(p, k, site, cs_[k], ns);
    for (int c : ageing_->columns(k)) p.add(phi_[k], c);
  }
}

void PorousElectrode::addPattern(SparsityPattern& p) const {
  const int ns = particle_.shells();
  for (int k = 0; k < n_; ++k) {
    for (int kk = std::max(0, k - 1); kk <= std::min(n_ - 1, k + 1); ++kk) p.add(phi_[k], phi_[kk]);
    p.add(phi_[k], j_[k]);
    if (!dl_.empty()) p.add(phi_[k], dl_[k]);
    const bool at_collector = (end_ == End::Left ? k == 0 : k == n_ - 1);
    if (at_collector && terminalColumn() >= 0) p.add(phi_[k], terminalColumn());
    for (int i = 0; i < ns; ++i)
      for (int ii = std::max(0, i - 1); ii <= std::min(ns - 1, i + 1); ++ii) p.add(cs_[k] + i, cs_[k] + ii);
    addSitePattern(k, p);
  }
}

SurfaceUnknowns PorousElectrode::unknowns(int k, const CellState& s) const {
  SurfaceUnknowns u;
  if (!etad_.empty()) u.eta_d = s.y[etad_[k]];
  if (!dl_.empty()) {
    u.dl = s.y[dl_[k]];
    u.dl_rate = s.yp[dl_[k]];
  }
  if (!film_.empty()) {
    u.film = s.y[film_[k]];
    u.film_rate = s.yp[film_[k]];
  }
  // The unknown is the reactions' current; the double layer's charging adds to it.
  u.j = s.y[j_[k]] + kinetics_.chargingCurrent(u);
  if (ageing_ && ageing_->oxidises())
    u.film_resistance = d_.kinetics.film_resistance_ohm_m2 + ageing_->ceiResistance(k, s.y);
  return u;
}

void PorousElectrode::publishFundamental(const CellState& s) {
  for (int k = 0; k < n_; ++k) {
    const SurfaceUnknowns u = unknowns(k, s);
    links_.source_A_m3[first_ + k] = area(k, s.y) * u.j;
    double li = s.y[j_[k]];
    if (lithium_free_side_) {
      // Side reactions whose charge is not Li+ (electrolyte oxidation) leave the salt alone.
      const int g = first_ + k;
      const SurfaceSite site{s.y[phi_[k]] - s.y[links_.phi_e_index[g]], s.y[links_.c_e_index[g]], s.T, s.y};
      li = kinetics_.currents(site, u).lithium;
    }
    links_.cation_source_A_m3[first_ + k] = area(k, s.y) * li;
  }
}

double PorousElectrode::solidFlux(int f, const double* y) const {
  if (f > 0 && f < n_)
    return -sigma_eff_ * (y[phi_[f]] - y[phi_[f - 1]]) / (0.5 * (mesh_.width(first_ + f - 1) + mesh_.width(first_ + f)));
  if (f != collectorFace()) return 0.0;  // no electronic current into the separator
  const double Vt = terminalPotential(y);
  if (f == 0) return -sigma_eff_ * (y[phi_[0]] - Vt) / (0.5 * mesh_.width(first_));
  return -sigma_eff_ * (Vt - y[phi_[n_ - 1]]) / (0.5 * mesh_.width(first_ + n_ - 1));
}

double PorousElectrode::surfaceConcentration(int k, const double* y, double T, double flux_A_m2) const {
  const double* cs = y + cs_[k];
  const double cN = cs[particle_.shells() - 1];
  const double D = T == T_ ? solidDiffusivity(cN / c_max_) : d_.diffusivity_m2_s({cN / c_max_, T});
  return particle_.surfaceConcentration(cs, flux_A_m2, D);
}

void PorousElectrode::residual(const CellState& s, double* Fres) {
  const double* y = s.y;
  const double T = s.T;
  const double factor = kinetics_.exchangeFactor(T);
  for (int k = 0; k < n_; ++k) {
    const int g = first_ + k;
    const double phis = y[phi_[k]];
    const SurfaceUnknowns u = unknowns(k, s);
    Fres[phi_[k]] = (solidFlux(k + 1, y) - solidFlux(k, y)) / mesh_.width(g) + area(k, y) * u.j;

    const double ce = y[links_.c_e_index[g]];
    const SurfaceSite site{phis - y[links_.phi_e_index[g]], ce, T, y};
    // Only the Li+ transfer reaction moves lithium into or out of the particles.
    const SurfaceCurrents cur = kinetics_.currents(site, u);
    const double cs_surf = surfaceConcentration(k, y, T, cur.carried);
    if (!(cs_surf > 0.0 && cs_surf < c_max_))
      throw RecoverableResidualError{"particle surface concentration outside (0, c_max)"};
    const double sto = cs_surf / c_max_;
    OcpCache& oc = ocp_cache_[k];
    if (sto != oc.sto || T != oc.T) oc = {sto, T, ocp(sto)};
    // Symmetric exponents (the common case) need one sqrt instead of three pow.
    const double conc = (d_.alpha_a == 0.5 && d_.alpha_c == 0.5)
                            ? std::sqrt(ce * cs_surf * (c_max_ - cs_surf))
                            : std::pow(ce, d_.alpha_a) * std::pow(cs_surf, d_.alpha_c) *
                                  std::pow(c_max_ - cs_surf, d_.alpha_a);
    const double i0 = d_.rate_constant * conc * factor;
    const auto rows = kinetics_.residual(site, oc.U, i0, u, cur);
    Fres[j_[k]] = rows.transfer;
    if (!etad_.empty()) Fres[etad_[k]] = rows.series;
    if (!dl_.empty()) Fres[dl_[k]] = rows.double_layer;
    if (!film_.empty()) Fres[film_[k]] = rows.film;

    const double* cs = y + cs_[k];
    if (ageing_)
      ageing_->residual(k, y, s.yp, {oc.U, cur.inner, T, d_.active_fraction * particle_.mean(cs) * mesh_.width(g),
                                     area(k, y) * mesh_.width(g)},
                        Fres);
    if (constant_D_) {
      particle_.residual(cs, s.yp + cs_[k], cur.carried, [this](int) { return D_const_; }, Fres + cs_[k]);
    } else {
      particle_.residual(
          cs, s.yp + cs_[k], cur.carried,
          [this, cs](int i) { return solidDiffusivity(0.5 * (cs[i] + cs[i + 1]) / c_max_); }, Fres + cs_[k]);
    }
  }
}

double PorousElectrode::initialOcp() const {
  const double args[2] = {d_.initial_stoichiometry, T_};
  return d_.ocp_V(args);
}

void PorousElectrode::initialState(const InitialGuess& guess, double* y) const {
  const double U = initialOcp();
  const double cs = d_.initial_stoichiometry * c_max_;
  for (int k = 0; k < n_; ++k) {
    // Uniform reaction and the overpotential that drives it (symmetric Butler–Volmer): a
    // start close enough to consistency that IDACalcIC converges at high rates too.
    const double j = inwardSign(end_) * guess.current_A_m2 / (a_ * d_.thickness_m);
    const double i0 = d_.rate_constant * std::sqrt(c0_ * cs * (c_max_ - cs)) * kinetics_.exchangeFactor(T_);
    // With a double layer the reactions start at rest and the whole current charges it.
    const double eta = kinetics_.hasDoubleLayer() ? 0.0 : 2.0 * R * T_ / F * std::asinh(j / (2.0 * i0));
    y[j_[k]] = kinetics_.hasDoubleLayer() ? 0.0 : j;
    y[phi_[k]] = U - guess.U_left + eta;
    // At rest the double layer holds the equilibrium potential and the film none.
    if (!dl_.empty()) y[dl_[k]] = U;
    if (!film_.empty()) y[film_[k]] = 0.0;
    if (ageing_ && k == 0) ageing_->initialState(y);
    for (int i = 0; i < particle_.shells(); ++i) y[cs_[k] + i] = d_.initial_stoichiometry * c_max_;
  }
}

void PorousElectrode::shiftPotentials(double shift, double* y) const {
  for (int k : phi_) y[k] -= shift;
}

void PorousElectrode::addColumns(std::vector<OutputColumn>& columns) const {
  if (!ageing_) return;
  std::vector<double> widths;
  for (int k = 0; k < n_; ++k) widths.push_back(mesh_.width(first_ + k));
  ageing_->addColumns(columns, endName(end_), widths);
}

void PorousElectrode::addProfiles(const double* y, ProfileTable& table) const {
  auto& cs = table.column("c_s_surf_mol_m3");
  auto& phi = table.column("phi_s_V");
  for (int k = 0; k < n_; ++k) {
    cs[first_ + k] = surfaceConcentration(k, y);
    phi[first_ + k] = y[phi_[k]];
  }
}

void PorousElectrode::checkState(const double* y, StateCheck& check) const {
  const std::string what = "material '" + d_.material + "' (" + name() + ")";
  // A property with a stated range is trusted inside it; one without is checked everywhere.
  const bool ranged = (d_.ocp_V.isConstant() || d_.ocp_V.hasValidity()) &&
                      (d_.diffusivity_m2_s.isConstant() || d_.diffusivity_m2_s.hasValidity());
  for (int k = 0; k < n_; ++k) {
    const double sto = surfaceConcentration(k, y) / c_max_;
    const double args[2] = {sto, T_};
    const std::string ocp_range = d_.ocp_V.rangeViolation(args), ds_range = d_.diffusivity_m2_s.rangeViolation(args);
    if (!ocp_range.empty())
      check.warn(name() + ".ocp", what + ": ocp used outside its validity range: " + ocp_range + " (surface stoichiometry)");
    if (!ds_range.empty())
      check.warn(name() + ".diffusivity", what + ": diffusivity used outside its validity range: " + ds_range);
    if (ocp_range.empty() && ds_range.empty() && ranged) continue;
    const double U = d_.ocp_V(args), D = d_.diffusivity_m2_s(args);
    std::ostringstream os;
    os << what << " at sto = " << sto << ", T = " << T_ << " K (x = " << mesh_.center(first_ + k) * 1e6 << " um): ";
    if (!std::isfinite(U)) check.fail(os.str() + "ocp is undefined");
    if (!(D > 0 && std::isfinite(D))) check.fail(os.str() + "diffusivity is undefined or not positive");
  }
}


std::vector<int> PorousElectrode::collectorCurrentColumns() const {
  std::vector<int> cols = {end_ == End::Left ? phi_.front() : phi_.back()};
  if (terminalColumn() >= 0) cols.push_back(terminalColumn());
  return cols;
}

double PorousElectrode::meanStoichiometry(const double* y) const {
  double num = 0, den = 0;
  for (int k = 0; k < n_; ++k) {
    num += particle_.mean(y + cs_[k]) * mesh_.width(first_ + k);
    den += mesh_.width(first_ + k);
  }
  return num / den / c_max_;
}

double PorousElectrode::restPotential(const double* y) const {
  const double args[2] = {meanStoichiometry(y), T_};
  return d_.ocp_V(args);
}

double PorousElectrode::intercalatedLithium(const double* y) const {
  double total = 0;
  for (int k = 0; k < n_; ++k) {
    const double share = ageing_ ? ageing_->activeShare(k, y) : 1.0;
    total += d_.active_fraction * share * particle_.mean(y + cs_[k]) * mesh_.width(first_ + k);
  }
  return total;
}

}  // namespace cellsim
