#pragma once
// A discretisation-error estimate for every figure of a case (`cellsim run --mesh-check`, or
// `mesh: {check: true}`): the case is run again on its mesh refined twice and four times
// (every volume and shell halved, and halved again), and each figure's error on the case's
// mesh is estimated by Richardson extrapolation with the order the three values show.
#include "models/io/Recipe.hpp"

namespace cellsim {

//! The cell with every mesh count multiplied by `factor` and the grading refined with it
//! (first volumes divided by `factor`, growth ratio to the power 1/factor), so that each
//! volume of the original mesh is split into about `factor` volumes.
CellDesign refinedMesh(const CellDesign& cell, int factor);

//! Runs `recipe` on the refined meshes and fills each figure's mesh_error, and
//! outcome.mesh_check; `log` (may be null) receives a line per refined run.
void estimateMeshErrors(const CaseRecipe& recipe, CaseOutcome& outcome, void (*log)(const std::string&) = nullptr);

//! The estimate from the values on meshes h, h/2, h/4; `noise` is the change below which two
//! values are taken as equal (the solver's tolerance).
MeshError richardson(double f_h, double f_h2, double f_h4, double noise);

}  // namespace cellsim
