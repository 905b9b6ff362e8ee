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
struct Symbol {
  const char* symbol;
  double factor;  // SI value of one of this unit
  Dimension dim;
};

const Dimension k_none = dim(0, 0, 0, 0);
const Dimension k_length = dim(1, 0, 0, 0);
const Dimension k_mass = dim(0, 1, 0, 0);
const Dimension k_time = dim(0, 0, 1, 0);
const Dimension k_current = dim(0, 0, 0, 1);
const Dimension k_temperature = dim(0, 0, 0, 0, 1);
const Dimension k_amount = dim(0, 0, 0, 0, 0, 1);
const Dimension k_volume = dim(3, 0, 0, 0);
const Dimension k_concentration = dim(-3, 0, 0, 0, 0, 1);
const Dimension k_energy = dim(2, 1, -2, 0);
const Dimension k_power = dim(2, 1, -3, 0);
const Dimension k_charge = dim(0, 0, 1, 1);
const Dimension k_voltage = dim(2, 1, -3, -1);
const Dimension k_resistance = dim(2, 1, -3, -2);
const Dimension k_conductance = dim(-2, -1, 3, 2);
const Dimension k_capacitance = dim(-2, -1, 4, 2);
const Dimension k_pressure = dim(-1, 1, -2, 0);
const Dimension k_force = dim(1, 1, -2, 0);
const Dimension k_frequency = dim(0, 0, -1, 0);

const Symbol kSymbols[] = {
    {"1", 1.0, k_none}, {"%", 0.01, k_none},
    {"m", 1.0, k_length}, {"km", 1e3, k_length}, {"dm", 1e-1, k_length}, {"cm", 1e-2, k_length},
    {"mm", 1e-3, k_length}, {"um", 1e-6, k_length}, {"nm", 1e-9, k_length},
    {"kg", 1.0, k_mass}, {"g", 1e-3, k_mass}, {"mg", 1e-6, k_mass}, {"ug", 1e-9, k_mass},
    {"s", 1.0, k_time}, {"sec", 1.0, k_time}, {"ms", 1e-3, k_time}, {"us", 1e-6, k_time},
    {"min", 60.0, k_time}, {"mins", 60.0, k_time}, {"minute", 60.0, k_time}, {"minutes", 60.0, k_time},
    {"h", 3600.0, k_time}, {"hr", 3600.0, k_time}, {"hrs", 3600.0, k_time}, {"hour", 3600.0, k_time},
    {"hours", 3600.0, k_time}, {"day", 86400.0, k_time}, {"days", 86400.0, k_time},
    {"A", 1.0, k_current}, {"kA", 1e3, k_current}, {"mA", 1e-3, k_current}, {"uA", 1e-6, k_current},
    {"nA", 1e-9, k_current},
    {"K", 1.0, k_temperature},
    {"mol", 1.0, k_amount}, {"kmol", 1e3, k_amount}, {"mmol", 1e-3, k_amount}, {"umol", 1e-6, k_amount},
    {"L", 1e-3, k_volume}, {"l", 1e-3, k_volume}, {"mL", 1e-6, k_volume},
    {"M", 1e3, k_concentration},  // mol/L
    {"mM", 1.0, k_concentration},  // mmol/L
    {"J", 1.0, k_energy}, {"kJ", 1e3, k_energy}, {"mJ", 1e-3, k_energy}, {"MJ", 1e6, k_energy},
    {"eV", constants::elementary_charge, k_energy},  // energy per particle
    {"Wh", 3600.0, k_energy}, {"mWh", 3.6, k_energy}, {"kWh", 3.6e6, k_energy},
    {"W", 1.0, k_power}, {"kW", 1e3, k_power}, {"mW", 1e-3, k_power}, {"uW", 1e-6, k_power},
    {"C", 1.0, k_charge},  // coulomb (C-rates are handled by the protocol parser)
    {"mC", 1e-3, k_charge}, {"uC", 1e-6, k_charge}, {"Ah", 3600.0, k_charge}, {"mAh", 3.6, k_charge},
    {"uAh", 3.6e-3, k_charge},
    {"V", 1.0, k_voltage}, {"kV", 1e3, k_voltage}, {"mV", 1e-3, k_voltage}, {"uV", 1e-6, k_voltage},
    {"ohm", 1.0, k_resistance}, {"Ohm", 1.0, k_resistance}, {"ohms", 1.0, k_resistance},
    {"Ohms", 1.0, k_resistance}, {"mohm", 1e-3, k_resistance}, {"mOhm", 1e-3, k_resistance},
    {"kohm", 1e3, k_resistance}, {"kOhm", 1e3, k_resistance},
    {"S", 1.0, k_conductance}, {"mS", 1e-3, k_conductance}, {"uS", 1e-6, k_conductance},
    {"F", 1.0, k_capacitance}, {"mF", 1e-3, k_capacitance}, {"uF", 1e-6, k_capacitance},
    {"nF", 1e-9, k_capacitance},
    {"Pa", 1.0, k_pressure}, {"kPa", 1e3, k_pressure}, {"MPa", 1e6, k_pressure},
    {"GPa", 1e9, k_pressure}, {"bar", 1e5, k_pressure},
    {"N", 1.0, k_force},
    {"Hz", 1.0, k_frequency}, {"mHz", 1e-3, k_frequency}, {"kHz", 1e3, k_frequency},
    {"MHz", 1e6, k_frequency},
};

}  // namespace

const std::map<std::string, UnitDef>& symbolTable() {
  static const std::map<std::string, UnitDef> table = [] {
    std::map<std::string, UnitDef> t;
    for (const Symbol& s : kSymbols) t[s.symbol] = {s.factor, s.dim};
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
