#include "models/cell/PorousAgeing.hpp"

#include <cmath>

#include "core/input/PhysicalConstants.hpp"
#include "models/physics/Arrhenius.hpp"

namespace cellsim {

using constants::F;
using constants::R;

void PorousAgeing::declare(StateLayout& layout, const VariableBlock& positional) {
  VariableBlock b = positional;
  b.differential = true;
  b.name = "am_lost";
  b.unit = "";
  b.tolerance = Tolerance::fixed(1e-10);
  lost_block_ = layout.add(b);
  b.name = "n_li_lam";
  b.unit = "mol/m2";
  b.tolerance = Tolerance::fixed(1e-10);
  lam_li_block_ = layout.add(b);
  if (oxidises()) {
    b.name = "q_oxidation";
    b.unit = "C/m2";
    b.tolerance = Tolerance::fixed(1e-6);  // ~1 C/m2 per cycle at 4.6 V
    ox_block_ = layout.add(b);
    if (d_.oxidation_salt_share < 1.0) {
      b.name = "n_shuttled";
      b.unit = "mol/m2";
      b.tolerance = Tolerance::fixed(1e-11);
      shuttle_block_ = layout.add(b);
    }
  }
}

void PorousAgeing::bind(const StateLayout& layout, int volumes) {
  lost_.clear();
  lam_li_.clear();
  ox_.clear();
  shuttle_.clear();
  for (int k = 0; k < volumes; ++k) {
    lost_.push_back(layout.index(lost_block_, k));
    lam_li_.push_back(layout.index(lam_li_block_, k));
    if (ox_block_ >= 0) ox_.push_back(layout.index(ox_block_, k));
    if (shuttle_block_ >= 0) shuttle_.push_back(layout.index(shuttle_block_, k));
  }
}

std::vector<int> PorousAgeing::columns(int k) const {
  std::vector<int> c = {lost_[k]};
  if (!ox_.empty()) c.push_back(ox_[k]);
  return c;
}

void PorousAgeing::addPattern(SparsityPattern& p, int k, const std::vector<int>& site, int first_shell,
                              int shells) const {
  for (int row : {lost_[k], lam_li_[k]}) {
    for (int c : site) p.add(row, c);
    p.add(row, lost_[k]);
  }
  p.add(lam_li_[k], lam_li_[k]);
  for (int i = 0; i < shells; ++i) p.add(lam_li_[k], first_shell + i);
  // Bookkeeping integrals, read by no other row: out of the Newton matrix and its colouring
  // (the lithium that left with lost particles reads every shell: 20 extra colours otherwise).
  p.markQuadrature(lam_li_[k]);
  if (!ox_.empty()) {
    for (int c : site) p.add(ox_[k], c);
    p.add(ox_[k], ox_[k]);
  }
  if (!shuttle_.empty()) {
    for (int c : site) p.add(shuttle_[k], c);
    p.add(shuttle_[k], lost_[k]);  // the area shrinks with lost particles
    p.add(shuttle_[k], shuttle_[k]);
    p.markQuadrature(shuttle_[k]);
  }
}

void PorousAgeing::initialState(double* y) const {
  for (int i : lost_) y[i] = 0.0;
  for (int i : lam_li_) y[i] = 0.0;
  for (int i : ox_) y[i] = 0.0;
  for (int i : shuttle_) y[i] = 0.0;
}

double PorousAgeing::temperatureFactor(double Ea, double T) const {
  return Ea > 0 ? arrhenius(Ea, T, d_.reference_temperature_K) : 1.0;
}

double PorousAgeing::oxidationCurrent(double dphi_inner, double T) const {
  if (!oxidises()) return 0.0;
  const double x = d_.oxidation_alpha * F * (dphi_inner - d_.oxidation_potential_V) / (R * T);
  return d_.oxidation_current_A_m2 * temperatureFactor(d_.oxidation_activation_energy_J_mol, T) * std::exp(std::min(x, 200.0));
}

double PorousAgeing::ceiResistance(int k, const double* y) const {
  if (ox_.empty()) return 0.0;
  return d_.cei_resistivity_ohm_m * d_.cei_molar_volume_m3_mol * std::max(y[ox_[k]], 0.0) / F;
}

void PorousAgeing::residual(int k, const double* y, const double* yp, const Site& site, double* Fres) const {
  const double T = site.T;
  const double gate = std::exp(std::min(d_.lam_potential_sensitivity * F * (site.U - d_.lam_reference_potential_V) / (R * T), 200.0));
  const double sep = (1.0 - d_.lam_acid_share) + d_.lam_acid_share * (1.0 - d_.anion_binding);
  const double rate = d_.lam_rate_1_s * temperatureFactor(d_.lam_activation_energy_J_mol, T) * gate * sep;
  const double dlost = rate * (1.0 - y[lost_[k]]);
  Fres[lost_[k]] = yp[lost_[k]] - dlost;
  // The lost particles take their lithium with them.
  Fres[lam_li_[k]] = yp[lam_li_[k]] - site.li_per_area * dlost;
  if (ox_.empty()) return;
  const double i_ox = oxidationCurrent(site.inner, T);
  Fres[ox_[k]] = yp[ox_[k]] - i_ox;
  if (!shuttle_.empty())
    Fres[shuttle_[k]] = yp[shuttle_[k]] - (1.0 - d_.oxidation_salt_share) * site.particle_area * i_ox / F;
}

double PorousAgeing::lostLithium(const double* y) const {
  double n = 0;
  for (int i : lam_li_) n += y[i];
  return n;
}

double PorousAgeing::shuttledLithium(const double* y) const {
  double n = 0;
  for (int i : shuttle_) n += y[i];
  return n;
}

void PorousAgeing::addColumns(std::vector<OutputColumn>& columns, const std::string& side,
                              std::vector<double> widths) const {
  double total = 0;
  for (double w : widths) total += w;
  columns.push_back({side + "_active_fraction_retained",
                     [this, widths, total](const double* y) {
                       double s = 0;
                       for (size_t k = 0; k < widths.size(); ++k) s += (1.0 - y[lost_[k]]) * widths[k];
                       return s / total;
                     },
                     true});
  columns.push_back({side + "_li_lost_with_active_material_mol_m2", [this](const double* y) { return lostLithium(y); },
                     true});
  if (ox_.empty()) return;
  columns.push_back({side + "_cei_resistance_ohm_cm2",
                     [this, widths, total](const double* y) {
                       // Mean over the volumes, per unit particle area (as the film resistance).
                       double s = 0;
                       for (size_t k = 0; k < widths.size(); ++k) s += ceiResistance(static_cast<int>(k), y) * widths[k];
                       return 1e4 * s / total;
                     },
                     true});
}

}  // namespace cellsim
