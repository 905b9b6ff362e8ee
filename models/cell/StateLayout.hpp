#pragma once
// The unknowns of a cell, declared by its components as named blocks. A block is a named
// variable (c_e, phi_s, c_s, I, ...) at a number of sites: mesh volumes (positional blocks)
// or nothing in particular (a foil's current, the cell voltage). Everything derived from the
// layout — offsets, names in error messages, differential flags, tolerances, the unknown
// counts echoed in summary.json — comes from these declarations; no offset is ever written by
// hand.
//
// Ordering: positional entries are interleaved by mesh volume (all blocks of volume k, in
// declaration order, then volume k+1), which keeps the Jacobian's fill-in low; the other
// blocks follow in declaration order.
#include <string>
#include <vector>

namespace cellsim {

//! Absolute tolerance of a variable: fixed, or a fraction of a scale (rtol * scale / 100).
struct Tolerance {
  double absolute = 1e-8;
  double scale = 0.0;  //!< > 0: atol = rtol * scale * 1e-2
  static Tolerance fixed(double atol) { return {atol, 0.0}; }
  static Tolerance relativeTo(double scale) { return {0.0, scale}; }
  double at(double rtol) const { return scale > 0 ? rtol * scale * 1e-2 : absolute; }
};

struct VariableBlock {
  std::string owner;   //!< component, e.g. "positive electrode"
  std::string name;    //!< e.g. "c_s"
  std::string unit;    //!< e.g. "mol/m3"
  bool differential = false;
  Tolerance tolerance;
  //! Mesh volume of each site; empty for a non-positional block with `sites` sites.
  std::vector<int> positions;
  int sites = 1;       //!< for non-positional blocks
  int width = 1;       //!< entries per site (particle shells)
  std::string entry_name = "entry";  //!< label of an entry within a site ("shell")
  //! Label of each site in messages ("separator:PP, x = 12.5 um"); one for all if a single one.
  std::vector<std::string> site_labels;

  static VariableBlock make(std::string owner, std::string name, std::string unit, bool differential, Tolerance tol) {
    VariableBlock b;
    b.owner = std::move(owner);
    b.name = std::move(name);
    b.unit = std::move(unit);
    b.differential = differential;
    b.tolerance = tol;
    return b;
  }
  VariableBlock& labelled(std::string label) {
    site_labels = {std::move(label)};
    return *this;
  }
};

class StateLayout {
 public:
  using BlockId = int;
  BlockId add(VariableBlock block);
  //! Assigns offsets; no block may be added afterwards.
  void finalize(int mesh_volumes);

  int size() const { return n_; }
  int numBlocks() const { return static_cast<int>(blocks_.size()); }
  const VariableBlock& block(BlockId id) const { return blocks_[id]; }
  int sites(BlockId id) const;
  //! Index of entry `entry` of site `site` of a block.
  int index(BlockId id, int site = 0, int entry = 0) const { return offsets_[id][site] + entry; }

  std::vector<double> differentialFlags() const;
  std::vector<double> absoluteTolerances(double rtol) const;
  //! "c_s[positive electrode, shell 19][positive, x = 95 um]".
  std::string variableName(int i) const;

 private:
  std::vector<VariableBlock> blocks_;
  std::vector<std::vector<int>> offsets_;  //!< per block, per site
  struct Entry {
    int block, site, entry;
  };
  std::vector<Entry> entries_;             //!< per unknown
  int n_ = 0;
  bool final_ = false;
};

}  // namespace cellsim
