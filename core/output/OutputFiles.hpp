#pragma once
// A run's result files, replaced in their folder as a whole (StagedFolder): a failed or
// interrupted run never leaves a half-written file, or a mix of two runs' files, behind.
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "core/output/StagedFolder.hpp"

namespace cellsim {

class OutputSet {
 public:
  explicit OutputSet(std::string directory);
  ~OutputSet();  //!< removes whatever was staged but not committed
  //! Stream for `name` (e.g. "summary.json"), held in memory until commit().
  std::ostringstream& file(const std::string& name);
  //! Stream for `name` written straight into the staging folder, for files too large to
  //! hold in memory; the destination is checked (and staging created) on the first call.
  std::ostream& stream(const std::string& name);
  //! Writes the files held in memory, then replaces the folder's set by this one.
  void commit();

 private:
  std::string dir_;
  std::vector<std::pair<std::string, std::ostringstream>> files_;
  std::vector<std::pair<std::string, std::unique_ptr<std::ofstream>>> streams_;
  std::unique_ptr<StagedFolder> folder_;
};

//! Minimal JSON helpers for summary files.
std::string jsonString(const std::string& s);
std::string jsonNumber(double v);  //!< NaN/inf -> null

}  // namespace cellsim
