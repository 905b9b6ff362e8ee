#pragma once
// Recipe input: YAML nodes that remember the file and line they came from, so that every
// error can point at the input ("cases/x.yaml:12: part.fraction = 1.2; violated constraint:
// 0 < fraction <= 1"). Modelled on Cantera's AnyMap/InputFileError and PyBaMM's FuzzyDict.
#include <yaml-cpp/yaml.h>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace cellsim {

struct ReadScope;

//! Any error in user input. what() is "FILE:LINE: KEY.PATH: message" (line 1-based).
class InputError : public std::runtime_error {
 public:
  InputError(std::string file, int line, std::string key_path, const std::string& message);
  const std::string& file() const { return file_; }
  int line() const { return line_; }
  const std::string& keyPath() const { return key_path_; }

 private:
  std::string file_;
  int line_;
  std::string key_path_;
};

//! One value read from a recipe: what was written, its SI value and where it came from.
struct ReadValue {
  std::string path;   //!< dotted key path, e.g. "part.layer.thickness"
  std::string given;  //!< the text as written, e.g. "100 um"
  double si;          //!< SI value (NaN for strings)
  std::string unit;   //!< SI unit of `si` ("" if dimensionless or a string)
  std::string at;     //!< "file:line" or "--set"
};

//! Overrides given on the command line as "a.b.c=value". Shared by all nodes of one recipe,
//! consumed when the corresponding key is read; unconsumed ones are reported as errors. It
//! also keeps the log of every value read, so a run can echo its inputs with their sources.
struct Overrides {
  std::map<std::string, std::string> values;  //!< dotted key path -> YAML text of the value
  std::set<std::string> used;
  //! Key paths the recipe reader looked up or allowed (filled by InputNode); only used to
  //! suggest a correction for a misspelt override in checkAllUsed().
  std::set<std::string> known;
  //! Parses "key.path=value"; throws InputError(file "--set") if malformed.
  void add(const std::string& assignment);
  //! An assignment written in an input file (a case's `set:` section): it applies only where
  //! the command line did not set the same key, and errors point at its file and line.
  void addFromFile(const std::string& key, const std::string& value, const std::string& file, int line);
  //! Where the value of `key` was given: its file and line, or ("--set", 0).
  std::pair<std::string, int> origin(const std::string& key) const;
  std::map<std::string, std::pair<std::string, int>> origins;
  //! Throws InputError naming the first override that matched no recipe key.
  void checkAllUsed() const;
  //! Every scalar read, in first-read order (a path read again keeps its latest value).
  std::vector<ReadValue> read;
  std::map<std::string, size_t> read_index;
  void noteRead(ReadValue v);
};

//! Range constraint for numeric values: lo < x (or lo <= x) and x < hi (or x <= hi).
struct Range {
  double lo = -1e308, hi = 1e308;
  bool lo_inclusive = true, hi_inclusive = true;
  static Range positive() { return {0.0, 1e308, false, true}; }        // x > 0
  static Range nonNegative() { return {0.0, 1e308, true, true}; }      // x >= 0
  static Range fraction() { return {0.0, 1.0, false, true}; }          // 0 < x <= 1
  static Range unitInterval() { return {0.0, 1.0, true, true}; }       // 0 <= x <= 1
  bool contains(double x) const;
  std::string describe(const std::string& name) const;  // "0 < fraction <= 1"
};

//! A view of one YAML node plus where it came from. Cheap to copy.
//! Key paths are dotted from the root of the case ("part.layer.thickness"); a value that
//! refers to another file (see `referenced`) keeps the path, so overrides reach into params.
class InputNode {
 public:
  InputNode(const InputNode&) = default;
  //! Rebinds this view. (YAML::Node's own operator= would overwrite the node it refers to,
  //! i.e. modify the recipe tree, so the implicit assignment must not be used.)
  InputNode& operator=(const InputNode& other);

  //! Loads a YAML file; throws InputError(file, line of the syntax error, "", message) on
  //! a parse error and InputError(file, 0, "", "cannot open ...") when missing.
  static InputNode loadFile(const std::string& path, std::shared_ptr<Overrides> overrides = nullptr);
  //! Parses YAML text (for tests); `file` is the name used in messages.
  static InputNode fromString(const std::string& yaml_text, const std::string& file,
                              std::shared_ptr<Overrides> overrides = nullptr);

  bool has(const std::string& key) const;  // true also if an override names this key
  //! Child of a map; throws "missing required key 'key'" at this node's line if absent.
  InputNode operator[](const std::string& key) const;
  std::optional<InputNode> optional(const std::string& key) const;
  //! Elements of a sequence (throws if this node is not a sequence).
  std::vector<InputNode> elements() const;
  //! Keys of a map, in file order.
  std::vector<std::string> keys() const;

  bool isMap() const;
  bool isSequence() const;
  bool isScalar() const;

  //! Rejects keys not in `allowed`: "unknown key 'thikness'; did you mean 'thickness'?"
  //! (closest allowed key by edit distance), or lists the allowed keys if none is close.
  void allowOnly(const std::vector<std::string>& allowed) const;

  // Scalar readers (on this node's own value). Errors name file, line, key path and what
  // was expected, e.g. "expected a length such as '25 um', got '25'".
  std::string asString() const;
  double asNumber(const Range& r = {}) const;                 // plain number, no unit
  double asQuantity(const std::string& unit, const Range& r = {}) const;  // unit required
  int asInt(const Range& r = {}) const;
  bool asBool() const;

  // Convenience: child value by key.
  double quantity(const std::string& key, const std::string& unit, const Range& r = {}) const {
    return (*this)[key].asQuantity(unit, r);
  }
  double quantityOr(const std::string& key, const std::string& unit, double fallback_si,
                    const Range& r = {}) const;
  double number(const std::string& key, const Range& r = {}) const { return (*this)[key].asNumber(r); }
  double numberOr(const std::string& key, double fallback, const Range& r = {}) const;
  std::string string(const std::string& key) const { return (*this)[key].asString(); }
  std::string stringOr(const std::string& key, const std::string& fallback) const;

  //! If this node is a string ending in ".yaml"/".yml", loads that file (path relative to
  //! the directory of this node's file) and returns its root, keeping this key path;
  //! otherwise returns *this. Missing file, or one outside the document's ReadScope:
  //! InputError at this node's line.
  InputNode referenced() const;

  [[noreturn]] void fail(const std::string& message) const;  // throws InputError here

  const std::string& file() const { return file_; }
  int line() const;                       // 1-based line of this node (0 if unknown)
  const std::string& keyPath() const { return path_; }
  const YAML::Node& yaml() const { return node_; }

 private:
  InputNode(YAML::Node node, std::string file, std::string path, int line_hint,
            std::shared_ptr<Overrides> overrides, std::shared_ptr<const ReadScope> scope);
  //! Looks up a child of a map, applying overrides; nullopt if absent.
  std::optional<InputNode> child(const std::string& key) const;
  //! `relative` (relative to this node's file, or absolute) as a path that may be read: an
  //! InputError at this node if it resolves, symlinks followed, outside the document's scope.
  std::string resolveReference(const std::string& relative) const;
  std::string childPath(const std::string& key) const;
  void checkRange(double value, const Range& r, const std::string& shown) const;
  void noteRead(const std::string& given, double si, const std::string& unit) const;
  YAML::Node node_;
  std::string file_;
  std::string path_;
  int line_hint_ = 0;
  std::shared_ptr<Overrides> overrides_;
  std::shared_ptr<const ReadScope> scope_;  //!< shared by every node of one document
};

}  // namespace cellsim

namespace cellsim {

//! The node at a dotted path below `root`, with [i] for list elements
//! ("full_cell.rate_capability_mAh_g.capacity[2]"). Keys may themselves contain dots
//! ("LLZTO0.95F0.05@PP"): at each level the longest key that matches is taken. A path that
//! leads nowhere fails at `where` naming the part that was not found.
InputNode lookupPath(const InputNode& root, const std::string& path, const InputNode& where);

}  // namespace cellsim
