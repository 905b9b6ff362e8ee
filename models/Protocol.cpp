// Experiment-protocol parser: PyBaMM-style sentences and YAML step maps -> Protocol.
#include "models/Protocol.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <regex>
#include <sstream>

#include "core/input/Text.hpp"
#include "core/input/Units.hpp"

namespace cellsim {
namespace {

// ---------------------------------------------------------------------------------------
// Small text helpers

std::vector<std::string> splitWords(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

std::string quote(const std::string& s) { return "'" + s + "'"; }

// Valid examples quoted in messages.
const char* const kExDischarge = "'Discharge at 1C until 3.0 V'";
const char* const kExCharge = "'Charge at C/2 until 4.2 V'";
const char* const kExHold = "'Hold at 4.2 V until C/20'";
const char* const kExRest = "'Rest for 1 hour'";
const char* const kExRest2 = "'Rest for 10 min'";

enum class Verb { Discharge, Charge, Hold, Rest };

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
std::string canonicalUnit(const std::string& unit) {
  static const std::map<std::string, std::string> table = {
      {"v", "V"},           {"mv", "mV"},           {"a/m2", "A/m2"},       {"ma/cm2", "mA/cm2"},
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

//! "3.105 v" -> "3.105 V", "1 hour" -> "1 h"; anything not of the form <number> <unit>
//! is returned unchanged (the unit parser then explains what is wrong with it).
std::string normalizeQuantity(const std::string& text) {
  static const std::regex re(R"(^\s*([-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)\s*(.*?)\s*$)");
  std::smatch m;
  if (!std::regex_match(text, m, re)) return trim(text);
  const std::string unit = m[2].str();
  if (unit.empty()) return m[1].str();
  return m[1].str() + " " + canonicalUnit(unit);
}

//! A C-rate: "1C", "1 C", "0.05c", "C/2", "C / 20". Returns false if `text` is not one.
bool parseCRate(const std::string& text, double& multiple) {
  static const std::regex times(R"(^\s*([-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)\s*[cC]\s*$)");
  static const std::regex over(R"(^\s*[cC]\s*/\s*([-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)\s*$)");
  std::smatch m;
  if (std::regex_match(text, m, times)) {
    multiple = std::stod(m[1].str());
    return true;
  }
  if (std::regex_match(text, m, over)) {
    const double d = std::stod(m[1].str());
    multiple = d == 0.0 ? 0.0 : 1.0 / d;
    return true;
  }
  return false;
}

enum class QKind { CRate, CurrentDensity, Power, Voltage, Time, Capacity, Other };

struct Q {
  QKind kind = QKind::Other;
  double value = 0.0;  // SI, or multiples of 1C
  std::string text;    // as written (trimmed)
};

//! Classifies and converts a quantity; unparsable text -> error passing the unit message on.
Q readQuantity(const std::string& raw, const InputNode& where, const std::string& what,
               const std::string& context) {
  Q q;
  q.text = trim(raw);
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
                                {"V", QKind::Voltage},          {"s", QKind::Time},
                                {"C/m2", QKind::Capacity}};
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

// ---------------------------------------------------------------------------------------
// Step assembly shared by sentences and maps

//! The "at" part of Discharge/Charge/Hold.
void setSetpoint(Step& step, Verb verb, const std::string& text, const InputNode& where,
                 const std::string& context) {
  if (verb == Verb::Hold) {
    const Q q = readQuantity(text, where, "voltage", context);
    if (q.kind != QKind::Voltage) {
      where.fail("Hold needs a voltage, got " + quote(q.text) + context + "; write e.g. " +
                 examplesFor(Verb::Hold));
    }
    // Any voltage: a symmetric Li | Li cell is held at a few mV of either sign.
    step.control = Step::Control::Voltage;
    step.voltage_V = q.value;
    return;
  }
  const double sign = verb == Verb::Discharge ? 1.0 : -1.0;
  const Q q = readQuantity(text, where, "current", context);
  if (q.kind != QKind::CRate && q.kind != QKind::CurrentDensity && q.kind != QKind::Power) {
    where.fail(std::string(verbName(verb)) + " needs a current ('1C', 'C/2', '1 mA/cm2', '24 A/m2')" +
               " or a power ('10 W/m2', '1 mW/cm2'), got " + quote(q.text) + context +
               "; write e.g. " + examplesFor(verb));
  }
  if (!(q.value > 0.0) || !std::isfinite(q.value)) {
    where.fail(std::string(q.kind == QKind::Power ? "power" : "current") + " must be positive, got " +
               quote(q.text) + context + " (the verb gives the direction); write e.g. " + kExDischarge +
               " or " + kExCharge);
  }
  if (q.kind == QKind::Power) {
    step.control = Step::Control::Power;
    step.power_W_m2 = sign * q.value;
    return;
  }
  step.control = Step::Control::Current;
  step.current.kind = q.kind == QKind::CRate ? CurrentSpec::Kind::CRate : CurrentSpec::Kind::Density;
  step.current.value = sign * q.value;
}

//! The "for" part.
void addDuration(Step& step, const std::string& text, const InputNode& where, const std::string& context) {
  const Q q = readQuantity(text, where, "duration", context);
  if (q.kind != QKind::Time) {
    where.fail("'for' needs a duration, got " + quote(q.text) + context + "; write e.g. 'for 1 hour' or 'for 30 min'");
  }
  if (!(q.value > 0.0)) {
    where.fail("duration must be positive, got " + quote(q.text) + context + "; write e.g. 'for 1 hour' or 'for 30 min'");
  }
  for (const auto& l : step.limits) {
    if (l.kind == StepLimit::Kind::Duration) {
      where.fail("more than one duration" + context + "; give one, as in 'for 1 hour' or 'for 30 min'");
    }
  }
  StepLimit lim{};
  lim.kind = StepLimit::Kind::Duration;
  lim.value = q.value;
  step.limits.push_back(lim);
}

//! One "until" limit.
void addLimit(Step& step, Verb verb, const std::string& text, const InputNode& where,
              const std::string& context) {
  const Q q = readQuantity(text, where, "limit", context);
  StepLimit lim{};
  lim.kind = StepLimit::Kind::Duration;
  switch (q.kind) {
    case QKind::Voltage:
      if (verb == Verb::Rest) {
        where.fail("a rest with a voltage limit " + quote(q.text) + context +
                   " is ambiguous (the voltage may rise or fall during a rest); give a duration, as in " +
                   kExRest + " or " + kExRest2);
      }
      if (verb == Verb::Hold) {
        where.fail("a Hold keeps the voltage constant, so it cannot end on the voltage " + quote(q.text) +
                   context + "; end it on a current or a time, as in " + examplesFor(Verb::Hold));
      }
      // Negative limits are legitimate for symmetric cells (V = phi(positive) - phi(negative)).
      lim.kind = verb == Verb::Discharge ? StepLimit::Kind::VoltageBelow : StepLimit::Kind::VoltageAbove;
      lim.value = q.value;
      break;
    case QKind::CRate:
    case QKind::CurrentDensity:
      if (verb != Verb::Hold) {
        where.fail("a current limit such as " + quote(q.text) + context +
                   " ends a constant-voltage step only; write e.g. " + kExHold + " or " +
                   (verb == Verb::Rest ? std::string(kExRest) : std::string("'") + verbName(verb) +
                                                                    " at 1C until " +
                                                                    (verb == Verb::Charge ? "4.2" : "3.0") +
                                                                    " V'"));
      }
      if (!(q.value > 0.0) || !std::isfinite(q.value)) {
        where.fail("current limit must be positive, got " + quote(q.text) + context + "; write e.g. " +
                   examplesFor(Verb::Hold));
      }
      lim.kind = StepLimit::Kind::CurrentBelow;
      lim.value = 0.0;
      lim.current.kind = q.kind == QKind::CRate ? CurrentSpec::Kind::CRate : CurrentSpec::Kind::Density;
      lim.current.value = q.value;
      break;
    case QKind::Capacity:
      if (verb == Verb::Rest) {
        where.fail("no charge passes during a rest, so it cannot end on the capacity " + quote(q.text) +
                   context + "; write e.g. " + examplesFor(Verb::Rest));
      }
      if (!(q.value > 0.0)) {
        where.fail("capacity limit must be positive, got " + quote(q.text) + context +
                   "; write e.g. 'Discharge at 0.5 mA/cm2 until 0.5 mAh/cm2' or " + kExDischarge);
      }
      lim.kind = StepLimit::Kind::Capacity;
      lim.value = q.value;
      break;
    case QKind::Time:
      addDuration(step, text, where, context);
      return;
    default:
      where.fail("cannot use " + quote(q.text) + " as a limit" + context +
                 "; a limit is a voltage ('3.0 V'), a current ('C/20', Hold only), a capacity"
                 " ('1 mAh/cm2') or a time ('1 hour'), as in " + kExDischarge + " or " + kExHold);
  }
  step.limits.push_back(lim);
}

void checkHasEnd(const Step& step, Verb verb, const InputNode& where, const std::string& context) {
  if (!step.limits.empty()) return;
  std::string hint;
  switch (verb) {
    case Verb::Discharge: hint = "add 'until 3.0 V' or 'for 1 hour'"; break;
    case Verb::Charge: hint = "add 'until 4.2 V' or 'for 1 hour'"; break;
    case Verb::Hold: hint = "add 'until C/20' or 'for 1 hour'"; break;
    case Verb::Rest: hint = "write e.g. " + examplesFor(Verb::Rest); break;
  }
  (void)context;
  where.fail("step" + (step.text.empty() ? std::string() : " " + quote(step.text)) + " needs an end: " + hint);
}

bool parseVerb(const std::string& word, Verb& verb) {
  const std::string w = lower(word);
  if (w == "discharge") verb = Verb::Discharge;
  else if (w == "charge") verb = Verb::Charge;
  else if (w == "hold") verb = Verb::Hold;
  else if (w == "rest") verb = Verb::Rest;
  else return false;
  return true;
}

[[noreturn]] void failUnknownVerb(const std::string& word, const InputNode& where, const std::string& context) {
  const std::string guess = closestMatch(lower(word), {"discharge", "charge", "hold", "rest"});
  std::string msg = "unknown step " + quote(word) + context;
  if (!guess.empty()) {
    std::string cap = guess;
    cap[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(cap[0])));
    msg += "; did you mean " + quote(cap) + "?";
  }
  msg += " A step starts with Discharge, Charge, Hold or Rest, as in " + std::string(kExDischarge) + " or " + kExRest;
  where.fail(msg);
}

bool isKeyword(const std::string& word) {
  const std::string w = lower(word);
  return w == "at" || w == "for" || w == "until" || w == "or";
}

// ---------------------------------------------------------------------------------------
// Map steps

Step parseStepMap(const InputNode& node) {
  node.allowOnly({"discharge", "charge", "hold", "rest", "for", "until"});
  std::vector<std::string> controls;
  for (const char* k : {"discharge", "charge", "hold", "rest"}) {
    if (node.has(k)) controls.push_back(k);
  }
  if (controls.empty()) {
    node.fail("a step needs one of 'discharge', 'charge', 'hold' or 'rest', as in "
              "{discharge: 1C, until: 3.0 V} or {rest: true, for: 1 hour}");
  }
  if (controls.size() > 1) {
    node.fail("a step has exactly one of 'discharge', 'charge', 'hold' or 'rest', got both " +
              quote(controls[0]) + " and " + quote(controls[1]) +
              "; write e.g. {discharge: 1C, until: 3.0 V} or {charge: C/2, until: 4.2 V}");
  }
  Verb verb = Verb::Rest;
  parseVerb(controls[0], verb);

  Step step;
  step.file = node.file();
  step.line = node.line();
  const std::string context;  // the node's key path already says where we are
  std::string text = verbName(verb);
  if (verb == Verb::Rest) {
    const InputNode r = node["rest"];
    bool ok = false;
    try {
      ok = r.asBool();
    } catch (const InputError&) {
      ok = false;
    }
    if (!ok) r.fail("write 'rest: true' (with 'for: 1 hour'), as in {rest: true, for: 1 hour} or {rest: true, for: 10 min}");
    step.control = Step::Control::Rest;
  } else {
    const InputNode v = node[controls[0]];
    const std::string s = v.asString();
    setSetpoint(step, verb, s, v, context);
    text += " at " + trim(s);
  }

  if (auto f = node.optional("for")) {
    const std::string s = f->asString();
    addDuration(step, s, *f, context);
    text += " for " + trim(s);
  }
  if (auto u = node.optional("until")) {
    std::vector<InputNode> items;
    if (u->isSequence()) {
      items = u->elements();
      if (items.empty()) u->fail("empty list of limits; write e.g. 'until: 3.0 V' or 'until: [3.0 V, 1 mAh/cm2]'");
    } else {
      items.push_back(*u);
    }
    text += node.has("for") ? " or until " : " until ";
    bool first = true;
    for (const auto& item : items) {
      const std::string s = item.asString();
      addLimit(step, verb, s, item, context);
      text += (first ? "" : " or ") + trim(s);
      first = false;
    }
  }
  step.text = text;
  checkHasEnd(step, verb, node, context);
  return step;
}

// A current staircase (critical-current tests): {staircase: {from: 0.5 mA/cm2,
// step: 0.5 mA/cm2, to: 10 mA/cm2, each: 30 min, alternate: true}} expands to
// "Discharge at i for each" (+ "Charge at i for each" when alternating) for every level.
ProtocolBlock parseStaircase(const InputNode& item) {
  item.allowOnly({"staircase"});
  const InputNode sc = item["staircase"];
  sc.allowOnly({"from", "step", "to", "each", "alternate"});
  const double from = sc.quantity("from", "A/m2", Range::positive());
  const double step = sc.quantity("step", "A/m2", Range::positive());
  const double to = sc.quantity("to", "A/m2", Range::positive());
  const double each = sc.quantity("each", "s", Range::positive());
  const bool alternate = sc.has("alternate") ? sc["alternate"].asBool() : true;
  if (to < from) sc["to"].fail("the staircase ends below where it starts ('from' > 'to')");
  if ((to - from) / step > 10000) sc["step"].fail("the staircase has more than 10000 levels; use a larger step");
  const int levels = static_cast<int>(std::floor((to - from) / step + 1e-9)) + 1;
  ProtocolBlock block;
  for (int k = 0; k < levels; ++k) {
    const double i = from + k * step;
    for (int dir = 0; dir < (alternate ? 2 : 1); ++dir) {
      Step st;
      st.control = Step::Control::Current;
      st.current = {CurrentSpec::Kind::Density, dir == 0 ? i : -i};
      StepLimit lim;
      lim.kind = StepLimit::Kind::Duration;
      lim.value = each;
      st.limits.push_back(lim);
      std::ostringstream os;
      os << (dir == 0 ? "Discharge" : "Charge") << " at " << i / 10.0 << " mA/cm2 for " << each << " s";
      st.text = os.str();
      st.file = sc.file();
      st.line = sc.line();
      block.steps.push_back(st);
    }
  }
  return block;
}

bool isBlockMap(const InputNode& node) { return node.isMap() && (node.has("repeat") || node.has("steps")); }

Step parseStepNode(const InputNode& node) {
  if (node.isScalar()) return parseStepSentence(node.asString(), node);
  if (node.isMap()) return parseStepMap(node);
  node.fail("a step is a sentence such as " + std::string(kExDischarge) + " or a map such as {rest: true, for: 1 hour}");
}

}  // namespace

// ---------------------------------------------------------------------------------------

Step parseStepSentence(const std::string& sentence, const InputNode& where) {
  Step step;
  step.text = trim(sentence);
  step.file = where.file();
  step.line = where.line();
  const std::string context = " in step " + quote(step.text);

  const std::vector<std::string> w = splitWords(step.text);
  if (w.empty()) {
    where.fail("empty step; write e.g. " + std::string(kExDischarge) + " or " + kExRest);
  }
  Verb verb;
  if (!parseVerb(w[0], verb)) failUnknownVerb(w[0], where, context);
  const std::size_t n = w.size();

  // Collects the words of one quantity starting at i, up to the next keyword.
  auto collect = [&](std::size_t& i) {
    std::string q;
    while (i < n && !isKeyword(w[i])) {
      if (!q.empty()) q += " ";
      q += w[i++];
    }
    return q;
  };

  std::size_t i = 1;
  if (verb == Verb::Rest) {
    step.control = Step::Control::Rest;
    if (n == 1) checkHasEnd(step, verb, where, context);
    const std::string next = lower(w[1]);
    if (next != "for" && next != "until") {
      where.fail("expected 'for' after 'Rest'" + context + ", as in " + examplesFor(Verb::Rest));
    }
  } else {
    const std::string what = verb == Verb::Hold ? "a voltage" : "a current";
    if (n == 1 || lower(w[1]) != "at") {
      where.fail(std::string("expected 'at' and ") + what + " after " + quote(verbName(verb)) + context +
                 ", as in " + examplesFor(verb));
    }
    i = 2;
    const std::string q = collect(i);
    if (q.empty()) {
      where.fail(std::string("missing ") + what + " after 'at'" + context + ", as in " + examplesFor(verb));
    }
    setSetpoint(step, verb, q, where, context);
  }

  // Clauses: "for <duration>" | "until <limit> [or <limit>]...", optionally joined by "or".
  bool any_clause = false;
  bool last_until = false;
  while (i < n) {
    std::string kw = lower(w[i]);
    if (kw == "or") {
      if (!any_clause) {
        where.fail("unexpected 'or'" + context + "; write e.g. 'Discharge at C/2 for 1 hour or until 3.3 V' or " +
                   examplesFor(verb));
      }
      ++i;
      if (i == n) {
        where.fail("nothing after 'or'" + context + "; write e.g. 'Discharge at C/2 for 1 hour or until 3.3 V' or " +
                   std::string(kExHold));
      }
      kw = lower(w[i]);
      if (kw != "for" && kw != "until") {
        if (!last_until || isKeyword(w[i])) {
          where.fail("expected 'until' after 'or'" + context +
                     ", as in 'Discharge at C/2 for 1 hour or until 3.3 V' or 'Hold at 4.2 V for 1 hour or until C/50'");
        }
        const std::string q = collect(i);
        addLimit(step, verb, q, where, context);
        continue;
      }
    }
    if (kw == "for") {
      ++i;
      const std::string q = collect(i);
      if (q.empty()) where.fail("missing duration after 'for'" + context + "; write e.g. 'for 1 hour' or 'for 30 min'");
      addDuration(step, q, where, context);
      last_until = false;
    } else if (kw == "until") {
      ++i;
      const std::string q = collect(i);
      if (q.empty()) {
        where.fail("missing limit after 'until'" + context + "; write e.g. 'until 3.0 V' or 'until C/20'");
      }
      addLimit(step, verb, q, where, context);
      last_until = true;
    } else {
      where.fail("unexpected " + quote(w[i]) + context + "; expected 'for' or 'until', as in " + examplesFor(verb));
    }
    any_clause = true;
  }
  checkHasEnd(step, verb, where, context);
  if (verb == Verb::Rest) {
    // Only durations reach here (other limits were rejected), but be explicit.
    for (const auto& l : step.limits) {
      if (l.kind != StepLimit::Kind::Duration) {
        where.fail("a rest ends on a duration only" + context + "; write e.g. " + examplesFor(Verb::Rest));
      }
    }
  }
  return step;
}

Protocol parseProtocol(const InputNode& protocol_node) {
  const char* const kExamples =
      "e.g. 'protocol: [Discharge at 1C until 3.0 V, Rest for 1 hour]' or a repeated block "
      "'- {repeat: 3, steps: [Charge at C/2 until 4.2 V, Hold at 4.2 V until C/20]}'";
  if (!protocol_node.isSequence()) {
    protocol_node.fail(std::string("the protocol must be a list of steps, ") + kExamples);
  }
  const std::vector<InputNode> items = protocol_node.elements();
  if (items.empty()) protocol_node.fail(std::string("empty protocol; give at least one step, ") + kExamples);

  Protocol p;
  bool open_plain_block = false;  // last block collects consecutive plain steps
  for (const auto& item : items) {
    if (item.isMap() && item.has("staircase")) {
      p.blocks.push_back(parseStaircase(item));
      open_plain_block = false;
      continue;
    }
    if (isBlockMap(item)) {
      item.allowOnly({"repeat", "steps"});
      const InputNode rep = item["repeat"];
      const int n = rep.asInt();
      if (n < 1) {
        rep.fail("repeat must be an integer >= 1, got " + std::to_string(n) +
                 "; write e.g. 'repeat: 1' or 'repeat: 100'");
      }
      const InputNode steps = item["steps"];
      if (!steps.isSequence()) {
        steps.fail("'steps' must be a list of steps, as in steps: [Discharge at 1C until 3.0 V, Rest for 1 hour]");
      }
      const std::vector<InputNode> elems = steps.elements();
      if (elems.empty()) {
        steps.fail("empty block; give at least one step, as in steps: [Discharge at 1C until 3.0 V, Rest for 1 hour]");
      }
      ProtocolBlock block;
      block.repeat = n;
      for (const auto& e : elems) {
        if (isBlockMap(e)) {
          e.fail("blocks may not nest: a 'repeat' block cannot contain another; list its steps directly"
                 " (as in 'Discharge at 1C until 3.0 V' or 'Rest for 1 hour'), or repeat the whole block");
        }
        block.steps.push_back(parseStepNode(e));
      }
      p.blocks.push_back(std::move(block));
      open_plain_block = false;
    } else {
      if (!open_plain_block) {
        p.blocks.emplace_back();
        p.blocks.back().repeat = 1;
        open_plain_block = true;
      }
      p.blocks.back().steps.push_back(parseStepNode(item));
    }
  }
  return p;
}

}  // namespace cellsim
