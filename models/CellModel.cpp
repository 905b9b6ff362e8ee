#include "CellModel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "Constants.hpp"
#include "Kinetics.hpp"

namespace cellsim {

using constants::F;
using constants::R;

namespace {
const double kNaN = std::numeric_limits<double>::quiet_NaN();

using ElectrolyteAt = CellModel::ElectrolyteAt;

ElectrolyteAt bulkProperties(const Electrolyte& el, double c, double T) {
  const double args[2] = {c, T};
  ElectrolyteAt p;
  p.D = el.diffusivity_m2_s(args);
  p.kappa = el.conductivity_S_m(args);
  p.t = el.transference_number(args);
  p.beta = 2.0 * R * T / F * el.thermodynamic_factor(args);  // (1 - t) applied per side
  return p;
}
}  // namespace

void CellModel::tabulateProperties() {
  // Tables reproduce the expressions to 1e-9 of their scale (checked at every interval
  // midpoint when built); outside a table's range the expression itself is evaluated.
  const double T = d_.temperature_K;
  auto build = [T](const Property& p, double a, double b, double abs_tol) {
    if (p.isConstant()) return TabulatedFunction();
    return TabulatedFunction([&p, T](double x) { const double args[2] = {x, T}; return p(args); }, a, b, abs_tol);
  };
  auto scale = [T](const Property& p, double a, double b) {
    double m = 0;
    for (double x : {a, 0.5 * (a + b), b}) {
      const double args[2] = {x, T};
      m = std::max(m, std::abs(p(args)));
    }
    return m;
  };
  for (int side = 0; side < 2; ++side) {
    const auto& slot = side == 0 ? d_.negative : d_.positive;
    if (!slot.porous) continue;
    // 0.1 uV: well below the solver's own tolerance on the voltage (rtol 1e-6 x 4 V).
    ocp_tab_[side] = build(slot.porous->ocp_V, 0.0, 1.0, 1e-7);
    const double ds = scale(slot.porous->diffusivity_m2_s, 0.0, 1.0);
    ds_tab_[side] = build(slot.porous->diffusivity_m2_s, 0.0, 1.0, 1e-9 * ds);
  }
  const auto& el = d_.electrolyte;
  const double cmax = 5.0 * el.initial_concentration_mol_m3;
  const Property* props[4] = {&el.diffusivity_m2_s, &el.conductivity_S_m, &el.transference_number,
                              &el.thermodynamic_factor};
  for (int k = 0; k < 4; ++k) el_tab_[k] = build(*props[k], 0.0, cmax, 1e-9 * scale(*props[k], 0.0, cmax));
}

CellModel::ElectrolyteAt CellModel::electrolyteAt(double c) const {
  const double T = d_.temperature_K;
  const double args[2] = {c, T};
  const auto& el = d_.electrolyte;
  auto eval = [&](int k, const Property& p) { return el_tab_[k].ok() && el_tab_[k].covers(c) ? el_tab_[k](c) : p(args); };
  ElectrolyteAt p;
  p.D = eval(0, el.diffusivity_m2_s);
  p.kappa = eval(1, el.conductivity_S_m);
  p.t = eval(2, el.transference_number);
  p.beta = 2.0 * R * T / F * eval(3, el.thermodynamic_factor);
  return p;
}

double CellModel::ocp(int side, double sto) const {
  const auto& t = ocp_tab_[side];
  if (t.ok() && t.covers(sto)) return t(sto);
  const double args[2] = {sto, d_.temperature_K};
  return electrode(side).ocp_V(args);
}

double CellModel::solidDiffusivity(int side, double sto) const {
  const auto& t = ds_tab_[side];
  if (t.ok() && t.covers(sto)) return t(sto);
  const double args[2] = {sto, d_.temperature_K};
  return electrode(side).diffusivity_m2_s(args);
}

CellModel::ElectrolyteAt CellModel::cachedProperties(int face, double c, double T) const {
  FaceCache& fc = face_cache_[face];
  if (c != fc.c || T != fc.T) {
    const ElectrolyteAt p = T == d_.temperature_K ? electrolyteAt(c) : bulkProperties(d_.electrolyte, c, T);
    fc = {c, T, p.D, p.kappa, p.t, p.beta};
  }
  return {fc.D, fc.kappa, fc.t, fc.beta};
}

CellModel::CellModel(const CellDesign& design) : d_(design) {
  // Mesh: regions from x = 0 (negative) to x = L (positive). Volumes are uniform, except
  // in a separator layer that touches a lithium foil: there they shrink geometrically
  // towards the foil (ratio foil_grading), because the concentration boundary layer at a
  // foil is thin right after a current step (Bruce–Vincent I0, Sand's time) and a coarse
  // first volume would show a spurious instantaneous concentration overpotential.
  double x = 0.0;
  face_x_.push_back(0.0);
  auto addRegion = [&](const std::string& name, double L, int nvol, double eps, double transport,
                       double t_plus, int electrode, bool grade_left = false, bool grade_right = false) {
    const int region = static_cast<int>(region_names_.size());
    region_names_.push_back(name);
    std::vector<double> w(nvol, 1.0);
    const double q = d_.foil_grading;
    if (q > 1.0 && (grade_left || grade_right)) {
      for (int i = 0; i < nvol; ++i) {
        const int from_left = i, from_right = nvol - 1 - i;
        int k = nvol;  // distance (in volumes) to the nearest graded end
        if (grade_left) k = std::min(k, from_left);
        if (grade_right) k = std::min(k, from_right);
        w[i] = std::pow(q, std::min(k, 12));  // at most 12 graded volumes per end
      }
    }
    double sum = 0;
    for (double wi : w) sum += wi;
    for (int i = 0; i < nvol; ++i) {
      const double dx = L * w[i] / sum;
      vol_.push_back({x + 0.5 * dx, dx, region, eps, transport, t_plus, electrode, 0});
      x += dx;
      face_x_.push_back(x);
    }
  };
  if (d_.negative.porous) {
    const auto& e = *d_.negative.porous;
    addRegion("negative", e.thickness_m, e.volumes, e.porosity, e.electrolyte_tortuosity.transportFactor(e.porosity),
              kNaN, 0);
  }
  for (size_t k = 0; k < d_.separator.size(); ++k) {
    const auto& layer = d_.separator[k];
    const bool left = k == 0 && d_.negative.isFoil();
    const bool right = k + 1 == d_.separator.size() && d_.positive.isFoil();
    addRegion("separator:" + layer.name, layer.thickness_m, layer.volumes, layer.porosity,
              layer.tortuosity.transportFactor(layer.porosity), layer.transference_number.value_or(kNaN), -1, left,
              right);
  }
  if (d_.positive.porous) {
    const auto& e = *d_.positive.porous;
    addRegion("positive", e.thickness_m, e.volumes, e.porosity, e.electrolyte_tortuosity.transportFactor(e.porosity),
              kNaN, 1);
  }
  for (int side = 0; side < 2; ++side) {
    const auto& slot = side == 0 ? d_.negative : d_.positive;
    if (!slot.porous) continue;
    const auto& e = *slot.porous;
    auto& g = grid_[side];
    g.shells = e.shells;
    g.dr = e.particle_radius_m / e.shells;
    g.face_area.resize(e.shells + 1);
    g.volume.resize(e.shells);
    for (int i = 0; i <= e.shells; ++i) g.face_area[i] = std::pow(i * g.dr, 2);
    for (int i = 0; i < e.shells; ++i) g.volume[i] = (std::pow((i + 1) * g.dr, 3) - std::pow(i * g.dr, 3)) / 3.0;
    g.a = e.specificArea();
    g.sigma_eff = e.effectiveSolidConductivity();
    g.c_max = e.max_concentration_mol_m3;
    g.arrhenius = arrhenius(e.kinetics_Ea_J_mol, d_.temperature_K, e.reference_temperature_K);
    g.face_coef.resize(e.shells + 1);
    g.inv_volume.resize(e.shells);
    for (int i = 0; i <= e.shells; ++i) g.face_coef[i] = g.face_area[i] / g.dr;
    for (int i = 0; i < e.shells; ++i) g.inv_volume[i] = 1.0 / g.volume[i];
    g.constant_D = e.diffusivity_m2_s.isConstant();
    if (g.constant_D) g.D_const = e.diffusivity_m2_s({0.5, d_.temperature_K});
  }
  // Unknown layout, interleaved by position.
  int idx = 0;
  for (auto& v : vol_) {
    v.base = idx;
    idx += 2;
    if (v.electrode >= 0) idx += 2 + grid_[v.electrode].shells;
  }
  for (int side = 0; side < 2; ++side) {
    const auto& slot = side == 0 ? d_.negative : d_.positive;
    if (!slot.isFoil()) continue;
    (side == 0 ? iL_ : iR_) = idx++;
    if (slot.foil->hasSeriesStep()) etaD_[side] = idx++;
    qFoil_[side] = idx++;
  }
  iI_ = idx++;
  iV_ = idx++;
  iQ_ = idx++;
  n_ = idx;
  Nf_.assign(vol_.size() + 1, 0.0);
  if_.assign(vol_.size() + 1, 0.0);
  face_cache_.assign(vol_.size() + 1, FaceCache{});
  tabulateProperties();
  ocp_cache_.assign(vol_.size(), OcpCache{});
}

void CellModel::setLimits(std::vector<EventLimit> limits, double charge_at_step_start) {
  limits_ = std::move(limits);
  q_step_start_ = charge_at_step_start;
}

double CellModel::surfaceConcentration(const PorousElectrode& e, const ParticleGrid& g, const double* cs, double j,
                                       double T) const {
  // Quadratic through the two outer shell centres with the flux condition -D dc/dr = j/F
  // at r = R: second-order accurate, and exact for the steady parabolic profile.
  const int n = g.shells;
  const double cN = cs[n - 1];
  const double D = T == d_.temperature_K ? solidDiffusivity(&g == &grid_[0] ? 0 : 1, cN / g.c_max)
                                         : e.diffusivity_m2_s({cN / g.c_max, T});
  const double b = -j / (F * D);  // dc/dr at the surface
  if (n < 2) return cN + b * g.dr / 2.0;
  const double cM = cs[n - 2], dr = g.dr;
  const double dcoef = (b * dr - (cN - cM)) / (2.0 * dr * dr);
  return cN + b * dr / 2.0 - dcoef * dr * dr / 4.0;
}

// Face fluxes of the electrolyte: cation flux N+ [mol/m2/s] and ionic current i_e [A/m2].
// Across a layer boundary c, phi_e, N+ and i_e are continuous while t+ and the effective
// properties jump; the interface concentration is eliminated from flux continuity.
void CellModel::faceFluxes(const double* y, double T) {
  const int nv = static_cast<int>(vol_.size());
  const Electrolyte& el = d_.electrolyte;
  for (int f = 1; f < nv; ++f) {
    const Volume& L = vol_[f - 1];
    const Volume& Rv = vol_[f];
    const double cL = y[L.base], cR = y[Rv.base];
    const double pL = y[L.base + 1], pR = y[Rv.base + 1];
    const double hL = 0.5 * L.dx, hR = 0.5 * Rv.dx;
    const ElectrolyteAt p = cachedProperties(f, 0.5 * (cL + cR), T);
    const double tL = std::isnan(L.t_plus) ? p.t : L.t_plus;
    const double tR = std::isnan(Rv.t_plus) ? p.t : Rv.t_plus;
    const double DL = p.D * L.transport, DR = p.D * Rv.transport;
    const double kL = p.kappa * L.transport, kR = p.kappa * Rv.transport;
    const double bL = p.beta * (1.0 - tL), bR = p.beta * (1.0 - tR);
    const double Gk = 1.0 / (hL / kL + hR / kR);
    if (tL == tR && L.transport == Rv.transport) {
      const double i = Gk * (-(pR - pL) + bL * (std::log(cR) - std::log(cL)));
      if_[f] = i;
      Nf_[f] = -(cR - cL) / (hL / DL + hR / DR) + tL * i / F;
      continue;
    }
    // Interface concentration c_I from N+ continuity, solved together with i_e(c_I).
    const double wL = DL / hL, wR = DR / hR;
    auto current = [&](double cI) {
      return Gk * (-(pR - pL) + bL * (std::log(cI) - std::log(cL)) + bR * (std::log(cR) - std::log(cI)));
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
    if_[f] = i;
    Nf_[f] = -wL * (cI - cL) + tL * i / F;
  }
  // Boundaries: a porous electrode closes the electrolyte (no flux); a foil passes the
  // whole current as Li+ (the anion is blocked).
  auto foilBoundary = [&](int side, double i_face) {
    const Volume& v = side == 0 ? vol_.front() : vol_.back();
    const double c = y[v.base], phi = y[v.base + 1], h = 0.5 * v.dx;
    const ElectrolyteAt p = cachedProperties(side == 0 ? 0 : nv, c, T);
    const double t = std::isnan(v.t_plus) ? p.t : v.t_plus;
    const double D = p.D * v.transport, k = p.kappa * v.transport, b = p.beta * (1.0 - t);
    const double sgn = side == 0 ? 1.0 : -1.0;  // outward normal points to -x at x = 0
    const double cf = c + sgn * (1.0 - t) * i_face * h / (F * D);
    if (cf <= 0) throw RecoverableResidualError{"electrolyte depleted at a lithium surface"};
    cfoil_[side] = cf;
    // Equilibrium (i = 0) keeps phi - beta ln c uniform, on either side.
    phifoil_[side] = phi + sgn * i_face * h / k - b * (std::log(c) - std::log(cf));
  };
  if (iL_ >= 0) {
    if_[0] = y[iL_];
    Nf_[0] = y[iL_] / F;
    foilBoundary(0, y[iL_]);
  } else {
    if_[0] = 0.0;
    Nf_[0] = 0.0;
  }
  if (iR_ >= 0) {
    if_[nv] = y[iR_];
    Nf_[nv] = y[iR_] / F;
    foilBoundary(1, y[iR_]);
  } else {
    if_[nv] = 0.0;
    Nf_[nv] = 0.0;
  }
}

void CellModel::residual(double /*t*/, const double* y, const double* yp, double* Fres) {
  const double T = d_.temperature_K;
  const int nv = static_cast<int>(vol_.size());
  for (const auto& v : vol_)
    if (!(y[v.base] > 0.0)) throw RecoverableResidualError{"non-positive electrolyte concentration"};
  faceFluxes(y, T);

  for (int k = 0; k < nv; ++k) {
    const Volume& v = vol_[k];
    const int b = v.base;
    double source = 0.0;  // a j [A/m3]: current entering the electrolyte from the solid
    if (v.electrode >= 0) {
      const PorousElectrode& e = electrode(v.electrode);
      const ParticleGrid& g = grid_[v.electrode];
      const double phis = y[b + 2], j = y[b + 3];
      const double* cs = y + b + 4;
      const double* csp = yp + b + 4;
      source = g.a * j;

      // Solid potential: Dirichlet at the current collectors (0 V at x = 0, V at x = L),
      // no current into the separator.
      auto solidFlux = [&](int face) -> double {  // i_s at face, +x
        const int kl = face - 1, kr = face;
        const bool lIn = kl >= 0 && vol_[kl].electrode == v.electrode;
        const bool rIn = kr < nv && vol_[kr].electrode == v.electrode;
        if (lIn && rIn)
          return -g.sigma_eff * (y[vol_[kr].base + 2] - y[vol_[kl].base + 2]) / (0.5 * (vol_[kl].dx + vol_[kr].dx));
        if (face == 0) return -g.sigma_eff * (y[vol_[0].base + 2] - 0.0) / (0.5 * vol_[0].dx);
        if (face == nv) return -g.sigma_eff * (y[iV_] - y[vol_[nv - 1].base + 2]) / (0.5 * vol_[nv - 1].dx);
        return 0.0;
      };
      Fres[b + 2] = (solidFlux(k + 1) - solidFlux(k)) / v.dx + source;

      // Kinetics.
      const double cs_surf = surfaceConcentration(e, g, cs, j, T);
      if (!(cs_surf > 0.0 && cs_surf < g.c_max))
        throw RecoverableResidualError{"particle surface concentration outside (0, c_max)"};
      const double sto = cs_surf / g.c_max;
      // Property functions are the costliest part of a residual; in a coloured Jacobian most
      // volumes see unchanged arguments, so remember the last evaluation per volume.
      OcpCache& oc = ocp_cache_[k];
      if (sto != oc.sto || T != oc.T) oc = {sto, T, ocp(v.electrode, sto)};
      const double U = oc.U;
      const double ce = y[b];
      // Symmetric transfer coefficients (the common case) need one sqrt instead of three pow.
      const double conc = (e.alpha_a == 0.5 && e.alpha_c == 0.5)
                              ? std::sqrt(ce * cs_surf * (g.c_max - cs_surf))
                              : std::pow(ce, e.alpha_a) * std::pow(cs_surf, e.alpha_c) *
                                    std::pow(g.c_max - cs_surf, e.alpha_a);
      const double i0 = e.rate_constant * conc * g.arrhenius;
      const double eta = phis - y[b + 1] - U - j * e.film_resistance_ohm_m2;
      Fres[b + 3] = j - butlerVolmer(i0, eta, e.alpha_a, e.alpha_c, T);

      // Particle: conservative finite volumes in r; rows divided by the shell volume.
      // face_coef[i] = r_{i}^2 / dr (per unit D) and inv_volume are precomputed.
      const int ns = g.shells;
      double inflow_inner = 0.0;  // flux through inner face into shell i [mol/s per 4pi]
      if (g.constant_D) {
        const double D = g.D_const;
        for (int i = 0; i < ns - 1; ++i) {
          const double outflow = -g.face_coef[i + 1] * D * (cs[i + 1] - cs[i]);
          Fres[b + 4 + i] = csp[i] - (inflow_inner - outflow) * g.inv_volume[i];
          inflow_inner = outflow;
        }
      } else {
        for (int i = 0; i < ns - 1; ++i) {
          const double D = solidDiffusivity(v.electrode, 0.5 * (cs[i] + cs[i + 1]) / g.c_max);
          const double outflow = -g.face_coef[i + 1] * D * (cs[i + 1] - cs[i]);
          Fres[b + 4 + i] = csp[i] - (inflow_inner - outflow) * g.inv_volume[i];
          inflow_inner = outflow;
        }
      }
      Fres[b + 4 + ns - 1] = csp[ns - 1] - (inflow_inner - g.face_area[ns] * j / F) * g.inv_volume[ns - 1];
    }
    // Electrolyte: salt balance in flux form and charge balance.
    Fres[b] = v.porosity * yp[b] + (Nf_[k + 1] - Nf_[k]) / v.dx - source / F;
    Fres[b + 1] = (if_[k + 1] - if_[k]) / v.dx - source;
  }

  // Lithium foils: phi_s = 0 (negative) or V (positive); the interface current is the
  // ionic current through the end face, counted anodic (stripping) positive for the foil.
  for (int side = 0; side < 2; ++side) {
    const int ii = side == 0 ? iL_ : iR_;
    if (ii < 0) continue;
    const auto& foil = side == 0 ? *d_.negative.foil : *d_.positive.foil;
    const double ia = side == 0 ? y[ii] : -y[ii];
    const double phis = side == 0 ? 0.0 : y[iV_];
    double eta = phis - phifoil_[side] - ia * foil.film_resistance_ohm_m2 - foil.nucleationOverpotential(ia);
    if (etaD_[side] >= 0) {
      const double etad = y[etaD_[side]];
      eta -= etad;
      const double i0d = foil.desolvationExchangeCurrent(cfoil_[side], T);
      Fres[etaD_[side]] = ia - 2.0 * i0d * std::sinh(0.5 * F * etad / (R * T));
    }
    Fres[ii] = ia - foil.chargeTransferCurrent(foil.exchangeCurrent(cfoil_[side], T), eta, T);
    Fres[qFoil_[side]] = yp[qFoil_[side]] - y[ii];
  }

  // Cell level: I is the current leaving through the positive terminal.
  if (iR_ >= 0) {
    Fres[iI_] = y[iI_] - y[iR_];
  } else {
    const Volume& v = vol_[nv - 1];
    Fres[iI_] = y[iI_] + grid_[1].sigma_eff * (y[iV_] - y[v.base + 2]) / (0.5 * v.dx);
  }
  switch (control_.kind) {
    case ControlMode::Kind::Current: Fres[iV_] = y[iI_] - control_.value; break;
    case ControlMode::Kind::Voltage: Fres[iV_] = y[iV_] - control_.value; break;
    case ControlMode::Kind::Power: Fres[iV_] = y[iI_] * y[iV_] - control_.value; break;
  }
  Fres[iQ_] = yp[iQ_] - y[iI_];
}

SparsityPattern CellModel::pattern() const {
  SparsityPattern p(n_);
  const int nv = static_cast<int>(vol_.size());
  for (int k = 0; k < nv; ++k) {
    const Volume& v = vol_[k];
    const int b = v.base;
    for (int row : {b, b + 1}) {
      for (int kk = std::max(0, k - 1); kk <= std::min(nv - 1, k + 1); ++kk) {
        p.add(row, vol_[kk].base);
        p.add(row, vol_[kk].base + 1);
      }
      if (v.electrode >= 0) p.add(row, b + 3);
      if (k == 0 && iL_ >= 0) p.add(row, iL_);
      if (k == nv - 1 && iR_ >= 0) p.add(row, iR_);
    }
    if (v.electrode >= 0) {
      const int ns = grid_[v.electrode].shells;
      // phi_s
      for (int kk = std::max(0, k - 1); kk <= std::min(nv - 1, k + 1); ++kk)
        if (vol_[kk].electrode == v.electrode) p.add(b + 2, vol_[kk].base + 2);
      p.add(b + 2, b + 3);
      if (k == nv - 1) p.add(b + 2, iV_);
      // j
      for (int c : {b, b + 1, b + 2, b + 3}) p.add(b + 3, c);
      p.add(b + 3, b + 4 + ns - 1);
      if (ns >= 2) p.add(b + 3, b + 4 + ns - 2);
      // shells
      for (int i = 0; i < ns; ++i) {
        for (int ii = std::max(0, i - 1); ii <= std::min(ns - 1, i + 1); ++ii) p.add(b + 4 + i, b + 4 + ii);
        if (i == ns - 1) p.add(b + 4 + i, b + 3);
      }
    }
  }
  for (int side = 0; side < 2; ++side) {
    const int ii = side == 0 ? iL_ : iR_;
    if (ii < 0) continue;
    const Volume& v = side == 0 ? vol_[0] : vol_[nv - 1];
    std::vector<int> deps = {ii, v.base, v.base + 1};
    if (side == 1) deps.push_back(iV_);
    if (etaD_[side] >= 0) deps.push_back(etaD_[side]);
    for (int c : deps) p.add(ii, c);
    if (etaD_[side] >= 0)
      for (int c : {etaD_[side], ii, v.base}) p.add(etaD_[side], c);
    p.add(qFoil_[side], qFoil_[side]);
    p.add(qFoil_[side], ii);
  }
  if (iR_ >= 0) {
    p.add(iI_, iR_);
  } else {
    p.add(iI_, vol_[nv - 1].base + 2);
    p.add(iI_, iV_);
  }
  p.add(iI_, iI_);
  p.add(iV_, iI_);
  p.add(iV_, iV_);
  p.add(iQ_, iQ_);
  p.add(iQ_, iI_);
  return p;
}

std::vector<double> CellModel::differentialFlags() const {
  std::vector<double> id(n_, 0.0);
  for (const auto& v : vol_) {
    id[v.base] = 1.0;
    if (v.electrode >= 0)
      for (int i = 0; i < grid_[v.electrode].shells; ++i) id[v.base + 4 + i] = 1.0;
  }
  id[iQ_] = 1.0;
  for (int side = 0; side < 2; ++side)
    if (qFoil_[side] >= 0) id[qFoil_[side]] = 1.0;
  return id;
}

std::vector<double> CellModel::absoluteTolerances(double rtol) const {
  std::vector<double> atol(n_, 1e-8);  // potentials [V] and current densities [A/m2]
  const double c0 = d_.electrolyte.initial_concentration_mol_m3;
  for (const auto& v : vol_) {
    atol[v.base] = rtol * c0 * 1e-2;
    atol[v.base + 1] = 1e-8;
    if (v.electrode >= 0) {
      atol[v.base + 3] = 1e-8;
      for (int i = 0; i < grid_[v.electrode].shells; ++i) atol[v.base + 4 + i] = rtol * grid_[v.electrode].c_max * 1e-2;
    }
  }
  atol[iQ_] = 1e-6;
  for (int side = 0; side < 2; ++side)
    if (qFoil_[side] >= 0) atol[qFoil_[side]] = 1e-6;
  return atol;
}

void CellModel::roots(double, const double* y, const double*, double* g) {
  for (size_t k = 0; k < limits_.size(); ++k) {
    const auto& L = limits_[k];
    switch (L.kind) {
      case EventLimit::Kind::VoltageBelow:
      case EventLimit::Kind::VoltageAbove: g[k] = y[iV_] - L.value; break;
      case EventLimit::Kind::CurrentBelow: g[k] = std::abs(y[iI_]) - L.value; break;
      case EventLimit::Kind::ChargeAbove: g[k] = std::abs(y[iQ_] - q_step_start_) - L.value; break;
      case EventLimit::Kind::FoilExhausted: g[k] = foilLithium(y, static_cast<int>(L.value)); break;
      case EventLimit::Kind::SurfaceDepleted: {
        double cmin = 1e300;
        for (int side = 0; side < 2; ++side)
          if ((side == 0 ? iL_ : iR_) >= 0) cmin = std::min(cmin, foilSurfaceConcentration(y, side));
        g[k] = cmin - L.value;
        break;
      }
    }
  }
}

double CellModel::foilSurfaceConcentration(const double* y, int side) const {
  const int iface = side == 0 ? iL_ : iR_;
  if (iface < 0) return kNaN;
  const Volume& v = side == 0 ? vol_.front() : vol_.back();
  const double c = y[v.base];
  const ElectrolyteAt p = bulkProperties(d_.electrolyte, c, d_.temperature_K);
  const double t = std::isnan(v.t_plus) ? p.t : v.t_plus;
  const double sgn = side == 0 ? 1.0 : -1.0;
  return c + sgn * (1.0 - t) * y[iface] * 0.5 * v.dx / (F * p.D * v.transport);
}

double CellModel::meanStoichiometry(const double* y, int side) const {
  double num = 0, den = 0;
  for (const auto& v : vol_) {
    if (v.electrode != side) continue;
    const auto& g = grid_[side];
    const double Rp = g.dr * g.shells;
    double mean = 0;
    for (int i = 0; i < g.shells; ++i) mean += g.volume[i] * y[v.base + 4 + i];
    mean /= Rp * Rp * Rp / 3.0;
    num += mean * v.dx;
    den += v.dx;
  }
  return den > 0 ? num / den / grid_[side].c_max : kNaN;
}

double CellModel::restVoltage(const double* y) const {
  const double T = d_.temperature_K;
  auto ocp = [&](int side) {
    const auto& slot = side == 0 ? d_.negative : d_.positive;
    if (!slot.porous) return 0.0;
    const double args[2] = {meanStoichiometry(y, side), T};
    return slot.porous->ocp_V(args);
  };
  return ocp(1) - ocp(0);
}

double CellModel::lithiumInventory(const double* y) const {
  double total = electrolyteSalt(y);
  for (const auto& v : vol_) {
    if (v.electrode < 0) continue;
    const auto& g = grid_[v.electrode];
    const double Rp = g.dr * g.shells;
    double n = 0;
    for (int i = 0; i < g.shells; ++i) n += g.volume[i] * y[v.base + 4 + i];
    total += electrode(v.electrode).active_fraction * n / (Rp * Rp * Rp / 3.0) * v.dx;
  }
  return total;
}

double CellModel::foilLithium(const double* y, int side) const {
  const auto& slot = side == 0 ? d_.negative : d_.positive;
  if (!slot.isFoil()) return kNaN;
  const double n0 = slot.foil->thickness_m / slot.foil->molar_volume_m3_mol;
  // Current through the end face in +x strips the negative foil and plates the positive one.
  return side == 0 ? n0 - y[qFoil_[0]] / F : n0 + y[qFoil_[1]] / F;
}

double CellModel::foilThicknessChange(const double* y, int side) const {
  const auto& slot = side == 0 ? d_.negative : d_.positive;
  if (!slot.isFoil()) return kNaN;
  const double q = y[qFoil_[side]];
  return (side == 0 ? -q : q) / F * slot.foil->molar_volume_m3_mol;
}

double CellModel::electrolyteSalt(const double* y) const {
  double total = 0;
  for (const auto& v : vol_) total += v.porosity * y[v.base] * v.dx;
  return total;
}

Profiles CellModel::profiles(const double* y) const {
  Profiles p;
  const double T = d_.temperature_K;
  for (const auto& v : vol_) {
    p.x_m.push_back(v.x_c);
    p.region.push_back(region_names_[v.region]);
    p.c_e.push_back(y[v.base]);
    p.phi_e.push_back(y[v.base + 1]);
    if (v.electrode >= 0) {
      const auto& g = grid_[v.electrode];
      p.phi_s.push_back(y[v.base + 2]);
      p.c_s_surf.push_back(surfaceConcentration(electrode(v.electrode), g, y + v.base + 4, y[v.base + 3], T));
    } else {
      p.phi_s.push_back(kNaN);
      p.c_s_surf.push_back(kNaN);
    }
  }
  return p;
}

std::string CellModel::variableName(int i) const {
  std::ostringstream os;
  for (size_t k = 0; k < vol_.size(); ++k) {
    const auto& v = vol_[k];
    const int width = 2 + (v.electrode >= 0 ? 2 + grid_[v.electrode].shells : 0);
    if (i >= v.base && i < v.base + width) {
      const int o = i - v.base;
      const char* names[] = {"c_e", "phi_e", "phi_s", "j"};
      if (o < 4) os << names[o];
      else os << "c_s[shell " << o - 4 << "]";
      os << "[" << region_names_[v.region] << ", x = " << v.x_c * 1e6 << " um]";
      return os.str();
    }
  }
  if (i == iL_) return "i_interface[negative foil]";
  if (i == iR_) return "i_interface[positive foil]";
  if (i == etaD_[0]) return "eta_desolvation[negative foil]";
  if (i == etaD_[1]) return "eta_desolvation[positive foil]";
  if (i == qFoil_[0]) return "Q[negative foil]";
  if (i == qFoil_[1]) return "Q[positive foil]";
  if (i == iI_) return "I[cell]";
  if (i == iV_) return "V[cell]";
  if (i == iQ_) return "Q[cell]";
  return DaeSystem::variableName(i);
}

void CellModel::initialState(std::vector<double>& y, std::vector<double>& yp, double I) const {
  y.assign(n_, 0.0);
  yp.assign(n_, 0.0);
  const double T = d_.temperature_K;
  auto ocp0 = [&](const ElectrodeSlot& s) {
    if (!s.porous) return 0.0;
    const double args[2] = {s.porous->initial_stoichiometry, T};
    return s.porous->ocp_V(args);
  };
  const double Un = ocp0(d_.negative), Up = ocp0(d_.positive);
  for (const auto& v : vol_) {
    y[v.base] = d_.electrolyte.initial_concentration_mol_m3;
    y[v.base + 1] = -Un;
    if (v.electrode >= 0) {
      const auto& e = electrode(v.electrode);
      const auto& g = grid_[v.electrode];
      // Uniform reaction and the overpotential that drives it (symmetric Butler–Volmer):
      // a start close enough to consistency that IDACalcIC converges at high rates too.
      const double L = e.thickness_m;
      const double j = (v.electrode == 0 ? I : -I) / (g.a * L);
      const double cs = e.initial_stoichiometry * g.c_max;
      const double i0 = e.rate_constant * std::sqrt(y[v.base] * cs * (g.c_max - cs)) * g.arrhenius;
      const double eta = 2.0 * R * T / F * std::asinh(j / (2.0 * i0));
      y[v.base + 3] = j;
      y[v.base + 2] = (v.electrode == 0 ? Un : Up) - Un + eta;
      for (int i = 0; i < g.shells; ++i) y[v.base + 4 + i] = e.initial_stoichiometry * g.c_max;
    }
  }
  if (iL_ >= 0) y[iL_] = I;
  if (iR_ >= 0) y[iR_] = I;
  // Shift potentials so the negative electrode's solid sits at 0 V.
  double shift = 0.0;
  for (const auto& v : vol_)
    if (v.electrode == 0) {
      shift = y[v.base + 2];
      break;
    }
  for (auto& v : vol_) {
    y[v.base + 1] -= shift;
    if (v.electrode >= 0) y[v.base + 2] -= shift;
  }
  y[iI_] = I;
  y[iV_] = d_.positive.porous ? y[vol_.back().base + 2] : Up - Un - shift;
  y[iQ_] = 0.0;
}

}  // namespace cellsim
