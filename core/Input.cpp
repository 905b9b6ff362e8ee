#include "core/Input.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "core/Units.hpp"

namespace cellsim {

namespace fs = std::filesystem;

namespace {

const char* const kOverrideFile = "--set";

std::string trim(const std::string& s) {
  const char* ws = " \t\r\n";
  const auto b = s.find_first_not_of(ws);
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string fmt(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", x);
  return buf;
}

std::string join(const std::vector<std::string>& v, const std::string& sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + v[i];
  return out;
}

//! 1-based line of a YAML node, or 0 if it has none.
int markLine(const YAML::Node& n) {
  if (!n.IsDefined()) return 0;
  const YAML::Mark m = n.Mark();
  return (m.is_null() || m.line < 0) ? 0 : m.line + 1;
}

std::string lastComponent(const std::string& path) {
  if (path.empty()) return "value";
  const auto dot = path.rfind('.');
  return dot == std::string::npos ? path : path.substr(dot + 1);
}

//! Strict plain number: the whole (trimmed) text must be a finite decimal number.
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
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    const int line = (e.mark.is_null() || e.mark.line < 0) ? 0 : e.mark.line + 1;
    throw InputError(file, line, "", "YAML syntax error: " + e.msg);
  }
}

//! yaml-cpp silently keeps the first of two equal keys; a recipe with a repeated key is
//! almost certainly a mistake, so report it at the second occurrence.
void checkDuplicateKeys(const YAML::Node& n, const std::string& file, const std::string& path, int depth) {
  if (depth > 200) return;  // pathological alias nesting
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
      checkDuplicateKeys(kv.second, file, child, depth + 1);
    }
  } else if (n.IsSequence()) {
    for (size_t i = 0; i < n.size(); ++i) {
      checkDuplicateKeys(n[i], file, path + "[" + std::to_string(i) + "]", depth + 1);
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

//! If `override_path` is a strict descendant of `parent` ("" = root), the name of the direct
//! child of `parent` it goes through ("a.b.c" under "a" -> "b"); else "".
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

}  // namespace

// ---------------------------------------------------------------------------------------------
InputError::InputError(std::string file, int line, std::string key_path, const std::string& message)
    : std::runtime_error([&] {
        std::string s = file;
        if (line > 0) s += ":" + std::to_string(line);
        s += ": ";
        if (!key_path.empty()) s += key_path + ": ";
        return s + message;
      }()),
      file_(std::move(file)),
      line_(line),
      key_path_(std::move(key_path)) {}

// ---------------------------------------------------------------------------------------------
void Overrides::add(const std::string& assignment) {
  const auto eq = assignment.find('=');
  const std::string key = eq == std::string::npos ? "" : trim(assignment.substr(0, eq));
  const std::string value = eq == std::string::npos ? "" : trim(assignment.substr(eq + 1));
  const bool bad_key = key.empty() || key.find_first_of(" \t") != std::string::npos || key.front() == '.' ||
                       key.back() == '.' || key.find("..") != std::string::npos;
  if (eq == std::string::npos || bad_key || value.empty()) {
    throw InputError(kOverrideFile, 0, "",
                     "malformed override '" + assignment +
                         "': expected KEY.PATH=VALUE, e.g. 'cell.separator.porosity=0.4'");
  }
  (void)loadOverride(key, value);
  values[key] = value;
  used.erase(key);
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
    throw InputError(kOverrideFile, 0, key, msg);
  }
}

// ---------------------------------------------------------------------------------------------
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
    return fmt(lo) + (lo_inclusive ? " <= " : " < ") + name + (hi_inclusive ? " <= " : " < ") + fmt(hi);
  }
  if (has_lo) return name + (lo_inclusive ? " >= " : " > ") + fmt(lo);
  if (has_hi) return name + (hi_inclusive ? " <= " : " < ") + fmt(hi);
  return name + " is finite";
}

// ---------------------------------------------------------------------------------------------
InputNode::InputNode(YAML::Node node, std::string file, std::string path, int line_hint,
                     std::shared_ptr<Overrides> overrides)
    : node_(node), file_(std::move(file)), path_(std::move(path)), line_hint_(line_hint),
      overrides_(std::move(overrides)) {}

InputNode& InputNode::operator=(const InputNode& other) {
  if (this != &other) {
    node_.reset(other.node_);  // rebind, never assign through
    file_ = other.file_;
    path_ = other.path_;
    line_hint_ = other.line_hint_;
    overrides_ = other.overrides_;
  }
  return *this;
}

InputNode InputNode::loadFile(const std::string& path, std::shared_ptr<Overrides> overrides) {
  std::error_code ec;
  std::ifstream in;
  if (fs::is_regular_file(path, ec)) in.open(path, std::ios::binary);
  if (!in.is_open()) throw InputError(path, 0, "", "cannot open file '" + path + "'");
  std::ostringstream ss;
  ss << in.rdbuf();
  return fromString(ss.str(), path, std::move(overrides));
}

InputNode InputNode::fromString(const std::string& yaml_text, const std::string& file,
                                std::shared_ptr<Overrides> overrides) {
  YAML::Node root = parseYaml(yaml_text, file);
  checkDuplicateKeys(root, file, "", 0);
  return InputNode(root, file, "", 0, std::move(overrides));
}

int InputNode::line() const {
  if (file_ == kOverrideFile) return 0;
  if (line_hint_ > 0) return line_hint_;
  return markLine(node_);
}

void InputNode::fail(const std::string& message) const { throw InputError(file_, line(), path_, message); }

std::string InputNode::childPath(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

std::optional<InputNode> InputNode::child(const std::string& key) const {
  const std::string full = childPath(key);
  if (overrides_) {
    overrides_->known.insert(full);
    const auto it = overrides_->values.find(full);
    if (it != overrides_->values.end()) {
      overrides_->used.insert(full);
      return InputNode(loadOverride(full, it->second), kOverrideFile, full, 0, overrides_);
    }
  }
  if (node_.IsMap()) {
    for (const auto& kv : node_) {
      if (kv.first.IsScalar() && kv.first.Scalar() == key) {
        const int key_line = markLine(kv.first);
        return InputNode(kv.second, file_, full, key_line > 0 ? key_line : line(), overrides_);
      }
    }
  }
  // A section absent from the file comes into existence if an override reaches inside it.
  if (overrides_) {
    for (const auto& [k, v] : overrides_->values) {
      (void)v;
      if (directChildVia(k, path_) == key && k.size() > full.size() && k[full.size()] == '.') {
        return InputNode(YAML::Node(YAML::NodeType::Map), file_, full, line(), overrides_);
      }
    }
  }
  return std::nullopt;
}

bool InputNode::has(const std::string& key) const { return child(key).has_value(); }

InputNode InputNode::operator[](const std::string& key) const {
  if (auto c = child(key)) return *c;
  if (node_.IsScalar() || node_.IsSequence()) {
    fail("expected a map containing '" + key + "', got " +
         (node_.IsScalar() ? "'" + node_.Scalar() + "'" : std::string("a list")));
  }
  throw InputError(file_, line(), childPath(key), "missing required key '" + key + "'");
}

std::optional<InputNode> InputNode::optional(const std::string& key) const { return child(key); }

std::vector<InputNode> InputNode::elements() const {
  if (!node_.IsSequence()) fail(std::string("expected a list, got ") + typeName(node_));
  std::vector<InputNode> out;
  out.reserve(node_.size());
  for (size_t i = 0; i < node_.size(); ++i) {
    const std::string p = path_ + "[" + std::to_string(i) + "]";
    if (overrides_) {
      overrides_->known.insert(p);
      const auto it = overrides_->values.find(p);
      if (it != overrides_->values.end()) {
        overrides_->used.insert(p);
        out.push_back(InputNode(loadOverride(p, it->second), kOverrideFile, p, 0, overrides_));
        continue;
      }
    }
    const YAML::Node e = node_[i];
    const int l = markLine(e);
    out.push_back(InputNode(e, file_, p, l > 0 ? l : line(), overrides_));
  }
  return out;
}

std::vector<std::string> InputNode::keys() const {
  std::vector<std::string> out;
  if (node_.IsMap()) {
    for (const auto& kv : node_) {
      if (kv.first.IsScalar()) out.push_back(kv.first.Scalar());
    }
  } else if (!node_.IsNull()) {
    fail(std::string("expected a map, got ") + typeName(node_));
  }
  if (overrides_) {
    for (const auto& [k, v] : overrides_->values) {
      (void)v;
      const std::string c = directChildVia(k, path_);
      if (!c.empty() && std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
    }
  }
  return out;
}

bool InputNode::isMap() const { return node_.IsMap(); }
bool InputNode::isSequence() const { return node_.IsSequence(); }
bool InputNode::isScalar() const { return node_.IsScalar(); }

void InputNode::allowOnly(const std::vector<std::string>& allowed) const {
  if (overrides_) {
    for (const auto& a : allowed) overrides_->known.insert(childPath(a));
  }
  auto is_allowed = [&allowed](const std::string& k) {
    return std::find(allowed.begin(), allowed.end(), k) != allowed.end();
  };
  if (node_.IsMap()) {
    for (const auto& kv : node_) {
      const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string("?");
      if (is_allowed(key)) continue;
      const int l = markLine(kv.first);
      throw InputError(file_, l > 0 ? l : line(), childPath(key), unknownKeyMessage(key, allowed));
    }
  } else if (!node_.IsNull()) {
    fail(std::string("expected a map with keys ") + join(allowed, ", ") + ", got " + typeName(node_) +
         (node_.IsScalar() ? " '" + node_.Scalar() + "'" : std::string()));
  }
  if (overrides_) {
    for (const auto& [k, v] : overrides_->values) {
      (void)v;
      const std::string c = directChildVia(k, path_);
      if (!c.empty() && !is_allowed(c)) {
        throw InputError(kOverrideFile, 0, childPath(c), unknownKeyMessage(c, allowed));
      }
    }
  }
}

std::string InputNode::asString() const {
  if (node_.IsScalar()) return node_.Scalar();
  if (node_.IsNull()) fail("missing value: expected a string");
  fail(std::string("expected a single value, got ") + typeName(node_));
}

void InputNode::checkRange(double value, const Range& r, const std::string& shown) const {
  if (r.contains(value)) return;
  fail((path_.empty() ? std::string("value") : path_) + " = " + shown +
       "; violated constraint: " + r.describe(lastComponent(path_)));
}

double InputNode::asNumber(const Range& r) const {
  if (node_.IsNull()) fail("missing value: expected a number");
  if (!node_.IsScalar()) fail(std::string("expected a number, got ") + typeName(node_));
  const std::string text = trim(node_.Scalar());
  const auto v = parsePlainNumber(text);
  if (!v) {
    bool has_unit = false;
    try {
      (void)units::parse(text);
      has_unit = true;
    } catch (const units::UnitError&) {
    }
    fail(has_unit ? "expected a plain number without a unit, got '" + text + "'"
                  : "expected a number, got '" + text + "'");
  }
  checkRange(*v, r, text);
  return *v;
}

double InputNode::asQuantity(const std::string& unit, const Range& r) const {
  if (node_.IsNull()) fail("missing value: expected a value with units of " + unit);
  if (!node_.IsScalar()) {
    fail("expected a value with units of " + unit + ", got " + typeName(node_));
  }
  const std::string text = trim(node_.Scalar());
  double v = 0.0;
  bool dimensionless = false;
  try {
    dimensionless = units::dimensionOf(unit) == units::Dimension{};
    v = units::toSI(text, unit, dimensionless);
  } catch (const units::UnitError& e) {
    fail(e.what());
  }
  if (!r.contains(v)) {
    std::string shown = text;
    if (!parsePlainNumber(text)) {
      // Show the SI value too, since the bounds are in SI.
      bool coherent = false;
      try {
        coherent = units::toSI("1 " + unit, unit, true) == 1.0;
      } catch (const units::UnitError&) {
      }
      const std::string si_unit = coherent ? unit : units::dimensionOf(unit).str();
      shown += " (" + fmt(v) + (dimensionless ? "" : " " + si_unit) + ")";
    }
    checkRange(v, r, shown);
  }
  return v;
}

int InputNode::asInt(const Range& r) const {
  if (node_.IsNull()) fail("missing value: expected an integer");
  if (!node_.IsScalar()) fail(std::string("expected an integer, got ") + typeName(node_));
  const std::string text = trim(node_.Scalar());
  const auto v = parsePlainNumber(text);
  if (!v || *v != std::floor(*v) || std::fabs(*v) > static_cast<double>(std::numeric_limits<int>::max())) {
    fail("expected an integer, got '" + text + "'");
  }
  checkRange(*v, r, text);
  return static_cast<int>(*v);
}

bool InputNode::asBool() const {
  if (node_.IsScalar()) {
    const std::string t = lower(trim(node_.Scalar()));
    if (t == "true" || t == "yes") return true;
    if (t == "false" || t == "no") return false;
    fail("expected true or false, got '" + trim(node_.Scalar()) + "'");
  }
  if (node_.IsNull()) fail("missing value: expected true or false");
  fail(std::string("expected true or false, got ") + typeName(node_));
}

double InputNode::quantityOr(const std::string& key, const std::string& unit, double fallback_si,
                             const Range& r) const {
  const auto c = optional(key);
  return c ? c->asQuantity(unit, r) : fallback_si;
}

double InputNode::numberOr(const std::string& key, double fallback, const Range& r) const {
  const auto c = optional(key);
  return c ? c->asNumber(r) : fallback;
}

std::string InputNode::stringOr(const std::string& key, const std::string& fallback) const {
  const auto c = optional(key);
  return c ? c->asString() : fallback;
}

InputNode InputNode::referenced() const {
  if (!node_.IsScalar()) return *this;
  const std::string s = trim(node_.Scalar());
  const std::string ls = lower(s);
  auto ends_with = [&ls](const std::string& suffix) {
    return ls.size() > suffix.size() && ls.compare(ls.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (!ends_with(".yaml") && !ends_with(".yml")) return *this;

  const fs::path rel(s);
  fs::path resolved;
  if (rel.is_absolute()) {
    resolved = rel;
  } else if (file_ == kOverrideFile) {
    resolved = rel;  // given on the command line: relative to the working directory
  } else {
    resolved = fs::path(file_).parent_path() / rel;
  }
  resolved = resolved.lexically_normal();
  std::error_code ec;
  std::ifstream in;
  if (fs::is_regular_file(resolved, ec)) in.open(resolved, std::ios::binary);
  if (!in.is_open()) {
    fs::path abs = fs::absolute(resolved, ec);
    if (ec) abs = resolved;
    fail("cannot open referenced file '" + s + "' (resolved to '" + abs.lexically_normal().string() + "')");
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  const std::string file = resolved.string();
  YAML::Node root = parseYaml(ss.str(), file);
  checkDuplicateKeys(root, file, path_, 0);
  return InputNode(root, file, path_, 0, overrides_);
}

// ---------------------------------------------------------------------------------------------
std::string closestMatch(const std::string& word, const std::vector<std::string>& candidates) {
  const std::string w = lower(word);
  const size_t threshold = std::max<size_t>(2, w.size() / 3);
  std::string best;
  size_t best_d = threshold + 1;
  std::vector<size_t> prev, cur;
  for (const auto& cand : candidates) {
    const std::string c = lower(cand);
    prev.resize(c.size() + 1);
    cur.resize(c.size() + 1);
    for (size_t j = 0; j <= c.size(); ++j) prev[j] = j;
    for (size_t i = 1; i <= w.size(); ++i) {
      cur[0] = i;
      for (size_t j = 1; j <= c.size(); ++j) {
        cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (w[i - 1] == c[j - 1] ? 0 : 1)});
      }
      std::swap(prev, cur);
    }
    const size_t d = prev[c.size()];
    if (d < best_d) {
      best_d = d;
      best = cand;
    }
  }
  return best;
}

}  // namespace cellsim
