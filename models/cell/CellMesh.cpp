#include "models/cell/CellMesh.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace cellsim {

namespace {
const double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kMaxVolumesPerRegion = 100000;

MeshRegion porousRegion(const PorousElectrodeDesign& e) {
  MeshRegion r;
  r.name = e.name;
  r.count = e.volumes;
  r.porosity = e.porosity;
  r.transport = e.electrolyte_tortuosity.transportFactor(e.porosity);
  r.t_plus = kNaN;
  return r;
}
//! Whether t+ differs across the interface of a layer with its neighbour (nullptr: a porous
//! electrode, where the electrolyte has its own t+).
bool jumpsTPlus(const SeparatorLayer& layer, const SeparatorLayer* neighbour) {
  const auto other = neighbour ? neighbour->transference_number : std::optional<double>{};
  return layer.transference_number != other;
}
}  // namespace

CellMesh::CellMesh(const CellDesign& d) {
  faces_.push_back(0.0);
  if (const auto* e = d.negative.porous()) addRegion(porousRegion(*e), e->thickness_m, EndGrading{});
  for (size_t k = 0; k < d.separator.size(); ++k) {
    const auto& layer = d.separator[k];
    MeshRegion r;
    r.name = "separator:" + layer.name;
    r.count = layer.volumes;
    r.porosity = layer.porosity;
    r.transport = layer.tortuosity.transportFactor(layer.porosity);
    r.t_plus = layer.transference_number.value_or(kNaN);
    // Graded ends: at a foil for the boundary layer right after a step; at a layer interface
    // or a porous electrode where t+ jumps, for the concentration step that the jump builds
    // there from the first instant (resolved on the separator's side only, where volumes are
    // cheap). A jump in porosity alone makes a kink, which the harmonic face means handle.
    EndGrading g;
    g.ratio = d.mesh_grading.ratio;
    const double interface_m = d.mesh_grading.first_at_interface_m;
    if (k == 0)
      g.first_left_m = d.negative.foil() ? d.mesh_grading.first_at_foil_m
                                         : (jumpsTPlus(layer, nullptr) ? interface_m : 0.0);
    else
      g.first_left_m = jumpsTPlus(layer, &d.separator[k - 1]) ? interface_m : 0.0;
    if (k + 1 == d.separator.size())
      g.first_right_m = d.positive.foil() ? d.mesh_grading.first_at_foil_m
                                          : (jumpsTPlus(layer, nullptr) ? interface_m : 0.0);
    else
      g.first_right_m = jumpsTPlus(layer, &d.separator[k + 1]) ? interface_m : 0.0;
    addRegion(r, layer.thickness_m, g);
  }
  if (const auto* e = d.positive.porous()) addRegion(porousRegion(*e), e->thickness_m, EndGrading{});
}

// Widths follow h(d) = min(h_uniform, h_first + (ratio - 1) d), d the distance to the nearest
// graded end: a geometric sequence h_first, h_first ratio, ... that meets the uniform width and
// stays there. Marching from the left with the distance taken from the volume's far face makes
// both ends geometric; the widths are then scaled by a few per cent to fill the layer exactly.
void CellMesh::addRegion(MeshRegion r, double L, const EndGrading& g) {
  const double h_uniform = L / r.count;
  const bool graded = g.ratio > 1.0 && (g.first_left_m > 0 || g.first_right_m > 0);
  std::vector<double> w;
  if (!graded) {
    w.assign(r.count, h_uniform);
  } else {
    const double slope = g.ratio - 1.0;
    const double h_smallest = std::min(g.first_left_m > 0 ? g.first_left_m : h_uniform,
                                       g.first_right_m > 0 ? g.first_right_m : h_uniform);
    double x = 0;
    while (x < L * (1 - 1e-9)) {
      double h = h_uniform;
      if (g.first_left_m > 0) h = std::min(h, g.first_left_m + slope * x);
      if (g.first_right_m > 0) h = std::min(h, (g.first_right_m + slope * (L - x)) / g.ratio);
      h = std::max(h, h_smallest);  // no slivers at the right end
      if (static_cast<int>(w.size()) >= kMaxVolumesPerRegion)
        throw std::invalid_argument("the graded mesh of '" + r.name + "' needs more than " +
                                    std::to_string(kMaxVolumesPerRegion) + " volumes; use a coarser first volume");
      w.push_back(h);
      x += h;
    }
    // The last volume overshoots the layer; drop it if it is a sliver, then scale to fit.
    if (w.size() > 1 && x - L > 0.5 * w.back()) {
      x -= w.back();
      w.pop_back();
    }
    for (double& h : w) h *= L / x;
  }
  r.first = volumes();
  r.count = static_cast<int>(w.size());
  double xf = faces_.back();
  for (double dx : w) {
    x_c_.push_back(xf + 0.5 * dx);
    dx_.push_back(dx);
    region_.push_back(static_cast<int>(regions_.size()));
    xf += dx;
    faces_.push_back(xf);
  }
  regions_.push_back(std::move(r));
}

const MeshRegion& CellMesh::region(const std::string& name) const {
  for (const auto& r : regions_)
    if (r.name == name) return r;
  throw std::logic_error("CellMesh: no region '" + name + "'");
}

}  // namespace cellsim
