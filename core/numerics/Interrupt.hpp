#pragma once
// A request to stop, set asynchronously (by a SIGINT or SIGTERM handler, or another thread)
// and polled by long loops between solver steps, which then end cleanly with what they have.
#include <atomic>

namespace cellsim {

//! The signal number that asked to stop, or 0. Lock-free, so safe to set from a handler.
inline std::atomic<int>& interruptRequest() {
  static std::atomic<int> signal{0};
  return signal;
}

}  // namespace cellsim
