#pragma once
// Deterministic text mutations for structured input (YAML recipes, "value unit" strings).
// A mutant depends only on (seed, index), so any input of a run can be rebuilt alone.
#include <cstdint>
#include <string>
#include <vector>

namespace fuzz {

//! splitmix64: tiny, fast and the same on every platform (std:: distributions are not).
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  size_t below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(next() % n); }
  bool chance(int percent) { return below(100) < static_cast<size_t>(percent); }
  template <class T>
  const T& pick(const std::vector<T>& v) { return v[below(v.size())]; }

 private:
  uint64_t s_;
};

//! What mutations draw from: every line of every seed file (for splicing) and seed scalars.
struct Corpus {
  std::vector<std::string> lines;
  std::vector<std::string> unit_strings;  //!< "25 um", "0.5 mA/cm2", ... from the files and a list
};

//! Applies one to four stacked mutations to YAML text.
std::string mutateYaml(std::string text, const Corpus& corpus, Rng& rng);
//! Applies one to three mutations to a "value unit" string.
std::string mutateUnit(std::string text, const Corpus& corpus, Rng& rng);
//! "value unit" strings found in YAML text (values that start with a number and have letters).
std::vector<std::string> unitStringsIn(const std::string& yaml_text);

}  // namespace fuzz
