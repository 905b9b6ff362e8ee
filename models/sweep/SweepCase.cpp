// One case of a sweep: load its own recipe (never shared between threads), run it, write the
// same files as `cellsim run` plus sweep_case.json; or read back a case already done.
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "core/numerics/IdaSolver.hpp"
#include "models/io/ResultWriter.hpp"
#include "models/sweep/SweepDetail.hpp"

namespace cellsim::sweep_detail {

namespace fs = std::filesystem;

namespace {

constexpr double kC_per_mAh = 3.6;
constexpr const char* kRecordFile = "sweep_case.json";

//! FNV-1a over every value the recipe reader read (key path and text as given): changes when
//! the case file or a params file it refers to gives a different value.
std::string inputsFingerprint(const Overrides* input) {
  std::uint64_t h = 1469598103934665603ull;
  auto feed = [&h](const std::string& s) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    h = (h ^ 0x1f) * 1099511628211ull;
  };
  if (input)
    for (const ReadValue& v : input->read) {
      feed(v.path);
      feed(v.given);
    }
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

//! What a case was run with: the identity a re-run compares.
struct CaseRecord {
  std::string case_file;  //!< canonical path
  std::vector<std::string> overrides;
  std::string fingerprint;
};

std::string recordJson(const std::string& name, const CaseRecord& r, double wall_time_s) {
  std::ostringstream j;
  j << "{\n  \"sweep_case\": " << jsonString(name) << ",\n  \"case\": " << jsonString(r.case_file)
    << ",\n  \"overrides\": [";
  for (size_t i = 0; i < r.overrides.size(); ++i) j << (i ? ", " : "") << jsonString(r.overrides[i]);
  j << "],\n  \"inputs_fingerprint\": " << jsonString(r.fingerprint) << ",\n  \"wall_time_s\": " << jsonNumber(wall_time_s)
    << "\n}\n";
  return j.str();
}

double numberOrNaN(const YAML::Node& n) {
  return n && n.IsScalar() && n.Scalar() != "null" ? n.as<double>() : std::nan("");
}

//! The row of a case done before with the same record, read from its folder; false if the
//! folder is missing, from other inputs, or unreadable.
//! Why a run that completed deserves a look: it stopped early, or it warned (property
//! functions outside their validity range, current above the critical current density).
std::string runMessage(bool stopped_early, const std::string& reason, size_t warnings) {
  std::string m = stopped_early ? "stopped early: " + reason : "";
  if (warnings > 0) m += (m.empty() ? "" : "; ") + std::to_string(warnings) + " warning(s) in summary.json";
  return m;
}

bool readBack(const fs::path& dir, const CaseRecord& want, SweepRow& out) {
  std::error_code ec;
  if (!fs::is_regular_file(dir / kRecordFile, ec) || !fs::is_regular_file(dir / "summary.json", ec)) return false;
  try {
    const YAML::Node rec = YAML::LoadFile((dir / kRecordFile).string());
    if (rec["case"].as<std::string>() != want.case_file || rec["inputs_fingerprint"].as<std::string>() != want.fingerprint)
      return false;
    if (rec["overrides"].as<std::vector<std::string>>() != want.overrides) return false;
    const YAML::Node s = YAML::LoadFile((dir / "summary.json").string());
    SweepRow row = out;
    for (const auto& f : s["figures"])
      row.figures.push_back({f["name"].as<std::string>(), f["condition"].as<std::string>(""), numberOrNaN(f["value"]),
                             f["unit"].as<std::string>("")});
    row.final_voltage_V = s["final"] ? numberOrNaN(s["final"]["voltage_V"]) : std::nan("");
    row.final_capacity_mAh_m2 = s["final"] ? numberOrNaN(s["final"]["capacity_mAh_m2"]) : std::nan("");
    row.wall_time_s = numberOrNaN(rec["wall_time_s"]);
    const bool stopped_early = s["stopped_early"] && s["stopped_early"].Scalar() == "true";
    row.message = runMessage(stopped_early, s["stop_reason"].as<std::string>(""), s["warnings"] ? s["warnings"].size() : 0);
    out = std::move(row);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

double secondsSince(std::chrono::steady_clock::time_point t0) {
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return std::round(s * 1e3) / 1e3;  // ms: the same text whether written now or read back
}

void runAndWrite(const SweepCase& c, CaseRecipe& recipe, const CaseRecord& record, const fs::path& dir,
                 std::chrono::steady_clock::time_point t0, SweepRow& row) {
  CellModel model(recipe.cell);
  const CaseOutcome outcome = runCase(recipe, model);
  row.figures = outcome.figures;
  if (!outcome.sim.final_state.empty()) {
    row.final_voltage_V = model.voltage(outcome.sim.final_state.data());
    row.final_capacity_mAh_m2 = model.charge(outcome.sim.final_state.data()) / kC_per_mAh;
  }
  row.message = runMessage(outcome.sim.stopped_early, outcome.sim.stop_reason, outcome.sim.warnings.size());
  row.wall_time_s = secondsSince(t0);
  OutputSet files(dir.string());
  writeResults(recipe, model, outcome, files);
  files.file(kRecordFile) << recordJson(c.name, record, row.wall_time_s);
  files.commit();
}

}  // namespace

SweepRow runOneCase(const SweepPlan& plan, int index, const std::string& out, bool force) {
  const auto t0 = std::chrono::steady_clock::now();
  const SweepCase& c = plan.cases.at(index);
  SweepRow row;
  row.index = index;
  try {
    CaseRecipe recipe = loadCase(plan.case_file, c.overrides);
    const CaseRecord record{fs::weakly_canonical(plan.case_file).string(), c.overrides,
                            inputsFingerprint(recipe.input.get())};
    const fs::path dir = fs::path(out) / c.name;
    if (!force && readBack(dir, record, row)) {
      row.status = CaseStatus::Skipped;
      return row;
    }
    runAndWrite(c, recipe, record, dir, t0, row);
    row.status = CaseStatus::Ok;
    return row;
  } catch (const InputError& e) {
    row.message = std::string("input error: ") + e.what();
  } catch (const SolverError& e) {
    row.message = std::string("solver error: ") + e.what();
  } catch (const std::exception& e) {
    row.message = std::string("error: ") + e.what();
  } catch (...) {
    row.message = "error: unknown exception";
  }
  row.status = CaseStatus::Failed;
  row.figures.clear();
  row.final_voltage_V = row.final_capacity_mAh_m2 = std::nan("");
  row.wall_time_s = secondsSince(t0);
  return row;
}

}  // namespace cellsim::sweep_detail
