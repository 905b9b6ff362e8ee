// A sweep on one process or, under mpirun, on several: rank r runs cases r, r + N, r + 2N ...
// (round-robin spreads a grid's slow corner over the ranks), each on its own threads; rank 0
// gathers the rows and writes OUT/sweep.csv, the same table as a single process writes.
#include <cstdio>

#include "core/output/OutputFiles.hpp"
#include "models/sweep/SweepDetail.hpp"

namespace cellsim {

namespace {

//! Every case's row, in the plan's order, from every rank's packed rows.
std::vector<SweepRow> mergeRows(const SweepPlan& plan, const std::vector<std::string>& packed) {
  std::vector<SweepRow> all(plan.cases.size());
  std::vector<bool> seen(plan.cases.size(), false);
  for (const auto& p : packed)
    for (SweepRow& r : unpackRows(p)) {
      const size_t i = static_cast<size_t>(r.index);
      if (r.index < 0 || i >= all.size() || seen[i]) throw std::runtime_error("sweep: a rank sent an unexpected case");
      seen[i] = true;
      all[i] = std::move(r);
    }
  for (size_t i = 0; i < all.size(); ++i)
    if (!seen[i]) throw std::runtime_error("sweep: no result came back for case '" + plan.cases[i].name + "'");
  return all;
}

}  // namespace

SweepResult runSweep(const SweepPlan& plan, const SweepOptions& options) {
  const std::string out = options.out.empty() ? plan.out : options.out;
  if (out.empty()) throw InputError(plan.file, 0, "out", "no output folder: give 'out:' in the sweep file or --out DIR");
  sweep_detail::Cluster cluster;  // MPI only when started by mpirun
  SweepResult result;
  result.rank = cluster.rank();
  result.ranks = cluster.size();
  std::vector<int> mine;
  for (size_t i = static_cast<size_t>(cluster.rank()); i < plan.cases.size(); i += static_cast<size_t>(cluster.size()))
    mine.push_back(static_cast<int>(i));
  SweepOptions local = options;
  local.progress = options.progress && cluster.rank() == 0;

  std::string packed;
  std::vector<long> counts(3, 0);
  try {
    result.rows = runSweepCases(plan, mine, out, local);
    for (const auto& r : result.rows) ++counts[static_cast<size_t>(r.status)];
    packed = packRows(result.rows);
  } catch (const std::exception& e) {
    if (cluster.size() == 1) throw;
    std::fprintf(stderr, "cellsim sweep: rank %d: %s\n", cluster.rank(), e.what());
    cluster.abort(4);  // the other ranks would wait for this one forever
  }
  counts = cluster.sum(counts);
  result.ok = static_cast<int>(counts[static_cast<size_t>(CaseStatus::Ok)]);
  result.failed = static_cast<int>(counts[static_cast<size_t>(CaseStatus::Failed)]);
  result.skipped = static_cast<int>(counts[static_cast<size_t>(CaseStatus::Skipped)]);
  const std::vector<std::string> gathered = cluster.gather(packed);
  if (cluster.rank() != 0) return result;

  result.rows = mergeRows(plan, gathered);
  writeFileAtomically(out + "/sweep.csv", sweepCsv(plan, result.rows));
  result.table = out + "/sweep.csv";
  return result;
}

}  // namespace cellsim
