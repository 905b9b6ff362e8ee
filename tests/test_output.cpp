// Result sets are replaced as a whole: a folder in the way or a process killed at any point
// of a commit leaves the previous set (or the new one), never a mix; leftovers of a killed
// writer go with the next commit; files the writer did not write are never removed.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "core/output/OutputFiles.hpp"

namespace cellsim {
namespace {

namespace fs = std::filesystem;
using Files = std::map<std::string, std::string>;

std::string readAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void writeSet(const fs::path& dir, const Files& files) {
  OutputSet out(dir.string());
  for (const auto& [name, text] : files) out.file(name) << text;
  out.commit();
}

Files setA() { return {{"summary.json", "{\"run\": \"A\"}\n"}, {"series.csv", "t\n1\n"}, {"spectra.csv", "f\n1\n"}}; }
Files setB() { return {{"summary.json", "{\"run\": \"B\"}\n"}, {"series.csv", "t\n2\n"}, {"extra.bin", "B"}}; }
Files setC() { return {{"summary.json", "{\"run\": \"C\"}\n"}, {"series.csv", "t\n3\n"}}; }

//! Which of `sets` the folder holds exactly (as result files), or -1 for a mix.
int whichSet(const fs::path& dir, const std::vector<Files>& sets) {
  for (size_t k = 0; k < sets.size(); ++k) {
    bool all = true;
    for (const auto& [name, text] : sets[k]) all = all && fs::exists(dir / name) && readAll(dir / name) == text;
    for (const auto& other : sets)
      for (const auto& [name, text] : other)
        if (!sets[k].count(name) && fs::exists(dir / name)) all = false;
    if (all) return static_cast<int>(k);
  }
  return -1;
}

std::vector<std::string> hiddenEntries(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string n = e.path().filename().string();
    if (n[0] == '.' && n != kManifestFile) out.push_back(n);
  }
  return out;
}

//! A pid no process has any more (a child that has exited and been reaped).
pid_t deadPid() {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(0);
  ::waitpid(pid, nullptr, 0);
  return pid;
}

class OutputSets : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("cellsim_output_" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_);
    dir_ = root_ / "out";
  }
  void TearDown() override { fs::remove_all(root_); }
  //! The user's own entries: a file, a folder of plots and a symbolic link.
  void addUserFiles() {
    std::ofstream(dir_ / "notes.txt") << "mine";
    fs::create_directories(dir_ / "plots");
    std::ofstream(dir_ / "plots" / "v.png") << "png";
    fs::create_symlink("notes.txt", dir_ / "link");
  }
  void expectUserFiles() {
    EXPECT_EQ(readAll(dir_ / "notes.txt"), "mine");
    EXPECT_EQ(readAll(dir_ / "plots" / "v.png"), "png");
    EXPECT_TRUE(fs::is_symlink(dir_ / "link"));
  }
  fs::path root_, dir_;
};

TEST_F(OutputSets, UserFilesSurviveAndOldResultFilesGo) {
  writeSet(dir_, setA());
  addUserFiles();
  const auto inode = fs::hard_link_count(dir_ / "notes.txt");
  writeSet(dir_, setB());
  EXPECT_EQ(whichSet(dir_, {setA(), setB()}), 1);  // spectra.csv of A is gone
  expectUserFiles();
  EXPECT_EQ(fs::hard_link_count(dir_ / "notes.txt"), inode);  // no link left elsewhere
  EXPECT_TRUE(hiddenEntries(root_).empty());
  EXPECT_TRUE(hiddenEntries(dir_).empty());
}

TEST_F(OutputSets, FolderInTheWayIsAnErrorNamingItAndKeepsTheOldSet) {
  writeSet(dir_, setA());
  addUserFiles();
  fs::remove(dir_ / "summary.json");
  fs::create_directories(dir_ / "summary.json");
  try {
    writeSet(dir_, setB());
    FAIL() << "a folder in the way was overwritten";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find((dir_ / "summary.json").string() + ": a folder is in the way"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(readAll(dir_ / "series.csv"), "t\n1\n");
  EXPECT_EQ(readAll(dir_ / "spectra.csv"), "f\n1\n");
  EXPECT_TRUE(fs::is_directory(dir_ / "summary.json"));
  expectUserFiles();
  EXPECT_TRUE(hiddenEntries(root_).empty());
}

TEST_F(OutputSets, UncommittedStreamsLeaveNothing) {
  writeSet(dir_, setA());
  {
    OutputSet out(dir_.string());
    out.stream("series.csv") << "t\n9\n";
    out.file("summary.json") << "{";
  }
  EXPECT_EQ(whichSet(dir_, {setA()}), 0);
  EXPECT_TRUE(hiddenEntries(root_).empty());
}

TEST_F(OutputSets, StreamedFilesArePartOfTheSet) {
  OutputSet out(dir_.string());
  out.stream("series.csv") << "t\n2\n";
  out.file("summary.json") << "{\"run\": \"B\"}\n";
  out.file("extra.bin") << "B";
  out.commit();
  EXPECT_EQ(whichSet(dir_, {setB()}), 0);
}

//! A process killed at the k-th point of a commit of B over A (user files present), then a
//! commit of C: the folder holds A or B whole at the kill, C whole after, no leftovers.
void killAtEveryPoint(const fs::path& root, bool exchange) {
  const fs::path dir = root / (exchange ? "exchange" : "renames");
  setExchangeForTests(exchange);
  int points = 0;
  setCommitProbeForTests([&points](const char*) { ++points; });
  writeSet(dir, setA());
  writeSet(dir, setB());
  setCommitProbeForTests(nullptr);
  ASSERT_GE(points, 4);
  for (int k = 0; k < points; ++k) {
    SCOPED_TRACE("killed at point " + std::to_string(k) + (exchange ? " (exchange)" : " (two renames)"));
    fs::remove_all(dir);
    writeSet(dir, setA());
    std::ofstream(dir / "notes.txt") << "mine";
    std::ofstream(dir / (".series.csv.tmp." + std::to_string(deadPid()))) << "a killed writer's";
    std::ofstream(dir / ".hidden.tmp.1") << "the user's";
    const pid_t pid = ::fork();
    if (pid == 0) {
      int seen = 0;
      setCommitProbeForTests([&seen, k](const char*) {
        if (seen++ == k) ::_exit(0);
      });
      try {
        writeSet(dir, setB());
      } catch (...) {
      }
      ::_exit(1);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    // Between the two renames of the fallback the folder is missing: never mixed.
    EXPECT_TRUE(fs::exists(dir) || !exchange);
    if (fs::exists(dir)) {
      EXPECT_NE(whichSet(dir, {setA(), setB()}), -1);
    }
    writeSet(dir, setC());
    EXPECT_EQ(whichSet(dir, {setA(), setB(), setC()}), 2);
    EXPECT_EQ(readAll(dir / "notes.txt"), "mine");
    EXPECT_EQ(hiddenEntries(dir), std::vector<std::string>{".hidden.tmp.1"});
    EXPECT_EQ(hiddenEntries(root), std::vector<std::string>{});
  }
  setExchangeForTests(true);
}

TEST_F(OutputSets, KillAtAnyPointNeverMixesAndTheNextCommitCleansUp) {
  killAtEveryPoint(root_, true);
  killAtEveryPoint(root_, false);
}

// A folder written before manifests existed: the files of the new set replace their
// namesakes, anything else may be the user's and stays.
TEST_F(OutputSets, FolderWithoutManifestKeepsWhatItCannotKnow) {
  writeSet(dir_, setA());
  fs::remove(dir_ / kManifestFile);
  addUserFiles();
  writeSet(dir_, setC());
  EXPECT_EQ(readAll(dir_ / "summary.json"), setC()["summary.json"]);
  EXPECT_EQ(readAll(dir_ / "spectra.csv"), "f\n1\n");
  expectUserFiles();
  EXPECT_TRUE(hiddenEntries(root_).empty());
  writeSet(dir_, setB());  // from now on the manifest says what is cellsim's
  EXPECT_TRUE(fs::exists(dir_ / "spectra.csv"));
}

TEST_F(OutputSets, WorkingDirectoryInsideTheFolderStaysValid) {
  writeSet(dir_, setA());
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (::chdir(dir_.c_str()) != 0) ::_exit(2);
    writeSet(".", setB());
    std::ifstream in("summary.json");  // through the working directory
    std::string line;
    std::getline(in, line);
    ::_exit(line == "{\"run\": \"B\"}" ? 0 : 3);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  EXPECT_EQ(whichSet(dir_, {setA(), setB()}), 1);
  EXPECT_TRUE(hiddenEntries(dir_).empty());
}

TEST_F(OutputSets, SingleFileReplacedAtomically) {
  const fs::path f = root_ / "fit.json";
  std::ofstream(root_ / (".fit.json.tmp." + std::to_string(deadPid()) + "-0")) << "killed";
  writeFileAtomically(f.string(), "{}\n");
  EXPECT_EQ(readAll(f), "{}\n");
  EXPECT_TRUE(hiddenEntries(root_).empty());
  fs::create_directories(root_ / "table.csv");
  EXPECT_THROW(writeFileAtomically((root_ / "table.csv").string(), "x"), std::runtime_error);
}

}  // namespace
}  // namespace cellsim
