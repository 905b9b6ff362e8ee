// Navigating a recipe: YAML nodes that remember file, line and key path, with overrides
// applied on the way and referenced files loaded in place.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/input/Input.hpp"
#include "core/input/InputSupport.hpp"
#include "core/input/ReadScope.hpp"
#include "core/input/Text.hpp"

namespace cellsim {

namespace fs = std::filesystem;
using namespace input_support;

InputNode::InputNode(YAML::Node node, std::string file, std::string path, int line_hint,
                     std::shared_ptr<Overrides> overrides, std::shared_ptr<const ReadScope> scope)
    : node_(node), file_(std::move(file)), path_(std::move(path)), line_hint_(line_hint),
      overrides_(std::move(overrides)), scope_(std::move(scope)) {}

InputNode& InputNode::operator=(const InputNode& other) {
  if (this != &other) {
    node_.reset(other.node_);  // rebind, never assign through
    file_ = other.file_;
    path_ = other.path_;
    line_hint_ = other.line_hint_;
    overrides_ = other.overrides_;
    scope_ = other.scope_;
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
  return InputNode(root, file, "", 0, std::move(overrides), ReadScope::forDocument(file));
}

int InputNode::line() const {
  if (file_ == kOverrideFile) return 0;
  if (line_hint_ > 0) return line_hint_;
  return markLine(node_);
}

// The root of an empty document (or one of only comments) has no line to point at; the
// message says so, or "missing required key" would read as a fault in a line not shown.
void InputNode::fail(const std::string& message) const {
  const bool empty_document = line() == 0 && node_.IsNull() && file_ != kOverrideFile;
  throw InputError(file_, line(), path_, message + (empty_document ? " (the file is empty or holds only comments)" : ""));
}

std::string InputNode::childPath(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

std::optional<InputNode> InputNode::child(const std::string& key) const {
  const std::string full = childPath(key);
  if (overrides_) {
    overrides_->known.insert(full);
    const auto it = overrides_->values.find(full);
    if (it != overrides_->values.end()) {
      overrides_->used.insert(full);
      const auto [file, at] = overrides_->origin(full);
      return InputNode(loadOverride(full, it->second), file, full, at, overrides_, scope_);
    }
  }
  if (node_.IsMap()) {
    for (const auto& kv : node_) {
      if (kv.first.IsScalar() && kv.first.Scalar() == key) {
        const int key_line = markLine(kv.first);
        return InputNode(kv.second, file_, full, key_line > 0 ? key_line : line(), overrides_, scope_);
      }
    }
  }
  // A section absent from the file comes into existence if an override reaches inside it.
  if (overrides_) {
    for (const auto& [k, v] : overrides_->values) {
      (void)v;
      if (directChildVia(k, path_) == key && k.size() > full.size() && k[full.size()] == '.') {
        return InputNode(YAML::Node(YAML::NodeType::Map), file_, full, line(), overrides_, scope_);
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
         (node_.IsScalar() ? "'" + excerpt(node_.Scalar()) + "'" : std::string("a list")));
  }
  InputNode(node_, file_, childPath(key), line_hint_, overrides_, scope_).fail("missing required key '" + key + "'");
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
        const auto [file, at] = overrides_->origin(p);
        out.push_back(InputNode(loadOverride(p, it->second), file, p, at, overrides_, scope_));
        continue;
      }
    }
    const YAML::Node e = node_[i];
    const int l = markLine(e);
    out.push_back(InputNode(e, file_, p, l > 0 ? l : line(), overrides_, scope_));
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
         (node_.IsScalar() ? " '" + excerpt(node_.Scalar()) + "'" : std::string()));
  }
  if (overrides_) {
    for (const auto& [k, v] : overrides_->values) {
      (void)v;
      const std::string c = directChildVia(k, path_);
      if (!c.empty() && !is_allowed(c)) {
        const auto [file, at] = overrides_->origin(k);
        throw InputError(file, at, childPath(c), unknownKeyMessage(c, allowed));
      }
    }
  }
}

InputNode InputNode::referenced() const {
  if (!node_.IsScalar()) return *this;
  const std::string s = trim(node_.Scalar());
  const std::string ls = lower(s);
  auto ends_with = [&ls](const std::string& suffix) {
    return ls.size() > suffix.size() && ls.compare(ls.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (!ends_with(".yaml") && !ends_with(".yml")) return *this;

  const std::string file = resolveReference(s);
  std::error_code ec;
  std::ifstream in;
  if (fs::is_regular_file(file, ec)) in.open(file, std::ios::binary);
  if (!in.is_open()) {
    fs::path abs = fs::absolute(file, ec);
    if (ec) abs = file;
    fail("cannot open referenced file '" + s + "' (resolved to '" + abs.lexically_normal().string() + "')");
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  YAML::Node root = parseYaml(ss.str(), file);
  checkDuplicateKeys(root, file, path_, 0);
  return InputNode(root, file, path_, 0, overrides_, scope_);
}

// The check is on the path with every symlink resolved, so that a link inside the tree
// cannot lead out of it; it comes before any test of existence, so that an input cannot
// probe which files exist outside its tree.
std::string InputNode::resolveReference(const std::string& relative) const {
  const fs::path rel(relative);
  fs::path resolved;
  if (rel.is_absolute() || file_ == kOverrideFile) {
    resolved = rel;  // an override is relative to the working directory
  } else {
    resolved = fs::path(file_).parent_path() / rel;
  }
  resolved = resolved.lexically_normal();
  if (!scope_) return resolved.string();
  std::error_code ec;
  fs::path real = fs::weakly_canonical(fs::absolute(resolved, ec), ec);
  if (ec || !scope_->contains(real))
    fail("'" + excerpt(relative, 200) + "' is outside the input's tree: " + scope_->describe());
  return resolved.string();
}

}  // namespace cellsim
