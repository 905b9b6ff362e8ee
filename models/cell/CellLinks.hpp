#pragma once
// What the components of a cell exchange, at their faces and in the volumes they share.
// Each residual evaluation fills it in two phases (Component.hpp): first the values that
// follow from a component's own unknowns (fundamental), then those that need others'
// (coupled); then every component writes its rows.
#include <vector>

namespace cellsim {

enum class End { Left = 0, Right = 1 };  //!< x = 0 (negative side), x = L (positive side)
inline int endIndex(End e) { return static_cast<int>(e); }
//! +1 at x = 0, -1 at x = L: the sign that turns a current in +x into one leaving the electrolyte
//! through that end (the outward normal points to -x at x = 0).
inline double inwardSign(End e) { return e == End::Left ? 1.0 : -1.0; }
inline const char* endName(End e) { return e == End::Left ? "negative" : "positive"; }

//! One end of the electrolyte: closed (porous electrode) or a planar lithium surface.
struct ElectrolyteEnd {
  bool planar_electrode = false;  //!< passes its current as Li+ (the anion is blocked)
  std::vector<int> current_columns;  //!< unknowns the face currents depend on, for the pattern
  double current_A_m2 = 0.0;      //!< fundamental: current through the face in +x
  //! Fundamental: the part of it crossing as Li+ (the rest charges the double layer).
  double cation_current_A_m2 = 0.0;
  double c_surface = 0.0;         //!< coupled: electrolyte concentration at the face
  double phi_surface = 0.0;       //!< coupled: electrolyte potential at the face
};

struct CellLinks {
  // Electrolyte unknowns per mesh volume (set when the electrolyte binds).
  std::vector<int> c_e_index, phi_e_index;
  // Fundamental: current entering the electrolyte from the solid per unit volume (a j) [A/m3],
  // the part of it carried by Li+ (without the double layer's charging current), and the
  // unknowns they depend on, per mesh volume.
  std::vector<double> source_A_m3, cation_source_A_m3;
  std::vector<std::vector<int>> source_columns;
  ElectrolyteEnd end[2];
  //! Unknown holding the potential of the right terminal (the cell voltage); the left
  //! terminal is the ground (0 V).
  int voltage_index = -1;
};

}  // namespace cellsim
