#include "models/physics/RateLawRegistry.hpp"

#include <functional>

#include "core/input/PhysicalConstants.hpp"
#include "core/input/Text.hpp"

namespace cellsim {

namespace {

struct Entry {
  std::string name;
  std::vector<std::string> keys;  //!< parameters it reads from the node that names it
  std::function<std::shared_ptr<const RateLaw>(const InputNode&)> make;
};

const std::vector<Entry>& registry() {
  static const std::vector<Entry> entries = {
      {"butler_volmer", {"alpha_a", "alpha_c"},
       [](const InputNode& n) {
         return std::make_shared<ButlerVolmerLaw>(n.numberOr("alpha_a", 0.5, Range::fraction()),
                                                  n.numberOr("alpha_c", 0.5, Range::fraction()));
       }},
      {"marcus_hush_chidsey", {"reorganization_energy"},
       [](const InputNode& n) {
         return std::make_shared<MarcusHushChidseyLaw>(n.quantity("reorganization_energy", "J", Range::positive()) /
                                                       constants::elementary_charge);
       }},
  };
  return entries;
}

}  // namespace

std::shared_ptr<const RateLaw> readRateLaw(const InputNode& node, const std::string& key,
                                           const std::string& default_name) {
  const std::string name = node.stringOr(key, default_name);
  for (const auto& e : registry())
    if (e.name == name) return e.make(node);
  node[key].fail("unknown charge transfer law '" + name + "'; expected '" + join(rateLawNames(), "' or '") + "'" +
                 didYouMean(name, rateLawNames()));
}

std::vector<std::string> rateLawParameterKeys() {
  std::vector<std::string> keys;
  for (const auto& e : registry()) keys.insert(keys.end(), e.keys.begin(), e.keys.end());
  return keys;
}

std::vector<std::string> rateLawNames() {
  std::vector<std::string> names;
  for (const auto& e : registry()) names.push_back(e.name);
  return names;
}

}  // namespace cellsim
