#include "core/Units.hpp"

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

// Index of each SI base dimension in Dimension::exp.
enum Base { M = 0, KG = 1, S = 2, A = 3, K = 4, MOL = 5 };

Dimension dim(int m, int kg, int s, int a, int k = 0, int mol = 0) {
  Dimension d;
  d.exp = {m, kg, s, a, k, mol};
  return d;
}

struct UnitDef {
  double factor;  // SI value of one of this unit
  Dimension dim;
};

constexpr double kElementaryCharge = 1.602176634e-19;  // C (exact, SI 2019)
constexpr double kZeroCelsius = 273.15;                // K

// Explicit symbol table: no automatic prefixes, so "mm", "min", "m", "M", "MPa" can never be
// confused. Symbols are case-sensitive ("S" siemens vs "s" second, "M" molar vs "m" metre).
const std::map<std::string, UnitDef>& symbolTable() {
  static const std::map<std::string, UnitDef> table = [] {
    std::map<std::string, UnitDef> t;
    const Dimension none = dim(0, 0, 0, 0);
    const Dimension length = dim(1, 0, 0, 0);
    const Dimension mass = dim(0, 1, 0, 0);
    const Dimension time = dim(0, 0, 1, 0);
    const Dimension current = dim(0, 0, 0, 1);
    const Dimension temperature = dim(0, 0, 0, 0, 1);
    const Dimension amount = dim(0, 0, 0, 0, 0, 1);
    const Dimension volume = dim(3, 0, 0, 0);
    const Dimension concentration = dim(-3, 0, 0, 0, 0, 1);
    const Dimension energy = dim(2, 1, -2, 0);
    const Dimension power = dim(2, 1, -3, 0);
    const Dimension charge = dim(0, 0, 1, 1);
    const Dimension voltage = dim(2, 1, -3, -1);
    const Dimension resistance = dim(2, 1, -3, -2);
    const Dimension conductance = dim(-2, -1, 3, 2);
    const Dimension capacitance = dim(-2, -1, 4, 2);
    const Dimension pressure = dim(-1, 1, -2, 0);
    const Dimension force = dim(1, 1, -2, 0);
    const Dimension frequency = dim(0, 0, -1, 0);

    auto add = [&t](const std::string& sym, double f, const Dimension& d) { t[sym] = {f, d}; };
    add("1", 1.0, none);
    add("%", 0.01, none);

    add("m", 1.0, length);
    add("km", 1e3, length);
    add("dm", 1e-1, length);
    add("cm", 1e-2, length);
    add("mm", 1e-3, length);
    add("um", 1e-6, length);
    add("nm", 1e-9, length);

    add("kg", 1.0, mass);
    add("g", 1e-3, mass);
    add("mg", 1e-6, mass);
    add("ug", 1e-9, mass);

    add("s", 1.0, time);
    add("sec", 1.0, time);
    add("ms", 1e-3, time);
    add("us", 1e-6, time);
    add("min", 60.0, time);
    add("mins", 60.0, time);
    add("minute", 60.0, time);
    add("minutes", 60.0, time);
    add("h", 3600.0, time);
    add("hr", 3600.0, time);
    add("hrs", 3600.0, time);
    add("hour", 3600.0, time);
    add("hours", 3600.0, time);
    add("day", 86400.0, time);
    add("days", 86400.0, time);

    add("A", 1.0, current);
    add("kA", 1e3, current);
    add("mA", 1e-3, current);
    add("uA", 1e-6, current);
    add("nA", 1e-9, current);

    add("K", 1.0, temperature);

    add("mol", 1.0, amount);
    add("kmol", 1e3, amount);
    add("mmol", 1e-3, amount);
    add("umol", 1e-6, amount);

    add("L", 1e-3, volume);
    add("l", 1e-3, volume);
    add("mL", 1e-6, volume);
    add("M", 1e3, concentration);   // mol/L
    add("mM", 1.0, concentration);  // mmol/L

    add("J", 1.0, energy);
    add("kJ", 1e3, energy);
    add("mJ", 1e-3, energy);
    add("MJ", 1e6, energy);
    add("eV", kElementaryCharge, energy);  // energy per particle
    add("Wh", 3600.0, energy);
    add("mWh", 3.6, energy);
    add("kWh", 3.6e6, energy);

    add("W", 1.0, power);
    add("kW", 1e3, power);
    add("mW", 1e-3, power);
    add("uW", 1e-6, power);

    add("C", 1.0, charge);  // coulomb (C-rates are handled by the protocol parser)
    add("mC", 1e-3, charge);
    add("uC", 1e-6, charge);
    add("Ah", 3600.0, charge);
    add("mAh", 3.6, charge);
    add("uAh", 3.6e-3, charge);

    add("V", 1.0, voltage);
    add("kV", 1e3, voltage);
    add("mV", 1e-3, voltage);
    add("uV", 1e-6, voltage);

    for (const char* o : {"ohm", "Ohm", "ohms", "Ohms"}) add(o, 1.0, resistance);
    for (const char* o : {"mohm", "mOhm"}) add(o, 1e-3, resistance);
    for (const char* o : {"kohm", "kOhm"}) add(o, 1e3, resistance);

    add("S", 1.0, conductance);
    add("mS", 1e-3, conductance);
    add("uS", 1e-6, conductance);

    add("F", 1.0, capacitance);
    add("mF", 1e-3, capacitance);
    add("uF", 1e-6, capacitance);
    add("nF", 1e-9, capacitance);

    add("Pa", 1.0, pressure);
    add("kPa", 1e3, pressure);
    add("MPa", 1e6, pressure);
    add("GPa", 1e9, pressure);
    add("bar", 1e5, pressure);

    add("N", 1.0, force);

    add("Hz", 1.0, frequency);
    add("mHz", 1e-3, frequency);
    add("kHz", 1e3, frequency);
    add("MHz", 1e6, frequency);
    return t;
  }();
  return table;
}

bool isDegC(const std::string& sym) { return sym == "degC"; }

std::string trim(const std::string& s) {
  const char* ws = " \t\r\n";
  const auto b = s.find_first_not_of(ws);
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

void replaceAll(std::string& s, const std::string& from, const std::string& to) {
  for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
}

// Maps common non-ASCII spellings to the ASCII symbols of the table.
std::string normalizeUnicode(std::string u) {
  replaceAll(u, "\u00B7", "*");   // middle dot
  replaceAll(u, "\u22C5", "*");   // dot operator
  replaceAll(u, "\u00B0C", "degC");
  replaceAll(u, "\u00B5", "u");   // micro sign
  replaceAll(u, "\u03BC", "u");   // greek mu
  replaceAll(u, "\u2126", "ohm");  // ohm sign
  replaceAll(u, "\u03A9", "ohm");  // greek capital omega
  replaceAll(u, "\u207B", "-");   // superscript minus
  replaceAll(u, "\u00B9", "1");
  replaceAll(u, "\u00B2", "2");
  replaceAll(u, "\u00B3", "3");
  replaceAll(u, "\u2074", "4");
  return u;
}

size_t levenshtein(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// A near miss in the symbol table ("ma" -> "mA", "umm" -> "um"), or "".
std::string suggestSymbol(const std::string& sym) {
  auto lower = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  const std::string lsym = lower(sym);
  std::string best;
  std::pair<size_t, size_t> best_d{2, 0};  // (case-insensitive, case-sensitive) distance
  for (const auto& [name, def] : symbolTable()) {
    (void)def;
    if (name == "1") continue;
    const std::pair<size_t, size_t> d{levenshtein(lsym, lower(name)), levenshtein(sym, name)};
    if (d.second > 0 && d.first <= 1 && d < best_d) {
      best_d = d;
      best = name;
    }
  }
  return best;
}

struct ParsedUnit {
  double factor = 1.0;
  double offset = 0.0;  // only degC
  Dimension dim;
};

// Parses a unit expression (without the number). `whole` is the text quoted in errors.
ParsedUnit parseUnit(const std::string& unit_text, const std::string& whole) {
  const std::string u = normalizeUnicode(trim(unit_text));
  ParsedUnit out;
  if (u.empty() || u == "1") return out;

  // Split into '/'-separated segments: the first is the numerator, every later one is
  // in the denominator ("mol/m2/s" = mol m^-2 s^-1).
  std::vector<std::string> segments;
  {
    size_t start = 0;
    while (true) {
      const size_t slash = u.find('/', start);
      segments.push_back(u.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
      if (slash == std::string::npos) break;
      start = slash + 1;
    }
  }

  int n_tokens = 0;
  bool has_degC = false;
  for (size_t si = 0; si < segments.size(); ++si) {
    const int sign = si == 0 ? 1 : -1;
    std::vector<std::string> tokens;
    std::string cur;
    for (char c : segments[si]) {
      if (c == ' ' || c == '\t' || c == '*') {
        if (!cur.empty()) tokens.push_back(cur);
        cur.clear();
      } else {
        cur += c;
      }
    }
    if (!cur.empty()) tokens.push_back(cur);
    if (tokens.empty()) {
      // "/s" is allowed (numerator 1); "m//s" and "m/" are not.
      if (si == 0 && segments.size() > 1) continue;
      throw UnitError("malformed unit '" + trim(unit_text) + "' in '" + whole +
                      "': empty factor around '/'");
    }
    for (const std::string& tok : tokens) {
      // Split a trailing integer power: "m2", "m^2", "m-2", "m^-2".
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
      std::string sym = tok.substr(0, sym_end);
      int power = 1;
      if (sym.empty()) {
        if (tok == "1") {  // "1/s"
          ++n_tokens;
          continue;
        }
        throw UnitError("malformed unit '" + trim(unit_text) + "' in '" + whole + "': unexpected '" +
                        tok + "'");
      }
      if (caret && !has_digits) {
        throw UnitError("malformed unit '" + trim(unit_text) + "' in '" + whole +
                        "': '^' must be followed by an integer power, e.g. 'm^2'");
      }
      if (has_digits) {
        const std::string p = tok.substr(sym_end + (caret ? 1 : 0));
        try {
          power = std::stoi(p);
        } catch (const std::exception&) {
          throw UnitError("malformed unit '" + trim(unit_text) + "' in '" + whole + "': bad power '" + p + "'");
        }
      }
      ++n_tokens;
      if (isDegC(sym)) {
        has_degC = true;
        if (power != 1 || sign != 1) {
          throw UnitError("'degC' is an offset unit and can only stand alone (e.g. '25 degC'); use K "
                          "inside compound units, e.g. 'J/mol/K', in '" + whole + "'");
        }
        out.offset = kZeroCelsius;
        out.dim.exp[K] += 1;
        continue;
      }
      const auto& table = symbolTable();
      const auto it = table.find(sym);
      if (it == table.end()) {
        std::string msg = "unknown unit '" + sym + "' in '" + whole + "'";
        const std::string s = suggestSymbol(sym);
        if (!s.empty()) msg += "; did you mean '" + s + "'?";
        throw UnitError(msg);
      }
      out.factor *= std::pow(it->second.factor, sign * power);
      for (size_t k = 0; k < 6; ++k) out.dim.exp[k] += sign * power * it->second.dim.exp[k];
    }
  }
  if (has_degC && n_tokens != 1) {
    throw UnitError("'degC' is an offset unit and can only stand alone (e.g. '25 degC'); use K "
                    "inside compound units, e.g. 'J/mol/K', in '" + whole + "'");
  }
  return out;
}

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
    throw UnitError("expected a number (optionally with a unit, e.g. '25 um'), got '" + t + "'");
  }
  double value = 0.0;
  const char* first = t.data() + (t[0] == '+' ? 1 : 0);
  const auto res = std::from_chars(first, t.data() + len, value);
  if (res.ec != std::errc() || res.ptr != t.data() + len || !std::isfinite(value)) {
    throw UnitError("number out of range in '" + t + "'");
  }
  ParsedQuantity out;
  const std::string unit = trim(t.substr(len));
  out.has_unit = !unit.empty();
  const ParsedUnit pu = parseUnit(unit, t);
  out.q.value_si = value * pu.factor + pu.offset;
  out.q.dim = pu.dim;
  if (!std::isfinite(out.q.value_si)) throw UnitError("number out of range in '" + t + "'");
  return out;
}

bool isDimensionless(const Dimension& d) { return d == Dimension{}; }

// Examples quoted in error messages, by dimension.
std::string examplesFor(const std::string& expected_unit, const Dimension& d) {
  static const std::vector<std::pair<Dimension, std::string>> examples = [] {
    std::vector<std::pair<Dimension, std::string>> e;
    auto add = [&e](const char* unit, const char* ex) { e.emplace_back(parseUnit(unit, unit).dim, ex); };
    add("m", "'25 um'");
    add("A/m2", "'10 A/m2' or '1 mA/cm2'");
    add("A", "'1 A' or '100 mA'");
    add("m2/s", "'5e-14 m2/s' or '5e-10 cm2/s'");
    add("S/m", "'1 S/m' or '10 mS/cm'");
    add("mol/m3", "'1000 mol/m3' or '1 M'");
    add("K", "'298.15 K' or '25 degC'");
    add("s", "'10 s', '30 min' or '1 h'");
    add("V", "'4.2 V' or '100 mV'");
    add("V/s", "'0.1 mV/s'");
    add("J/mol", "'18 kJ/mol'");
    add("J", "'1 J' or '2.13 eV'");
    add("kg/m3", "'5010 kg/m3' or '5 g/cm3'");
    add("ohm m2", "'3 ohm cm2'");
    add("ohm", "'0.1 ohm' or '20 mohm'");
    add("C/m2", "'5 mAh/cm2'");
    add("C/kg", "'220 mAh/g'");
    add("W/m2", "'10 W/m2' or '1 mW/cm2'");
    add("W", "'1 W' or '100 mW'");
    add("F/m2", "'0.2 F/m2' or '20 uF/cm2'");
    add("1/s", "'1e-6 1/s' or '1 Hz'");
    add("mol/m2/s", "'1e-6 mol/m2/s'");
    add("Pa", "'1 MPa'");
    add("1/m", "'3e5 1/m'");
    return e;
  }();
  for (const auto& [ed, ex] : examples) {
    if (ed == d) return ex;
  }
  return "'1 " + expected_unit + "'";
}

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
    if (scanNumber(t) == 0) throw UnitError("expected " + what + ", got '" + t + "'");
    throw;
  }
  if (!p.has_unit) {
    if (want_dimensionless || allow_bare_number) return p.q.value_si;
    throw UnitError("missing unit: expected " + what + ", got '" + t + "'");
  }
  if (p.q.dim != want) throw UnitError("expected " + what + ", got '" + t + "'");
  return p.q.value_si;
}

}  // namespace cellsim::units
