#include "models/cell/LithiumFoil.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/input/PhysicalConstants.hpp"
#include "models/cell/ElectrolyteStack.hpp"

namespace cellsim {

using constants::F;

namespace {

//! SEI formation as a reaction in the surface's list: the share of the plating current that
//! the foil's ageing block sends into the film.
class SeiFormation : public SideReaction {
 public:
  SeiFormation(const LithiumFoil& foil, const LithiumAgeing& ageing) : foil_(foil), ageing_(ageing) {}
  std::string name() const override { return "SEI formation"; }
  double current(const SurfaceSite& site, double faradaic) const override {
    return ageing_.seiCurrent(site.y, faradaic, site.c_e, foil_.exchangeCurrent(site.c_e, site.T));
  }

 private:
  const LithiumFoil& foil_;
  const LithiumAgeing& ageing_;
};

}  // namespace

LithiumFoil::LithiumFoil(const LithiumFoilDesign& d, End end, const CellDesign& cell, const ElectrolyteStack& electrolyte,
                         CellLinks& links)
    : Electrode(end, links), d_(d), electrolyte_(electrolyte), kinetics_(d.kinetics, cell.temperature_K),
      T_(cell.temperature_K), c0_(cell.electrolyte.initial_concentration_mol_m3), depletion_(cell.depletion) {
  links_.end[endIndex(end)].planar_electrode = true;
  if (d.ageing) {
    ageing_ = std::make_unique<LithiumAgeing>(*d.ageing, d.molar_volume_m3_mol, endName(end));
    kinetics_.addSideReaction(std::make_shared<SeiFormation>(*this, *ageing_));
  }
}

void LithiumFoil::declare(StateLayout& layout) {
  const std::string label = std::string(endName(end_)) + " foil";
  i_block_ = layout.add(VariableBlock::make(name(), "i_interface", "A/m2", false, Tolerance::fixed(1e-8)).labelled(label));
  if (kinetics_.hasSeriesStep())
    etad_block_ =
        layout.add(VariableBlock::make(name(), "eta_desolvation", "V", false, Tolerance::fixed(1e-8)).labelled(label));
  q_block_ = layout.add(VariableBlock::make(name(), "Q", "C/m2", true, Tolerance::fixed(1e-6)).labelled(label));
  // Differential potentials: 1 uV, as in PorousElectrode::declare.
  if (kinetics_.hasDoubleLayer())
    dl_block_ =
        layout.add(VariableBlock::make(name(), "phi_double_layer", "V", true, Tolerance::fixed(1e-6)).labelled(label));
  if (kinetics_.hasFilmCapacitance())
    film_block_ = layout.add(VariableBlock::make(name(), "phi_film", "V", true, Tolerance::fixed(1e-6)).labelled(label));
  if (ageing_) ageing_->declare(layout, name(), label);
}

void LithiumFoil::bind(const StateLayout& layout) {
  i_ = layout.index(i_block_);
  q_ = layout.index(q_block_);
  etad_ = etad_block_ >= 0 ? layout.index(etad_block_) : -1;
  dl_ = dl_block_ >= 0 ? layout.index(dl_block_) : -1;
  film_ = film_block_ >= 0 ? layout.index(film_block_) : -1;
  if (ageing_) ageing_->bind(layout);
  auto& columns = links_.end[endIndex(end_)].current_columns;
  columns = {i_};
  if (dl_ >= 0) columns.push_back(dl_);
}

void LithiumFoil::addPattern(SparsityPattern& p) const {
  const int k = end_ == End::Left ? 0 : static_cast<int>(links_.c_e_index.size()) - 1;
  const int ce = links_.c_e_index[k], pe = links_.phi_e_index[k];
  // Every row of the surface may see every unknown of the site and the electrolyte next to it.
  std::vector<int> site = {i_, ce, pe};
  for (int c : {terminalColumn(), etad_, dl_, film_})
    if (c >= 0) site.push_back(c);
  if (ageing_) {
    for (int c : ageing_->columns()) site.push_back(c);
    ageing_->addPattern(p, site);
  }
  for (int row : {i_, etad_, dl_, film_})
    if (row >= 0)
      for (int c : site) p.add(row, c);
  p.add(q_, q_);
  p.add(q_, i_);
  if (dl_ >= 0) p.add(q_, dl_);
}

SurfaceUnknowns LithiumFoil::unknowns(const CellState& s) const {
  SurfaceUnknowns u;
  if (etad_ >= 0) u.eta_d = s.y[etad_];
  if (dl_ >= 0) {
    u.dl = s.y[dl_];
    u.dl_rate = s.yp[dl_];
  }
  if (film_ >= 0) {
    u.film = s.y[film_];
    u.film_rate = s.yp[film_];
  }
  u.j = anodicCurrent(s.y) + kinetics_.chargingCurrent(u);
  if (ageing_) {
    if (ageing_->design().film_growth) u.film_resistance = ageing_->filmResistance(s.y);
    u.series_resistance = ageing_->deadResistance(s.y);
  }
  return u;
}

double LithiumFoil::collectorCurrent(const double* y, const double* yp) const {
  const double charging = dl_ >= 0 ? d_.kinetics.double_layer_capacitance_F_m2 * yp[dl_] : 0.0;
  return y[i_] + inwardSign(end_) * charging;
}

std::vector<int> LithiumFoil::collectorCurrentColumns() const {
  if (dl_ >= 0) return {i_, dl_};
  return {i_};
}

void LithiumFoil::publishFundamental(const CellState& s) {
  ElectrolyteEnd& e = links_.end[endIndex(end_)];
  e.current_A_m2 = collectorCurrent(s.y, s.yp);
  e.cation_current_A_m2 = s.y[i_];
}

double LithiumFoil::exchangeCurrent(double c_e, double T) const {
  // c_e may be a slightly negative Newton trial value next to a depleted surface; the
  // caller rejects such states, but keep pow() defined on the way there.
  const double c = std::max(c_e, 1e-12);
  const double conc = std::pow(c / d_.reference_concentration_mol_m3, d_.concentration_exponent);
  return d_.exchange_current_A_m2 * conc * kinetics_.exchangeFactor(T);
}

void LithiumFoil::residual(const CellState& s, double* Fres) {
  const ElectrolyteEnd& e = links_.end[endIndex(end_)];
  const SurfaceSite site{terminalPotential(s.y) - e.phi_surface, e.c_surface, s.T, s.y};
  const SurfaceUnknowns u = unknowns(s);
  const SurfaceCurrents c = kinetics_.currents(site, u);
  const auto rows = kinetics_.residual(site, 0.0, exchangeCurrent(e.c_surface, s.T), u, c);
  Fres[i_] = rows.transfer;
  if (etad_ >= 0) Fres[etad_] = rows.series;
  if (dl_ >= 0) Fres[dl_] = rows.double_layer;
  if (film_ >= 0) Fres[film_] = rows.film;
  // Q counts the charge crossed as Li+, the lithium plated or stripped.
  Fres[q_] = s.yp[q_] - e.cation_current_A_m2;
  if (ageing_) ageing_->residual(s.y, s.yp, anodicCurrent(s.y), e.c_surface, exchangeCurrent(e.c_surface, s.T), Fres);
}

void LithiumFoil::initialState(const InitialGuess& guess, double* y) const {
  if (ageing_) ageing_->initialState(y);
  // With a double layer the reactions start at rest and the whole current charges it.
  y[i_] = dl_ >= 0 ? 0.0 : guess.current_A_m2;
  // At rest the double layer holds the equilibrium potential (0 vs Li) and the film none.
  if (dl_ >= 0) y[dl_] = 0.0;
  if (film_ >= 0) y[film_] = 0.0;
}

double LithiumFoil::initialTerminalPotential(const double*, const InitialGuess& guess) const {
  return initialOcp() - guess.U_left - guess.shift;
}

void LithiumFoil::checkState(const double* y, StateCheck& check) const {
  if (d_.critical_current_A_m2 <= 0) return;
  const double i = std::abs(anodicCurrent(y));
  if (i <= d_.critical_current_A_m2) return;
  std::ostringstream os;
  os << "the " << endName(end_) << " lithium foil carries " << i / 10.0
     << " mA/cm2, above the critical current density estimated for this cell, " << d_.critical_current_A_m2 / 10.0
     << " mA/cm2 (" << d_.critical_current_basis << "): dendrites are likely";
  check.warn(name() + ".critical_current", os.str());
}

double LithiumFoil::surfaceConcentration(const double* y) const { return electrolyte_.surfaceConcentration(end_, y); }

double LithiumFoil::lithium(const double* y) const {
  const double n0 = d_.thickness_m / d_.molar_volume_m3_mol;
  // Current through the face in +x strips a foil at x = 0 and plates one at x = L.
  return n0 - inwardSign(end_) * y[q_] / F - lostLithium(y);
}

double LithiumFoil::thicknessChange(const double* y) const {
  return -inwardSign(end_) * y[q_] / F * d_.molar_volume_m3_mol;
}

double LithiumFoil::interfacialResistance(double i, double c_e, double T) const {
  return kinetics_.resistance(i, exchangeCurrent(c_e, T), c_e, T);
}

void LithiumFoil::addColumns(std::vector<OutputColumn>& columns) const {
  const std::string side = endName(end_);
  columns.push_back({"c_e_surface_" + side + "_mol_m3", [this](const double* y) { return surfaceConcentration(y); }});
  columns.push_back({"li_thickness_change_" + side + "_um", [this](const double* y) { return 1e6 * thicknessChange(y); }});
  if (ageing_) ageing_->addColumns(columns);
}

void LithiumFoil::addEvents(std::vector<RootEvent>& events) const {
  const std::string side = endName(end_);
  if (ageing_) ageing_->addEvents(events);
  if (d_.thickness_m > 0) {
    // A foil of finite thickness cannot strip more than it holds.
    RootEvent e;
    e.name = "lithium foil exhausted (" + side + ")";
    e.g = [this](const double* y) { return lithium(y); };
    e.stops_run = true;
    events.push_back(e);
  }
  {
    RootEvent e;
    e.name = "electrolyte depleted at the " + side + " lithium surface";
    const double threshold = depletion_.fraction * c0_, c0 = c0_;
    e.g = [this, threshold](const double* y) { return surfaceConcentration(y) - threshold; };
    e.stops_run = depletion_.stop;
    e.ends_step = depletion_.stop;
    e.detail = [this](const double* y) {
      std::ostringstream os;
      os << "Sand's time reached at " << std::abs(anodicCurrent(y)) / 10.0 << " mA/cm2";
      return os.str();
    };
    e.explains_failure = [this, c0](const double* y) {
      const double c = surfaceConcentration(y);
      return std::isfinite(c) && c < 0.05 * c0;
    };
    events.push_back(e);
  }
}

}  // namespace cellsim
