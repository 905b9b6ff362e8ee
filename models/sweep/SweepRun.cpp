// Running a sweep's cases on threads: a shared counter hands out the cases (each thread loads
// its own recipe and model), every row goes to the slot of its case, so the result does not
// depend on which thread ran what. A progress line on stderr when it is a terminal.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>

#include "models/sweep/SweepDetail.hpp"

namespace cellsim {

namespace {

std::string clock(double seconds) {
  const long s = static_cast<long>(seconds + 0.5);
  char buf[32];
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  else std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

//! Counts cases as they finish; prints failures, and a progress line when stderr is a terminal.
class Progress {
 public:
  Progress(size_t total, bool show) : total_(total), show_(show && isatty(STDERR_FILENO)) {}

  void started() {
    std::lock_guard<std::mutex> lock(mutex_);
    ++running_;
    draw(false);
  }

  void finished(const SweepRow& row, const std::string& name) {
    std::lock_guard<std::mutex> lock(mutex_);
    --running_;
    ++done_;
    if (row.status == CaseStatus::Skipped) ++skipped_;
    if (row.status == CaseStatus::Failed) {
      ++failed_;
      if (drawn_) std::fprintf(stderr, "\r\033[K");
      std::fprintf(stderr, "cellsim sweep: case '%s' failed: %s\n", name.c_str(), row.message.c_str());
      drawn_ = false;
    }
    draw(done_ == total_ || row.status == CaseStatus::Failed);
  }

  void end() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (drawn_) std::fprintf(stderr, "\n");
    drawn_ = false;
  }

 private:
  //! At most ten times a second unless `now`. ETA from the cases run (skipped ones take no time).
  void draw(bool now) {
    if (!show_) return;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (!now && drawn_ && elapsed - last_draw_ < 0.1) return;
    last_draw_ = elapsed;
    const size_t ran = done_ - skipped_;
    const std::string eta = ran > 0 ? clock(elapsed / ran * (total_ - done_)) : "--";
    std::fprintf(stderr, "\r\033[Ksweep: %zu/%zu done (%zu failed, %zu skipped), %zu running, %s elapsed, ETA %s", done_, total_,
                 failed_, skipped_, running_, clock(elapsed).c_str(), eta.c_str());
    std::fflush(stderr);
    drawn_ = true;
  }

  std::mutex mutex_;
  const size_t total_;
  const bool show_;
  size_t done_ = 0, failed_ = 0, skipped_ = 0, running_ = 0;
  bool drawn_ = false;
  double last_draw_ = 0;
  const std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace

std::vector<SweepRow> runSweepCases(const SweepPlan& plan, const std::vector<int>& indices, const std::string& out,
                                    const SweepOptions& options) {
  std::vector<SweepRow> rows(indices.size());
  std::atomic<size_t> next{0};
  Progress progress(indices.size(), options.progress);
  auto worker = [&] {
    for (size_t k = next++; k < indices.size(); k = next++) {
      progress.started();
      rows[k] = sweep_detail::runOneCase(plan, indices[k], out, options.force);
      progress.finished(rows[k], plan.cases[indices[k]].name);
    }
  };
  const size_t threads = std::clamp<size_t>(static_cast<size_t>(std::max(options.threads, 1)), 1,
                                            std::max<size_t>(indices.size(), 1));
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  progress.end();
  return rows;
}

}  // namespace cellsim
