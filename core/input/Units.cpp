#include "core/input/Units.hpp"

#include "core/input/PhysicalConstants.hpp"
#include "core/input/Text.hpp"
#include "core/input/UnitSymbols.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <map>
#include <sstream>
#include <utility>
#include <vector>

namespace cellsim::units {

namespace {

// Index of temperature in Dimension::exp (m, kg, s, A, K, mol).
constexpr int K = 4;

bool isDegC(const std::string& sym) { return sym == "degC"; }

struct ParsedUnit {
  double factor = 1.0;
  double offset = 0.0;  // only degC
  Dimension dim;
};

//! Factors of one segment, separated by spaces or '*'.
std::vector<std::string> splitFactors(const std::string& segment) {
  std::vector<std::string> tokens;
  std::string cur;
  for (char c : segment) {
    if (c == ' ' || c == '\t' || c == '*') {
      if (!cur.empty()) tokens.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) tokens.push_back(cur);
  return tokens;
}

//! Reads a unit expression (without the number); `whole` is the text quoted in errors.
class UnitReader {
 public:
  UnitReader(const std::string& unit_text, const std::string& whole) : text_(trim(unit_text)), whole_(whole) {}

  ParsedUnit read() {
    const std::string u = normalizeUnicode(text_);
    if (u.empty() || u == "1") return out_;
    // The first '/'-separated segment is the numerator, every later one is in the
    // denominator ("mol/m2/s" = mol m^-2 s^-1).
    const std::vector<std::string> segments = split(u, '/');
    for (size_t si = 0; si < segments.size(); ++si) {
      const std::vector<std::string> tokens = splitFactors(segments[si]);
      if (tokens.empty()) {
        // "/s" is allowed (numerator 1); "m//s" and "m/" are not.
        if (si == 0 && segments.size() > 1) continue;
        fail("empty factor around '/'");
      }
      for (const std::string& tok : tokens) factor(tok, si == 0 ? 1 : -1);
    }
    if (has_degC_ && n_tokens_ != 1) failDegC();
    return out_;
  }

 private:
  [[noreturn]] void fail(const std::string& why) const {
    throw UnitError("malformed unit '" + text_ + "' in '" + whole_ + "': " + why);
  }
  [[noreturn]] void failDegC() const {
    throw UnitError("'degC' is an offset unit and can only stand alone (e.g. '25 degC'); use K "
                    "inside compound units, e.g. 'J/mol/K', in '" + whole_ + "'");
  }

  //! One factor with an optional trailing integer power: "m2", "m^2", "m-2", "m^-2".
  void factor(const std::string& tok, int sign) {
    size_t end = tok.size();
    while (end > 0 && std::isdigit(static_cast<unsigned char>(tok[end - 1]))) --end;
    const bool has_digits = end < tok.size();
    size_t sym_end = end;
    if (has_digits && sym_end > 0 && (tok[sym_end - 1] == '-' || tok[sym_end - 1] == '+')) --sym_end;
    bool caret = false;
    if (sym_end > 0 && tok[sym_end - 1] == '^') {
      --sym_end;
      caret = true;
    }
    const std::string sym = tok.substr(0, sym_end);
    if (sym.empty()) {
      if (tok != "1") fail("unexpected '" + tok + "'");
      ++n_tokens_;  // "1/s"
      return;
    }
    if (caret && !has_digits) fail("'^' must be followed by an integer power, e.g. 'm^2'");
    int power = 1;
    if (has_digits) {
      const std::string p = tok.substr(sym_end + (caret ? 1 : 0));
      // A unit's power is small; bounded before any arithmetic on dimensions.
      if (p.size() > 3) fail("bad power '" + p + "': powers of units go up to 12");
      try {
        power = std::stoi(p);
      } catch (const std::exception&) {
        fail("bad power '" + p + "'");
      }
      if (std::abs(power) > 12) fail("bad power '" + p + "': powers of units go up to 12");
    }
    ++n_tokens_;
    apply(sym, sign * power);
  }

  void apply(const std::string& sym, int power) {
    if (isDegC(sym)) {
      has_degC_ = true;
      if (power != 1) failDegC();
      out_.offset = constants::zero_celsius_K;
      out_.dim.exp[K] += 1;
      return;
    }
    const auto& table = symbolTable();
    const auto it = table.find(sym);
    if (it == table.end()) {
      std::string msg = "unknown unit '" + excerpt(sym) + "' in '" + excerpt(whole_) + "'";
      const std::string s = suggestSymbol(sym);
      if (!s.empty()) msg += "; did you mean '" + s + "'?";
      throw UnitError(msg);
    }
    out_.factor *= std::pow(it->second.factor, power);
    for (size_t k = 0; k < 6; ++k) out_.dim.exp[k] += power * it->second.dim.exp[k];
  }

  std::string text_, whole_;
  ParsedUnit out_;
  int n_tokens_ = 0;
  bool has_degC_ = false;
};

ParsedUnit parseUnit(const std::string& unit_text, const std::string& whole) { return UnitReader(unit_text, whole).read(); }

// Scans a leading decimal number "[+-]digits[.digits][e[+-]digits]"; returns its length
// (0 if none). The exponent is only consumed when complete, so "2.13eV" is 2.13 eV.
size_t scanNumber(const std::string& s) {
  size_t i = 0;
  const size_t n = s.size();
  if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
  size_t digits = 0;
  while (i < n && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  if (i < n && s[i] == '.') {
    ++i;
    while (i < n && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  }
  if (digits == 0) return 0;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    size_t j = i + 1;
    if (j < n && (s[j] == '+' || s[j] == '-')) ++j;
    size_t exp_digits = 0;
    while (j < n && std::isdigit(static_cast<unsigned char>(s[j]))) ++j, ++exp_digits;
    if (exp_digits > 0) i = j;
  }
  return i;
}

struct ParsedQuantity {
  Quantity q;
  bool has_unit = false;
};

ParsedQuantity parseImpl(const std::string& text) {
  const std::string t = trim(text);
  if (t.empty()) throw UnitError("expected a number (optionally with a unit, e.g. '25 um'), got nothing");
  const size_t len = scanNumber(t);
  if (len == 0) {
    throw UnitError("expected a number (optionally with a unit, e.g. '25 um'), got '" + excerpt(t) + "'");
  }
  double value = 0.0;
  const char* first = t.data() + (t[0] == '+' ? 1 : 0);
  const auto res = std::from_chars(first, t.data() + len, value);
  if (res.ec != std::errc() || res.ptr != t.data() + len || !std::isfinite(value)) {
    throw UnitError("number out of range in '" + excerpt(t) + "'");
  }
  ParsedQuantity out;
  const std::string unit = trim(t.substr(len));
  out.has_unit = !unit.empty();
  const ParsedUnit pu = parseUnit(unit, t);
  out.q.value_si = value * pu.factor + pu.offset;
  out.q.dim = pu.dim;
  if (!std::isfinite(out.q.value_si)) throw UnitError("number out of range in '" + excerpt(t) + "'");
  return out;
}

bool isDimensionless(const Dimension& d) { return d == Dimension{}; }

}  // namespace

std::string Dimension::str() const {
  static const char* names[6] = {"m", "kg", "s", "A", "K", "mol"};
  std::ostringstream os;
  bool first = true;
  for (size_t i = 0; i < 6; ++i) {
    if (exp[i] == 0) continue;
    if (!first) os << ' ';
    first = false;
    os << names[i];
    if (exp[i] != 1) os << '^' << exp[i];
  }
  return first ? "1" : os.str();
}

Quantity parse(const std::string& text) { return parseImpl(text).q; }

Dimension dimensionOf(const std::string& unit) {
  const std::string u = trim(unit);
  return parseUnit(u, u).dim;
}

double toSI(const std::string& text, const std::string& expected_unit, bool allow_bare_number) {
  const std::string t = trim(text);
  const std::string eu = trim(expected_unit);
  const Dimension want = dimensionOf(eu);
  const bool want_dimensionless = isDimensionless(want);
  const std::string what = want_dimensionless
                               ? std::string("a dimensionless number (e.g. '0.4' or '40 %')")
                               : "a value with units of " + eu + " (e.g. " + examplesFor(eu, want) + ")";
  ParsedQuantity p;
  try {
    p = parseImpl(t);
  } catch (const UnitError& e) {
    // A text that is not even a number: say what was expected.
    if (scanNumber(t) == 0) throw UnitError("expected " + what + ", got '" + excerpt(t) + "'");
    throw;
  }
  if (!p.has_unit) {
    if (want_dimensionless || allow_bare_number) return p.q.value_si;
    throw UnitError("missing unit: expected " + what + ", got '" + excerpt(t) + "'");
  }
  if (p.q.dim != want) throw UnitError("expected " + what + ", got '" + excerpt(t) + "'");
  return p.q.value_si;
}

}  // namespace cellsim::units
