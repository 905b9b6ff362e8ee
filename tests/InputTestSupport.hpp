#pragma once
// Helpers for the input-layer tests.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "core/input/Input.hpp"

namespace cellsim::testing_support {

//! Runs `f`, which must throw InputError; returns what().
inline std::string errorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected an InputError";
  return "";
}

}  // namespace cellsim::testing_support
