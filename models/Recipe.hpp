#pragma once
// Recipes: a case file (cell + protocol + mesh + solver + outputs) that refers to parameter
// files in params/ by relative path. Everything is checked while loading, so a typo, a
// missing unit or an out-of-range value stops with the file, line and key before any
// solving starts.
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "CellDesign.hpp"
#include "Protocol.hpp"
#include "Simulation.hpp"
#include "core/input/Input.hpp"

namespace cellsim {

struct CaseRecipe {
  std::string file;
  std::string description;
  CellDesign cell;
  Protocol protocol;
  SimulationOptions options;
  InputNode root;
  std::optional<InputNode> experiment;  //!< characterisation experiment (see Experiments.hpp)  //!< for echoing the inputs
};

//! Loads and validates a case. `overrides` are "key.path=value" strings (--set); an override
//! that matches no key is an error unless `require_all_overrides_used` is false (fits that
//! share parameters between cases), in which case `used_overrides` collects those that did.
CaseRecipe loadCase(const std::string& path, const std::vector<std::string>& overrides = {},
                    bool require_all_overrides_used = true, std::set<std::string>* used_overrides = nullptr);

//! Reads the `cell:` section (exposed for tests that build cells from YAML text).
CellDesign loadCell(const InputNode& cell, const InputNode& mesh);

//! Lets the outermost separator layers set the desolvation barrier of the foils they face.
void applyFacingLayers(CellDesign& design);

}  // namespace cellsim
