#include "models/cell/LithiumAgeing.hpp"

#include <sstream>

#include "core/input/PhysicalConstants.hpp"

namespace cellsim {

using constants::F;

void LithiumAgeing::declare(StateLayout& layout, const std::string& owner, const std::string& label) {
  // The film grows by nanometres over hundreds of hours, lithium is lost by ~1e-6 mol/m2 per
  // cycle: tolerances far below both keep the error test on them meaningful, yet large enough
  // for difference quotients of their columns to stay clear of round-off.
  if (d_.film_growth)
    film_block_ = layout.add(VariableBlock::make(owner, "L_sei", "m", true, Tolerance::fixed(1e-14)).labelled(label));
  buried_block_ =
      layout.add(VariableBlock::make(owner, "n_sei_buried", "mol/m2", true, Tolerance::fixed(1e-10)).labelled(label));
  dead_block_ = layout.add(VariableBlock::make(owner, "n_dead_li", "mol/m2", true, Tolerance::fixed(1e-10)).labelled(label));
}

void LithiumAgeing::bind(const StateLayout& layout) {
  film_ = film_block_ >= 0 ? layout.index(film_block_) : -1;
  buried_ = layout.index(buried_block_);
  dead_ = layout.index(dead_block_);
}

std::vector<int> LithiumAgeing::columns() const {
  std::vector<int> c = {buried_, dead_};
  if (film_ >= 0) c.push_back(film_);
  return c;
}

void LithiumAgeing::addPattern(SparsityPattern& p, const std::vector<int>& site) const {
  for (int row : columns()) {
    p.add(row, row);
    for (int c : site) p.add(row, c);
  }
}

void LithiumAgeing::initialState(double* y) const {
  if (film_ >= 0) y[film_] = d_.film_thickness_m;
  y[buried_] = 0.0;
  y[dead_] = 0.0;
}

double LithiumAgeing::loss(double i_f, double c_surface, double i0) const {
  return d_.loss.loss(platingMagnitude(i_f), c_surface, i0);
}

double LithiumAgeing::seiCurrent(const double* y, double i_f, double c_surface, double i0) const {
  double i = -d_.buried_sei_fraction * loss(i_f, c_surface, i0) * platingMagnitude(i_f);
  if (film_ >= 0) i -= F * d_.solvent_concentration_mol_m3 * d_.solvent_diffusivity_m2_s / y[film_];
  return i;
}

void LithiumAgeing::residual(const double* y, const double* yp, double i_f, double c_surface, double i0,
                             double* Fres) const {
  const double lost = loss(i_f, c_surface, i0) * platingMagnitude(i_f) / F;  // [mol/m2/s]
  Fres[buried_] = yp[buried_] - d_.buried_sei_fraction * lost;
  Fres[dead_] = yp[dead_] - (1.0 - d_.buried_sei_fraction) * lost;
  if (film_ >= 0)
    Fres[film_] = yp[film_] - d_.sei_molar_volume_m3_mol * d_.solvent_concentration_mol_m3 *
                                  d_.solvent_diffusivity_m2_s / y[film_];
}

void LithiumAgeing::addColumns(std::vector<OutputColumn>& columns) const {
  const std::string s = side_;
  columns.push_back({"sei_thickness_" + s + "_nm", [this](const double* y) { return 1e9 * filmThickness(y); }, true});
  columns.push_back(
      {"film_resistance_" + s + "_ohm_cm2", [this](const double* y) { return 1e4 * filmResistance(y); }, true});
  columns.push_back({"dead_li_thickness_" + s + "_um", [this](const double* y) { return 1e6 * deadThickness(y); }, true});
  columns.push_back(
      {"dead_li_resistance_" + s + "_ohm_cm2", [this](const double* y) { return 1e4 * deadResistance(y); }, true});
  columns.push_back({"li_lost_" + s + "_mol_m2", [this](const double* y) { return lostLithium(y); }, true});
}

void LithiumAgeing::addEvents(std::vector<RootEvent>& events) const {
  if (!(d_.separator_thickness_m > 0)) return;
  RootEvent e;
  e.name = "short circuit (" + side_ + " lithium)";
  const double limit = d_.short_fraction * d_.separator_thickness_m;
  e.g = [this, limit](const double* y) { return limit - deadThickness(y); };
  e.stops_run = true;
  e.detail = [this, limit](const double* y) {
    std::ostringstream os;
    os << "the dead-lithium layer on the " << side_ << " foil reached " << 1e6 * deadThickness(y) << " um, "
       << d_.short_fraction << " x the separator's " << 1e6 * d_.separator_thickness_m << " um";
    return os.str();
  };
  events.push_back(e);
}

}  // namespace cellsim
