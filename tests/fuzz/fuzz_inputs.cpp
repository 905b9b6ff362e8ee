// Fuzzes the recipe loader (loadCase, then CellModel construction: what `cellsim check` does)
// and the unit parser with deterministic mutants of every YAML file in cases/ and params/.
// Every mutant must end either accepted or with an error that says what is wrong and where;
// a crash, a hang, or an error without a reason (an empty or raw library message such as
// "stod", or a non-std exception) fails the run.
//
//   fuzz_inputs [N]              N inputs (default $CELLSIM_FUZZ_INPUTS or 5000), seed
//                                $CELLSIM_FUZZ_SEED; per-input budget $CELLSIM_FUZZ_BUDGET_S
//   fuzz_inputs --show I         prints input I's mutant and runs it in this process
//   fuzz_inputs --inject KIND N  makes input 3 crash/hang/throw "stod" (proves the run can fail)
#include <cxxabi.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>
#include <typeinfo>

#include "ForkedRunner.hpp"
#include "Mutator.hpp"
#include "core/input/Units.hpp"
#include "models/cell/CellModel.hpp"
#include "models/io/Recipe.hpp"

namespace fs = std::filesystem;
using namespace fuzz;

namespace {

std::string readText(const fs::path& p) {
  std::ifstream is(p, std::ios::binary);
  std::ostringstream ss;
  ss << is.rdbuf();
  return ss.str();
}

void writeText(const fs::path& p, const std::string& s) {
  std::ofstream os(p, std::ios::binary | std::ios::trunc);
  os << s;
}

// A message that names nothing in the input: what a library says when its caller did not check.
bool rawLibraryMessage(const std::string& m) {
  static const char* const kRaw[] = {"stod", "stoi", "stol", "stof", "stoul", "basic_string", "vector::",
                                     "map::at", "bad_", "std::", "yaml-cpp", "Unknown exception"};
  if (m.find_first_not_of(" \t") == std::string::npos) return true;
  for (const char* r : kRaw)
    if (m.rfind(r, 0) == 0 || m.find(std::string(": ") + r) != std::string::npos) return true;
  return false;
}

// A seed file the loader can be pointed at: a case, or a file a case reads (then the case).
struct Target {
  fs::path file;       //!< in the mirror
  fs::path load;       //!< the case to load (== file for a case)
  std::string original;
  std::vector<std::pair<std::string, std::string>> values;  //!< a case's (key path, text) as read
};

struct Fuzz {
  fs::path root;  //!< a copy of cases/ and params/, so relative references resolve
  std::vector<Target> targets;
  Corpus corpus;
  uint64_t seed = 20240611;
  std::string inject;
};

// Any exception from loading and building, sorted by whether it tells the user what to fix.
template <class F>
Verdict classify(F&& f) {
  try {
    f();
    return {};
  } catch (const cellsim::InputError& e) {
    if (e.file().empty()) return {Outcome::Reasonless, std::string("InputError without a file: ") + e.what()};
    // The command line has no lines: "--set: key: message" names where the value came from.
    if (e.line() <= 0 && e.file() != "--set") return {Outcome::CleanNoLine, e.what()};
    return {Outcome::CleanError, e.what()};
  } catch (const std::exception& e) {
    const std::string m = e.what();
    int status = 0;
    char* name = abi::__cxa_demangle(typeid(e).name(), nullptr, nullptr, &status);
    const std::string type = status == 0 ? name : typeid(e).name();
    std::free(name);
    return {rawLibraryMessage(m) ? Outcome::Reasonless : Outcome::OtherError, type + ": " + m};
  } catch (...) {
    return {Outcome::Reasonless, "an exception that is not a std::exception"};
  }
}

void checkInjection(const Fuzz& fz, size_t i) {
  if (fz.inject.empty() || i != 3) return;
  if (fz.inject == "crash") std::abort();
  if (fz.inject == "hang") std::this_thread::sleep_for(std::chrono::hours(1));
  if (fz.inject == "reasonless") throw std::invalid_argument("stod");
}

Verdict unitInput(const Fuzz& fz, Rng& rng, std::string* shown) {
  static const std::vector<std::string> kExpected = {"m", "A/m2", "K", "s", "V", "mol/m3", "m2/s", "S/m", "J/mol", ""};
  const std::string text = mutateUnit(rng.pick(fz.corpus.unit_strings), fz.corpus, rng);
  const std::string expected = rng.pick(kExpected);
  const bool bare = rng.chance(50);
  if (shown) *shown = "unit '" + text + "' as '" + expected + "'";
  Verdict v;
  try {
    const double q = cellsim::units::parse(text).value_si;
    const double si = expected.empty() ? q : cellsim::units::toSI(text, expected, bare);
    if (!std::isfinite(q) || !std::isfinite(si)) return {Outcome::NonFinite, "'" + text + "' -> " + std::to_string(si)};
    return {};
  } catch (const cellsim::units::UnitError& e) {
    // A unit error has no file by design: InputNode adds the file and line where it wraps it.
    if (rawLibraryMessage(e.what())) return {Outcome::Reasonless, "'" + text + "': " + e.what()};
    return {Outcome::CleanError, e.what()};
  } catch (...) {
    return classify([] { throw; });
  }
}

Verdict recipeInput(const Fuzz& fz, Rng& rng, std::string* shown) {
  const Target& t = rng.pick(fz.targets);
  const std::string mutant = mutateYaml(t.original, fz.corpus, rng);
  const bool is_case = t.file == t.load;
  const fs::path written = is_case ? t.file.parent_path() / "fuzz_mutant.yaml" : t.file;
  const fs::path load = is_case ? written : t.load;
  if (shown) *shown = written.string() + " (loading " + load.string() + "):\n" + mutant;
  writeText(written, mutant);
  const Verdict v = classify([&] {
    const cellsim::CaseRecipe recipe = cellsim::loadCase(load.string());
    cellsim::CellModel model(recipe.cell);
  });
  if (!is_case) writeText(t.file, t.original);
  return v;
}

// An unmodified case with one of the values it reads replaced through --set by a mutant of
// that value: reaches every reader with text of the right shape in the right place.
Verdict overrideInput(const Fuzz& fz, Rng& rng, std::string* shown) {
  const Target* t = &rng.pick(fz.targets);
  while (t->values.empty()) t = &rng.pick(fz.targets);
  const auto& [key, given] = rng.pick(t->values);
  const std::string value = rng.chance(50) ? mutateUnit(given, fz.corpus, rng) : mutateYaml(given, fz.corpus, rng);
  const std::string set = key + "=" + value;
  if (shown) *shown = t->file.string() + " --set '" + set + "'";
  return classify([&] {
    const cellsim::CaseRecipe recipe = cellsim::loadCase(t->file.string(), {set});
    cellsim::CellModel model(recipe.cell);
  });
}

Verdict oneInput(const Fuzz& fz, size_t i, std::string* shown = nullptr) {
  Rng rng(fz.seed ^ (0x9E3779B97F4A7C15ull * (i + 1)));
  if (!fz.inject.empty() && i == 3) return classify([&] { checkInjection(fz, i); });
  // A fifth of the inputs exercise the unit parser alone, a fifth --set values, the rest
  // mutated files through the whole loader.
  const size_t kind = rng.below(5);
  if (kind == 0) return unitInput(fz, rng, shown);
  if (kind == 1) return overrideInput(fz, rng, shown);
  return recipeInput(fz, rng, shown);
}

// Every file a case reads (its ReadValue origins) becomes a target loaded through that case.
void addTargets(Fuzz& fz) {
  std::map<fs::path, fs::path> reader_of;
  for (const auto& e : fs::recursive_directory_iterator(fz.root)) {
    if (e.path().extension() != ".yaml") continue;
    const std::string text = readText(e.path());
    std::istringstream ls(text);
    for (std::string line; std::getline(ls, line);) fz.corpus.lines.push_back(line);
    for (auto& u : unitStringsIn(text)) fz.corpus.unit_strings.push_back(u);
    try {
      const cellsim::CaseRecipe r = cellsim::loadCase(e.path().string());
      fz.targets.push_back({e.path(), e.path(), text, {}});
      for (const auto& v : r.input->read) {
        fz.targets.back().values.emplace_back(v.path, v.given);
        const fs::path f = v.at.substr(0, v.at.rfind(':'));
        if (f != e.path() && f.extension() == ".yaml" && !reader_of.count(f)) reader_of[f] = e.path();
      }
    } catch (const std::exception&) {
      // targets.yaml, fits and sweeps are not cases: their lines still feed splicing.
    }
  }
  for (const auto& [file, reader] : reader_of) fz.targets.push_back({file, reader, readText(file), {}});
  for (const char* u : {"25 um", "0.5 mA/cm2", "30 degC", "298.15 K", "1 h", "5e-14 m2/s", "10 ohm cm2", "1 mV/s"})
    fz.corpus.unit_strings.push_back(u);
}

Fuzz setUp() {
  Fuzz fz;
  char dir[] = "/tmp/cellsim_fuzz_XXXXXX";
  if (!mkdtemp(dir)) throw std::runtime_error("mkdtemp failed");
  fz.root = dir;
  for (const char* sub : {"cases", "params"})
    fs::copy(fs::path(CELLSIM_SOURCE_DIR) / sub, fz.root / sub, fs::copy_options::recursive);
  if (const char* s = std::getenv("CELLSIM_FUZZ_SEED")) fz.seed = std::strtoull(s, nullptr, 10);
  addTargets(fz);
  return fz;
}

int report(const Tally& t, size_t n, const Fuzz& fz) {
  std::printf("fuzz_inputs: %zu inputs, seed %llu, %zu seed files\n", n, static_cast<unsigned long long>(fz.seed),
              fz.targets.size());
  for (Outcome o : {Outcome::Crash, Outcome::Hang, Outcome::Reasonless, Outcome::NonFinite, Outcome::OtherError,
                    Outcome::CleanNoLine, Outcome::CleanError, Outcome::Accepted})
    std::printf("  %-30s %zu\n", outcomeName(o), t.count(o));
  // The same message from many mutants is one finding: print each distinct one once.
  std::map<std::string, std::pair<size_t, size_t>> distinct;  // outcome+message -> (first index, count)
  for (const auto& f : t.findings) {
    auto& d = distinct[std::string(1, static_cast<char>(f.verdict.outcome)) + " " + f.verdict.detail.substr(0, 160)];
    if (d.second++ == 0) d.first = f.index;
  }
  // Failures in full; of the errors that are allowed (no line, another type) a sample to read.
  std::map<char, size_t> shown;
  for (const auto& [msg, d] : distinct) {
    const bool failure = msg[0] != static_cast<char>(Outcome::CleanNoLine) && msg[0] != static_cast<char>(Outcome::OtherError);
    if (failure || ++shown[msg[0]] <= 15) std::printf("  [input %zu, x%zu] %s\n", d.first, d.second, msg.c_str());
  }
  const size_t bad = t.count(Outcome::Crash) + t.count(Outcome::Hang) + t.count(Outcome::Reasonless) +
                     t.count(Outcome::NonFinite);
  // A run that accepted nothing or refused nothing exercised nothing.
  const bool exercised = t.count(Outcome::Accepted) > 0 && t.count(Outcome::CleanError) > 0;
  if (!exercised) std::printf("fuzz_inputs: the mutants did not exercise both acceptance and refusal\n");
  std::printf("fuzz_inputs: %s\n", bad == 0 && exercised ? "OK" : "FAILED");
  return bad == 0 && exercised ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  size_t n = 5000;
  if (const char* s = std::getenv("CELLSIM_FUZZ_INPUTS")) n = std::strtoull(s, nullptr, 10);
  Fuzz fz = setUp();
  if (argc == 3 && std::strcmp(argv[1], "--show") == 0) {
    std::string shown;
    const Verdict v = oneInput(fz, std::strtoull(argv[2], nullptr, 10), &shown);
    std::cout << shown << "\n=> " << outcomeName(v.outcome) << ": " << v.detail << "\n";
    fs::remove_all(fz.root);
    return 0;
  }
  if (argc == 4 && std::strcmp(argv[1], "--inject") == 0) {
    fz.inject = argv[2];
    n = std::strtoull(argv[3], nullptr, 10);
  } else if (argc == 2) {
    n = std::strtoull(argv[1], nullptr, 10);
  }
  RunnerOptions o;
  if (const char* s = std::getenv("CELLSIM_FUZZ_BUDGET_S")) o.budget_s = std::strtod(s, nullptr);
#if !defined(__SANITIZE_ADDRESS__)
  o.memory_limit_mb = 4096;  // ASan reserves terabytes of address space; elsewhere a cap turns a runaway allocation into bad_alloc
#endif
  o.after_child_died = [&fz] {
    for (const auto& t : fz.targets) writeText(t.file, t.original);
  };
  const Tally t = runForked(n, [&fz](size_t i) { return oneInput(fz, i); }, o);
  const int rc = report(t, n, fz);
  fs::remove_all(fz.root);
  return rc;
}
