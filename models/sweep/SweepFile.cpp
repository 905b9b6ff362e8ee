// Reading a sweep file: the case, the output folder, common overrides, a grid and/or a list of
// cases; each case gets a readable, filesystem-safe, unique folder name.
#include <cctype>
#include <filesystem>
#include <map>
#include <set>

#include "core/input/Text.hpp"
#include "core/output/OutputFiles.hpp"
#include "models/sweep/Sweep.hpp"

namespace cellsim {

namespace fs = std::filesystem;

namespace {

constexpr size_t kMaxValueChars = 48;   // of one value in a derived name
constexpr size_t kMaxNameChars = 180;   // below NAME_MAX with room for a "-NN" suffix

//! Flow YAML of a node as written: quoted scalars stay quoted (yaml-cpp tags them "!").
std::string flowText(const YAML::Node& n) {
  if (n.IsScalar()) return n.Tag() == "!" ? jsonString(n.Scalar()) : n.Scalar();
  std::string o;
  if (n.IsSequence()) {
    for (const auto& e : n) o += (o.empty() ? "" : ", ") + flowText(e);
    return "[" + o + "]";
  }
  if (n.IsMap()) {
    for (const auto& kv : n) o += (o.empty() ? "" : ", ") + flowText(kv.first) + ": " + flowText(kv.second);
    return "{" + o + "}";
  }
  return "null";
}

//! The text a value stands for after `--set key=`: a scalar as written, a list or map as
//! flow YAML (so `protocol: [["Discharge at 1C for 1 h"]]` and the string
//! '["Discharge at 1C for 1 h"]' mean the same and read the same in sweep.csv).
std::string overrideText(const InputNode& value) {
  if (value.isScalar()) return value.yaml().Scalar();
  if (!value.isSequence() && !value.isMap()) value.fail("expected a value");
  return flowText(value.yaml());
}

//! "key=value", checked the way --set checks it but reported at the sweep file's line.
std::string assignment(const InputNode& at, const std::string& key, const std::string& value) {
  const std::string a = key + "=" + value;
  try {
    Overrides probe;
    probe.add(a);
  } catch (const InputError& e) {
    at.fail(e.what());
  }
  return a;
}

//! A `set:` map: key path -> value.
std::vector<std::pair<std::string, std::string>> readSets(const InputNode& node) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::string& key : node.keys()) {
    const InputNode v = node[key];
    const std::string text = overrideText(v);
    assignment(v, key, text);
    out.emplace_back(key, text);
  }
  return out;
}

//! Letters, digits and . + - @ kept; '/' becomes "_per_"; everything else one '_'.
std::string safeText(const std::string& s, size_t max_chars) {
  std::string o;
  for (char c : s) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '.' || c == '+' || c == '-' || c == '@') o += c;
    else if (c == '/') o += "_per_";
    else if (!o.empty() && o.back() != '_') o += '_';
  }
  while (!o.empty() && (o.back() == '_' || o.back() == '.')) o.pop_back();
  while (!o.empty() && (o.front() == '_' || o.front() == '.')) o.erase(0, 1);
  if (o.size() > max_chars) o.resize(max_chars);
  return o;
}

//! The last part of a key path ("cell.positive.thickness" -> "thickness"), or the whole path
//! where two varied keys would share that label.
std::map<std::string, std::string> keyLabels(const std::vector<std::string>& keys) {
  std::map<std::string, int> count;
  auto shortLabel = [](const std::string& k) {
    std::string last = k.substr(k.find_last_of('.') == std::string::npos ? 0 : k.find_last_of('.') + 1);
    return safeText(last, kMaxValueChars);
  };
  for (const auto& k : keys) ++count[shortLabel(k)];
  std::map<std::string, std::string> out;
  for (const auto& k : keys) out[k] = count[shortLabel(k)] > 1 || shortLabel(k).empty() ? safeText(k, 80) : shortLabel(k);
  return out;
}

std::string derivedName(const std::vector<std::pair<std::string, std::string>>& parts,
                        const std::map<std::string, std::string>& labels) {
  std::string name;
  for (const auto& [key, value] : parts) {
    const std::string v = safeText(value, kMaxValueChars);
    name += (name.empty() ? "" : "__") + labels.at(key) + "=" + (v.empty() ? "_" : v);
  }
  if (name.size() > kMaxNameChars) name.resize(kMaxNameChars);
  return name.empty() ? "case" : name;
}

void checkGivenName(const InputNode& at, const std::string& name) {
  const bool safe = !name.empty() && name.size() <= kMaxNameChars && safeText(name, kMaxNameChars) == name;
  if (!safe || name == "sweep.csv")
    at.fail("case name '" + name + "' is not a safe folder name (letters, digits, . + - @ _; not starting with . or _)");
}

struct Axis {
  std::string key;
  std::vector<std::string> values;
};

std::vector<Axis> readGrid(const InputNode& grid) {
  std::vector<Axis> axes;
  for (const std::string& key : grid.keys()) {
    const InputNode list = grid[key];
    if (!list.isSequence()) list.fail("a grid key takes a list of values, e.g. [\"10 degC\", \"25 degC\"]");
    Axis a{key, {}};
    for (const InputNode& v : list.elements()) a.values.push_back(assignment(v, key, overrideText(v)).substr(key.size() + 1));
    if (a.values.empty()) list.fail("a grid key needs at least one value");
    axes.push_back(std::move(a));
  }
  return axes;
}

//! The cartesian product of the axes, the last axis fastest; names from axes with > 1 value.
void addGridCases(const std::vector<Axis>& axes, const std::vector<std::string>& common, SweepPlan& plan,
                  std::vector<std::vector<std::pair<std::string, std::string>>>& name_parts) {
  size_t total = 1;
  for (const auto& a : axes) total *= a.values.size();
  for (size_t n = 0; n < total; ++n) {
    SweepCase c;
    c.overrides = common;
    std::vector<std::pair<std::string, std::string>> parts;
    size_t rest = n;
    std::vector<size_t> pick(axes.size());
    for (size_t k = axes.size(); k-- > 0;) {
      pick[k] = rest % axes[k].values.size();
      rest /= axes[k].values.size();
    }
    for (size_t k = 0; k < axes.size(); ++k) {
      const std::string& v = axes[k].values[pick[k]];
      c.varied.emplace_back(axes[k].key, v);
      c.overrides.push_back(axes[k].key + "=" + v);
      if (axes[k].values.size() > 1) parts.emplace_back(axes[k].key, v);
    }
    plan.cases.push_back(std::move(c));
    name_parts.push_back(std::move(parts));
  }
}

void addVariedKey(SweepPlan& plan, const std::string& key) {
  for (const auto& k : plan.varied_keys)
    if (k == key) return;
  plan.varied_keys.push_back(key);
}

//! Given names are kept (duplicates are errors); derived ones get "-2", "-3" ... if taken
//! (ignoring case, for case-insensitive file systems).
void nameCases(SweepPlan& plan, const std::vector<std::vector<std::pair<std::string, std::string>>>& name_parts,
               const std::vector<bool>& given) {
  std::set<std::string> taken;
  for (size_t i = 0; i < plan.cases.size(); ++i)
    if (given[i]) taken.insert(lower(plan.cases[i].name));
  const auto labels = keyLabels(plan.varied_keys);
  for (size_t i = 0; i < plan.cases.size(); ++i) {
    if (given[i]) continue;
    const std::string base = derivedName(name_parts[i], labels);
    std::string name = base;
    for (int k = 2; taken.count(lower(name)); ++k) name = base + "-" + std::to_string(k);
    taken.insert(lower(name));
    plan.cases[i].name = name;
  }
}

}  // namespace

SweepPlan loadSweep(const std::string& path, const std::vector<std::string>& extra_sets) {
  const InputNode root = InputNode::loadFile(path);
  root.allowOnly({"description", "case", "out", "set", "grid", "cases"});
  SweepPlan plan;
  plan.file = path;
  const fs::path dir = fs::path(path).parent_path();
  const InputNode case_node = root["case"];
  plan.case_file = (dir / case_node.asString()).lexically_normal().string();
  std::error_code ec;
  if (!fs::is_regular_file(plan.case_file, ec)) case_node.fail("cannot find the case file '" + plan.case_file + "'");
  if (const auto out = root.optional("out")) plan.out = (dir / out->asString()).lexically_normal().string();

  std::vector<std::string> common;
  if (const auto set = root.optional("set"))
    for (const auto& [k, v] : readSets(*set)) common.push_back(k + "=" + v);
  for (const auto& s : extra_sets) {
    Overrides probe;
    probe.add(s);  // malformed --set: InputError from "--set"
    common.push_back(s);
  }

  std::vector<std::vector<std::pair<std::string, std::string>>> name_parts;
  std::vector<bool> given;
  if (const auto grid = root.optional("grid")) {
    const std::vector<Axis> axes = readGrid(*grid);
    for (const auto& a : axes) addVariedKey(plan, a.key);
    if (!axes.empty()) addGridCases(axes, common, plan, name_parts);
    given.resize(plan.cases.size(), false);
  }
  if (const auto list = root.optional("cases")) {
    for (const InputNode& item : list->elements()) {
      item.allowOnly({"name", "set"});
      SweepCase c;
      c.overrides = common;
      if (const auto set = item.optional("set"))
        for (const auto& [k, v] : readSets(*set)) {
          addVariedKey(plan, k);
          c.varied.emplace_back(k, v);
          c.overrides.push_back(k + "=" + v);
        }
      const auto name = item.optional("name");
      if (name) {
        c.name = name->asString();
        checkGivenName(*name, c.name);
        for (const auto& other : plan.cases)
          if (lower(other.name) == lower(c.name)) name->fail("case name '" + c.name + "' is used twice");
      }
      given.push_back(name.has_value());
      name_parts.push_back(c.varied);
      plan.cases.push_back(std::move(c));
    }
  }
  if (plan.cases.empty()) root.fail("nothing to run: give a non-empty 'grid:' and/or 'cases:'");
  nameCases(plan, name_parts, given);
  return plan;
}

}  // namespace cellsim
