#pragma once
#include <string>

#include "models/io/Recipe.hpp"

namespace cellsim {

//! summary.json: the case, the cell as built (from its components' declarations), every
//! input value read with its source, the steps, solver statistics, figures.
std::string summaryJson(const CaseRecipe& recipe, const CellModel& model, const CaseOutcome& outcome);

}  // namespace cellsim
