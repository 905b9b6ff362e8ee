// Sweeps: the same numbers whatever the threads or MPI ranks, a failed case reported without
// stopping the others, cases done before skipped (and not rewritten) unless forced.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "InputTestSupport.hpp"
#include "TestSupport.hpp"
#include "core/input/ReadScope.hpp"
#include "models/sweep/Sweep.hpp"

using namespace cellsim;
using namespace cellsim::testing_support;

namespace {

namespace fs = std::filesystem;

//! A fresh folder for one test, named by the process (another build's tests may run at the
//! same time); removed at the end unless the test failed.
struct Scratch {
  fs::path path;
  explicit Scratch(const std::string& name)
      : path(fs::path(::testing::TempDir()) / ("cellsim_sweep_" + std::to_string(::getpid())) / name) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~Scratch() {
    if (::testing::Test::HasFailure()) return;
    std::error_code ec;
    fs::remove_all(path, ec);
    fs::remove(path.parent_path(), ec);  // only if empty
  }
  operator const fs::path&() const { return path; }
  fs::path operator/(const std::string& p) const { return path / p; }
};

std::string readText(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void writeText(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

//! Short runs of the COMSOL 1C cell: 300 s on a coarse mesh, no profiles.
const char* kShortCase = R"(set:
  output.profile_times: []
  mesh.negative: 8
  mesh.separator: 4
  mesh.positive: 8
  mesh.particle: 6
)";

//! A sweep file in `dir`: the short case, `more_set` lines added to its `set:`, then `body`.
fs::path writeSweep(const fs::path& dir, const std::string& body, const std::string& more_set = "",
                    const std::string& case_file = "") {
  const std::string c = case_file.empty() ? sourcePath("cases/validation/comsol_marquis2019_1C.yaml") : case_file;
  const fs::path p = dir / "sweep.yaml";
  writeText(p, "case: " + c + "\nout: out\n" + kShortCase + more_set + body);
  return p;
}

const char* kOneC = "  protocol: [\"Discharge at 1C for 300 s\"]\n";

//! 4 C-rates x 2 temperatures.
const char* kEightCases = R"(grid:
  protocol: [["Discharge at 0.5C for 300 s"], ["Discharge at 1C for 300 s"], '["Discharge at 2C for 300 s"]',
             ["Discharge at 3C for 300 s"]]
  cell.temperature: ["15 degC", "25 degC"]
)";

//! RFC 4180 CSV into rows of fields.
std::vector<std::vector<std::string>> parseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') rows.back().back() += text[++i];
      else if (c == '"') quoted = false;
      else rows.back().back() += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().emplace_back();
    } else if (c == '\n') {
      rows.emplace_back(1);
    } else {
      rows.back().back() += c;
    }
  }
  if (rows.back().size() == 1 && rows.back()[0].empty()) rows.pop_back();
  return rows;
}

int column(const std::vector<std::vector<std::string>>& csv, const std::string& name) {
  for (size_t i = 0; i < csv.at(0).size(); ++i)
    if (csv[0][i] == name) return static_cast<int>(i);
  ADD_FAILURE() << "no column " << name;
  return -1;
}

//! sweep.csv without its wall_time_s column (the only one that may differ between runs).
std::vector<std::vector<std::string>> tableWithoutWallTime(const fs::path& out) {
  auto csv = parseCsv(readText(out / "sweep.csv"));
  const int w = column(csv, "wall_time_s");
  for (auto& row : csv) row.erase(row.begin() + w);
  return csv;
}

bool sameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

void expectSameRows(const std::vector<SweepRow>& a, const std::vector<SweepRow>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].index, b[i].index);
    EXPECT_EQ(a[i].status, b[i].status);
    EXPECT_TRUE(sameBits(a[i].final_voltage_V, b[i].final_voltage_V)) << i;
    EXPECT_TRUE(sameBits(a[i].final_capacity_mAh_m2, b[i].final_capacity_mAh_m2)) << i;
    ASSERT_EQ(a[i].figures.size(), b[i].figures.size());
    for (size_t k = 0; k < a[i].figures.size(); ++k) EXPECT_TRUE(sameBits(a[i].figures[k].value, b[i].figures[k].value));
  }
}

//! Every CSV file of every case folder, byte for byte.
void expectSameCaseFiles(const SweepPlan& plan, const fs::path& a, const fs::path& b) {
  for (const auto& c : plan.cases) {
    int compared = 0;
    for (const auto& f : fs::directory_iterator(a / c.name)) {
      if (f.path().extension() != ".csv") continue;
      EXPECT_EQ(readText(f.path()), readText(b / c.name / f.path().filename())) << c.name << "/" << f.path().filename();
      ++compared;
    }
    EXPECT_GE(compared, 2) << c.name;  // at least timeseries.csv and the per-step table
  }
}

SweepResult sweep(const SweepPlan& plan, const fs::path& out, int threads, bool force = false) {
  SweepOptions o;
  o.out = out.string();
  o.threads = threads;
  o.force = force;
  o.progress = false;
  return runSweep(plan, o);
}

}  // namespace

TEST(Sweep, FileGivesGridInOrderThenListedCasesWithSafeUniqueNames) {
  const Scratch dir("plan");
  const SweepPlan plan = loadSweep(writeSweep(dir, std::string(kEightCases) + R"(cases:
  - {name: thick, set: {cell.positive.thickness: "120 um"}}
  - {set: {cell.positive.thickness: "80 um", solver.rtol: 1e-6}}
)").string(), {"solver.max_order=4"});
  ASSERT_EQ(plan.cases.size(), 10u);
  EXPECT_EQ(plan.out, (dir / "out").lexically_normal().string());
  EXPECT_EQ(plan.varied_keys,
            (std::vector<std::string>{"protocol", "cell.temperature", "cell.positive.thickness", "solver.rtol"}));
  // The last grid key varies fastest; a list in the file and its text form are the same value.
  EXPECT_EQ(plan.cases[0].name, "protocol=Discharge_at_0.5C_for_300_s__temperature=15_degC");
  EXPECT_EQ(plan.cases[1].name, "protocol=Discharge_at_0.5C_for_300_s__temperature=25_degC");
  EXPECT_EQ(plan.cases[2].varied[0].second, "[\"Discharge at 1C for 300 s\"]");
  EXPECT_EQ(plan.cases[4].varied[0].second, "[\"Discharge at 2C for 300 s\"]");
  EXPECT_EQ(plan.cases[8].name, "thick");
  EXPECT_EQ(plan.cases[9].name, "thickness=80_um__rtol=1e-6");
  // Common overrides first (file, then command line), varied values last so that they win.
  EXPECT_EQ(plan.cases[0].overrides.front(), "output.profile_times=[]");
  EXPECT_EQ(plan.cases[0].overrides[5], "solver.max_order=4");
  EXPECT_EQ(plan.cases[0].overrides.back(), "cell.temperature=15 degC");
}

TEST(Sweep, ShippedExampleIsAGridOfTwelve) {
  const SweepPlan plan = loadSweep(sourcePath("cases/sweeps/comsol_rates.yaml"));
  ASSERT_EQ(plan.cases.size(), 12u);
  EXPECT_EQ(plan.cases[0].name, "protocol=Discharge_at_0.5C_until_3.0_V__temperature=10_degC");
  EXPECT_EQ(fs::path(plan.out).filename(), "sweep_comsol_rates");
}

TEST(Sweep, FileMistakesNameTheLine) {
  const Scratch dir("mistakes");
  EXPECT_NE(errorOf([&] { loadSweep(writeSweep(dir, "grid: {cell.temperature: \"25 degC\"}\n").string()); })
                .find("sweep.yaml:9: grid.cell.temperature: a grid key takes a list"),
            std::string::npos);
  EXPECT_NE(errorOf([&] { loadSweep(writeSweep(dir, "grids: {}\n").string()); }).find("did you mean 'grid'?"),
            std::string::npos);
  EXPECT_NE(errorOf([&] {
              loadSweep(writeSweep(dir, "cases: [{name: a, set: {solver.rtol: 1e-6}}, {name: a}]\n").string());
            }).find("case name 'a' is used twice"),
            std::string::npos);
  EXPECT_NE(errorOf([&] { loadSweep(writeSweep(dir, "cases: [{name: ../up}]\n").string()); }).find("not a safe folder name"),
            std::string::npos);
  EXPECT_NE(errorOf([&] { loadSweep(writeSweep(dir, "cases: []\n").string()); }).find("nothing to run"), std::string::npos);
}

TEST(Sweep, RowsSurviveTheTripBetweenRanksExactly) {
  SweepRow r;
  r.index = 3;
  r.status = CaseStatus::Skipped;
  r.figures = {{"a", "1 mA/cm2", 0.1 + 0.2, "mV"}, {"b:c", "", std::nan(""), ""}};
  r.final_voltage_V = 3.9;
  r.message = "with, \"quotes\"\nand 12:colons";
  const std::vector<SweepRow> back = unpackRows(packRows({r, SweepRow{}}));
  ASSERT_EQ(back.size(), 2u);
  expectSameRows({r, SweepRow{}}, back);
  EXPECT_EQ(back[0].figures[1].name, "b:c");
  EXPECT_EQ(back[0].message, r.message);
}

// (1) Threads change nothing: 8 cases on 2 threads give the numbers of 1 thread, bit for bit.
TEST(Sweep, TwoThreadsGiveBitIdenticalResultsToOne) {
  const Scratch dir("threads");
  const SweepPlan plan = loadSweep(writeSweep(dir, kEightCases).string());
  ASSERT_EQ(plan.cases.size(), 8u);
  const SweepResult serial = sweep(plan, dir / "j1", 1);
  const SweepResult threaded = sweep(plan, dir / "j2", 2);
  EXPECT_EQ(serial.ok, 8);
  EXPECT_EQ(threaded.ok, 8);
  expectSameRows(serial.rows, threaded.rows);
  EXPECT_EQ(tableWithoutWallTime(dir / "j1"), tableWithoutWallTime(dir / "j2"));
  expectSameCaseFiles(plan, dir / "j1", dir / "j2");

  const auto csv = parseCsv(readText(dir / "j2" / "sweep.csv"));
  ASSERT_EQ(csv.size(), 9u);
  EXPECT_EQ(csv[0][0], "case");
  EXPECT_EQ(csv[0][2], "protocol");
  EXPECT_EQ(csv[0][3], "cell.temperature");
  EXPECT_EQ(csv[3][2], "[\"Discharge at 1C for 300 s\"]");
  const int q = column(csv, "last_discharge_capacity_mAh_m2 [mAh/m2]"), v = column(csv, "final_voltage_V");
  ASSERT_GE(q, 0);
  // 300 s at 0.5C, 1C, 2C, 3C of 24 A/m2: 1, 2, 4, 6 x 1000 mAh/m2.
  for (int k = 0; k < 4; ++k) EXPECT_NEAR(std::stod(csv[1 + 2 * k][q]), 1000.0 * (k == 0 ? 1 : 2 * k), 1e-6);
  EXPECT_GT(std::stod(csv[7][v]), 3.0);
  EXPECT_LT(std::stod(csv[7][v]), std::stod(csv[1][v]));  // 3C below 0.5C
}

// (2) MPI ranks change nothing either.
TEST(Sweep, MpirunGivesTheTableOfAThreadedRun) {
#ifndef CELLSIM_WITH_MPI
  GTEST_SKIP() << "cellsim was built without MPI (apt-get install libopenmpi-dev openmpi-bin, then rebuild)";
#else
  if (std::system("command -v mpirun > /dev/null 2>&1") != 0) GTEST_SKIP() << "mpirun not found";
  const Scratch dir("mpi");
  const fs::path file = writeSweep(dir, kEightCases);
  const SweepPlan plan = loadSweep(file.string());
  sweep(plan, dir / "threads", 2);
  // Open MPI: root (a container) needs --allow-run-as-root; 2 ranks x 2 threads on a small
  // machine need --oversubscribe and no core binding.
  const bool open_mpi = std::system("mpirun --version 2>&1 | grep -q 'Open MPI'") == 0;
  const std::string flags = open_mpi ? "--allow-run-as-root --oversubscribe --bind-to none " : "";
  const std::string cmd = "mpirun " + flags + "-n 2 " + std::string(CELLSIM_BINARY) +
                          " sweep " + file.string() + " --out " + (dir / "mpi").string() + " -j 2 --quiet > " +
                          (dir / "mpirun.log").string() + " 2>&1";
  const int rc = std::system(cmd.c_str());
  ASSERT_EQ(rc, 0) << cmd << "\n" << readText(dir / "mpirun.log");
  EXPECT_EQ(tableWithoutWallTime(dir / "threads"), tableWithoutWallTime(dir / "mpi"));
  expectSameCaseFiles(plan, dir / "threads", dir / "mpi");
#endif
}

// (3) A case that fails is reported in its row and on stderr; the others complete.
TEST(Sweep, AFailedCaseIsReportedAndTheOthersComplete) {
  const Scratch dir("failure");
  const fs::path file = writeSweep(dir, R"(grid:
  cell.positive.thickness: ["100 um", "-5 um", "90 um"]
cases:
  - {name: no_unit, set: {"cell.separator[0].thickness": "25"}}
  - {name: fine, set: {"cell.separator[0].thickness": "20 um"}}
  - {name: solver_fails, set: {protocol: ["Charge at 50C for 300 s"]}}
)", kOneC);
  const SweepPlan plan = loadSweep(file.string());
  const SweepResult r = sweep(plan, dir / "out", 2);
  EXPECT_EQ(r.ok, 3);
  EXPECT_EQ(r.failed, 3);
  const auto csv = parseCsv(readText(dir / "out" / "sweep.csv"));
  ASSERT_EQ(csv.size(), 7u);
  const int status = column(csv, "status"), message = column(csv, "message");
  EXPECT_EQ(csv[1][status], "ok");
  EXPECT_EQ(csv[2][status], "failed");
  EXPECT_NE(csv[2][message].find("input error: "), std::string::npos);
  EXPECT_NE(csv[2][message].find("cell.positive.thickness"), std::string::npos);
  EXPECT_EQ(csv[3][status], "ok");
  EXPECT_EQ(csv[4][status], "failed");
  EXPECT_NE(csv[4][message].find("missing unit"), std::string::npos);
  EXPECT_EQ(csv[5][status], "ok");
  EXPECT_EQ(csv[6][status], "failed");
  EXPECT_EQ(csv[6][message].rfind("solver error: ", 0), 0u) << csv[6][message];
  EXPECT_EQ(csv[6][column(csv, "final_voltage_V")], "");
  EXPECT_FALSE(fs::exists(dir / "out" / plan.cases[1].name));  // nothing written for a failure
  EXPECT_TRUE(fs::exists(dir / "out" / "fine" / "summary.json"));

  // The command line says so on stderr and in its exit code.
  const std::string cmd = std::string(CELLSIM_BINARY) + " sweep " + file.string() + " --out " + (dir / "cli").string() +
                          " -j 2 --quiet 2> " + (dir / "stderr.txt").string();
  const int rc = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(rc));
  EXPECT_EQ(WEXITSTATUS(rc), kSweepSomeFailed);
  const std::string err = readText(dir / "stderr.txt");
  EXPECT_NE(err.find("case 'no_unit' failed: input error:"), std::string::npos) << err;
  EXPECT_NE(err.find("case '" + plan.cases[1].name + "' failed"), std::string::npos) << err;
  EXPECT_NE(err.find("case 'solver_fails' failed: solver error:"), std::string::npos) << err;
}

// (4) A re-run skips what is done (without touching its folder); new or changed cases run;
// --force reruns everything.
TEST(Sweep, ReRunSkipsCasesDoneWithTheSameInputsAndForceRerunsThem) {
  const Scratch dir("rerun");
  // The case is a copy (its params through a link) so that the test can edit it.
  fs::create_directories(dir / "cases" / "validation");
  fs::create_directory_symlink(sourcePath("params"), dir / "params");
  // The link leads out of the copy's tree, which only an explicit widening allows.
  allowReadsUnder(sourcePath("params"));
  const fs::path case_file = dir / "cases" / "validation" / "c.yaml";
  fs::copy_file(sourcePath("cases/validation/comsol_marquis2019_1C.yaml"), case_file);
  const std::string grid = "grid: {cell.temperature: [\"15 degC\", \"25 degC\"]}\n";
  const SweepPlan plan = loadSweep(writeSweep(dir, grid, kOneC, case_file.string()).string());
  const SweepResult first = sweep(plan, dir / "out", 2);
  ASSERT_EQ(first.ok, 2);
  const std::string table = readText(dir / "out" / "sweep.csv");

  // Mark every file of the first run with an old time: a rewrite would renew it.
  const auto old = fs::file_time_type::clock::now() - std::chrono::hours(24);
  std::vector<fs::path> files;
  for (const auto& c : plan.cases)
    for (const auto& f : fs::directory_iterator(dir / "out" / c.name)) {
      fs::last_write_time(f.path(), old);
      files.push_back(f.path());
    }
  const SweepResult again = sweep(plan, dir / "out", 2);
  EXPECT_EQ(again.skipped, 2);
  EXPECT_EQ(again.ok, 0);
  for (const auto& f : files) EXPECT_EQ(fs::last_write_time(f), old) << f;
  // Read back, the rows are those of the run (the status aside).
  auto before = parseCsv(table), after = parseCsv(readText(dir / "out" / "sweep.csv"));
  const int status = column(after, "status");
  for (size_t i = 1; i < after.size(); ++i) {
    EXPECT_EQ(after[i][status], "skipped");
    after[i][status] = "ok";
  }
  EXPECT_EQ(before, after);

  // Other overrides, or another value in the case file: those cases run again.
  const SweepPlan tighter = loadSweep(plan.file, {"solver.rtol=1e-5"});
  EXPECT_EQ(sweep(tighter, dir / "out", 1).ok, 2);
  EXPECT_EQ(sweep(tighter, dir / "out", 1).skipped, 2);
  std::string text = readText(case_file);
  ASSERT_NE(text.find("thickness: 25 um"), std::string::npos);
  writeText(case_file, text.replace(text.find("thickness: 25 um"), 16, "thickness: 24 um"));
  EXPECT_EQ(sweep(tighter, dir / "out", 1).ok, 2);

  const SweepResult forced = sweep(tighter, dir / "out", 2, true);
  EXPECT_EQ(forced.ok, 2);
  EXPECT_EQ(forced.skipped, 0);
}
