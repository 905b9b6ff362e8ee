// sweep.csv (one row per case, in the sweep's order) and the exact byte form of rows that
// MPI ranks send to rank 0.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <stdexcept>

#include "models/sweep/Sweep.hpp"

namespace cellsim {

namespace {

//! RFC 4180: quoted when it holds a comma, quote, line break or outer space.
std::string csvField(const std::string& s) {
  const bool quote = s.find_first_of(",\"\r\n") != std::string::npos ||
                     (!s.empty() && (s.front() == ' ' || s.back() == ' '));
  if (!quote) return s;
  std::string o = "\"";
  for (char c : s) o += c == '"' ? std::string("\"\"") : std::string(1, c);
  return o + "\"";
}

//! 12 significant digits (as summary.json): a row read back prints as it did when run.
std::string csvNumber(double v) {
  if (!std::isfinite(v)) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.12g", v);
  return buf;
}

std::string figureColumn(const Figure& f) {
  std::string c = f.name;
  if (!f.condition.empty()) c += "@" + f.condition;
  if (!f.unit.empty()) c += " [" + f.unit + "]";
  return c;
}

}  // namespace

const char* statusName(CaseStatus status) {
  switch (status) {
    case CaseStatus::Ok: return "ok";
    case CaseStatus::Skipped: return "skipped";
    case CaseStatus::Failed: break;
  }
  return "failed";
}

std::string sweepCsv(const SweepPlan& plan, const std::vector<SweepRow>& rows) {
  std::vector<std::string> figure_columns;  // union over cases, in first-appearance order
  for (const auto& r : rows)
    for (const auto& f : r.figures) {
      const std::string c = figureColumn(f);
      if (std::find(figure_columns.begin(), figure_columns.end(), c) == figure_columns.end()) figure_columns.push_back(c);
    }
  std::ostringstream os;
  os << "case,status";
  for (const auto& k : plan.varied_keys) os << "," << csvField(k);
  for (const auto& c : figure_columns) os << "," << csvField(c);
  os << ",final_voltage_V,final_capacity_mAh_m2,wall_time_s,message\n";
  for (const auto& r : rows) {
    const SweepCase& c = plan.cases.at(r.index);
    os << csvField(c.name) << "," << statusName(r.status);
    for (const auto& k : plan.varied_keys) {
      std::string v;
      for (const auto& [key, value] : c.varied)
        if (key == k) v = value;
      os << "," << csvField(v);
    }
    for (const auto& col : figure_columns) {
      std::string v;
      for (const auto& f : r.figures)
        if (figureColumn(f) == col) v = csvNumber(f.value);
      os << "," << v;
    }
    char wall[32];
    std::snprintf(wall, sizeof wall, "%.3f", r.wall_time_s);
    os << "," << csvNumber(r.final_voltage_V) << "," << csvNumber(r.final_capacity_mAh_m2) << "," << wall << ","
       << csvField(r.message) << "\n";
  }
  return os.str();
}

namespace {

void putText(std::string& b, const std::string& s) { b += std::to_string(s.size()) + ":" + s; }
void putInt(std::string& b, long v) { b += std::to_string(v) + ";"; }
void putDouble(std::string& b, double v) {
  std::uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(bits));
  b += buf;
}

struct Reader {
  const std::string& b;
  size_t at = 0;
  size_t upTo(char end) {
    const size_t e = b.find(end, at);
    if (e == std::string::npos) throw std::runtime_error("sweep rows: truncated data");
    const size_t start = at;
    at = e + 1;
    return std::stoul(b.substr(start, e - start));
  }
  long integer() {
    const size_t e = b.find(';', at);
    if (e == std::string::npos) throw std::runtime_error("sweep rows: truncated data");
    const long v = std::stol(b.substr(at, e - at));
    at = e + 1;
    return v;
  }
  std::string text() {
    const size_t n = upTo(':');
    if (at + n > b.size()) throw std::runtime_error("sweep rows: truncated data");
    std::string s = b.substr(at, n);
    at += n;
    return s;
  }
  double number() {
    if (at + 16 > b.size()) throw std::runtime_error("sweep rows: truncated data");
    const std::uint64_t bits = std::stoull(b.substr(at, 16), nullptr, 16);
    at += 16;
    double v;
    std::memcpy(&v, &bits, sizeof v);
    return v;
  }
};

}  // namespace

std::string packRows(const std::vector<SweepRow>& rows) {
  std::string b;
  putInt(b, static_cast<long>(rows.size()));
  for (const auto& r : rows) {
    putInt(b, r.index);
    putInt(b, static_cast<long>(r.status));
    putInt(b, static_cast<long>(r.figures.size()));
    for (const auto& f : r.figures) {
      putText(b, f.name);
      putText(b, f.condition);
      putDouble(b, f.value);
      putText(b, f.unit);
    }
    putDouble(b, r.final_voltage_V);
    putDouble(b, r.final_capacity_mAh_m2);
    putDouble(b, r.wall_time_s);
    putText(b, r.message);
  }
  return b;
}

std::vector<SweepRow> unpackRows(const std::string& bytes) {
  Reader in{bytes};
  std::vector<SweepRow> rows(static_cast<size_t>(in.integer()));
  for (auto& r : rows) {
    r.index = static_cast<int>(in.integer());
    r.status = static_cast<CaseStatus>(in.integer());
    r.figures.resize(static_cast<size_t>(in.integer()));
    for (auto& f : r.figures) {
      f.name = in.text();
      f.condition = in.text();
      f.value = in.number();
      f.unit = in.text();
    }
    r.final_voltage_V = in.number();
    r.final_capacity_mAh_m2 = in.number();
    r.wall_time_s = in.number();
    r.message = in.text();
  }
  return rows;
}

}  // namespace cellsim
