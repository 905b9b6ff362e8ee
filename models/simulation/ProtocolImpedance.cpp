// "EIS from 1 MHz to 10 mHz [at 10 points per decade] [potentiostatic|galvanostatic]": an
// impedance spectrum at the state where the protocol has arrived.
#include <cmath>

#include "core/input/Text.hpp"
#include "models/simulation/ProtocolDetail.hpp"

namespace cellsim::protocol_detail {

namespace {

const char* const kExample = "'EIS from 1 MHz to 10 mHz' or 'EIS from 100 kHz to 0.1 Hz at 20 points per decade'";

double readFrequency(const std::string& text, const InputNode& where, const std::string& context) {
  const Q q = readQuantity(text, where, "frequency", context);
  if (q.kind != QKind::Frequency || !(q.value > 0))
    where.fail("expected a positive frequency such as '1 MHz' or '10 mHz', got " + quote(text) + context + ", as in " +
               kExample);
  return q.value;
}

int readPointsPerDecade(const std::vector<std::string>& w, size_t& i, const InputNode& where, const std::string& context) {
  // at <n> points per decade
  const bool ok = i + 4 < w.size() && lower(w[i + 2]) == "points" && lower(w[i + 3]) == "per" &&
                  lower(w[i + 4]) == "decade";
  if (!ok) where.fail("expected 'at <n> points per decade' after the frequencies" + context + ", as in " + kExample);
  double n = 0;
  try {
    size_t used = 0;
    n = std::stod(w[i + 1], &used);
    if (used != w[i + 1].size()) n = 0;
  } catch (const std::exception&) {
    n = 0;
  }
  if (!(n >= 1 && n <= 1000 && n == std::floor(n)))
    where.fail("points per decade must be a whole number from 1 to 1000, got " + quote(w[i + 1]) + context);
  i += 5;
  return static_cast<int>(n);
}

}  // namespace

Step parseImpedanceSentence(const std::vector<std::string>& w, const InputNode& where, const std::string& context) {
  if (w.size() < 2 || lower(w[1]) != "from")
    where.fail("expected 'from' after 'EIS'" + context + ", as in " + std::string(kExample));
  // from <f> to <f>: the words between the keywords.
  size_t i = 2;
  std::string from, to;
  for (; i < w.size() && lower(w[i]) != "to"; ++i) from += (from.empty() ? "" : " ") + w[i];
  if (i == w.size()) where.fail("expected 'to' and a second frequency" + context + ", as in " + std::string(kExample));
  auto isOption = [](const std::string& word) {
    const std::string l = lower(word);
    return l == "at" || l == "potentiostatic" || l == "galvanostatic";
  };
  for (++i; i < w.size() && !isOption(w[i]); ++i) to += (to.empty() ? "" : " ") + w[i];
  if (from.empty() || to.empty())
    where.fail("missing frequency" + context + ", as in " + std::string(kExample));
  Step step;
  step.control = Step::Control::Impedance;
  ImpedanceRequest& r = step.impedance;
  const double f1 = readFrequency(from, where, context), f2 = readFrequency(to, where, context);
  if (f1 == f2) where.fail("an impedance sweep needs two different frequencies" + context + ", as in " + kExample);
  r.f_high_Hz = std::max(f1, f2);
  r.f_low_Hz = std::min(f1, f2);
  if (r.f_high_Hz / r.f_low_Hz > 1e15)
    where.fail("the frequency range spans more than 15 decades" + context + "; 1 MHz to 1 mHz is 9");
  while (i < w.size()) {
    const std::string word = lower(w[i]);
    if (word == "at") {
      r.points_per_decade = readPointsPerDecade(w, i, where, context);
    } else if (word == "potentiostatic" || word == "galvanostatic") {
      r.potentiostatic = word == "potentiostatic";
      ++i;
    } else {
      where.fail("unexpected " + quote(w[i]) + context + "; expected 'at <n> points per decade', 'potentiostatic' or " +
                 "'galvanostatic', as in " + kExample);
    }
  }
  return step;
}

}  // namespace cellsim::protocol_detail
