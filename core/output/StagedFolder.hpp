#pragma once
// A folder's set of files replaced as a whole. The new files are written into a fresh hidden
// staging folder beside the destination (same file system), the destination's other entries
// (the user's own files, plots) are hard-linked or moved into it, and the two folders are
// exchanged in one rename (Linux renameat2 RENAME_EXCHANGE). A reader, or a process killed
// at any point, therefore sees the previous set or the new one, never a mix. Leftovers of a
// killed writer are cleaned by the next one writing to the same destination.
//
// Only files listed in the destination's manifest (kManifestFile, written by every commit) or
// about to be rewritten are ever removed; anything else is the user's and is kept.
#include <functional>
#include <string>
#include <vector>

namespace cellsim {

//! The hidden file in a destination folder naming the files written there by the last commit.
inline const char* const kManifestFile = ".cellsim-files";

class StagedFolder {
 public:
  explicit StagedFolder(std::string destination);
  ~StagedFolder();  //!< an uncommitted staging folder (and what it holds) is removed
  StagedFolder(const StagedFolder&) = delete;
  StagedFolder& operator=(const StagedFolder&) = delete;

  //! Where to write `name` before the commit; the first call checks the destination (a file
  //! in its place, no write permission: std::runtime_error naming it), removes what killed
  //! writers left, and creates the staging folder.
  std::string stagedPath(const std::string& name);
  //! Makes `names` (all written to their stagedPath) the destination's set of files.
  void commit(const std::vector<std::string>& names);

 private:
  void prepare();
  void carryOthers(const std::vector<std::string>& names);
  void swapIn();
  void commitInPlace(const std::vector<std::string>& names);

  std::string requested_;
  std::string target_, staging_, aside_;
  bool prepared_ = false, in_place_ = false, committed_ = false;
};

//! Writes one file atomically: a temporary beside it, renamed over it.
void writeFileAtomically(const std::string& path, const std::string& text);

//! Test hooks: `probe` is called at every point of a commit where the files on disk change
//! (a test stops a forked process there to play a kill); `exchange` false makes commits use
//! the fallback for file systems without RENAME_EXCHANGE.
void setCommitProbeForTests(std::function<void(const char* point)> probe);
void setExchangeForTests(bool exchange);

}  // namespace cellsim
