#pragma once
// Internals of the protocol parser shared by its source files (not part of the public API):
// step verbs, quantities in sentences, and the assembly of a Step from its parts, used alike
// by sentences ("Discharge at 1C until 3.0 V") and maps ({discharge: 1C, until: 3.0 V}).
#include <string>
#include <vector>

#include "models/simulation/Protocol.hpp"

namespace cellsim::protocol_detail {

// Valid examples quoted in messages.
extern const char* const kExDischarge;
extern const char* const kExCharge;
extern const char* const kExHold;
extern const char* const kExRest;
extern const char* const kExRest2;

enum class Verb { Discharge, Charge, Hold, Rest };
const char* verbName(Verb v);
std::string examplesFor(Verb v);
bool parseVerb(const std::string& word, Verb& verb);
[[noreturn]] void failUnknownVerb(const std::string& word, const InputNode& where, const std::string& context);
bool isKeyword(const std::string& word);
std::vector<std::string> splitWords(const std::string& s);
std::string quote(const std::string& s);

enum class QKind { CRate, CurrentDensity, Power, Voltage, Time, Capacity, ScanRate, Frequency, Other };
struct Q {
  QKind kind = QKind::Other;
  double value = 0.0;  //!< SI, or multiples of 1C
  std::string text;    //!< as written (trimmed)
};
//! Classifies and converts a quantity written in a step; unreadable text is an error at `where`.
Q readQuantity(const std::string& raw, const InputNode& where, const std::string& what, const std::string& context);

//! "Sweep from <V> to <V> at <rate>": a linear voltage sweep ending at its end point.
Step parseSweepSentence(const std::vector<std::string>& words, const InputNode& where, const std::string& context);

//! "EIS from <f> to <f> [at <n> points per decade] [potentiostatic|galvanostatic]".
Step parseImpedanceSentence(const std::vector<std::string>& words, const InputNode& where, const std::string& context);

//! The "at" part of Discharge/Charge/Hold.
void setSetpoint(Step& step, Verb verb, const std::string& text, const InputNode& where, const std::string& context);
//! The "for" part.
void addDuration(Step& step, const std::string& text, const InputNode& where, const std::string& context);
//! One "until" limit.
void addLimit(Step& step, Verb verb, const std::string& text, const InputNode& where, const std::string& context);
void checkHasEnd(const Step& step, Verb verb, const InputNode& where, const std::string& context);

}  // namespace cellsim::protocol_detail
