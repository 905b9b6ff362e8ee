#pragma once
// Which directories an input document, and every file it refers to, may be read from.
// An input file is untrusted: without a scope it could name any file on the machine
// (absolute paths, "../", symlinks) and have its content echoed in error messages.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace cellsim {

//! The directories a document's references must resolve into (after following symlinks).
struct ReadScope {
  std::vector<std::filesystem::path> roots;  //!< canonical directories
  //! The scope of a top-level document: its directory or, if one of that directory's
  //! ancestors holds a folder named `kSharedFolder`, the nearest such ancestor; plus every
  //! directory given to allowReadsUnder() and listed in $CELLSIM_ALLOW_DIRS (':'-separated).
  static std::shared_ptr<const ReadScope> forDocument(const std::string& path);
  //! True if `canonical` (a path with its symlinks resolved) lies under one of the roots.
  bool contains(const std::filesystem::path& canonical) const;
  //! The rule and the roots, for a message.
  std::string describe() const;
  static constexpr const char* kSharedFolder = "params";
  static constexpr const char* kEnvironment = "CELLSIM_ALLOW_DIRS";
};

//! Widens the scope of every document loaded afterwards (the CLI's --allow-path). Throws
//! std::invalid_argument if `dir` is not an existing directory.
void allowReadsUnder(const std::string& dir);
//! Forgets the directories given to allowReadsUnder() (for tests).
void resetAllowedReads();

}  // namespace cellsim
