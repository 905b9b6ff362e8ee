#include "OutputFiles.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <stdexcept>

namespace cellsim {

namespace fs = std::filesystem;

OutputSet::OutputSet(std::string directory) : dir_(std::move(directory)) {}

OutputSet::~OutputSet() {
  for (auto& s : streams_) s.second->close();  // before the staging folder is removed
}

std::ostringstream& OutputSet::file(const std::string& name) {
  for (auto& f : files_)
    if (f.first == name) return f.second;
  files_.emplace_back(name, std::ostringstream());
  files_.back().second << std::setprecision(10);
  return files_.back().second;
}

std::ostream& OutputSet::stream(const std::string& name) {
  for (auto& s : streams_)
    if (s.first == name) return *s.second;
  if (!folder_) folder_ = std::make_unique<StagedFolder>(dir_);
  const std::string path = folder_->stagedPath(name);
  auto os = std::make_unique<std::ofstream>(path, std::ios::binary);
  if (!*os) throw std::runtime_error("cannot write " + path);
  *os << std::setprecision(10);
  streams_.emplace_back(name, std::move(os));
  return *streams_.back().second;
}

void OutputSet::commit() {
  if (!folder_) folder_ = std::make_unique<StagedFolder>(dir_);
  std::vector<std::string> names;
  for (auto& s : streams_) {
    s.second->close();
    if (!*s.second) throw std::runtime_error("cannot write " + folder_->stagedPath(s.first));
    names.push_back(s.first);
  }
  for (auto& f : files_) {
    if (std::count(names.begin(), names.end(), f.first)) throw std::logic_error(f.first + " is both streamed and held");
    const std::string path = folder_->stagedPath(f.first);
    std::ofstream os(path, std::ios::binary);
    os << f.second.str();
    os.close();
    if (!os) throw std::runtime_error("cannot write " + path);
    names.push_back(f.first);
  }
  folder_->commit(names);
}

namespace {

// Length of the well-formed UTF-8 sequence starting at s[i], or 0 (overlong forms,
// surrogates and code points above U+10FFFF are not well formed).
size_t utf8Length(const std::string& s, size_t i) {
  const auto b = [&s](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) return 1;
  size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k)
    if ((b(i + k) & 0xC0) != 0x80) return 0;
  if (c == 0xE0 && b(i + 1) < 0xA0) return 0;  // overlong
  if (c == 0xED && b(i + 1) >= 0xA0) return 0;  // surrogate
  if (c == 0xF0 && b(i + 1) < 0x90) return 0;  // overlong
  if (c == 0xF4 && b(i + 1) >= 0x90) return 0;  // above U+10FFFF
  return n;
}

}  // namespace

std::string jsonString(const std::string& s) {
  std::string o = "\"";
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (static_cast<unsigned char>(c) >= 0x80) {
      // Text copied from an input file may be any bytes; JSON must be UTF-8.
      const size_t n = utf8Length(s, i);
      if (n == 0) {
        o += "\\ufffd";
      } else {
        o.append(s, i, n);
        i += n - 1;
      }
      continue;
    }
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
