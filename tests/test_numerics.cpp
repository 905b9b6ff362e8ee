// Unit tests of the numerics that know nothing about batteries: sparsity patterns and their
// column colouring (the basis of the coloured finite-difference Jacobian), and tabulated
// functions (cubic Hermite tables that replace expensive expressions in the residual).
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <set>

#include "core/numerics/Sparsity.hpp"
#include "core/numerics/TabulatedFunction.hpp"

using namespace cellsim;

namespace {

//! Columns of one colour must share no row (distance-2 colouring): otherwise one perturbation
//! would mix two columns' entries of the Jacobian.
void expectValidColouring(const SparsityPattern& p, const std::vector<int>& colour, int ncolours) {
  const int n = p.size();
  std::vector<std::set<int>> colours_in_row(n);
  for (int j = 0; j < n; ++j) {
    ASSERT_GE(colour[j], 0);
    ASSERT_LT(colour[j], ncolours);
    for (int k = p.colPtr()[j]; k < p.colPtr()[j + 1]; ++k) {
      const int row = p.rowIdx()[k];
      EXPECT_TRUE(colours_in_row[row].insert(colour[j]).second)
          << "row " << row << " has two columns of colour " << colour[j];
    }
  }
}

TEST(Sparsity, FinalizeSortsDeduplicatesAndAddsTheDiagonal) {
  SparsityPattern p(3);
  p.add(2, 0);
  p.add(1, 0);
  p.add(2, 0);
  p.finalize();
  EXPECT_EQ(p.nnz(), 5);  // (0,0) (1,0) (2,0) (1,1) (2,2)
  EXPECT_EQ(p.colPtr(), (std::vector<int>{0, 3, 4, 5}));
  EXPECT_TRUE(p.contains(1, 0));
  EXPECT_TRUE(p.contains(1, 1));
  EXPECT_FALSE(p.contains(0, 1));
}

TEST(Sparsity, TridiagonalNeedsThreeColours) {
  const int n = 50;
  SparsityPattern p(n);
  for (int i = 0; i < n; ++i)
    for (int j = std::max(0, i - 1); j <= std::min(n - 1, i + 1); ++j) p.add(i, j);
  p.finalize();
  int nc = 0;
  const auto colour = colourColumns(p, &nc);
  EXPECT_EQ(nc, 3);
  expectValidColouring(p, colour, nc);
}

TEST(Sparsity, DenseColumnTakesOneExtraColour) {
  // A banded system plus one unknown every row depends on (like a cell voltage): that dense
  // column needs a colour of its own and the band keeps its five. (A dense *row* would force
  // one colour per column, which is why no residual row may depend on every unknown.)
  const int n = 200;
  SparsityPattern p(n);
  for (int i = 0; i < n; ++i) {
    for (int j = std::max(0, i - 2); j <= std::min(n - 1, i + 2); ++j) p.add(i, j);
    p.add(i, n - 1);
  }
  p.finalize();
  int nc = 0;
  const auto colour = colourColumns(p, &nc);
  expectValidColouring(p, colour, nc);
  EXPECT_EQ(nc, 6);
}

TEST(Sparsity, AQuadratureOverEveryUnknownCostsNoColour) {
  // A tridiagonal system plus one running integral of all its unknowns (the lithium that left
  // with lost particles reads every shell): as a plain row it forces one colour per column;
  // marked a quadrature, its row keeps only its diagonal and the band keeps its three colours.
  const int n = 40;
  auto build = [&](bool quadrature) {
    SparsityPattern p(n + 1);
    for (int i = 0; i < n; ++i)
      for (int j = std::max(0, i - 1); j <= std::min(n - 1, i + 1); ++j) p.add(i, j);
    for (int j = 0; j <= n; ++j) p.add(n, j);
    if (quadrature) p.markQuadrature(n);
    p.finalize();
    return p;
  };
  int plain = 0, marked = 0;
  const SparsityPattern p0 = build(false);
  colourColumns(p0, &plain);
  const SparsityPattern p1 = build(true);
  const auto colour = colourColumns(p1, &marked);
  expectValidColouring(p1, colour, marked);
  EXPECT_EQ(plain, n + 1);
  EXPECT_EQ(marked, 3);
  EXPECT_TRUE(p1.isQuadrature(n));
  EXPECT_TRUE(p1.contains(n, n));
  EXPECT_FALSE(p1.contains(n, 0));
  EXPECT_EQ(p1.nnz(), p0.nnz() - n);
}

TEST(Sparsity, AQuadratureThatAnotherRowReadsIsRefused) {
  // Its Newton row would then be wrong for a reader: the model must not mark it.
  SparsityPattern p(3);
  p.add(2, 0);
  p.add(1, 2);  // row 1 reads unknown 2
  p.markQuadrature(2);
  EXPECT_THROW(p.finalize(), std::logic_error);
}

TEST(Sparsity, RandomPatternsAreColouredValidly) {
  std::mt19937 rng(42);
  for (int trial = 0; trial < 20; ++trial) {
    const int n = 30 + trial * 7;
    SparsityPattern p(n);
    std::uniform_int_distribution<int> any(0, n - 1);
    for (int k = 0; k < 4 * n; ++k) p.add(any(rng), any(rng));
    p.finalize();
    int nc = 0;
    const auto colour = colourColumns(p, &nc);
    expectValidColouring(p, colour, nc);
    EXPECT_LT(nc, n);  // a colouring that saves nothing would mean the greedy pass is broken
  }
}

TEST(TabulatedFunction, ReproducesASmoothFunctionToItsTolerance) {
  auto f = [](double x) { return std::tanh(20 * (x - 0.5)) + 0.1 * std::sin(7 * x); };
  const TabulatedFunction t(f, 0.0, 1.0, 1e-9);
  ASSERT_TRUE(t.ok());
  double worst = 0;
  for (int i = 0; i <= 10000; ++i) {
    const double x = i / 10000.0;
    worst = std::max(worst, std::abs(t(x) - f(x)));
  }
  std::printf("tanh table: %d points, max error %.2e (checked at midpoints %.2e)\n", t.points(), worst, t.maxError());
  EXPECT_LT(worst, 2e-9);
  EXPECT_TRUE(t.covers(0.0));
  EXPECT_TRUE(t.covers(1.0));
  EXPECT_FALSE(t.covers(1.0 + 1e-9));
}

TEST(TabulatedFunction, ConvergesAtFourthOrder) {
  auto f = [](double x) { return std::exp(3 * x) * std::cos(5 * x); };
  auto error = [&](int points) {
    const TabulatedFunction t(f, 0.0, 1.0, 1e300, points, points);  // accept any error: fixed size
    double worst = 0;
    for (int i = 0; i < 4000; ++i) worst = std::max(worst, std::abs(t((i + 0.37) / 4000.0) - f((i + 0.37) / 4000.0)));
    return worst;
  };
  const double e1 = error(65), e2 = error(129);
  const double order = std::log2(e1 / e2);
  std::printf("table error %.2e -> %.2e, observed order %.2f\n", e1, e2, order);
  EXPECT_GT(order, 3.7);
}

TEST(TabulatedFunction, GivesUpOnAFunctionItCannotRepresent) {
  // A jump cannot be met at 1e-9 by any cubic table: the caller must keep the expression.
  const TabulatedFunction jump([](double x) { return x < 0.3 ? 0.0 : 1.0; }, 0.0, 1.0, 1e-9, 65, 4097);
  EXPECT_FALSE(jump.ok());
  const TabulatedFunction pole([](double x) { return 1.0 / (x - 0.5); }, 0.0, 1.0, 1e-9, 65, 4097);
  EXPECT_FALSE(pole.ok());
}

TEST(TabulatedFunction, SquareRootAbscissaTakesAHalfPowerAtTheStart) {
  // A thermodynamic factor's shape: sqrt(c) and c^1.5 terms, slope infinite at c = 0. A uniform
  // grid cannot meet 1e-9 there; nodes uniform in sqrt(c) can, everywhere in the range.
  auto f = [](double c) { return 0.6 - 0.24 * std::sqrt(c) + 0.98 * c * std::sqrt(c); };
  const TabulatedFunction uniform(f, 0.0, 5.0, 1e-9, 129, 4097);
  EXPECT_FALSE(uniform.ok());
  const TabulatedFunction t(f, 0.0, 5.0, 1e-9, 129, 65537, TabulatedFunction::Abscissa::SquareRoot);
  ASSERT_TRUE(t.ok());
  double worst = 0;
  for (int i = 0; i <= 20000; ++i) {
    const double c = 5.0 * std::pow(i / 20000.0, 3);  // crowded near 0, where the slope blows up
    worst = std::max(worst, std::abs(t(c) - f(c)));
  }
  std::printf("sqrt-abscissa table: %d points, max error %.2e\n", t.points(), worst);
  EXPECT_LT(worst, 2e-9);
  EXPECT_DOUBLE_EQ(t(0.0), f(0.0));
  EXPECT_DOUBLE_EQ(t(5.0), f(5.0));
}

}  // namespace
