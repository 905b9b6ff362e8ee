#pragma once
// Internal to models/sweep: one case, and the processes a sweep runs on.
#include <string>
#include <vector>

#include "models/sweep/Sweep.hpp"

namespace cellsim::sweep_detail {

//! Runs case `index` of `plan` into `out`/<name>/ (the results and sweep_case.json, which
//! records what the case was run with), or, unless `force`, reads its row back when that
//! folder was done by an earlier run with the same case file, overrides and inputs. Never
//! throws: a failure is a row with status Failed and the error as its message.
SweepRow runOneCase(const SweepPlan& plan, int index, const std::string& out, bool force);

//! The processes of a sweep. With MPI (built with it and started by mpirun) MPI is
//! initialised for the object's lifetime; otherwise a single process. Started by mpirun with
//! more than one process but built without MPI: std::runtime_error (each process would run
//! the whole sweep into the same folders).
class Cluster {
 public:
  Cluster();
  ~Cluster();
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;
  int rank() const { return rank_; }
  int size() const { return size_; }
  //! Every rank's `mine`, in rank order, on rank 0 (collective); {mine} without MPI.
  std::vector<std::string> gather(const std::string& mine) const;
  //! Element-wise sum over ranks, on every rank (collective).
  std::vector<long> sum(const std::vector<long>& mine) const;
  //! Stops every rank (after an error that would leave the others waiting).
  [[noreturn]] void abort(int code) const;

 private:
  int rank_ = 0, size_ = 1;
  bool initialised_here_ = false;
};

//! Whether this process was started by mpirun/mpiexec (Open MPI, MPICH, PMIx variables).
bool startedByMpirun();
//! The number of processes mpirun started (1 if none).
int mpirunSize();

}  // namespace cellsim::sweep_detail
