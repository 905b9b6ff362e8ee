#pragma once
// Characterisation experiments of lithium-metal cells, run the way an experimenter runs
// them, each reducing its simulated record to figures of merit:
//   bruce_vincent      potentiostatic step; rho+ from I0, Iss and small-signal interfacial
//                      resistances R0, Rss (Evans, Vincent & Bruce 1987)
//   rate_polarisation  plating/stripping at a list of currents; |V| at the end of each
//                      first plating half-cycle
//   critical_current   current staircase on a hot-spot column (current focused by a fitted
//                      factor beta_h); failure when the electrolyte at a lithium surface
//                      depletes; also the continuous onset i_lim/beta_h by bisection
// A case without `experiment:` runs its protocol and reports generic figures.
#include <optional>
#include <string>
#include <vector>

#include "Recipe.hpp"
#include "Simulation.hpp"

namespace cellsim {

struct Figure {
  std::string name;       //!< e.g. "bruce_vincent_rho_plus"
  std::string condition;  //!< e.g. "10 mV", "0.5 mA/cm2"; "" if none
  double value;
  std::string unit;       //!< "" for dimensionless
};

struct CaseOutcome {
  SimulationResult sim;
  std::vector<Figure> figures;
};

//! Runs the case's experiment (or its protocol). Throws InputError for a malformed
//! experiment section and SolverError if the solver fails.
CaseOutcome runCase(CaseRecipe& recipe, CellModel& model);

//! Reads and validates an experiment section (all keys, referenced files) without running.
void checkExperiment(const InputNode& experiment);

//! Figures as a JSON array (for summary.json).
std::string figuresJson(const std::vector<Figure>& figures);

//! "0.5 mA/cm2" from a current density in A/m2 (the condition label used in tables).
std::string currentLabel(double A_m2);

}  // namespace cellsim
