// Looking up values by dotted path in a YAML tree (measured targets, --set style paths).
#include <cctype>

#include "core/input/Input.hpp"
#include "core/input/Text.hpp"

namespace cellsim {

namespace {

//! Splits a trailing "[i]" off a component: "capacity[2]" -> ("capacity", 2).
std::string splitIndex(const std::string& part, int& index) {
  index = -1;
  const auto open = part.find('[');
  if (open == std::string::npos || part.back() != ']') return part;
  const std::string digits = part.substr(open + 1, part.size() - open - 2);
  if (digits.empty()) return part;
  for (char c : digits)
    if (!std::isdigit(static_cast<unsigned char>(c))) return part;
  index = std::stoi(digits);
  return part.substr(0, open);
}

}  // namespace

InputNode lookupPath(const InputNode& root, const std::string& path, const InputNode& where) {
  const std::vector<std::string> parts = split(path, '.');
  InputNode node = root;
  for (size_t i = 0; i < parts.size();) {
    // The longest run of components that names a key at this level.
    size_t taken = 0;
    int index = -1;
    std::string key;
    for (size_t n = parts.size() - i; n >= 1 && !taken; --n) {
      std::string candidate = parts[i];
      for (size_t k = 1; k < n; ++k) candidate += "." + parts[i + k];
      std::string bare = splitIndex(candidate, index);
      if (node.isMap() && node.has(bare)) {
        key = bare;
        taken = n;
      }
    }
    if (!taken) where.fail("'" + path + "': no key '" + parts[i] + "' in " + root.file() + (node.keyPath().empty() ? "" : " under '" + node.keyPath() + "'"));
    node = node[key];
    if (index >= 0) {
      const auto elements = node.elements();
      if (index >= static_cast<int>(elements.size()))
        where.fail("'" + path + "': '" + key + "' has " + std::to_string(elements.size()) + " elements");
      node = elements[index];
    }
    i += taken;
  }
  return node;
}

}  // namespace cellsim
