#pragma once
// Rate laws by the name a recipe gives them (`charge_transfer: marcus_hush_chidsey`), each
// reading its own parameters from the node that names it. Adding a law: write it in
// RateLaws.hpp and register it in RateLawRegistry.cpp.
#include <memory>
#include <string>
#include <vector>

#include "core/input/Input.hpp"
#include "models/physics/RateLaws.hpp"

namespace cellsim {

//! The law named by `node[key]` (default `default_name` when the key is absent), reading its
//! parameters from `node`. An unknown name is an InputError listing the known ones.
std::shared_ptr<const RateLaw> readRateLaw(const InputNode& node, const std::string& key,
                                           const std::string& default_name = "butler_volmer");
//! Every parameter key any registered law reads (for allowOnly lists).
std::vector<std::string> rateLawParameterKeys();
std::vector<std::string> rateLawNames();

}  // namespace cellsim
