// Assembling a protocol Step from its parts: the set-point, durations and limits, with the
// checks that make a step well posed (a positive current, a limit the step can reach).
#include <cmath>

#include "core/input/Text.hpp"
#include "models/simulation/ProtocolDetail.hpp"

namespace cellsim::protocol_detail {

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
  const std::string guess = closestMatch(lower(word), {"discharge", "charge", "hold", "rest", "sweep", "eis"});
  std::string msg = "unknown step " + quote(word) + context;
  if (!guess.empty()) {
    std::string cap = guess;
    cap[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(cap[0])));
    msg += "; did you mean " + quote(cap) + "?";
  }
  msg += " A step starts with Discharge, Charge, Hold, Rest, Sweep or EIS, as in " + std::string(kExDischarge) + " or " +
         kExRest;
  where.fail(msg);
}

bool isKeyword(const std::string& word) {
  const std::string w = lower(word);
  return w == "at" || w == "for" || w == "until" || w == "or";
}

}  // namespace cellsim::protocol_detail
