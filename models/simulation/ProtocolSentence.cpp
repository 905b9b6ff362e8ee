// Step sentences, PyBaMM style: "Discharge at 1C until 3.105 V", "Rest for 1 hour",
// "Hold at 4.2 V for 1 hour or until C/50".
#include <cmath>

#include "core/input/Text.hpp"
#include "models/simulation/ProtocolDetail.hpp"

namespace cellsim {

using namespace protocol_detail;

namespace {

//! The words of one sentence being read, with its context for messages.
struct Sentence {
  std::vector<std::string> w;
  const InputNode& where;
  std::string context;
  std::size_t i = 0;

  std::size_t size() const { return w.size(); }
  //! The words of one quantity from the current position up to the next keyword.
  std::string collect() {
    std::string q;
    while (i < w.size() && !isKeyword(w[i])) {
      if (!q.empty()) q += " ";
      q += w[i++];
    }
    return q;
  }
};

//! "Rest" or "<Verb> at <set-point>": leaves the reader at the first clause.
void readHead(Sentence& s, Verb verb, Step& step) {
  const std::size_t n = s.size();
  s.i = 1;
  if (verb == Verb::Rest) {
    step.control = Step::Control::Rest;
    if (n == 1) checkHasEnd(step, verb, s.where, s.context);
    const std::string next = lower(s.w[1]);
    if (next != "for" && next != "until")
      s.where.fail("expected 'for' after 'Rest'" + s.context + ", as in " + examplesFor(Verb::Rest));
    return;
  }
  const std::string what = verb == Verb::Hold ? "a voltage" : "a current";
  if (n == 1 || lower(s.w[1]) != "at") {
    s.where.fail(std::string("expected 'at' and ") + what + " after " + quote(verbName(verb)) + s.context + ", as in " +
                 examplesFor(verb));
  }
  s.i = 2;
  const std::string q = s.collect();
  if (q.empty()) s.where.fail(std::string("missing ") + what + " after 'at'" + s.context + ", as in " + examplesFor(verb));
  setSetpoint(step, verb, q, s.where, s.context);
}

//! After "or": another clause, or a bare limit continuing an "until" list. Returns the
//! keyword of the clause, or "" when the bare limit was consumed here.
std::string readAlternative(Sentence& s, Verb verb, Step& step, bool any_clause, bool last_until) {
  if (!any_clause) {
    s.where.fail("unexpected 'or'" + s.context + "; write e.g. 'Discharge at C/2 for 1 hour or until 3.3 V' or " +
                 examplesFor(verb));
  }
  ++s.i;
  if (s.i == s.size()) {
    s.where.fail("nothing after 'or'" + s.context + "; write e.g. 'Discharge at C/2 for 1 hour or until 3.3 V' or " +
                 std::string(kExHold));
  }
  const std::string kw = lower(s.w[s.i]);
  if (kw == "for" || kw == "until") return kw;
  if (!last_until || isKeyword(s.w[s.i])) {
    s.where.fail("expected 'until' after 'or'" + s.context +
                 ", as in 'Discharge at C/2 for 1 hour or until 3.3 V' or 'Hold at 4.2 V for 1 hour or until C/50'");
  }
  addLimit(step, verb, s.collect(), s.where, s.context);
  return "";
}

//! Clauses: "for <duration>" | "until <limit> [or <limit>]...", optionally joined by "or".
void readClauses(Sentence& s, Verb verb, Step& step) {
  bool any_clause = false;
  bool last_until = false;
  while (s.i < s.size()) {
    std::string kw = lower(s.w[s.i]);
    if (kw == "or") {
      kw = readAlternative(s, verb, step, any_clause, last_until);
      if (kw.empty()) continue;
    }
    if (kw == "for") {
      ++s.i;
      const std::string q = s.collect();
      if (q.empty()) s.where.fail("missing duration after 'for'" + s.context + "; write e.g. 'for 1 hour' or 'for 30 min'");
      addDuration(step, q, s.where, s.context);
      last_until = false;
    } else if (kw == "until") {
      ++s.i;
      const std::string q = s.collect();
      if (q.empty()) s.where.fail("missing limit after 'until'" + s.context + "; write e.g. 'until 3.0 V' or 'until C/20'");
      addLimit(step, verb, q, s.where, s.context);
      last_until = true;
    } else {
      s.where.fail("unexpected " + quote(s.w[s.i]) + s.context + "; expected 'for' or 'until', as in " + examplesFor(verb));
    }
    any_clause = true;
  }
}

}  // namespace

namespace protocol_detail {

Step parseSweepSentence(const std::vector<std::string>& w, const InputNode& where, const std::string& context) {
  const std::string example = "'Sweep from 3.0 V to 4.6 V at 0.1 mV/s'";
  // Sweep from <V> to <V> at <rate>: the words between the keywords.
  std::vector<std::string> parts(3);
  const char* keys[3] = {"from", "to", "at"};
  size_t i = 1;
  for (int k = 0; k < 3; ++k) {
    if (i >= w.size() || lower(w[i]) != keys[k])
      where.fail(std::string("expected '") + keys[k] + "'" + context + ", as in " + example);
    for (++i; i < w.size() && !(k < 2 && lower(w[i]) == keys[k + 1]); ++i) parts[k] += (parts[k].empty() ? "" : " ") + w[i];
    if (parts[k].empty()) where.fail(std::string("missing value after '") + keys[k] + "'" + context + ", as in " + example);
  }
  const Q from = readQuantity(parts[0], where, "voltage", context), to = readQuantity(parts[1], where, "voltage", context);
  const Q rate = readQuantity(parts[2], where, "scan rate", context);
  if (from.kind != QKind::Voltage || to.kind != QKind::Voltage)
    where.fail("a sweep goes from one voltage to another" + context + ", as in " + example);
  if (rate.kind != QKind::ScanRate || !(rate.value > 0))
    where.fail("a sweep needs a positive scan rate such as '0.1 mV/s'" + context + ", as in " + example);
  if (from.value == to.value) where.fail("a sweep needs two different voltages" + context + ", as in " + example);
  Step step;
  step.control = Step::Control::Sweep;
  step.voltage_V = from.value;
  step.sweep_to_V = to.value;
  step.sweep_rate_V_s = rate.value;
  StepLimit end;
  end.kind = StepLimit::Kind::Duration;
  end.value = std::abs(to.value - from.value) / rate.value;
  step.limits.push_back(end);
  return step;
}

}  // namespace protocol_detail

Step parseStepSentence(const std::string& sentence, const InputNode& where) {
  Step step;
  step.text = trim(sentence);
  if (step.text.size() > 400)
    where.fail("a step of " + std::to_string(step.text.size()) + " characters (" + quote(step.text.substr(0, 40) + "...") +
               "); a step sentence is at most 400, e.g. " + std::string(kExDischarge));
  step.file = where.file();
  step.line = where.line();
  Sentence s{splitWords(step.text), where, " in step " + quote(step.text)};
  if (s.w.empty()) where.fail("empty step; write e.g. " + std::string(kExDischarge) + " or " + kExRest);
  const std::string head = lower(s.w[0]);
  if (head == "sweep" || head == "eis") {
    Step special = head == "sweep" ? parseSweepSentence(s.w, where, s.context)
                                   : parseImpedanceSentence(s.w, where, s.context);
    special.text = step.text;
    special.file = step.file;
    special.line = step.line;
    return special;
  }
  Verb verb;
  if (!parseVerb(s.w[0], verb)) failUnknownVerb(s.w[0], where, s.context);
  readHead(s, verb, step);
  readClauses(s, verb, step);
  checkHasEnd(step, verb, where, s.context);
  if (verb == Verb::Rest) {
    // Only durations reach here (other limits were rejected), but be explicit.
    for (const auto& l : step.limits)
      if (l.kind != StepLimit::Kind::Duration)
        where.fail("a rest ends on a duration only" + s.context + "; write e.g. " + examplesFor(Verb::Rest));
  }
  return step;
}

}  // namespace cellsim
