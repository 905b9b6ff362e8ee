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
  //! Marks `row` as a quadrature: its residual is y'[row] - g(other unknowns) and no other row
  //! reads y[row] (a running integral kept for bookkeeping, such as the lithium that left with
  //! lost particles, an integral over every shell of a particle). Its Newton row is then its
  //! diagonal alone (cj): the couplings into it are left out of the matrix and of the colouring,
  //! so an integral over many unknowns costs no colours. Newton updates the integral from the
  //! previous iterate of the others; it converges with them (one iteration behind, an update far
  //! below its tolerance once they have converged). finalize() checks that no other row reads it.
  void markQuadrature(int row);
  //! Sorts and removes duplicates, then builds the CSC arrays. Adds the diagonal (IDA needs
  //! it structurally for cj*dF/dy' and KLU pivots better with it).
  void finalize();
  const std::vector<int>& colPtr() const { return colptr_; }
  const std::vector<int>& rowIdx() const { return rowidx_; }
  int nnz() const { return static_cast<int>(rowidx_.size()); }
  bool contains(int row, int col) const;
  bool isQuadrature(int row) const { return !quadrature_.empty() && quadrature_[row]; }
  bool hasQuadratures() const;

 private:
  int n_;
  std::vector<std::vector<int>> cols_;
  std::vector<int> colptr_, rowidx_;
  std::vector<char> quadrature_;
};

//! Greedy distance-2 colouring of the columns (largest-degree-first). Returns the colour of
//! each column; colours are 0..numColours-1.
std::vector<int> colourColumns(const SparsityPattern& p, int* num_colours);

}  // namespace cellsim
