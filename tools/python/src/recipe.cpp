// Recipes from Python: values by dotted path (the --set paths), the case as YAML with
// overrides applied, and checking a case or an override without running it.
#include "core_support.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/input/Input.hpp"
#include "models/io/Recipe.hpp"

namespace fs = std::filesystem;

namespace cellsim::python {

const std::string& overrideFile() {
  static const std::string name = [] {
    try {
      Overrides probe;
      probe.add("malformed");
    } catch (const InputError& e) {
      return e.file();
    }
    return std::string("--set");
  }();
  return name;
}

namespace {

bool endsWithYaml(const std::string& s) {
  std::string l = s;
  std::transform(l.begin(), l.end(), l.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto ends = [&l](const std::string& suffix) {
    return l.size() > suffix.size() && l.compare(l.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ends(".yaml") || ends(".yml");
}

InputNode loadRoot(const std::string& path, const std::vector<std::string>& overrides) {
  auto ov = std::make_shared<Overrides>();
  for (const auto& s : overrides) ov->add(s);
  return InputNode::loadFile(path, ov);
}

//! Splits a trailing "[i]" off a path component.
std::string splitIndex(const std::string& part, int& index) {
  index = -1;
  const auto open = part.find('[');
  if (open == std::string::npos || open == 0 || part.back() != ']') return part;
  const std::string digits = part.substr(open + 1, part.size() - open - 2);
  if (digits.empty() || !std::all_of(digits.begin(), digits.end(), [](unsigned char c) { return std::isdigit(c); }))
    return part;
  index = std::stoi(digits);
  return part.substr(0, open);
}

//! The node at a dotted path, following referenced files on the way (as the recipe reader
//! does) and taking at each level the longest key that matches (keys may contain dots).
//! Throws py::key_error when the path leads nowhere.
InputNode walk(const InputNode& root, const std::string& path) {
  if (path.empty()) return root;
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t i = 0; i <= path.size(); ++i)
    if (i == path.size() || path[i] == '.') {
      parts.push_back(path.substr(start, i - start));
      start = i + 1;
    }
  InputNode node = root;
  for (size_t i = 0; i < parts.size();) {
    node = node.referenced();
    size_t taken = 0;
    std::string key;
    std::vector<int> indices;
    for (size_t n = parts.size() - i; n >= 1 && !taken; --n) {
      std::string candidate = parts[i];
      for (size_t k = 1; k < n; ++k) candidate += "." + parts[i + k];
      // "separator[0][1]": peel indices from the right.
      std::vector<int> idx;
      std::string bare = candidate;
      for (int index = 0;;) {
        const std::string peeled = splitIndex(bare, index);
        if (index < 0) break;
        idx.insert(idx.begin(), index);
        bare = peeled;
      }
      if (node.isMap() && node.has(bare)) {
        key = bare;
        indices = idx;
        taken = n;
      }
    }
    if (!taken) throw py::key_error("'" + path + "': no key '" + parts[i] + "'" +
                                    (node.keyPath().empty() ? "" : " under '" + node.keyPath() + "'"));
    node = node[key];
    for (int index : indices) {
      node = node.referenced();
      if (!node.isSequence()) throw py::key_error("'" + path + "': '" + node.keyPath() + "' is not a list");
      const auto elements = node.elements();
      if (index >= static_cast<int>(elements.size()))
        throw py::key_error("'" + path + "': '" + node.keyPath() + "' has " + std::to_string(elements.size()) +
                            " elements");
      node = elements[index];
    }
    i += taken;
  }
  return node;
}

//! A scalar as Python sees YAML: int, float, bool or None when written plainly as one; str
//! otherwise (quoted, or with a unit: "25 um").
py::object scalarToPython(const YAML::Node& y) {
  const std::string& s = y.Scalar();
  if (y.Tag() == "!") return py::str(s);
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return py::none();
  if (s == "true" || s == "True" || s == "TRUE") return py::bool_(true);
  if (s == "false" || s == "False" || s == "FALSE") return py::bool_(false);
  const char* b = s.c_str();
  char* end = nullptr;
  const bool integer = std::all_of(s.begin() + (s[0] == '-' || s[0] == '+' ? 1 : 0), s.end(),
                                   [](unsigned char c) { return std::isdigit(c); }) &&
                       s.find_first_of("0123456789") != std::string::npos;
  if (integer) return py::int_(py::str(s));
  const double v = std::strtod(b, &end);
  if (end && *end == '\0' && std::isfinite(v) && s.find_first_of("0123456789") != std::string::npos)
    return py::float_(v);
  return py::str(s);
}

py::object toPython(const InputNode& n) {
  const YAML::Node& y = n.yaml();
  if (n.isMap() || (y.IsNull() && !n.keys().empty())) {
    py::dict d;
    for (const auto& k : n.keys()) d[py::str(k)] = toPython(n[k]);
    return std::move(d);
  }
  if (n.isSequence()) {
    py::list l;
    for (const auto& e : n.elements()) l.append(toPython(e));
    return std::move(l);
  }
  if (n.isScalar()) return scalarToPython(y);
  return py::none();
}

//! The case as YAML text with the overrides applied; relative file references rewritten
//! relative to `base_dir`; a referenced file that an override reaches into is written in place.
class YamlWriter {
 public:
  YamlWriter(std::vector<std::string> override_keys, fs::path base, std::vector<std::string> drop)
      : keys_(std::move(override_keys)), base_(fs::absolute(base).lexically_normal()), drop_(std::move(drop)) {}

  std::string text(const InputNode& root) {
    YAML::Emitter out;
    out.SetIndent(2);
    node(out, root, true);
    return std::string(out.c_str()) + "\n";
  }

 private:
  bool reachedInto(const std::string& key_path) const {
    for (const auto& k : keys_)
      if (k.size() > key_path.size() && k.compare(0, key_path.size(), key_path) == 0 &&
          (k[key_path.size()] == '.' || k[key_path.size()] == '['))
        return true;
    return false;
  }

  std::string rebased(const InputNode& n, const std::string& s) const {
    const fs::path p(s);
    if (p.is_absolute()) return s;
    const fs::path from = n.file() == overrideFile() ? fs::current_path() : fs::absolute(fs::path(n.file()).parent_path());
    const fs::path target = (from / p).lexically_normal();
    const fs::path rel = target.lexically_relative(base_);
    return rel.empty() ? target.string() : rel.generic_string();
  }

  void node(YAML::Emitter& out, const InputNode& n, bool root = false) {
    const YAML::Node& y = n.yaml();
    if (n.isMap() || (y.IsNull() && !n.keys().empty())) {
      if (y.Style() == YAML::EmitterStyle::Flow) out << YAML::Flow;
      out << YAML::BeginMap;
      for (const auto& k : n.keys()) {
        if (root && std::find(drop_.begin(), drop_.end(), k) != drop_.end()) continue;
        out << YAML::Key << k << YAML::Value;
        InputNode c = n[k];
        if (c.isScalar() && endsWithYaml(c.yaml().Scalar()) && reachedInto(c.keyPath())) c = c.referenced();
        node(out, c);
      }
      out << YAML::EndMap;
    } else if (n.isSequence()) {
      if (y.Style() == YAML::EmitterStyle::Flow) out << YAML::Flow;
      out << YAML::BeginSeq;
      for (const auto& e : n.elements()) {
        InputNode c = e;
        if (c.isScalar() && endsWithYaml(c.yaml().Scalar()) && reachedInto(c.keyPath())) c = c.referenced();
        node(out, c);
      }
      out << YAML::EndSeq;
    } else if (n.isScalar()) {
      std::string s = y.Scalar();
      if (endsWithYaml(s)) s = rebased(n, s);
      if (y.Tag() == "!") out << YAML::DoubleQuoted;
      out << s;
    } else {
      out << YAML::Null;
    }
  }

  std::vector<std::string> keys_;
  fs::path base_;
  std::vector<std::string> drop_;
};

}  // namespace

py::object recipeGet(const std::string& path, const std::vector<std::string>& overrides, const std::string& key) {
  return toPython(walk(loadRoot(path, overrides), key));
}

std::string recipeYaml(const std::string& path, const std::vector<std::string>& overrides, const std::string& base_dir,
                       const std::vector<std::string>& drop) {
  const InputNode root = loadRoot(path, overrides);
  std::vector<std::string> keys;
  for (const auto& s : overrides) keys.push_back(s.substr(0, s.find('=')));
  return YamlWriter(keys, base_dir, drop).text(root);
}

void checkOverride(const std::string& assignment) {
  Overrides probe;
  probe.add(assignment);
}

py::dict checkCase(const std::string& path, const std::vector<std::string>& overrides, const std::string& shown) {
  std::string experiment, description;
  int unknowns = 0, volumes = 0, steps = -1;
  {
    py::gil_scoped_release release;
    reportingAs(path, shown, [&] {
      const CaseRecipe recipe = loadCase(path, overrides);
      const CellModel model(recipe.cell);
      unknowns = model.size();
      volumes = model.volumes();
      description = recipe.description;
      if (recipe.experiment) {
        experiment = recipe.root["experiment"].string("type");
      } else {
        steps = 0;
        for (const auto& b : recipe.protocol.blocks) steps += b.repeat * static_cast<int>(b.steps.size());
      }
      return 0;
    });
  }
  py::dict d;
  d["case"] = shown.empty() ? path : shown;
  d["description"] = description;
  d["unknowns"] = unknowns;
  d["volumes"] = volumes;
  d["experiment"] = experiment.empty() ? py::object(py::none()) : py::object(py::str(experiment));
  d["protocol_steps"] = steps < 0 ? py::object(py::none()) : py::object(py::int_(steps));
  return d;
}

}  // namespace cellsim::python
