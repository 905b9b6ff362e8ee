#pragma once
// The P2D (Doyle–Fuller–Newman) cell as a DAE on a cell-centred finite-volume mesh.
// Unknowns, interleaved by position: per electrolyte volume c_e, phi_e; in porous electrodes
// also phi_s, j (pore-wall current density) and c_s on the particle shells; per lithium foil
// its interface current; then the cell current density I (+ discharge), the voltage V and
// the charge passed Q. One control row selects what the protocol step fixes (I, V or I*V);
// the structure of the system never changes between steps.
#include <array>
#include <string>
#include <vector>

#include "CellDesign.hpp"
#include "core/numerics/DaeSystem.hpp"
#include "core/numerics/TabulatedFunction.hpp"

namespace cellsim {

struct ControlMode {
  enum class Kind { Current, Voltage, Power } kind = Kind::Current;
  double value = 0.0;  //!< A/m2, V or W/m2
};

struct EventLimit {
  enum class Kind { VoltageBelow, VoltageAbove, CurrentBelow, ChargeAbove, SurfaceDepleted, FoilExhausted } kind;
  double value;  //!< V, A/m2, C/m2 (|Q - Q_start|), mol/m3, or the foil side (0/1)
};

struct Profiles {
  std::vector<double> x_m, c_e, phi_e, c_s_surf, phi_s;  //!< NaN where not defined
  std::vector<std::string> region;
};

class CellModel : public DaeSystem {
 public:
  //! Electrolyte properties at one concentration; beta = (2RT/F) TDF (times 1 - t+ per side).
  struct ElectrolyteAt {
    double D, kappa, t, beta;
  };

  explicit CellModel(const CellDesign& design);

  // DaeSystem
  int size() const override { return n_; }
  void residual(double t, const double* y, const double* yp, double* F) override;
  SparsityPattern pattern() const override;
  std::vector<double> differentialFlags() const override;
  std::vector<double> absoluteTolerances(double rtol) const override;
  int numRoots() const override { return static_cast<int>(limits_.size()); }
  void roots(double t, const double* y, const double* yp, double* g) override;
  std::string variableName(int i) const override;

  void setControl(const ControlMode& c) { control_ = c; }
  const ControlMode& control() const { return control_; }
  //! Limits watched as root functions in the current step; `charge_at_step_start` anchors
  //! ChargeAbove.
  void setLimits(std::vector<EventLimit> limits, double charge_at_step_start);

  //! Rested initial state (uniform concentrations, equilibrium potentials) with a current
  //! guess for the algebraic unknowns.
  void initialState(std::vector<double>& y, std::vector<double>& yp, double current_guess_A_m2) const;

  // Read-outs
  double voltage(const double* y) const { return y[iV_]; }
  double current(const double* y) const { return y[iI_]; }
  double charge(const double* y) const { return y[iQ_]; }  //!< C/m2, + discharge
  //! Open-circuit voltage at the mean stoichiometry of each porous electrode (foil: 0 V).
  double restVoltage(const double* y) const;
  //! Cyclable lithium per unit area [mol/m2]: electrolyte + particles (foils excluded).
  double lithiumInventory(const double* y) const;
  double electrolyteSalt(const double* y) const;
  //! Lithium metal in a foil [mol/m2] (initial thickness / molar volume -+ charge passed).
  double foilLithium(const double* y, int side) const;
  //! Change of foil thickness since the start [m] (+ plated, - stripped).
  double foilThicknessChange(const double* y, int side) const;
  //! Electrolyte potential at a foil surface and the interface current (anodic +).
  double foilInterfaceCurrent(const double* y, int side) const {
    const int i = side == 0 ? iL_ : iR_;
    return i < 0 ? 0.0 : (side == 0 ? y[i] : -y[i]);
  }  //!< mol/m2 of salt in the electrolyte
  //! Electrolyte concentration at a foil surface (side 0 = negative, 1 = positive).
  double foilSurfaceConcentration(const double* y, int side) const;
  double meanStoichiometry(const double* y, int side) const;
  Profiles profiles(const double* y) const;
  double cellLength() const { return face_x_.back(); }
  const CellDesign& design() const { return d_; }
  int volumes() const { return static_cast<int>(vol_.size()); }

 private:
  struct Volume {
    double x_c, dx;
    int region;              //!< index into region_names_
    double porosity;
    double transport;        //!< eps/tau
    double t_plus;           //!< NaN: use the electrolyte's
    int electrode;           //!< -1 none, 0 negative porous, 1 positive porous
    int base;                //!< index of c_e; phi_e = base+1; phi_s = base+2; j = base+3; shells from base+4
  };
  struct ParticleGrid {
    int shells;
    double dr;
    std::vector<double> face_area;   //!< r_i^2 at faces i = 0..shells
    std::vector<double> volume;      //!< (r_{i+1}^3 - r_i^3)/3
    double a;                        //!< specific area
    double sigma_eff;
    double c_max;
    double arrhenius;               //!< kinetic Arrhenius factor at the cell temperature
    std::vector<double> face_coef;  //!< r_i^2 / dr
    std::vector<double> inv_volume;
    bool constant_D = false;
    double D_const = 0.0;
  };

  void faceFluxes(const double* y, double T);
  double surfaceConcentration(const PorousElectrode& e, const ParticleGrid& g, const double* cs, double j, double T) const;
  const PorousElectrode& electrode(int e) const { return e == 0 ? *d_.negative.porous : *d_.positive.porous; }

  CellDesign d_;
  std::vector<Volume> vol_;
  std::vector<double> face_x_;
  std::vector<std::string> region_names_;
  std::array<ParticleGrid, 2> grid_{};
  int n_ = 0;
  int iL_ = -1, iR_ = -1;   //!< foil interface currents (current in +x direction at the face)
  int etaD_[2] = {-1, -1};  //!< series desolvation overpotential per foil (option B)
  int qFoil_[2] = {-1, -1}; //!< charge through each foil's face [C/m2]
  int iI_ = -1, iV_ = -1, iQ_ = -1;
  ControlMode control_;
  std::vector<EventLimit> limits_;
  double q_step_start_ = 0.0;
  // Last property evaluation per face / per volume (exact reuse, see residual()).
  struct FaceCache {
    double c = -1, T = -1, D = 0, kappa = 0, t = 0, beta = 0;
  };
  struct OcpCache {
    double sto = -1, T = -1, U = 0;
  };
  ElectrolyteAt cachedProperties(int face, double c, double T) const;
  ElectrolyteAt electrolyteAt(double c) const;
  double ocp(int side, double sto) const;
  double solidDiffusivity(int side, double sto) const;
  void tabulateProperties();
  // Expensive property expressions at the (fixed) cell temperature, tabulated once.
  std::array<TabulatedFunction, 2> ocp_tab_, ds_tab_;
  std::array<TabulatedFunction, 4> el_tab_;  //!< D, kappa, t+, TDF vs c_e
  mutable std::vector<FaceCache> face_cache_;
  std::vector<OcpCache> ocp_cache_;
  // Work arrays for face fluxes (no allocation in the residual).
  std::vector<double> Nf_, if_;
  double cfoil_[2] = {0, 0}, phifoil_[2] = {0, 0};
};

}  // namespace cellsim
