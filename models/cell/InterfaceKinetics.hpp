#pragma once
// The reactions at one electrode surface site (a porous electrode's pore wall in one volume,
// or a lithium foil's face). The total current density j through the surface (an unknown
// of the owning component) is the sum of a list of reactions:
//   j = i_transfer + sum(side reactions)
// where i_transfer is the Li+ transfer reaction (intercalation, plating/stripping):
//   i_transfer = law(i0, eta),  eta = (phi_s - phi_e) - U - j R_film - eta_nuc(j) [- eta_d]
// through an optional desolvation step in series, i_transfer = 2 i0_d sinh(F eta_d / 2RT)
// with eta_d one more algebraic unknown per site (models/physics/Desolvation.hpp). The
// owner supplies U and the concentration law of i0; everything else is here.
#include <memory>
#include <string>
#include <vector>

#include "models/cell/CellDesign.hpp"

namespace cellsim {

//! Local state of a surface site.
struct SurfaceSite {
  double dphi;  //!< phi_s - phi_e at the surface [V]
  double c_e;   //!< electrolyte concentration at the surface [mol/m3]
  double T;     //!< [K]
};

//! A reaction in parallel with Li+ transfer (SEI growth, electrolyte oxidation, ...).
class SideReaction {
 public:
  virtual ~SideReaction() = default;
  virtual std::string name() const = 0;
  //! Current density [A/m2], anodic positive.
  virtual double current(const SurfaceSite& site) const = 0;
};

class InterfaceKinetics {
 public:
  InterfaceKinetics(const InterfaceKineticsDesign& design, double T_design);

  bool hasSeriesStep() const { return d_.desolvation.seriesStep(); }
  //! Temperature factor of the transfer reaction's exchange current: Arrhenius, with the
  //! desolvation barrier folded in when it scales the exchange current (option A).
  double exchangeFactor(double T) const { return T == T_design_ ? factor_ : computeFactor(T); }

  struct Rows {
    double transfer;  //!< residual of the total-current unknown
    double series;    //!< residual of eta_d (series step only)
    double carried;   //!< current carried by Li+ transfer [A/m2] (j minus side reactions)
  };
  //! Rows at one site: `i0` the transfer reaction's exchange current, `U` its equilibrium
  //! potential, `j` the total current unknown, `eta_d` the series step unknown (if any).
  Rows residual(const SurfaceSite& site, double U, double i0, double j, double eta_d) const;

  //! phi_s - phi_e - U needed to pass the current i at steady state (the rate laws inverted);
  //! used for small-signal interfacial resistances.
  double overpotential(double i, double i0, double c_e, double T) const;
  //! d(phi_s - phi_e)/di at current i [ohm m2].
  double resistance(double i, double i0, double c_e, double T) const;

  void addSideReaction(std::shared_ptr<const SideReaction> r) { side_.push_back(std::move(r)); }
  const std::vector<std::shared_ptr<const SideReaction>>& sideReactions() const { return side_; }
  const InterfaceKineticsDesign& design() const { return d_; }

 private:
  double computeFactor(double T) const;
  double seriesExchangeCurrent(double c_e, double T) const;
  InterfaceKineticsDesign d_;
  double T_design_;
  double factor_, series_factor_;
  std::vector<std::shared_ptr<const SideReaction>> side_;
};

}  // namespace cellsim
