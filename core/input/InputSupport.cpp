#include "core/input/InputSupport.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <map>

#include "core/input/Input.hpp"
#include "core/input/Text.hpp"

namespace cellsim::input_support {

const char* const kOverrideFile = "--set";

int markLine(const YAML::Node& n) {
  if (!n.IsDefined()) return 0;
  const YAML::Mark m = n.Mark();
  return (m.is_null() || m.line < 0) ? 0 : m.line + 1;
}

const char* typeName(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map: return "a map";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Null: return "nothing";
    case YAML::NodeType::Scalar: return "a single value";
    default: return "nothing";
  }
}

YAML::Node parseYaml(const std::string& text, const std::string& file) {
  if (text.size() > kMaxDocumentBytes)
    throw InputError(file, 0, "", "the document is " + std::to_string(text.size() >> 20) + " MB; input files are limited to " +
                                      std::to_string(kMaxDocumentBytes >> 20) + " MB");
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    const int line = (e.mark.is_null() || e.mark.line < 0) ? 0 : e.mark.line + 1;
    throw InputError(file, line, "", "YAML syntax error: " + e.msg);
  }
}

void checkDuplicateKeys(const YAML::Node& n, const std::string& file, const std::string& path, int depth) {
  long budget = kMaxDocumentNodes;
  checkDuplicateKeys(n, file, path, depth, budget);
}

// Aliases make a document a graph: a few lines can stand for an exponential (or infinite)
// tree. The walk counts what it visits and stops at a budget, so no document can hang it.
void checkDuplicateKeys(const YAML::Node& n, const std::string& file, const std::string& path, int depth, long& budget) {
  if (depth > kMaxDocumentDepth || --budget < 0) {
    const std::string why = depth > kMaxDocumentDepth ? "nests deeper than " + std::to_string(kMaxDocumentDepth) + " levels"
                                                      : "expands to more than " + std::to_string(kMaxDocumentNodes) + " nodes";
    throw InputError(file, markLine(n), path, "the document " + why + " (through YAML aliases '*name'?)");
  }
  if (n.IsMap()) {
    std::map<std::string, int> seen;
    for (const auto& kv : n) {
      if (!kv.first.IsScalar()) continue;
      const std::string key = kv.first.Scalar();
      const std::string child = path.empty() ? key : path + "." + key;
      const int line = markLine(kv.first);
      const auto [it, inserted] = seen.emplace(key, line);
      if (!inserted) {
        throw InputError(file, line, child,
                         "duplicate key '" + key + "' (first given on line " + std::to_string(it->second) + ")");
      }
      checkDuplicateKeys(kv.second, file, child, depth + 1, budget);
    }
  } else if (n.IsSequence()) {
    for (size_t i = 0; i < n.size(); ++i) {
      checkDuplicateKeys(n[i], file, path + "[" + std::to_string(i) + "]", depth + 1, budget);
    }
  }
}

YAML::Node loadOverride(const std::string& key, const std::string& value) {
  try {
    return YAML::Load(value);
  } catch (const YAML::Exception& e) {
    throw InputError(kOverrideFile, 0, key, "cannot read value '" + value + "': " + e.msg);
  }
}

std::string unknownKeyMessage(const std::string& key, const std::vector<std::string>& allowed) {
  const std::string suggestion = closestMatch(key, allowed);
  if (!suggestion.empty()) return "unknown key '" + key + "'; did you mean '" + suggestion + "'?";
  return "unknown key '" + key + "'; expected one of: " + join(allowed, ", ");
}

std::string directChildVia(const std::string& override_path, const std::string& parent) {
  std::string rest;
  if (parent.empty()) {
    rest = override_path;
  } else {
    if (override_path.size() <= parent.size() + 1 || override_path.compare(0, parent.size(), parent) != 0 ||
        override_path[parent.size()] != '.') {
      return "";
    }
    rest = override_path.substr(parent.size() + 1);
  }
  return rest.substr(0, rest.find_first_of(".["));
}

std::optional<double> parsePlainNumber(const std::string& text) {
  const std::string t = trim(text);
  if (t.empty()) return std::nullopt;
  const char* first = t.data();
  const char* last = t.data() + t.size();
  if (*first == '+') ++first;
  if (first == last || !(std::isdigit(static_cast<unsigned char>(*first)) || *first == '-' || *first == '.')) {
    return std::nullopt;
  }
  double v = 0.0;
  const auto res = std::from_chars(first, last, v);
  if (res.ec != std::errc() || res.ptr != last || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string lastComponent(const std::string& path) {
  if (path.empty()) return "value";
  const auto dot = path.rfind('.');
  return dot == std::string::npos ? path : path.substr(dot + 1);
}

}  // namespace cellsim::input_support
