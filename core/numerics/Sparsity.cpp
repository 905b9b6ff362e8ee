#include "Sparsity.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>

namespace cellsim {

void SparsityPattern::markQuadrature(int row) {
  if (quadrature_.empty()) quadrature_.assign(n_, 0);
  quadrature_.at(row) = 1;
}

bool SparsityPattern::hasQuadratures() const {
  return std::find(quadrature_.begin(), quadrature_.end(), 1) != quadrature_.end();
}

void SparsityPattern::finalize() {
  colptr_.assign(n_ + 1, 0);
  rowidx_.clear();
  for (int j = 0; j < n_; ++j) {
    auto& c = cols_[j];
    c.push_back(j);
    std::sort(c.begin(), c.end());
    c.erase(std::unique(c.begin(), c.end()), c.end());
    if (isQuadrature(j) && c.size() > 1)
      throw std::logic_error("unknown " + std::to_string(j) + " is marked a quadrature but row " +
                             std::to_string(c.front() == j ? c.back() : c.front()) + " reads it");
    if (!quadrature_.empty())
      c.erase(std::remove_if(c.begin(), c.end(), [&](int row) { return row != j && isQuadrature(row); }), c.end());
    rowidx_.insert(rowidx_.end(), c.begin(), c.end());
    colptr_[j + 1] = static_cast<int>(rowidx_.size());
  }
}

bool SparsityPattern::contains(int row, int col) const {
  auto b = rowidx_.begin() + colptr_[col], e = rowidx_.begin() + colptr_[col + 1];
  return std::binary_search(b, e, row);
}

namespace {

// Greedy distance-2 colouring in the given column order.
std::vector<int> greedyColouring(const SparsityPattern& p, const std::vector<std::vector<int>>& row_cols,
                                 const std::vector<int>& order, int* num_colours) {
  const auto& cp = p.colPtr();
  const auto& ri = p.rowIdx();
  std::vector<int> colour(p.size(), -1), forbidden_mark;
  int ncol = 0;
  for (int j : order) {
    forbidden_mark.assign(ncol + 1, -1);
    for (int k = cp[j]; k < cp[j + 1]; ++k)
      for (int other : row_cols[ri[k]])
        if (colour[other] >= 0) forbidden_mark[colour[other]] = j;
    int c = 0;
    while (c < ncol && forbidden_mark[c] == j) ++c;
    colour[j] = c;
    if (c == ncol) ++ncol;
  }
  *num_colours = ncol;
  return colour;
}

}  // namespace

std::vector<int> colourColumns(const SparsityPattern& p, int* num_colours) {
  const int n = p.size();
  const auto& cp = p.colPtr();
  const auto& ri = p.rowIdx();
  // Rows -> columns (transpose) to find columns sharing a row.
  std::vector<std::vector<int>> row_cols(n);
  for (int j = 0; j < n; ++j)
    for (int k = cp[j]; k < cp[j + 1]; ++k) row_cols[ri[k]].push_back(j);

  // Greedy colourings depend on the order; a few cheap orders and the best kept (each colour
  // saved is one residual call per Jacobian for the whole run). Dense columns first: global
  // unknowns (a control variable, say) touch many rows and would otherwise force extra colours
  // late. The unknowns' own order follows the cell's geometry, forwards and backwards.
  std::vector<int> natural(n);
  std::iota(natural.begin(), natural.end(), 0);
  std::vector<int> dense_first = natural;
  std::stable_sort(dense_first.begin(), dense_first.end(),
                   [&](int a, int b) { return cp[a + 1] - cp[a] > cp[b + 1] - cp[b]; });
  std::vector<int> backwards(natural.rbegin(), natural.rend());
  std::vector<int> best;
  int best_count = n + 1;
  for (const auto* order : {&dense_first, &natural, &backwards}) {
    int count = 0;
    std::vector<int> colour = greedyColouring(p, row_cols, *order, &count);
    if (count < best_count) {
      best_count = count;
      best = std::move(colour);
    }
  }
  if (num_colours) *num_colours = best_count;
  return best;
}

}  // namespace cellsim
