// The state layout derives every offset, name, flag and tolerance from the components'
// declarations: positional blocks interleave by mesh volume (in declaration order within a
// volume), the other blocks follow.
#include <gtest/gtest.h>

#include "models/cell/StateLayout.hpp"

using namespace cellsim;

namespace {

TEST(StateLayout, InterleavesByVolumeThenAppendsScalars) {
  StateLayout L;
  VariableBlock c = VariableBlock::make("electrolyte", "c_e", "mol/m3", true, Tolerance::relativeTo(1000.0));
  c.positions = {0, 1, 2};
  c.site_labels = {"a", "b", "c"};
  VariableBlock phi = c;
  phi.name = "phi_e";
  phi.differential = false;
  phi.tolerance = Tolerance::fixed(1e-8);
  VariableBlock shells = VariableBlock::make("electrode", "c_s", "mol/m3", true, Tolerance::relativeTo(5e4));
  shells.positions = {1, 2};
  shells.width = 2;
  shells.entry_name = "shell";
  shells.site_labels = {"b", "c"};
  const auto ci = L.add(c), pi = L.add(phi), si = L.add(shells);
  const auto I = L.add(VariableBlock::make("cell", "I", "A/m2", false, Tolerance::fixed(1e-8)));
  L.finalize(3);
  // volume 0: c, phi; volume 1: c, phi, shell0, shell1; volume 2: the same; then I.
  EXPECT_EQ(L.size(), 11);
  EXPECT_EQ(L.index(ci, 0), 0);
  EXPECT_EQ(L.index(pi, 0), 1);
  EXPECT_EQ(L.index(ci, 1), 2);
  EXPECT_EQ(L.index(si, 0, 1), 5);
  EXPECT_EQ(L.index(ci, 2), 6);
  EXPECT_EQ(L.index(si, 1, 0), 8);
  EXPECT_EQ(L.index(I), 10);
  const auto flags = L.differentialFlags();
  EXPECT_EQ(flags, (std::vector<double>{1, 0, 1, 0, 1, 1, 1, 0, 1, 1, 0}));
  const auto atol = L.absoluteTolerances(1e-4);
  EXPECT_DOUBLE_EQ(atol[0], 1e-4 * 1000.0 * 1e-2);
  EXPECT_DOUBLE_EQ(atol[1], 1e-8);
  EXPECT_DOUBLE_EQ(atol[4], 1e-4 * 5e4 * 1e-2);
  EXPECT_EQ(L.variableName(5), "c_s[electrode, shell 1][b]");
  EXPECT_EQ(L.variableName(10), "I[cell]");
  EXPECT_EQ(L.variableName(11), "y[11]");
  EXPECT_EQ(L.sites(si), 2);
}

TEST(StateLayout, RejectsBlocksAfterFinalizeAndOutsideTheMesh) {
  StateLayout L;
  VariableBlock b = VariableBlock::make("x", "u", "1", true, Tolerance::fixed(1));
  b.positions = {5};
  L.add(b);
  EXPECT_THROW(L.finalize(3), std::logic_error);
  StateLayout M;
  M.finalize(1);
  EXPECT_THROW(M.add(VariableBlock::make("x", "u", "1", true, Tolerance::fixed(1))), std::logic_error);
}

}  // namespace
