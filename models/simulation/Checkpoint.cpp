#include "models/simulation/Checkpoint.hpp"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <stdexcept>
#include <type_traits>

namespace cellsim {

namespace {

const char kMagic[] = "cellsim checkpoint 1\n";

// Little binary writer and reader: scalars as in memory, containers with their sizes.
struct Writer {
  std::ostream& o;
  template <class T, class = std::enable_if_t<std::is_arithmetic_v<T>>>
  void put(T v) { o.write(reinterpret_cast<const char*>(&v), sizeof v); }
  void put(const std::string& s) {
    put(static_cast<std::uint64_t>(s.size()));
    o.write(s.data(), static_cast<std::streamsize>(s.size()));
  }
  template <class T>
  void put(const std::vector<T>& v) {
    put(static_cast<std::uint64_t>(v.size()));
    for (const auto& x : v) put(x);
  }
};

struct Reader {
  std::istream& in;
  const std::string& path;
  template <class T, class = std::enable_if_t<std::is_arithmetic_v<T>>>
  void get(T& v) {
    if (!in.read(reinterpret_cast<char*>(&v), sizeof v)) fail();
  }
  std::uint64_t size() {
    std::uint64_t n = 0;
    get(n);
    if (n > (1ull << 34)) fail();  // a corrupt length, not a real container
    return n;
  }
  void get(std::string& s) {
    s.resize(size());
    if (!in.read(s.data(), static_cast<std::streamsize>(s.size()))) fail();
  }
  template <class T>
  void get(std::vector<T>& v) {
    v.resize(size());
    for (auto& x : v) get(x);
  }
  [[noreturn]] void fail() const { throw std::runtime_error(path + ": truncated or corrupt checkpoint"); }
};

template <class IO, class Row>
void rowFields(IO& io, Row& r) {
  io.x(r.time_s), io.x(r.voltage_V), io.x(r.current_A_m2), io.x(r.charge_C_m2), io.x(r.step), io.x(r.cycle);
  io.x(r.columns);
}

template <class IO, class Step>
void stepFields(IO& io, Step& s) {
  io.x(s.index), io.x(s.cycle), io.x(s.block), io.x(s.text), io.x(s.t_start_s), io.x(s.t_end_s);
  io.x(s.v_start_V), io.x(s.v_end_V), io.x(s.v_mean_V), io.x(s.i_end_A_m2), io.x(s.charge_C_m2), io.x(s.energy_J_m2);
  io.x(s.columns_start), io.x(s.columns_end), io.x(s.ended_by);
}

template <class IO, class Profile>
void profileFields(IO& io, Profile& p) {
  io.x(p.time_s), io.x(p.profiles.x_m), io.x(p.profiles.region), io.x(p.profiles.names);
  std::uint64_t n = p.profiles.columns.size();
  io.x(n);
  p.profiles.columns.resize(n);
  for (auto& c : p.profiles.columns) io.x(c);
}

template <class IO, class Result>
void resultFields(IO& io, Result& r) {
  io.x(r.column_names);
  io.x(r.stop_reason);
  io.x(r.resume.block), io.x(r.resume.cycle), io.x(r.resume.step), io.x(r.resume.steps_done);
  io.x(r.resume.time_s), io.x(r.resume.y), io.x(r.resume.yp);
  io.x(r.wall_time_s);
  io.x(r.warnings);
  io.each(r.rows, [&](auto& row) { rowFields(io, row); });
  io.each(r.steps, [&](auto& s) { stepFields(io, s); });
  io.each(r.profiles, [&](auto& p) { profileFields(io, p); });
}

struct Out {
  Writer w;
  template <class T>
  void x(const T& v) { w.put(v); }
  template <class V, class F>
  void each(V& v, F f) {
    w.put(static_cast<std::uint64_t>(v.size()));
    for (auto& e : v) f(e);
  }
};

struct In {
  Reader r;
  template <class T>
  void x(T& v) { r.get(v); }
  template <class V, class F>
  void each(V& v, F f) {
    v.resize(r.size());
    for (auto& e : v) f(e);
  }
};

}  // namespace

void writeCheckpoint(std::ostream& out, const SimulationResult& r, const std::string& identity) {
  if (!r.resume.valid) throw std::logic_error("writeCheckpoint: the run has no resume point");
  if (!r.spectra.empty()) throw std::logic_error("writeCheckpoint: runs with impedance steps are not checkpointed");
  out.write(kMagic, sizeof kMagic - 1);
  Out io{Writer{out}};
  io.x(identity);
  resultFields(io, const_cast<SimulationResult&>(r));  // Out only reads
}

SimulationResult readCheckpoint(const std::string& path, const std::string& identity) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("--resume: no checkpoint '" + path + "' (only an interrupted run leaves one)");
  std::string magic(sizeof kMagic - 1, '\0');
  if (!in.read(magic.data(), static_cast<std::streamsize>(magic.size())) || magic != kMagic)
    throw std::runtime_error(path + ": not a cellsim checkpoint");
  In io{Reader{in, path}};
  std::string written_for;
  io.x(written_for);
  if (written_for != identity)
    throw std::runtime_error(path + ": written by another run (" + written_for + "), not by " + identity);
  SimulationResult r;
  resultFields(io, r);
  r.resume.valid = true;
  return r;
}

SimulationResult joinResumed(SimulationResult before, SimulationResult after) {
  const int done = before.resume.steps_done;
  const double t = before.resume.time_s;
  // What the interrupted run did after its last completed step is done again by `after`.
  auto drop = [](auto& v, auto pred) { v.erase(std::remove_if(v.begin(), v.end(), pred), v.end()); };
  drop(before.rows, [done](const TimeRow& row) { return row.step > done; });
  drop(before.steps, [done](const StepResult& s) { return s.index > done; });
  drop(before.profiles, [t](const ProfileSnapshot& p) { return p.time_s > t; });
  for (auto& row : after.rows) before.rows.push_back(std::move(row));
  for (auto& s : after.steps) before.steps.push_back(std::move(s));
  for (auto& p : after.profiles) before.profiles.push_back(std::move(p));
  for (auto& w : after.warnings) before.warnings.push_back(std::move(w));
  after.rows = std::move(before.rows);
  after.steps = std::move(before.steps);
  after.profiles = std::move(before.profiles);
  after.warnings = std::move(before.warnings);
  after.wall_time_s += before.wall_time_s;
  return after;
}

}  // namespace cellsim
