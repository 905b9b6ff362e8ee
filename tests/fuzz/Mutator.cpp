#include "Mutator.hpp"

#include <cctype>

namespace fuzz {
namespace {

using Lines = std::vector<std::string>;

Lines splitLines(const std::string& s) {
  Lines out;
  size_t a = 0;
  for (size_t b; (b = s.find('\n', a)) != std::string::npos; a = b + 1) out.push_back(s.substr(a, b - a));
  if (a < s.size()) out.push_back(s.substr(a));
  return out;
}

std::string joinLines(const Lines& l) {
  std::string s;
  for (const auto& x : l) s += x + "\n";
  return s;
}

// Position of the value in "  key: value" (after ": "), or npos.
size_t valueStart(const std::string& line) {
  const size_t c = line.find(": ");
  if (c == std::string::npos || line.find('#') < c) return std::string::npos;
  return c + 2;
}

// Values that parsers meet rarely: overflow, underflow, precision, signs, YAML's own spellings.
const std::vector<std::string> kNumbers = {
    "1e999", "-1e999", "1e-400", "1234567890123456789012345678901234567890", "0", "-0", "-1",
    "2147483648", "-2147483649", "9223372036854775808", "4294967296", ".inf", "-.inf", ".nan",
    "nan", "inf", "1e308", "4.9e-324", "0x10", "1_000", "+5", "1.", ".5", "1e", "--1", "0.0000",
    "18446744073709551616", "1e+", "1e9999999999", "99999999999999999999e-99999999999"};

// Bytes text rarely has: invalid UTF-8, overlong forms, BOM, zero width, NUL, control bytes.
const std::vector<std::string> kOddBytes = {
    "\xC3\x28", "\xFF", "\xFE\xFF", "\xEF\xBB\xBF", "\xE2\x80\x8B", "\xC0\xAF", "\xED\xA0\x80",
    "\xF4\x90\x80\x80", "\xCE\xBC" "m", "\xC2\xB0" "C", std::string("\0", 1), "\t", "\r", "\x1b[2J",
    "\xE2\x88\x92" "1", "\xEF\xBC\x91"};

const std::vector<std::string> kUnits = {
    "um", "m", "nm", "mA/cm2", "A/m2", "degC", "K", "h", "min", "s", "V", "mV", "mol/m3", "m2/s",
    "S/m", "kJ/mol", "mAh/cm2", "ohm cm2", "eV", "mV/s", "g/cm3", "1/s", "C", "", "m^99",
    "m^-2147483648", "m^2147483647", "A m-2 s", "degC/s", "um um um um um um um", "//", "^", "m^"};

void flipByte(std::string& t, Rng& r) {
  if (t.empty()) return;
  const size_t p = r.below(t.size());
  t[p] = r.chance(50) ? static_cast<char>(t[p] ^ (1 << r.below(8))) : static_cast<char>(r.below(256));
}

void deleteBytes(std::string& t, Rng& r) {
  if (t.empty()) return;
  const size_t p = r.below(t.size());
  t.erase(p, 1 + r.below(16));
}

void insertOddBytes(std::string& t, Rng& r) { t.insert(r.below(t.size() + 1), r.pick(kOddBytes)); }

// Replaces a run of digits (with its sign, point and exponent) by an extreme number.
void replaceNumber(std::string& t, Rng& r) {
  if (t.empty()) return;
  size_t p = r.below(t.size());
  while (p < t.size() && !std::isdigit(static_cast<unsigned char>(t[p]))) ++p;
  if (p >= t.size()) return;
  size_t e = p;
  while (e < t.size() && (std::isdigit(static_cast<unsigned char>(t[e])) || t[e] == '.' || t[e] == 'e' ||
                          t[e] == 'E' || ((t[e] == '-' || t[e] == '+') && e > p && (t[e - 1] == 'e' || t[e - 1] == 'E'))))
    ++e;
  while (p > 0 && (t[p - 1] == '-' || t[p - 1] == '.')) --p;
  t.replace(p, e - p, r.pick(kNumbers));
}

void lineMutation(Lines& l, const Corpus& c, Rng& r) {
  if (l.empty()) return;
  const size_t i = r.below(l.size()), j = r.below(l.size());
  switch (r.below(5)) {
    case 0: l.erase(l.begin() + static_cast<long>(i)); break;
    case 1: l.insert(l.begin() + static_cast<long>(j), l[i]); break;
    case 2: if (!c.lines.empty()) l.insert(l.begin() + static_cast<long>(j), r.pick(c.lines)); break;
    case 3: l.resize(i); break;                          // truncated file
    default: {                                           // a spliced line at this line's indentation
      if (c.lines.empty()) break;
      std::string s = r.pick(c.lines);
      const size_t ind = l[i].find_first_not_of(' ');
      s.erase(0, s.find_first_not_of(' ') == std::string::npos ? 0 : s.find_first_not_of(' '));
      l.insert(l.begin() + static_cast<long>(i), std::string(ind == std::string::npos ? 0 : ind, ' ') + s);
    }
  }
}

// Anchors a value and refers to it from another key; or refers to an anchor nobody defined;
// or merges a map into another with "<<".
void aliasMutation(Lines& l, Rng& r) {
  if (l.size() < 2) return;
  const size_t i = r.below(l.size()), j = r.below(l.size());
  const size_t vi = valueStart(l[i]), vj = valueStart(l[j]);
  const std::string name = "fz" + std::to_string(r.below(4));
  switch (r.below(4)) {
    case 0:
      if (vi == std::string::npos || vj == std::string::npos) return;
      l[i].insert(vi, "&" + name + " ");
      l[j] = l[j].substr(0, vj) + "*" + name;
      break;
    case 1:  // an anchored block (a whole map) used where a scalar belongs, or the reverse
      if (l[i].empty() || l[i].back() != ':' || vj == std::string::npos) return;
      l[i] += " &" + name;
      l[j] = l[j].substr(0, vj) + "*" + name;
      break;
    case 2:
      if (vj == std::string::npos) return;
      l[j] = l[j].substr(0, vj) + "*undefined_anchor";
      break;
    default: {
      const size_t ind = l[j].find_first_not_of(' ');
      l.insert(l.begin() + static_cast<long>(j), std::string(ind == std::string::npos ? 0 : ind, ' ') + "<<: *" + name);
    }
  }
}

void deepNesting(Lines& l, Rng& r) {
  static const size_t kDepths[] = {64, 1000, 20000, 200000};
  const size_t d = kDepths[r.below(4)];
  const size_t i = r.below(l.size() + 1);
  std::string s;
  switch (r.below(3)) {
    case 0: s = "deep: " + std::string(d, '[') + "1" + std::string(d, ']'); break;
    case 1: {
      s = "deep: ";
      for (size_t k = 0; k < d; ++k) s += "{a: ";
      s += "1" + std::string(d, '}');
      break;
    }
    default: s = "deep: " + std::string(d, '[');  // never closed
  }
  if (i < l.size() && valueStart(l[i]) != std::string::npos && r.chance(50))
    l[i] = l[i].substr(0, valueStart(l[i])) + s.substr(6);
  else
    l.insert(l.begin() + static_cast<long>(i), s);
}

void swapKeysOrValues(Lines& l, Rng& r) {
  if (l.size() < 2) return;
  const size_t i = r.below(l.size()), j = r.below(l.size());
  const size_t vi = valueStart(l[i]), vj = valueStart(l[j]);
  if (vi == std::string::npos || vj == std::string::npos) return;
  const size_t ki = l[i].find_first_not_of(" -"), kj = l[j].find_first_not_of(" -");
  if (r.chance(50)) {
    const std::string a = l[i].substr(ki, vi - ki), b = l[j].substr(kj, vj - kj);
    l[i] = l[i].substr(0, ki) + b + l[i].substr(vi);
    l[j] = l[j].substr(0, kj) + a + l[j].substr(vj);
  } else {
    const std::string a = l[i].substr(vi), b = l[j].substr(vj);
    l[i] = l[i].substr(0, vi) + b;
    l[j] = l[j].substr(0, vj) + a;
  }
}

// Replaces the unit of a "number unit" value by another unit or an absurd power.
void swapUnit(std::string& t, Rng& r) {
  if (t.empty()) return;
  size_t p = r.below(t.size());
  while (p + 1 < t.size() && !(std::isdigit(static_cast<unsigned char>(t[p])) && t[p + 1] == ' ')) ++p;
  if (p + 1 >= t.size()) return;
  size_t e = p + 2;
  while (e < t.size() && t[e] != '\n' && t[e] != '"' && t[e] != ',' && t[e] != '}' && t[e] != ']' && t[e] != '#') ++e;
  t.replace(p + 2, e - p - 2, r.pick(kUnits));
}

}  // namespace

std::string mutateYaml(std::string text, const Corpus& c, Rng& r) {
  const size_t n = 1 + r.below(4);
  for (size_t k = 0; k < n; ++k) {
    const size_t op = r.below(10);
    if (op <= 3) {
      Lines l = splitLines(text);
      if (op == 0) lineMutation(l, c, r);
      if (op == 1) aliasMutation(l, r);
      if (op == 2) swapKeysOrValues(l, r);
      if (op == 3 && r.chance(30)) deepNesting(l, r);
      if (op == 3) lineMutation(l, c, r);
      text = joinLines(l);
    } else if (op == 4) {
      flipByte(text, r);
    } else if (op == 5) {
      deleteBytes(text, r);
    } else if (op == 6) {
      insertOddBytes(text, r);
    } else if (op == 7) {
      replaceNumber(text, r);
    } else {
      swapUnit(text, r);
    }
  }
  return text;
}

std::string mutateUnit(std::string text, const Corpus& c, Rng& r) {
  const size_t n = 1 + r.below(3);
  for (size_t k = 0; k < n; ++k) {
    switch (r.below(7)) {
      case 0: flipByte(text, r); break;
      case 1: deleteBytes(text, r); break;
      case 2: insertOddBytes(text, r); break;
      case 3: replaceNumber(text, r); break;
      case 4: swapUnit(text, r); break;
      case 5: text += (r.chance(50) ? "^" : " ") + r.pick(kNumbers); break;  // powers and trailing junk
      default: text = text.substr(0, text.size() / 2) + r.pick(c.unit_strings); break;
    }
  }
  return text;
}

std::vector<std::string> unitStringsIn(const std::string& yaml_text) {
  std::vector<std::string> out;
  for (const auto& line : splitLines(yaml_text)) {
    const size_t v = valueStart(line);
    if (v == std::string::npos) continue;
    std::string s = line.substr(v);
    while (!s.empty() && (s.front() == '"' || s.front() == '\'')) s.erase(0, 1);
    s = s.substr(0, s.find_first_of("\"'#,}"));
    const bool starts_with_number = !s.empty() && (std::isdigit(static_cast<unsigned char>(s[0])) || s[0] == '-');
    bool has_letter = false;
    for (char ch : s) has_letter = has_letter || std::isalpha(static_cast<unsigned char>(ch));
    if (starts_with_number && has_letter && s.size() < 40) out.push_back(s);
  }
  return out;
}

}  // namespace fuzz
