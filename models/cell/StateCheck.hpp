#pragma once
// What the components report about an accepted state (never about Newton trial iterates):
// arguments of a property function outside the range its source supports (a warning, once
// per run and property) and property values that make no physical sense there (the run
// cannot go on: a singular or undefined point of an expression).
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace cellsim {

//! The state reached a point where a property function is undefined or unphysical.
class StateError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class StateCheck {
 public:
  //! Records `message` under `key` unless that key was reported before.
  void warn(const std::string& key, const std::string& message) {
    if (keys_.insert(key).second) fresh_.push_back(message);
  }
  [[noreturn]] void fail(const std::string& message) const { throw StateError(message); }
  //! Warnings recorded since the last call.
  std::vector<std::string> takeNew() {
    std::vector<std::string> out;
    out.swap(fresh_);
    return out;
  }

 private:
  std::set<std::string> keys_;
  std::vector<std::string> fresh_;
};

}  // namespace cellsim
