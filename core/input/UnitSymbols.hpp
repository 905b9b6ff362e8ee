#pragma once
// Internals of the unit parser (not part of the public API): the symbol table and the
// helpers that make unit errors helpful.
#include <map>
#include <string>

#include "core/input/Units.hpp"

namespace cellsim::units {

struct UnitDef {
  double factor;  //!< SI value of one of this unit
  Dimension dim;
};

//! Explicit symbol table: no automatic prefixes, so "mm", "min", "m", "M", "MPa" can never
//! be confused. Symbols are case-sensitive ("S" siemens vs "s" second, "M" molar vs "m" metre).
const std::map<std::string, UnitDef>& symbolTable();
//! Maps common non-ASCII spellings (micro sign, middle dot, superscripts) to ASCII.
std::string normalizeUnicode(std::string u);
//! A near miss in the symbol table ("ma" -> "mA", "umm" -> "um"), or "".
std::string suggestSymbol(const std::string& sym);
//! Examples of values with the dimension `d`, quoted in errors ("'25 um'").
std::string examplesFor(const std::string& expected_unit, const Dimension& d);

}  // namespace cellsim::units
