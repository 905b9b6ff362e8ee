#pragma once
// What an interrupted run leaves next to its results so that `cellsim run --resume` can go
// on: the result so far (steps, profiles, and rows unless they were streamed to timeseries.csv,
// from which a resumed run copies them: the resumed run's files are the whole run's)
// and the full state at the end of its last completed step. Binary and private to cellsim:
// doubles are written as they are in memory, so a resumed run continues bit for bit.
#include <string>

#include "models/simulation/Runner.hpp"

namespace cellsim {

//! The file's name in a results folder.
inline const char* const kCheckpointFile = "checkpoint.bin";

//! Writes `r` (an interrupted run with a valid r.resume) for the recipe named by `identity`
//! (its path and overrides: a checkpoint resumes only the run that wrote it).
void writeCheckpoint(std::ostream& out, const SimulationResult& r, const std::string& identity);

//! Reads a checkpoint; throws std::runtime_error naming `path` if it is not one, or was
//! written for another recipe.
SimulationResult readCheckpoint(const std::string& path, const std::string& identity);

//! The interrupted run `before` (its incomplete last step dropped) followed by `after`, the
//! run resumed from before.resume: the result of one uninterrupted run.
SimulationResult joinResumed(SimulationResult before, SimulationResult after);

}  // namespace cellsim
