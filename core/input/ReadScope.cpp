#include "core/input/ReadScope.hpp"

#include <cstdlib>
#include <mutex>
#include <stdexcept>

#include "core/input/Text.hpp"

namespace cellsim {

namespace fs = std::filesystem;

namespace {

std::mutex g_mutex;
std::vector<fs::path> g_allowed;

fs::path canonicalDirectory(const fs::path& dir) {
  std::error_code ec;
  fs::path abs = fs::absolute(dir.empty() ? fs::path(".") : dir, ec);
  if (ec) return {};
  fs::path c = fs::weakly_canonical(abs, ec);
  return ec ? abs.lexically_normal() : c;
}

fs::path documentRoot(const fs::path& dir) {
  std::error_code ec;
  for (fs::path p = dir; !p.empty(); p = p.parent_path()) {
    if (fs::is_directory(p / ReadScope::kSharedFolder, ec)) return p;
    if (p == p.root_path()) break;
  }
  return dir;
}

}  // namespace

std::shared_ptr<const ReadScope> ReadScope::forDocument(const std::string& path) {
  auto scope = std::make_shared<ReadScope>();
  const fs::path dir = canonicalDirectory(fs::path(path).parent_path());
  if (!dir.empty()) scope->roots.push_back(documentRoot(dir));
  {
    const std::lock_guard<std::mutex> lock(g_mutex);
    scope->roots.insert(scope->roots.end(), g_allowed.begin(), g_allowed.end());
  }
  if (const char* env = std::getenv(kEnvironment)) {
    for (const auto& d : split(env, ':'))
      if (!trim(d).empty()) scope->roots.push_back(canonicalDirectory(trim(d)));
  }
  return scope;
}

bool ReadScope::contains(const fs::path& canonical) const {
  for (const auto& root : roots) {
    if (root.empty()) continue;
    auto r = root.begin();
    auto c = canonical.begin();
    for (; r != root.end() && c != canonical.end() && *r == *c; ++r, ++c) {
    }
    // A trailing "" component (root written with a final '/') matches anything.
    if (r == root.end() || (std::next(r) == root.end() && r->empty())) return true;
  }
  return false;
}

std::string ReadScope::describe() const {
  std::vector<std::string> shown;
  for (const auto& r : roots) shown.push_back("'" + r.string() + "'");
  return std::string("input files may only refer to files under the top-level file's directory or its nearest "
                     "ancestor holding a '") + kSharedFolder + "/' folder, or a directory given with --allow-path or $" +
         kEnvironment + " (here: " + join(shown, ", ") + ")";
}

void allowReadsUnder(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw std::invalid_argument("'" + dir + "': no such directory");
  const std::lock_guard<std::mutex> lock(g_mutex);
  g_allowed.push_back(canonicalDirectory(dir));
}

void resetAllowedReads() {
  const std::lock_guard<std::mutex> lock(g_mutex);
  g_allowed.clear();
}

}  // namespace cellsim
