#pragma once
// Sparsity patterns in compressed-sparse-column form and a column colouring, so that a
// Jacobian can be built from a few residual evaluations (coloured finite differences):
// columns of one colour share no row, so one perturbation fills all of them at once.
#include <vector>

namespace cellsim {

class SparsityPattern {
 public:
  explicit SparsityPattern(int n = 0) : n_(n), cols_(n) {}
  int size() const { return n_; }
  void add(int row, int col) { cols_[col].push_back(row); }
  //! Sorts and removes duplicates, then builds the CSC arrays. Adds the diagonal (IDA needs
  //! it structurally for cj*dF/dy' and KLU pivots better with it).
  void finalize();
  const std::vector<int>& colPtr() const { return colptr_; }
  const std::vector<int>& rowIdx() const { return rowidx_; }
  int nnz() const { return static_cast<int>(rowidx_.size()); }
  bool contains(int row, int col) const;

 private:
  int n_;
  std::vector<std::vector<int>> cols_;
  std::vector<int> colptr_, rowidx_;
};

//! Greedy distance-2 colouring of the columns (largest-degree-first). Returns the colour of
//! each column; colours are 0..numColours-1.
std::vector<int> colourColumns(const SparsityPattern& p, int* num_colours);

}  // namespace cellsim
