// Input errors, range constraints and command-line overrides (--set key.path=value).
#include <cmath>

#include "core/input/Input.hpp"
#include "core/input/InputSupport.hpp"
#include "core/input/Text.hpp"

namespace cellsim {

using namespace input_support;

InputError::InputError(std::string file, int line, std::string key_path, const std::string& message)
    : std::runtime_error([&] {
        std::string s = file;
        if (line > 0) s += ":" + std::to_string(line);
        s += ": ";
        if (!key_path.empty()) s += key_path + ": ";
        s += message;
        // Messages quote the input, and a quoted ESC or NUL would reach the user's terminal
        // (an escape sequence can clear or rewrite it); line breaks and tabs are layout.
        for (char& c : s) {
          const auto u = static_cast<unsigned char>(c);
          if ((u < 0x20 && c != '\n' && c != '\t') || u == 0x7f) c = '?';
        }
        return s;
      }()),
      file_(std::move(file)),
      line_(line),
      key_path_(std::move(key_path)) {}

void Overrides::add(const std::string& assignment) {
  const auto eq = assignment.find('=');
  const std::string key = eq == std::string::npos ? "" : trim(assignment.substr(0, eq));
  const std::string value = eq == std::string::npos ? "" : trim(assignment.substr(eq + 1));
  const bool bad_key = key.empty() || key.find_first_of(" \t") != std::string::npos || key.front() == '.' ||
                       key.back() == '.' || key.find("..") != std::string::npos;
  if (eq == std::string::npos || bad_key || value.empty()) {
    throw InputError(kOverrideFile, 0, "",
                     "malformed override '" + assignment +
                         "': expected KEY.PATH=VALUE, e.g. 'section.key=0.4' or 'list[0].key=1 mm'");
  }
  (void)loadOverride(key, value);
  values[key] = value;
  used.erase(key);
}

void Overrides::addFromFile(const std::string& key, const std::string& value, const std::string& file, int line) {
  if (values.count(key)) return;  // the command line wins
  (void)loadOverride(key, value);
  values[key] = value;
  origins[key] = {file, line};
}

std::pair<std::string, int> Overrides::origin(const std::string& key) const {
  const auto it = origins.find(key);
  return it == origins.end() ? std::pair<std::string, int>{kOverrideFile, 0} : it->second;
}

void Overrides::checkAllUsed() const {
  for (const auto& [key, value] : values) {
    if (used.count(key)) continue;
    std::vector<std::string> candidates;
    for (const auto& k : known) {
      if (k != key) candidates.push_back(k);
    }
    std::string msg = "override '" + key + "=" + value + "' does not match any key read from the recipe";
    const std::string suggestion = closestMatch(key, candidates);
    if (!suggestion.empty()) msg += "; did you mean '" + suggestion + "'?";
    const auto [file, line] = origin(key);
    throw InputError(file, line, key, msg);
  }
}

void Overrides::noteRead(ReadValue v) {
  const auto it = read_index.find(v.path);
  if (it != read_index.end()) {
    read[it->second] = std::move(v);
    return;
  }
  read_index.emplace(v.path, read.size());
  read.push_back(std::move(v));
}

bool Range::contains(double x) const {
  if (std::isnan(x)) return false;
  const bool lo_ok = lo_inclusive ? x >= lo : x > lo;
  const bool hi_ok = hi_inclusive ? x <= hi : x < hi;
  return lo_ok && hi_ok;
}

std::string Range::describe(const std::string& name) const {
  const bool has_lo = lo > -1e308;
  const bool has_hi = hi < 1e308;
  if (has_lo && has_hi) {
    return formatNumber(lo) + (lo_inclusive ? " <= " : " < ") + name + (hi_inclusive ? " <= " : " < ") +
           formatNumber(hi);
  }
  if (has_lo) return name + (lo_inclusive ? " >= " : " > ") + formatNumber(lo);
  if (has_hi) return name + (hi_inclusive ? " <= " : " < ") + formatNumber(hi);
  return name + " is finite";
}

}  // namespace cellsim
