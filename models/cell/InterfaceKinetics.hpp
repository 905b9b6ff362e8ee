#pragma once
// The reactions at one electrode surface site (a porous electrode's pore wall in one volume,
// or a lithium foil's face). The total current density j through the surface (an unknown
// of the owning component) crosses a film and then splits between the double layer and
// the faradaic reactions:
//   film:          v_f = j R_film, or R_film || C_film:  C_film dv_f/dt + v_f / R_film = j
//   series layer:  j R_s (a porous dead-lithium layer on a lithium surface)
//   nucleation:    eta_nuc(j) on a fresh lithium surface (models/physics/Nucleation.hpp)
//   inner potential dl = (phi_s - phi_e) - v_f - j R_s - eta_nuc(j), across the double layer
//   j = C_dl d(dl)/dt + i_transfer + sum(side reactions)
// where i_transfer is the Li+ transfer reaction (intercalation, plating/stripping):
//   i_transfer = law(i0, eta),  eta = dl - U [- eta_d]
// The nucleation overpotential is a drop in series with the film, following the current the
// surface is made to pass (the plating current density it was fitted against): it appears
// with the current, as the film's does. (As a function of the transfer reaction's share
// instead, it would make that share climb a steep stretch at tiny currents whenever a
// double layer hands the current over.)
// through an optional desolvation step in series, i_transfer = 2 i0_d sinh(F eta_d / 2RT)
// with eta_d one more algebraic unknown per site (models/physics/Desolvation.hpp). With a
// double layer, dl is a differential unknown of the site; with a film capacitance, so is
// v_f; without them both follow from j. The owner supplies U and the concentration law of
// i0; everything else is here.
#include <memory>
#include <string>
#include <vector>

#include "models/cell/CellDesign.hpp"
#include "models/physics/Nucleation.hpp"

namespace cellsim {

//! Local state of a surface site.
struct SurfaceSite {
  double dphi;  //!< phi_s - phi_e at the surface [V]
  double c_e;   //!< electrolyte concentration at the surface [mol/m3]
  double T;     //!< [K]
  const double* y = nullptr;  //!< the state, for side reactions that read slow states (a film)
};

//! A reaction in parallel with Li+ transfer (SEI growth, electrolyte oxidation, ...).
class SideReaction {
 public:
  virtual ~SideReaction() = default;
  virtual std::string name() const = 0;
  //! Current density [A/m2], anodic positive, at a site whose potential is the one inside
  //! the film and whose faradaic current (transfer + side reactions) is `faradaic`: a loss
  //! that is a share of the plating current depends on it.
  virtual double current(const SurfaceSite& site, double faradaic) const = 0;
  //! Whether its charge crosses the electrolyte as Li+ (SEI: Li+ reduced into the film) or as
  //! other ions (electrolyte oxidation: protons, solvent radicals), leaving the salt alone.
  //! Share of its current carried by Li+ transfer at the surface (1: a lithium reaction; 0:
  //! its charge comes out of the salt).
  virtual double lithiumIonShare() const { return 1.0; }
};

//! The site's own unknowns (those it does not have are ignored).
struct SurfaceUnknowns {
  double j = 0.0;          //!< total current density through the surface, anodic + [A/m2]
  double eta_d = 0.0;      //!< desolvation step [V] (series step)
  double dl = 0.0;         //!< potential across the double layer [V] (double layer)
  double dl_rate = 0.0;    //!< its time derivative [V/s]
  double film = 0.0;       //!< potential across the film [V] (film capacitance)
  double film_rate = 0.0;  //!< its time derivative [V/s]
  //! The site's film resistance when its state sets it (a growing SEI) [ohm m2]; < 0: the design's.
  double film_resistance = -1.0;
  //! A resistance in series with the film (a porous dead-lithium layer) [ohm m2].
  double series_resistance = 0.0;
};

//! How the total current splits at a site.
struct SurfaceCurrents {
  double inner;     //!< potential across the double layer, phi_s - phi_e - v_f [V]
  double faradaic;  //!< j minus the double layer's charging current [A/m2]
  double carried;   //!< faradaic minus side reactions: the Li+ transfer reaction [A/m2]
  double lithium;   //!< the part of `faradaic` that crosses the electrolyte as Li+ [A/m2]
};

class InterfaceKinetics {
 public:
  InterfaceKinetics(const InterfaceKineticsDesign& design, double T_design);

  bool hasSeriesStep() const { return d_.desolvation.seriesStep(); }
  bool hasDoubleLayer() const { return d_.double_layer_capacitance_F_m2 > 0; }
  bool hasFilmCapacitance() const { return d_.film_capacitance_F_m2 > 0; }
  //! Temperature factor of the transfer reaction's exchange current: Arrhenius, with the
  //! desolvation barrier folded in when it scales the exchange current (option A).
  double exchangeFactor(double T) const { return T == T_design_ ? factor_ : computeFactor(T); }

  //! The split of the current at a site; needs no equilibrium potential, so an owner whose
  //! U depends on the transfer current (a particle's surface) can call it first.
  SurfaceCurrents currents(const SurfaceSite& site, const SurfaceUnknowns& u) const;
  //! Charging current of the double layer alone [A/m2] (from the site's own unknowns).
  double chargingCurrent(const SurfaceUnknowns& u) const {
    return hasDoubleLayer() ? d_.double_layer_capacitance_F_m2 * u.dl_rate : 0.0;
  }

  struct Rows {
    double transfer;      //!< residual of the total-current unknown
    double series;        //!< residual of eta_d (series step only)
    double double_layer;  //!< residual of dl (double layer only) [V]
    double film;          //!< residual of v_f (film capacitance only) [V]
  };
  //! Rows at one site: `i0` the transfer reaction's exchange current, `U` its equilibrium
  //! potential, `c` the split from currents().
  Rows residual(const SurfaceSite& site, double U, double i0, const SurfaceUnknowns& u, const SurfaceCurrents& c) const;

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
  double filmResistance(const SurfaceUnknowns& u) const {
    return u.film_resistance >= 0 ? u.film_resistance : d_.film_resistance_ohm_m2;
  }
  double filmPotential(const SurfaceUnknowns& u) const {
    return hasFilmCapacitance() ? u.film : u.j * filmResistance(u);
  }
  //! What lies between the electrode and the double layer: film, series layers, nucleation.
  double seriesDrop(const SurfaceUnknowns& u) const {
    return filmPotential(u) + u.j * u.series_resistance +
           nucleationOverpotential(u.j, d_.nucleation_overpotential_V, d_.nucleation_current_A_m2);
  }
  double seriesExchangeCurrent(double c_e, double T) const;
  InterfaceKineticsDesign d_;
  double T_design_;
  double factor_, series_factor_;
  std::vector<std::shared_ptr<const SideReaction>> side_;
};

}  // namespace cellsim
