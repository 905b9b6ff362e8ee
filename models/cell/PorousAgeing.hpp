#pragma once
// Ageing of a porous intercalation electrode, per mesh volume of it:
// - loss of active material (LAM): a fraction `lost` of the particles stops taking part,
//     d lost / dt = k f_T exp[beta F (U_surf - U_ref) / RT] g_sep (1 - lost),
//   steep above U_ref (high-voltage LiCoO2: H1-3, oxygen loss, Co dissolution), Arrhenius in
//   temperature, with a share g_sep of it through an acid (PF6- decomposition) channel that a
//   separator binding the anion attenuates (phenomenological). The pore-wall area, the
//   capacity and the lithium of the volume shrink with (1 - lost); the lithium the lost
//   particles held is booked in its own state, so the balance closes;
// - electrolyte oxidation at the particle surface, a side reaction in the surface's list,
//     i_ox = i_ox0 f_T exp[alpha F (phi_s - phi_e - U_ox) / RT],
//   whose charge q_ox (per particle area) builds a cathode-electrolyte interphase adding
//   rho V_cei q_ox / F to the surface's film resistance.
#include <string>
#include <vector>

#include "core/numerics/Sparsity.hpp"
#include "models/cell/AgeingDesign.hpp"
#include "models/cell/Outputs.hpp"
#include "models/cell/StateLayout.hpp"

namespace cellsim {

class PorousAgeing {
 public:
  explicit PorousAgeing(const PorousAgeingDesign& d) : d_(d) {}
  //! Its blocks over the volumes of `positions`, named with `owner`.
  void declare(StateLayout& layout, const VariableBlock& positional);
  void bind(const StateLayout& layout, int volumes);
  //! Rows of volume k see the site's unknowns and the volume's shells.
  void addPattern(SparsityPattern& p, int k, const std::vector<int>& site, int first_shell, int shells) const;
  //! Unknowns of volume k its owner's rows depend on (the area factor, the film).
  std::vector<int> columns(int k) const;
  void initialState(double* y) const;
  void addSlowStates(std::vector<int>& s) const {
    for (const auto* b : {&lost_, &lam_li_, &ox_, &shuttle_}) s.insert(s.end(), b->begin(), b->end());
  }

  bool oxidises() const { return d_.oxidation_current_A_m2 > 0; }
  //! The electrolyte's oxidation current at a surface potential inside the film (anodic +).
  double oxidationCurrent(double dphi_inner, double T) const;
  //! Fraction of the active material still active in volume k.
  double activeShare(int k, const double* y) const { return 1.0 - y[lost_[k]]; }
  //! Film resistance the CEI adds in volume k [ohm m2 of particle surface].
  double ceiResistance(int k, const double* y) const;
  //! What the rows of a volume see of its site.
  struct Site {
    double U;                //!< equilibrium potential at the particle surface [V]
    double inner;            //!< surface potential inside the film [V]
    double T;                //!< [K]
    double li_per_area;      //!< the volume's lithium per electrode area if all were active [mol/m2]
    double particle_area;    //!< the volume's particle area per electrode area [m2/m2]
  };
  void residual(int k, const double* y, const double* yp, const Site& site, double* F) const;
  //! Lithium that left with lost particles [mol/m2].
  double lostLithium(const double* y) const;
  //! Oxidation charge carried by the proton shuttle, as lithium the foil plated that the
  //! model's cell did not release [mol/m2] (0 when the salt takes all of it).
  double shuttledLithium(const double* y) const;

  void addColumns(std::vector<OutputColumn>& columns, const std::string& side, std::vector<double> widths) const;
  const PorousAgeingDesign& design() const { return d_; }

 private:
  double temperatureFactor(double Ea, double T) const;
  PorousAgeingDesign d_;
  StateLayout::BlockId lost_block_ = -1, lam_li_block_ = -1, ox_block_ = -1, shuttle_block_ = -1;
  std::vector<int> lost_, lam_li_, ox_, shuttle_;
};

}  // namespace cellsim
