#pragma once
// The cell-centred finite-volume mesh across the cell, x = 0 at the negative current
// collector (or lithium surface) to x = L. Regions: a porous negative electrode, the
// separator layers, a porous positive electrode; a lithium foil is a face, not a region.
// Volumes are uniform within a region, except in a separator layer that touches a lithium
// foil: there they shrink geometrically towards the foil, because the concentration boundary
// layer at a foil is thin right after a current step (Bruce–Vincent I0, Sand's time) and a
// coarse first volume would show a spurious instantaneous concentration overpotential.
#include <string>
#include <vector>

#include "models/cell/CellDesign.hpp"

namespace cellsim {

struct MeshRegion {
  std::string name;       //!< "negative", "separator:PP", "positive"
  int first = 0, count = 0;
  double porosity = 1.0;
  double transport = 1.0;  //!< eps/tau of the pores
  double t_plus = 0.0;     //!< NaN: the electrolyte's own t+
};

class CellMesh {
 public:
  explicit CellMesh(const CellDesign& design);
  int volumes() const { return static_cast<int>(x_c_.size()); }
  double center(int k) const { return x_c_[k]; }
  double width(int k) const { return dx_[k]; }
  const std::vector<double>& faces() const { return faces_; }
  double length() const { return faces_.back(); }
  int regionOf(int k) const { return region_[k]; }
  const MeshRegion& region(int r) const { return regions_[r]; }
  const std::vector<MeshRegion>& regions() const { return regions_; }
  //! The region of a porous electrode by its name.
  const MeshRegion& region(const std::string& name) const;

 private:
  struct EndGrading {
    double ratio = 1.0;         //!< growth of the width from one volume to the next
    double first_left_m = 0.0;  //!< width of the first volume at that end; 0: not graded
    double first_right_m = 0.0;
  };
  void addRegion(MeshRegion r, double thickness_m, const EndGrading& grading);
  std::vector<double> x_c_, dx_, faces_;
  std::vector<int> region_;
  std::vector<MeshRegion> regions_;
};

}  // namespace cellsim
