#include "models/cell/StateLayout.hpp"

#include <stdexcept>

namespace cellsim {

StateLayout::BlockId StateLayout::add(VariableBlock block) {
  if (final_) throw std::logic_error("StateLayout: block '" + block.name + "' declared after finalize()");
  blocks_.push_back(std::move(block));
  return static_cast<BlockId>(blocks_.size() - 1);
}

int StateLayout::sites(BlockId id) const {
  const auto& b = blocks_[id];
  return b.positions.empty() ? b.sites : static_cast<int>(b.positions.size());
}

void StateLayout::finalize(int mesh_volumes) {
  offsets_.assign(blocks_.size(), {});
  for (size_t b = 0; b < blocks_.size(); ++b) offsets_[b].assign(sites(static_cast<BlockId>(b)), -1);
  auto place = [&](int b, int site) {
    offsets_[b][site] = n_;
    for (int e = 0; e < blocks_[b].width; ++e) entries_.push_back({b, site, e});
    n_ += blocks_[b].width;
  };
  // Sites of each block by volume, so that the interleaving pass is linear.
  std::vector<std::vector<std::pair<int, int>>> at_volume(mesh_volumes);  // (block, site)
  for (size_t b = 0; b < blocks_.size(); ++b)
    for (size_t s = 0; s < blocks_[b].positions.size(); ++s) {
      const int k = blocks_[b].positions[s];
      if (k < 0 || k >= mesh_volumes) throw std::logic_error("StateLayout: block '" + blocks_[b].name + "' outside the mesh");
      at_volume[k].emplace_back(static_cast<int>(b), static_cast<int>(s));
    }
  for (const auto& here : at_volume)
    for (const auto& [b, s] : here) place(b, s);
  for (size_t b = 0; b < blocks_.size(); ++b)
    if (blocks_[b].positions.empty())
      for (int s = 0; s < blocks_[b].sites; ++s) place(static_cast<int>(b), s);
  final_ = true;
}

std::vector<double> StateLayout::differentialFlags() const {
  std::vector<double> id(n_, 0.0);
  for (int i = 0; i < n_; ++i) id[i] = blocks_[entries_[i].block].differential ? 1.0 : 0.0;
  return id;
}

std::vector<double> StateLayout::absoluteTolerances(double rtol) const {
  std::vector<double> atol(n_);
  for (int i = 0; i < n_; ++i) atol[i] = blocks_[entries_[i].block].tolerance.at(rtol);
  return atol;
}

std::string StateLayout::variableName(int i) const {
  if (i < 0 || i >= n_) return "y[" + std::to_string(i) + "]";
  const Entry& e = entries_[i];
  const VariableBlock& b = blocks_[e.block];
  std::string s = b.name + "[" + b.owner;
  if (b.width > 1) s += ", " + b.entry_name + " " + std::to_string(e.entry);
  s += "]";
  if (!b.site_labels.empty()) s += "[" + b.site_labels[b.site_labels.size() == 1 ? 0 : e.site] + "]";
  return s;
}

}  // namespace cellsim
