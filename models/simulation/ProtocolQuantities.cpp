// Quantities in protocol steps ("1C", "C/2", "3.0 V", "1 hour", "0.5 mAh/cm2") and the
// words of a step sentence.
#include <charconv>
#include <cmath>
#include <map>
#include <sstream>

#include "core/input/Text.hpp"
#include "core/input/Units.hpp"
#include "models/simulation/ProtocolDetail.hpp"

namespace cellsim::protocol_detail {

const char* const kExDischarge = "'Discharge at 1C until 3.0 V'";
const char* const kExCharge = "'Charge at C/2 until 4.2 V'";
const char* const kExHold = "'Hold at 4.2 V until C/20'";
const char* const kExRest = "'Rest for 1 hour'";
const char* const kExRest2 = "'Rest for 10 min'";

std::vector<std::string> splitWords(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

std::string quote(const std::string& s) { return "'" + s + "'"; }

const char* verbName(Verb v) {
  switch (v) {
    case Verb::Discharge: return "Discharge";
    case Verb::Charge: return "Charge";
    case Verb::Hold: return "Hold";
    case Verb::Rest: return "Rest";
  }
  return "?";
}

std::string examplesFor(Verb v) {
  switch (v) {
    case Verb::Discharge: return std::string(kExDischarge) + " or 'Discharge at 1 mA/cm2 for 1 hour'";
    case Verb::Charge: return std::string(kExCharge) + " or 'Charge at 1 A/m2 for 30 min'";
    case Verb::Hold: return std::string(kExHold) + " or 'Hold at 4.2 V for 1 hour or until C/50'";
    case Verb::Rest: return std::string(kExRest) + " or " + kExRest2;
  }
  return "";
}

// ---------------------------------------------------------------------------------------
// Quantities

//! Canonical spellings of units that may be written in any case in a sentence
//! ("3 v", "1 MA/CM2"), and the English time words ("hour", "minutes", "sec").
namespace {

std::string canonicalUnit(const std::string& unit) {
  static const std::map<std::string, std::string> table = {
      {"v", "V"},           {"mv", "mV"},           {"v/s", "V/s"},         {"mv/s", "mV/s"},           {"a/m2", "A/m2"},       {"ma/cm2", "mA/cm2"},
      {"ma/m2", "mA/m2"},   {"a/cm2", "A/cm2"},     {"w/m2", "W/m2"},       {"mw/cm2", "mW/cm2"},
      {"mw/m2", "mW/m2"},   {"w/cm2", "W/cm2"},     {"mah/cm2", "mAh/cm2"}, {"mah/m2", "mAh/m2"},
      {"ah/m2", "Ah/m2"},   {"ah/cm2", "Ah/cm2"},   {"c/m2", "C/m2"},       {"h", "h"},
      {"hr", "h"},          {"hrs", "h"},           {"hour", "h"},          {"hours", "h"},
      {"min", "min"},       {"mins", "min"},        {"minute", "min"},      {"minutes", "min"},
      {"s", "s"},           {"sec", "s"},           {"secs", "s"},          {"second", "s"},
      {"seconds", "s"},
  };
  const auto it = table.find(lower(unit));
  return it == table.end() ? unit : it->second;
}

constexpr size_t kMaxQuantityChars = 64;

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }
size_t skipSpace(const std::string& s, size_t i) {
  while (i < s.size() && isSpace(s[i])) ++i;
  return i;
}

//! End of a decimal number starting at `i` ([-+]digits[.digits][e[-+]digits], at least one
//! digit; an exponent without digits is left out), or npos. A hand scanner, not std::regex:
//! compiling the three patterns this replaced cost more than tabulating a material's OCP.
size_t numberEnd(const std::string& s, size_t i) {
  const size_t n = s.size();
  if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
  int digits = 0;
  while (i < n && isDigit(s[i])) ++i, ++digits;
  if (i < n && s[i] == '.') {
    ++i;
    while (i < n && isDigit(s[i])) ++i, ++digits;
  }
  if (digits == 0) return std::string::npos;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    size_t k = i + 1;
    if (k < n && (s[k] == '+' || s[k] == '-')) ++k;
    const size_t first_digit = k;
    while (k < n && isDigit(s[k])) ++k;
    if (k > first_digit) i = k;
  }
  return i;
}

//! "3.105 v" -> "3.105 V", "1 hour" -> "1 h"; anything not of the form <number> <unit>
//! is returned unchanged (the unit parser then explains what is wrong with it).
std::string normalizeQuantity(const std::string& text) {
  const size_t start = skipSpace(text, 0), end = numberEnd(text, start);
  if (end == std::string::npos) return trim(text);
  const std::string number = text.substr(start, end - start), unit = trim(text.substr(end));
  if (unit.empty()) return number;
  return number + " " + canonicalUnit(unit);
}

//! A C-rate: "1C", "1 C", "0.05c", "C/2", "C / 20". Returns false if `text` is not one.
bool parseCRate(const std::string& text, double& multiple) {
  // A number out of range is not a C-rate: the unit parser then says so.
  auto number = [&text](size_t from, size_t to, double& v) {
    if (text[from] == '+') ++from;
    const auto res = std::from_chars(text.data() + from, text.data() + to, v);
    return res.ec == std::errc() && res.ptr == text.data() + to && std::isfinite(v);
  };
  auto isC = [&text](size_t i) { return i < text.size() && (text[i] == 'c' || text[i] == 'C'); };
  double v = 0;
  size_t i = skipSpace(text, 0);
  size_t end = numberEnd(text, i);
  if (end != std::string::npos) {  // "<number> C"
    const size_t c = skipSpace(text, end);
    if (!isC(c) || skipSpace(text, c + 1) != text.size() || !number(i, end, v)) return false;
    multiple = v;
    return true;
  }
  if (!isC(i)) return false;  // "C / <number>"
  i = skipSpace(text, i + 1);
  if (i >= text.size() || text[i] != '/') return false;
  i = skipSpace(text, i + 1);
  end = numberEnd(text, i);
  if (end == std::string::npos || skipSpace(text, end) != text.size() || !number(i, end, v)) return false;
  multiple = v == 0.0 ? 0.0 : 1.0 / v;
  return true;
}

}  // namespace

//! Classifies and converts a quantity; unparsable text -> error passing the unit message on.
Q readQuantity(const std::string& raw, const InputNode& where, const std::string& what,
               const std::string& context) {
  Q q;
  q.text = trim(raw);
  // Bounded: a quantity is a number and a unit, never a document.
  if (q.text.size() > kMaxQuantityChars)
    where.fail("cannot read " + what + " " + quote(q.text.substr(0, 24) + "...") + context + ": " +
               std::to_string(q.text.size()) + " characters; a quantity is at most " +
               std::to_string(kMaxQuantityChars));
  if (parseCRate(q.text, q.value)) {
    q.kind = QKind::CRate;
    return q;
  }
  const std::string examples = what == "current"    ? "; write e.g. '1C' or '1 mA/cm2'"
                               : what == "voltage"  ? "; write e.g. '4.2 V' or '3.0 V'"
                               : what == "duration" ? "; write e.g. '1 hour' or '30 min'"
                                                    : "; write e.g. '3.0 V' or '1 mAh/cm2'";
  const std::string norm = normalizeQuantity(q.text);
  units::Quantity parsed;
  try {
    parsed = units::parse(norm);
  } catch (const units::UnitError& e) {
    where.fail("cannot read " + what + " " + quote(q.text) + context + ": " + e.what() + examples);
  } catch (const std::exception& e) {
    where.fail("cannot read " + what + " " + quote(q.text) + context + ": " + e.what() + examples);
  }
  if (parsed.dim == units::Dimension{}) {
    where.fail(what + " " + quote(q.text) + " has no unit" + context +
               "; write e.g. '1C', '1 mA/cm2', '3.0 V', '1 hour' or '1 mAh/cm2'");
  }
  struct Known {
    const char* unit;
    QKind kind;
  };
  static const Known known[] = {{"A/m2", QKind::CurrentDensity}, {"W/m2", QKind::Power},
                                {"V", QKind::Voltage},          {"s", QKind::Time}, {"V/s", QKind::ScanRate},
                                {"C/m2", QKind::Capacity},       {"Hz", QKind::Frequency}};
  for (const auto& k : known) {
    if (parsed.dim == units::dimensionOf(k.unit)) {
      q.kind = k.kind;
      // Convert through toSI so that the conversion is the one used everywhere else.
      const char* expected = k.unit;
      try {
        q.value = units::toSI(norm, expected, false);
      } catch (const units::UnitError& e) {
        where.fail("cannot read " + what + " " + quote(q.text) + context + ": " + e.what() + examples);
      }
      return q;
    }
  }
  q.kind = QKind::Other;
  q.value = parsed.value_si;
  return q;
}

}  // namespace cellsim::protocol_detail
