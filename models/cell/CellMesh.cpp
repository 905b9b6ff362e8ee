#include "models/cell/CellMesh.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace cellsim {

namespace {
const double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kMaxGradedVolumes = 12;  //!< per graded end

MeshRegion porousRegion(const PorousElectrodeDesign& e) {
  MeshRegion r;
  r.name = e.name;
  r.count = e.volumes;
  r.porosity = e.porosity;
  r.transport = e.electrolyte_tortuosity.transportFactor(e.porosity);
  r.t_plus = kNaN;
  return r;
}
}  // namespace

CellMesh::CellMesh(const CellDesign& d) {
  faces_.push_back(0.0);
  if (const auto* e = d.negative.porous()) addRegion(porousRegion(*e), e->thickness_m, 1.0, false, false);
  for (size_t k = 0; k < d.separator.size(); ++k) {
    const auto& layer = d.separator[k];
    MeshRegion r;
    r.name = "separator:" + layer.name;
    r.count = layer.volumes;
    r.porosity = layer.porosity;
    r.transport = layer.tortuosity.transportFactor(layer.porosity);
    r.t_plus = layer.transference_number.value_or(kNaN);
    const bool left = k == 0 && d.negative.foil();
    const bool right = k + 1 == d.separator.size() && d.positive.foil();
    addRegion(r, layer.thickness_m, d.foil_grading, left, right);
  }
  if (const auto* e = d.positive.porous()) addRegion(porousRegion(*e), e->thickness_m, 1.0, false, false);
}

void CellMesh::addRegion(MeshRegion r, double L, double q, bool grade_left, bool grade_right) {
  const int nvol = r.count;
  r.first = volumes();
  std::vector<double> w(nvol, 1.0);
  if (q > 1.0 && (grade_left || grade_right)) {
    for (int i = 0; i < nvol; ++i) {
      int k = nvol;  // distance (in volumes) to the nearest graded end
      if (grade_left) k = std::min(k, i);
      if (grade_right) k = std::min(k, nvol - 1 - i);
      w[i] = std::pow(q, std::min(k, kMaxGradedVolumes));
    }
  }
  double sum = 0;
  for (double wi : w) sum += wi;
  double x = faces_.back();
  for (int i = 0; i < nvol; ++i) {
    const double dx = L * w[i] / sum;
    x_c_.push_back(x + 0.5 * dx);
    dx_.push_back(dx);
    region_.push_back(static_cast<int>(regions_.size()));
    x += dx;
    faces_.push_back(x);
  }
  regions_.push_back(std::move(r));
}

const MeshRegion& CellMesh::region(const std::string& name) const {
  for (const auto& r : regions_)
    if (r.name == name) return r;
  throw std::logic_error("CellMesh: no region '" + name + "'");
}

}  // namespace cellsim
