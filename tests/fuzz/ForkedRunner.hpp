#pragma once
// Runs many inputs through a function in forked children, a batch per child, so that an
// input that crashes the process or never returns is recorded as such (with its index) and
// the run carries on with the next input. Knows nothing about what the inputs are.
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace fuzz {

enum class Outcome : char {
  Accepted = 'a',
  CleanError = 'c',    //!< the error names the input (file and line)
  CleanNoLine = 'n',   //!< names the file but no line (the message must say why)
  OtherError = 'o',    //!< another exception type whose message reads as a reason
  Reasonless = 'r',    //!< empty or raw library message, or not a std::exception
  NonFinite = 'f',     //!< accepted but produced a non-finite value
  Crash = 'X',
  Hang = 'H',
};

struct Verdict {
  Outcome outcome = Outcome::Accepted;
  std::string detail;  //!< the message (one line) for anything but Accepted
};

struct Finding {
  size_t index;
  Verdict verdict;
};

struct Tally {
  std::map<Outcome, size_t> counts;
  std::vector<Finding> findings;  //!< everything but Accepted and CleanError
  size_t count(Outcome o) const {
    auto it = counts.find(o);
    return it == counts.end() ? 0 : it->second;
  }
};

struct RunnerOptions {
  size_t batch = 250;           //!< inputs per child process
  double budget_s = 10.0;       //!< silence longer than this on one input counts as a hang
  size_t memory_limit_mb = 0;   //!< RLIMIT_AS of a child (0: none); a runaway allocation throws
  std::function<void()> after_child_died;  //!< repairs state a killed child left (files)
};

//! Calls `one(i)` for i in [0, n) and tallies the verdicts.
Tally runForked(size_t n, const std::function<Verdict(size_t)>& one, const RunnerOptions& options);

const char* outcomeName(Outcome o);

}  // namespace fuzz
