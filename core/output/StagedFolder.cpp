#include "StagedFolder.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <stdexcept>

namespace cellsim {

namespace fs = std::filesystem;

namespace {

std::function<void(const char*)>& commitProbe() {
  static std::function<void(const char*)> probe;
  return probe;
}
std::atomic<bool> g_exchange{true};
std::atomic<int> g_sequence{0};

void probe(const char* point) {
  if (commitProbe()) commitProbe()(point);
}

std::runtime_error failure(const fs::path& p, const std::string& why) {
  return std::runtime_error("cannot write " + p.string() + ": " + why);
}

//! A unique suffix for this process's scratch names: the pid tells a later run whether the
//! writer is still alive.
std::string ownTag() { return std::to_string(::getpid()) + "-" + std::to_string(g_sequence++); }

//! The pid a scratch name's tag starts with (after `marker`), or -1 when it has none.
long tagOwner(const std::string& name, const std::string& marker) {
  const size_t at = name.find(marker);
  if (name.empty() || name[0] != '.' || at == std::string::npos) return -1;
  const char* digits = name.c_str() + at + marker.size();
  char* end = nullptr;
  const long pid = std::strtol(digits, &end, 10);
  return end != digits && pid > 0 ? pid : -1;
}

//! A process that has exited leaves its scratch files to whoever writes here next; a pid
//! owned by another user (EPERM) is taken as alive.
bool abandoned(long pid) { return pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH; }

//! A temporary of one of `names` (writeFileAtomically's, or the per-file renames' of earlier
//! versions): ".NAME.tmp.PID..."; only such names are taken, never any hidden ".tmp." file.
long temporaryOwner(const std::string& n, const std::set<std::string>& names) {
  for (const auto& name : names)
    if (n.rfind("." + name + ".tmp.", 0) == 0) return tagOwner(n, "." + name + ".tmp.");
  return -1;
}

bool cellsimFile(const std::string& n, std::set<std::string> ours) {
  ours.insert(kManifestFile);
  return ours.count(n) > 0 || temporaryOwner(n, ours) > 0;
}

void removeAbandonedTemporaries(const fs::path& folder, std::set<std::string> names) {
  std::error_code ec;
  names.insert(kManifestFile);
  for (const auto& e : fs::directory_iterator(folder, ec))
    if (abandoned(temporaryOwner(e.path().filename().string(), names))) fs::remove(e.path(), ec);
}

bool sameEntry(const fs::path& a, const fs::path& b) {
  struct stat sa {}, sb {};
  return ::lstat(a.c_str(), &sa) == 0 && ::lstat(b.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

bool present(const fs::path& p) {
  std::error_code ec;
  return fs::exists(fs::symlink_status(p, ec));
}

std::optional<std::set<std::string>> readManifest(const fs::path& folder) {
  std::ifstream in(folder / kManifestFile);
  if (!in) return std::nullopt;
  std::set<std::string> names;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) names.insert(line);
  return names;
}

std::string manifestText(const std::set<std::string>& names) {
  std::string text;
  for (const auto& n : names) text += n + "\n";
  return text;
}

//! Empties a scratch folder of `target` and removes it: files cellsim wrote (its manifest's,
//! or all of them in a folder without one, which nothing was carried into yet) are deleted;
//! the user's entries carried into it go back to `target`, or are dropped if `target` holds
//! the very same entry (a hard link). What cannot go back stays, and so do the folder and
//! its manifest (removed last, so that a kill here never leaves the user's entries unlisted).
void dispose(const fs::path& folder, const fs::path& target) {
  std::error_code ec;
  const auto ours = readManifest(folder);
  bool kept = false;
  for (const auto& e : fs::directory_iterator(folder, ec)) {
    const std::string n = e.path().filename().string();
    if (n == kManifestFile) continue;
    if ((!ours || cellsimFile(n, *ours)) && !fs::is_directory(fs::symlink_status(e.path(), ec))) {
      fs::remove(e.path(), ec);
    } else if (!present(target / n)) {
      fs::rename(e.path(), target / n, ec);
      kept = kept || ec;
    } else if (sameEntry(e.path(), target / n)) {
      fs::remove(e.path(), ec);
    } else {
      kept = true;
    }
    probe("cleaned");
  }
  if (kept) return;
  fs::remove(folder / kManifestFile, ec);
  fs::remove(folder, ec);
}

fs::path resolveTarget(const std::string& requested) {
  fs::path t = fs::absolute(requested).lexically_normal();
  if (t.filename().empty() && t.has_parent_path() && t != t.root_path()) t = t.parent_path();
  std::error_code ec;
  // A symlinked results folder stays a link: the folder it points to is the one replaced.
  if (fs::is_symlink(t, ec)) t = fs::canonical(t);
  return t;
}

//! Exchanging the working directory of this process away would leave it in a deleted folder.
bool holdsWorkingDirectory(const fs::path& target) {
  std::error_code ec;
  const fs::path cwd = fs::canonical(fs::current_path(ec), ec);
  if (ec) return false;
  const fs::path t = fs::weakly_canonical(target, ec);
  auto c = cwd.begin();
  for (auto it = t.begin(); it != t.end(); ++it, ++c)
    if (c == cwd.end() || *c != *it) return false;
  return true;
}

void removeStale(const fs::path& target) {
  std::error_code ec;
  const std::string prefix = "." + target.filename().string() + ".cellsim-";
  std::vector<fs::path> asides, stagings;
  for (const auto& e : fs::directory_iterator(target.parent_path(), ec)) {
    const std::string n = e.path().filename().string();
    if (n.rfind(prefix, 0) != 0) continue;
    const std::string kind = n.substr(prefix.size(), 4);
    if ((kind == "old-" || kind == "new-") && abandoned(tagOwner(n, prefix + kind)))
      (kind == "old-" ? asides : stagings).push_back(e.path());
  }
  // A fallback swap killed between its two renames: the previous set goes back first, so
  // that what was carried out of it finds its place.
  for (const auto& a : asides) {
    if (!present(target)) fs::rename(a, target, ec);
    else dispose(a, target);
  }
  for (const auto& s : stagings) dispose(s, target);
  for (const auto& e : fs::directory_iterator(target, ec))
    if (e.path().filename().string().rfind(".cellsim-new-", 0) == 0 && abandoned(tagOwner(e.path().filename().string(), ".cellsim-new-")))
      dispose(e.path(), target);
}

}  // namespace

void setCommitProbeForTests(std::function<void(const char*)> p) { commitProbe() = std::move(p); }
void setExchangeForTests(bool exchange) { g_exchange = exchange; }

StagedFolder::StagedFolder(std::string destination) : requested_(std::move(destination)) {}

StagedFolder::~StagedFolder() {
  if (!prepared_ || committed_) return;
  try {
    dispose(staging_, target_);
  } catch (...) {  // a destructor cannot report; the next run removes what is left
  }
}

void StagedFolder::prepare() {
  const fs::path t = resolveTarget(requested_);
  target_ = t.string();
  std::error_code ec;
  if (present(t) && !fs::is_directory(t, ec)) throw failure(t, "it is a file; give a folder for the results");
  if (present(t) && ::access(t.c_str(), W_OK) != 0) throw failure(t, std::strerror(errno));
  in_place_ = t == t.root_path() || holdsWorkingDirectory(t);
  fs::create_directories(in_place_ ? t : t.parent_path(), ec);
  if (ec) throw failure(t, ec.message());
  removeStale(t);
  const fs::path beside = t.parent_path() / ("." + t.filename().string() + ".cellsim-new-" + ownTag());
  if (!in_place_ && !fs::create_directory(beside, ec)) in_place_ = present(t);  // e.g. a read-only parent
  if (in_place_) {
    const fs::path inside = t / (".cellsim-new-" + ownTag());
    fs::create_directories(inside, ec);
    if (ec) throw failure(inside, ec.message());
    staging_ = inside.string();
  } else {
    if (ec) throw failure(beside, ec.message());
    staging_ = beside.string();
    if (present(t)) fs::permissions(beside, fs::status(t).permissions(), ec);
  }
  prepared_ = true;
}

std::string StagedFolder::stagedPath(const std::string& name) {
  if (!prepared_) prepare();
  return (fs::path(staging_) / name).string();
}

void StagedFolder::commit(const std::vector<std::string>& names) {
  if (!prepared_) prepare();
  const fs::path target(target_), staging(staging_);
  std::error_code ec;
  for (const auto& n : names) {
    const auto st = fs::symlink_status(target / n, ec);
    if (fs::exists(st) && !fs::is_regular_file(st))
      throw failure(target / n, fs::is_directory(st) ? "a folder is in the way" : "something that is not a file is in the way");
  }
  probe("staged");
  if (in_place_) return commitInPlace(names);
  {
    std::ofstream m(staging / kManifestFile);
    m << manifestText({names.begin(), names.end()});
    if (!m.flush()) throw failure(staging / kManifestFile, "write failed");
  }
  probe("manifest");
  carryOthers(names);
  swapIn();
  committed_ = true;
  probe("swapped");
  if (!aside_.empty()) dispose(aside_, target);
}

//! The destination's entries that are not cellsim's go into the new set: files hard-linked
//! (so that the destination stays whole until the swap), folders and files that cannot be
//! linked moved. Before that, the destination's manifest is completed with the files about to
//! be replaced (results of versions without manifests), so that the folder swapped out says
//! exactly which of its files are cellsim's, whenever it is cleaned.
void StagedFolder::carryOthers(const std::vector<std::string>& names) {
  const fs::path target(target_), staging(staging_);
  std::error_code ec;
  if (!present(target)) return;
  const auto listed = readManifest(target);
  std::set<std::string> ours = listed.value_or(std::set<std::string>{});
  for (const auto& n : names)
    if (present(target / n)) ours.insert(n);
  std::set<std::string> any = ours;
  any.insert(names.begin(), names.end());
  removeAbandonedTemporaries(target, any);
  if (!listed || ours != *listed) writeFileAtomically((target / kManifestFile).string(), manifestText(ours));
  probe("old manifest");
  for (const auto& e : fs::directory_iterator(target)) {
    const std::string n = e.path().filename().string();
    if (cellsimFile(n, any) || n.rfind(".cellsim-new-", 0) == 0) continue;
    const fs::path to = staging / n;
    if (fs::is_directory(fs::symlink_status(e.path(), ec)) || ::linkat(AT_FDCWD, e.path().c_str(), AT_FDCWD, to.c_str(), 0) != 0)
      fs::rename(e.path(), to);
    probe("carried");
  }
}

void StagedFolder::swapIn() {
  const fs::path target(target_), staging(staging_);
  if (!present(target)) {
    fs::rename(staging, target);
    return;
  }
#ifdef RENAME_EXCHANGE
  if (g_exchange) {
    if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) == 0) {
      aside_ = staging_;
      return;
    }
    if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP) throw failure(target, std::strerror(errno));
  }
#endif
  // No exchange on this file system: two renames, between which the destination is missing
  // (never mixed); a run killed there is rolled back by the next one (removeStale).
  const fs::path aside = target.parent_path() / ("." + target.filename().string() + ".cellsim-old-" + ownTag());
  fs::rename(target, aside);
  aside_ = aside.string();
  probe("moved aside");
  std::error_code ec;
  fs::rename(staging, target, ec);
  if (ec) {
    fs::rename(aside, target, ec);
    aside_.clear();
    throw failure(target, "cannot move the new results into place");
  }
}

//! The destination cannot be swapped (it holds the working directory, or its parent is not
//! writable): the files are renamed into it one by one. Each file is whole, the set is not.
void StagedFolder::commitInPlace(const std::vector<std::string>& names) {
  const fs::path target(target_), staging(staging_);
  std::set<std::string> old = readManifest(target).value_or(std::set<std::string>{});
  std::set<std::string> any = old;
  any.insert(names.begin(), names.end());
  removeAbandonedTemporaries(target, any);
  for (const auto& n : names) {
    fs::rename(staging / n, target / n);
    probe("renamed");
  }
  std::error_code ec;
  for (const auto& n : old)
    if (!std::count(names.begin(), names.end(), n) && fs::is_regular_file(fs::symlink_status(target / n, ec)))
      fs::remove(target / n, ec);
  writeFileAtomically((target / kManifestFile).string(), manifestText({names.begin(), names.end()}));
  committed_ = true;
  fs::remove(staging, ec);
}

void writeFileAtomically(const std::string& path, const std::string& text) {
  const fs::path p = fs::absolute(path);
  std::error_code ec;
  fs::create_directories(p.parent_path(), ec);
  if (ec) throw failure(p.parent_path(), ec.message());
  if (fs::is_directory(fs::symlink_status(p, ec))) throw failure(p, "a folder is in the way");
  const std::string prefix = "." + p.filename().string() + ".tmp.";
  for (const auto& e : fs::directory_iterator(p.parent_path(), ec)) {
    const std::string n = e.path().filename().string();
    if (n.rfind(prefix, 0) == 0 && abandoned(tagOwner(n, prefix))) fs::remove(e.path(), ec);
  }
  const fs::path tmp = p.parent_path() / (prefix + ownTag());
  std::ofstream os(tmp, std::ios::binary);
  os << text;
  os.close();
  if (!os) {
    fs::remove(tmp, ec);
    throw failure(p, "cannot write its temporary " + tmp.string());
  }
  fs::rename(tmp, p, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw failure(p, ec.message());
  }
}

}  // namespace cellsim
