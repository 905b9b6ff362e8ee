#include "OutputFiles.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <stdexcept>
#include <unistd.h>

namespace cellsim {

namespace fs = std::filesystem;

OutputSet::OutputSet(std::string directory) : dir_(std::move(directory)) {}

OutputSet::~OutputSet() {
  std::error_code ec;
  for (const auto& t : temps_) fs::remove(t, ec);
}

std::ostringstream& OutputSet::file(const std::string& name) {
  for (auto& f : files_)
    if (f.first == name) return f.second;
  files_.emplace_back(name, std::ostringstream());
  files_.back().second << std::setprecision(10);
  return files_.back().second;
}

void OutputSet::commit() {
  fs::create_directories(dir_);
  const std::string tag = ".tmp." + std::to_string(::getpid());
  for (auto& f : files_) {
    const std::string tmp = (fs::path(dir_) / ("." + f.first + tag)).string();
    temps_.push_back(tmp);
    std::ofstream os(tmp, std::ios::binary);
    os << f.second.str();
    os.close();
    if (!os) throw std::runtime_error("cannot write " + tmp);
  }
  for (size_t i = 0; i < files_.size(); ++i) fs::rename(temps_[i], fs::path(dir_) / files_[i].first);
  temps_.clear();
}

std::string jsonString(const std::string& s) {
  std::string o = "\"";
  for (char c : s) {
    switch (c) {
      case '"': o += "\\\""; break;
      case '\\': o += "\\\\"; break;
      case '\n': o += "\\n"; break;
      case '\t': o += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          o += buf;
        } else {
          o += c;
        }
    }
  }
  return o + "\"";
}

std::string jsonNumber(double v) {
  if (!std::isfinite(v)) return "null";
  std::ostringstream os;
  os << std::setprecision(12) << v;
  return os.str();
}

}  // namespace cellsim
