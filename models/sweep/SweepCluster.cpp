// The processes of a sweep: MPI when cellsim was built with it (CELLSIM_WITH_MPI) and the
// process was started by mpirun; a single process otherwise. MPI is initialised only then,
// so `cellsim run` and a sweep without mpirun never touch it.
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "models/sweep/SweepDetail.hpp"

#ifdef CELLSIM_WITH_MPI
#include <mpi.h>
#endif

namespace cellsim::sweep_detail {

namespace {

int envInt(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? std::atoi(v) : 0;
}

}  // namespace

bool startedByMpirun() {
  // Open MPI, MPICH/Hydra (and Slurm's PMI), PMIx launchers.
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMI_RANK", "PMIX_RANK"})
    if (std::getenv(v)) return true;
  return false;
}

int mpirunSize() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"})
    if (const int n = envInt(v); n > 0) return n;
  return 1;
}

#ifdef CELLSIM_WITH_MPI

Cluster::Cluster() {
  if (!startedByMpirun()) return;
  int initialised = 0, finalised = 0;
  MPI_Initialized(&initialised);
  MPI_Finalized(&finalised);
  if (finalised) throw std::runtime_error("MPI was finalised already: one sweep per process under mpirun");
  if (!initialised) {
    int provided = 0;  // only this thread calls MPI; the case threads never do
    if (MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
      throw std::runtime_error("MPI_Init_thread failed");
    initialised_here_ = true;
  }
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

Cluster::~Cluster() {
  if (initialised_here_) MPI_Finalize();
}

std::vector<std::string> Cluster::gather(const std::string& mine) const {
  if (size_ == 1) return {mine};
  const int n = static_cast<int>(mine.size());
  std::vector<int> sizes(rank_ == 0 ? size_ : 0), offsets;
  MPI_Gather(&n, 1, MPI_INT, sizes.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  std::string all;
  if (rank_ == 0) {
    offsets.resize(size_);
    long total = 0;
    for (int r = 0; r < size_; ++r) {
      offsets[r] = static_cast<int>(total);
      total += sizes[r];
    }
    all.resize(static_cast<size_t>(total));
  }
  MPI_Gatherv(mine.data(), n, MPI_CHAR, all.data(), sizes.data(), offsets.data(), MPI_CHAR, 0, MPI_COMM_WORLD);
  std::vector<std::string> out;
  for (int r = 0; rank_ == 0 && r < size_; ++r) out.push_back(all.substr(offsets[r], sizes[r]));
  return out;
}

std::vector<long> Cluster::sum(const std::vector<long>& mine) const {
  if (size_ == 1) return mine;
  std::vector<long> total(mine.size());
  MPI_Allreduce(mine.data(), total.data(), static_cast<int>(mine.size()), MPI_LONG, MPI_SUM, MPI_COMM_WORLD);
  return total;
}

void Cluster::abort(int code) const {
  if (size_ > 1) MPI_Abort(MPI_COMM_WORLD, code);
  std::exit(code);
}

#else  // built without MPI

Cluster::Cluster() {
  if (mpirunSize() > 1)
    throw std::runtime_error("started by mpirun with " + std::to_string(mpirunSize()) +
                             " processes, but this cellsim was built without MPI, so each would run the whole sweep "
                             "into the same folders; install libopenmpi-dev and rebuild, or run without mpirun (-j N "
                             "for threads)");
}

Cluster::~Cluster() = default;

std::vector<std::string> Cluster::gather(const std::string& mine) const { return {mine}; }

std::vector<long> Cluster::sum(const std::vector<long>& mine) const { return mine; }

void Cluster::abort(int code) const { std::exit(code); }

#endif

}  // namespace cellsim::sweep_detail
