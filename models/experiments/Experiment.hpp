#pragma once
// Characterisation experiments, run the way an experimenter runs them, each reducing its
// simulated record to figures of merit (summary.json "figures"). A case names one with
// `experiment: {type: ...}`; a case without runs its protocol and reports generic figures.
// Adding an experiment: one file with its class and a factory, one line in
// ExperimentRegistry.cpp.
#include <memory>
#include <string>
#include <vector>

#include "core/input/Input.hpp"
#include "models/cell/CellModel.hpp"
#include "models/simulation/Runner.hpp"

namespace cellsim {

//! The discretisation error of a figure, estimated by Richardson extrapolation from runs on
//! the case's mesh and on meshes refined twice and four times (`--mesh-check`).
struct MeshError {
  bool estimated = false;
  double error = 0.0;           //!< figure - mesh-converged estimate, in the figure's unit
  double observed_order = 0.0;  //!< 0: not observed (converged to the solver's tolerance, or not monotone)
  double values[3] = {0, 0, 0}; //!< on the case's mesh, refined 2x, refined 4x
  std::string note;             //!< how the estimate was made when no order was observed
};

struct Figure {
  std::string name;       //!< e.g. "bruce_vincent_rho_plus"
  std::string condition;  //!< e.g. "10 mV", "0.5 mA/cm2"; "" if none
  double value;
  std::string unit;       //!< "" for dimensionless
  std::string definition = "";  //!< how the figure is read from the record, where it is a choice
  MeshError mesh_error = {};
};

//! What a mesh check ran: unknowns and wall time of each mesh.
struct MeshCheckRuns {
  std::vector<int> unknowns;
  std::vector<double> wall_time_s;
};

struct CaseOutcome {
  SimulationResult sim;
  std::vector<Figure> figures;
  MeshCheckRuns mesh_check = {};
};

class Experiment {
 public:
  virtual ~Experiment() = default;
  //! Changes the experiment makes to the cell it is run on (e.g. a first-plating nucleation
  //! overpotential); InputError if the cell does not suit it.
  virtual void adaptCell(CellDesign& /*cell*/) const {}
  //! Runs on `model`; InputError for a run that cannot give a meaningful figure, SolverError
  //! if the solver fails.
  virtual CaseOutcome run(CellModel& model, const SimulationOptions& options) const = 0;
};

//! Reads and checks an experiment section (all keys, referenced files) without running it.
std::unique_ptr<Experiment> readExperiment(const InputNode& node);
std::vector<std::string> experimentTypes();

//! A case without an experiment: its protocol, with generic figures (first and last
//! half-cycle polarisation of a symmetric lithium cell, last discharge capacity otherwise).
//! `before`: an interrupted run of the same case to continue (from its resume point), the
//! outcome then being the whole run's.
CaseOutcome runProtocolCase(CellModel& model, const Protocol& protocol, const SimulationOptions& options,
                            const SimulationResult* before = nullptr);

//! Figures as a JSON array (for summary.json).
std::string figuresJson(const std::vector<Figure>& figures);
//! "0.5 mA/cm2" from a current density in A/m2 (the condition label used in tables).
std::string currentLabel(double A_m2);

}  // namespace cellsim
