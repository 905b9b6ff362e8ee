#pragma once
// Sweeps: one case run many times with different `--set` overrides (a grid, a list, or both),
// each case into its own folder OUT/<name>/ with the same files as `cellsim run`, and one table
// OUT/sweep.csv with a row per case (its varied values, figures, final voltage and capacity).
//
//   case: ../validation/comsol_marquis2019_1C.yaml     # relative to the sweep file
//   out: ../../out/sweep_rates                         # relative to the sweep file (--out wins)
//   set: {solver.rtol: 1e-6}                           # every case
//   grid:                                              # cartesian product, last key fastest
//     cell.temperature: ["10 degC", "25 degC"]
//     protocol: [["Discharge at 1C until 3.0 V"], ["Discharge at 2C until 3.0 V"]]
//   cases:                                             # and/or a list, run after the grid
//     - {name: thick, set: {cell.positive.thickness: "120 um"}}
//
// Cases run on threads (each loads its own recipe: a recipe's properties share parser state)
// and, when cellsim was built with MPI and started by mpirun, on several ranks; sweep.csv is
// the same whatever the split. A case already done with the same case file, overrides and
// inputs is not run again (its row is read back from its folder) unless forced.
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "models/experiments/Experiment.hpp"

namespace cellsim {

//! One case of a sweep.
struct SweepCase {
  std::string name;                                          //!< its folder below OUT (unique)
  std::vector<std::pair<std::string, std::string>> varied;   //!< key path -> value as --set text
  std::vector<std::string> overrides;                        //!< "key=value" in order (later wins)
};

struct SweepPlan {
  std::string file;                      //!< the sweep file
  std::string case_file;                 //!< the case, resolved against the sweep file's folder
  std::string out;                       //!< `out:` resolved likewise ("" if not given)
  std::vector<std::string> varied_keys;  //!< every varied key, in first-appearance order
  std::vector<SweepCase> cases;          //!< grid cases first, then listed ones
};

//! Reads and checks a sweep file (InputError with file:line). `extra_sets` ("key=value",
//! from --set) are applied to every case after the file's `set:`; varied values win over both.
SweepPlan loadSweep(const std::string& path, const std::vector<std::string>& extra_sets = {});

enum class CaseStatus { Ok, Failed, Skipped };
//! "ok", "failed", "skipped" (done by an earlier run with the same inputs; row read back).
const char* statusName(CaseStatus status);

//! The outcome of one case: a row of sweep.csv.
struct SweepRow {
  int index = -1;                       //!< position in SweepPlan::cases
  CaseStatus status = CaseStatus::Failed;
  std::vector<Figure> figures;
  double final_voltage_V = std::numeric_limits<double>::quiet_NaN();
  double final_capacity_mAh_m2 = std::numeric_limits<double>::quiet_NaN();
  double wall_time_s = 0;               //!< load + build + run, when the case ran
  std::string message;                  //!< the error of a failed case; why a run stopped early
};

struct SweepOptions {
  std::string out;       //!< output folder; "" takes the sweep file's `out:`
  int threads = 1;       //!< per process (per MPI rank)
  bool force = false;    //!< rerun cases already done
  bool progress = true;  //!< a progress line on stderr, drawn only when it is a terminal
};

struct SweepResult {
  std::vector<SweepRow> rows;  //!< every case in plan order (on MPI rank 0; a rank's own elsewhere)
  int ok = 0, failed = 0, skipped = 0;  //!< over all ranks
  std::string table;           //!< path of sweep.csv (written by rank 0 only)
  int rank = 0, ranks = 1;
};

//! Exit code of `cellsim sweep` when some cases failed.
constexpr int kSweepSomeFailed = 6;

//! Runs the whole sweep and writes OUT/sweep.csv. When built with MPI and started by mpirun,
//! ranks take the cases round-robin and rank 0 gathers the rows; otherwise one process.
SweepResult runSweep(const SweepPlan& plan, const SweepOptions& options);

//! Runs the cases `indices` of `plan` into `out`/<name>/ on `options.threads` threads; the
//! rows come back in the order of `indices`, whatever thread ran them.
std::vector<SweepRow> runSweepCases(const SweepPlan& plan, const std::vector<int>& indices, const std::string& out,
                                    const SweepOptions& options);

//! The text of sweep.csv for `rows` (one per case of `plan`, in order).
std::string sweepCsv(const SweepPlan& plan, const std::vector<SweepRow>& rows);

//! Rows to bytes and back (exact), for gathering them from MPI ranks.
std::string packRows(const std::vector<SweepRow>& rows);
std::vector<SweepRow> unpackRows(const std::string& bytes);

}  // namespace cellsim
