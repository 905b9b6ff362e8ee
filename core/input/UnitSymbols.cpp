// The unit symbols cellsim reads, their SI factors and dimensions, and the examples and
// near-miss suggestions quoted in unit errors.
#include "core/input/UnitSymbols.hpp"

#include <utility>
#include <vector>

#include "core/input/PhysicalConstants.hpp"
#include "core/input/Text.hpp"

namespace cellsim::units {

namespace {

Dimension dim(int m, int kg, int s, int a, int k = 0, int mol = 0) {
  Dimension d;
  d.exp = {m, kg, s, a, k, mol};
  return d;
}

// Explicit symbol table: no automatic prefixes, so "mm", "min", "m", "M", "MPa" can never be
// confused. Symbols are case-sensitive ("S" siemens vs "s" second, "M" molar vs "m" metre).
}  // namespace

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
    add("eV", constants::elementary_charge, energy);  // energy per particle
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

static void replaceAll(std::string& s, const std::string& from, const std::string& to) {
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

// A near miss in the symbol table ("ma" -> "mA", "umm" -> "um"), or "".
std::string suggestSymbol(const std::string& sym) {
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

// Examples quoted in error messages, by dimension.
std::string examplesFor(const std::string& expected_unit, const Dimension& d) {
  static const std::vector<std::pair<Dimension, std::string>> examples = [] {
    std::vector<std::pair<Dimension, std::string>> e;
    auto add = [&e](const char* unit, const char* ex) { e.emplace_back(dimensionOf(unit), ex); };
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

}  // namespace cellsim::units
