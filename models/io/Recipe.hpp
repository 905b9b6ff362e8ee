#pragma once
// Recipes: a case file (cell + protocol or experiment + mesh + solver + outputs) that refers
// to parameter files in params/ by relative path. Everything is checked while loading, so a
// typo, a missing unit or an out-of-range value stops with the file, line and key before any
// solving starts.
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/input/Input.hpp"
#include "models/cell/CellDesign.hpp"
#include "models/experiments/Experiment.hpp"
#include "models/simulation/Protocol.hpp"
#include "models/simulation/Runner.hpp"

namespace cellsim {

struct CaseRecipe {
  std::string file;
  std::string description;
  CellDesign cell;
  Protocol protocol;                              //!< empty when an experiment builds its own
  std::shared_ptr<const Experiment> experiment;   //!< null: run the protocol
  SimulationOptions options;
  InputNode root;
  std::shared_ptr<Overrides> input;               //!< overrides used and every value read
  bool mesh_check = false;                        //!< `mesh: {check: true}`: estimate each figure's mesh error
};

//! Loads and validates a case. `overrides` are "key.path=value" strings (--set); an override
//! that matches no key is an error unless `require_all_overrides_used` is false (fits that
//! share parameters between cases), in which case `used_overrides` collects those that did.
CaseRecipe loadCase(const std::string& path, const std::vector<std::string>& overrides = {},
                    bool require_all_overrides_used = true, std::set<std::string>* used_overrides = nullptr);

//! Reads the `cell:` section (also for tests that build cells from YAML text). The cell of a recipe; its materials' degradation laws apply only `with_ageing`.
CellDesign loadCell(const InputNode& cell, const InputNode& mesh, bool with_ageing = false);

//! Runs the case's experiment, or its protocol.
//! `before`: an interrupted run of this case to resume (protocol cases without cycle jumping).
CaseOutcome runCase(const CaseRecipe& recipe, CellModel& model, const SimulationResult* before = nullptr);

}  // namespace cellsim
