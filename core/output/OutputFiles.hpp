#pragma once
// Result files are written under a temporary name in the destination folder and renamed
// into place only when the whole run succeeded, so a failed or interrupted run never
// leaves a half-written file over a good one.
#include <sstream>
#include <string>
#include <vector>

namespace cellsim {

class OutputSet {
 public:
  explicit OutputSet(std::string directory);
  ~OutputSet();  //!< removes any temporary files not committed
  //! Stream for `name` (e.g. "timeseries.csv"); content goes to a temporary file.
  std::ostringstream& file(const std::string& name);
  //! Writes every file to its temporary name, then renames all of them into place.
  void commit();

 private:
  std::string dir_;
  std::vector<std::pair<std::string, std::ostringstream>> files_;
  std::vector<std::string> temps_;
};

//! Minimal JSON helpers for summary files.
std::string jsonString(const std::string& s);
std::string jsonNumber(double v);  //!< NaN/inf -> null

}  // namespace cellsim
