#include "ForkedRunner.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <sstream>

namespace fuzz {
namespace {

// One line per finished input: "INDEX CODE DETAIL\n"; the detail has no newlines.
void report(int fd, size_t i, const Verdict& v) {
  std::string d = v.detail.substr(0, 400);
  for (char& c : d)
    if (c == '\n' || c == '\r') c = ' ';
  const std::string line = std::to_string(i) + " " + static_cast<char>(v.outcome) + " " + d + "\n";
  size_t off = 0;
  while (off < line.size()) {
    const ssize_t w = write(fd, line.data() + off, line.size() - off);
    if (w <= 0) _exit(2);
    off += static_cast<size_t>(w);
  }
}

[[noreturn]] void childMain(int fd, size_t from, size_t to, const std::function<Verdict(size_t)>& one,
                            const RunnerOptions& o) {
  if (o.memory_limit_mb > 0) {
    const rlim_t bytes = static_cast<rlim_t>(o.memory_limit_mb) << 20;
    rlimit lim{bytes, bytes};
    setrlimit(RLIMIT_AS, &lim);
  }
  for (size_t i = from; i < to; ++i) report(fd, i, one(i));
  close(fd);
  _exit(0);  // no destructors or atexit handlers of the parent's objects in the child
}

void record(Tally& t, size_t i, Verdict v) {
  ++t.counts[v.outcome];
  if (v.outcome != Outcome::Accepted && v.outcome != Outcome::CleanError) t.findings.push_back({i, std::move(v)});
}

// Reads the child's lines until it closes the pipe or goes silent for the budget.
// Returns the index of the first input it did not report; `silent` says whether it hung.
size_t collect(int fd, size_t from, double budget_s, Tally& t, bool& silent) {
  std::string buf;
  size_t next = from;
  char chunk[4096];
  silent = false;
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    const int r = poll(&p, 1, static_cast<int>(budget_s * 1000));
    if (r == 0) {
      silent = true;
      return next;
    }
    if (r < 0) continue;  // EINTR
    const ssize_t got = read(fd, chunk, sizeof chunk);
    if (got <= 0) return next;
    buf.append(chunk, static_cast<size_t>(got));
    for (size_t nl; (nl = buf.find('\n')) != std::string::npos; buf.erase(0, nl + 1)) {
      std::istringstream ls(buf.substr(0, nl));
      size_t i = 0;
      char code = 0;
      ls >> i >> code;
      std::string detail;
      std::getline(ls >> std::ws, detail);
      record(t, i, Verdict{static_cast<Outcome>(code), detail});
      next = i + 1;
    }
  }
}

}  // namespace

const char* outcomeName(Outcome o) {
  switch (o) {
    case Outcome::Accepted: return "accepted";
    case Outcome::CleanError: return "clean error (file:line)";
    case Outcome::CleanNoLine: return "clean error (file, no line)";
    case Outcome::OtherError: return "other error with a message";
    case Outcome::Reasonless: return "error without a reason";
    case Outcome::NonFinite: return "accepted a non-finite value";
    case Outcome::Crash: return "crash";
    case Outcome::Hang: return "hang";
  }
  return "?";
}

Tally runForked(size_t n, const std::function<Verdict(size_t)>& one, const RunnerOptions& o) {
  Tally t;
  std::fflush(nullptr);  // buffered output would otherwise be written again by each child
  for (size_t from = 0; from < n;) {
    const size_t to = std::min(n, from + o.batch);
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
      close(fds[0]);
      childMain(fds[1], from, to, one, o);
    }
    close(fds[1]);
    bool silent = false;
    const size_t next = collect(fds[0], from, o.budget_s, t, silent);
    if (silent) kill(pid, SIGKILL);
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (next >= to) {
      from = to;
      continue;
    }
    // The child stopped on input `next`: it hung, died by a signal or exited early.
    Verdict v;
    v.outcome = silent ? Outcome::Hang : Outcome::Crash;
    if (silent)
      v.detail = "no answer within " + std::to_string(o.budget_s) + " s";
    else if (WIFSIGNALED(status))
      v.detail = std::string("signal ") + strsignal(WTERMSIG(status));
    else
      v.detail = "exit status " + std::to_string(WEXITSTATUS(status));
    record(t, next, v);
    if (o.after_child_died) o.after_child_died();
    from = next + 1;
  }
  return t;
}

}  // namespace fuzz
