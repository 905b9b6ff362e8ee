#pragma once
// Internals of the recipe reader shared by its source files (not part of the public API).
#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <vector>

namespace cellsim::input_support {

//! The pseudo-file name under which command-line overrides are reported.
extern const char* const kOverrideFile;

//! 1-based line of a YAML node, or 0 if it has none.
int markLine(const YAML::Node& n);
//! "a map", "a list", "a single value", "nothing": for messages.
const char* typeName(const YAML::Node& n);
//! Parses YAML text; a syntax error becomes an InputError at its line.
YAML::Node parseYaml(const std::string& text, const std::string& file);
//! yaml-cpp silently keeps the first of two equal keys; report the second occurrence.
//! Limits on an input document: its size, and the nodes and depth its aliases expand to.
constexpr size_t kMaxDocumentBytes = size_t{16} << 20;
constexpr long kMaxDocumentNodes = 1000000;
constexpr int kMaxDocumentDepth = 200;
//! Throws InputError on a duplicate key, or when the document exceeds the limits above.
void checkDuplicateKeys(const YAML::Node& n, const std::string& file, const std::string& path, int depth);
void checkDuplicateKeys(const YAML::Node& n, const std::string& file, const std::string& path, int depth, long& budget);
//! The YAML value of one override; malformed text is an InputError naming the key.
YAML::Node loadOverride(const std::string& key, const std::string& value);
std::string unknownKeyMessage(const std::string& key, const std::vector<std::string>& allowed);
//! If `override_path` is a strict descendant of `parent` ("" = root), the name of the direct
//! child of `parent` it goes through ("a.b.c" under "a" -> "b"); else "".
std::string directChildVia(const std::string& override_path, const std::string& parent);
//! Strict plain number: the whole (trimmed) text must be a finite decimal number.
std::optional<double> parsePlainNumber(const std::string& text);
//! Last dotted component of a key path ("value" for the root).
std::string lastComponent(const std::string& path);

}  // namespace cellsim::input_support
