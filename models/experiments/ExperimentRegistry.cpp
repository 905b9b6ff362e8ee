#include <cmath>
#include <functional>
#include <sstream>

#include "core/input/Text.hpp"
#include "core/output/OutputFiles.hpp"
#include "models/experiments/ExperimentSupport.hpp"

namespace cellsim {

namespace {

struct Entry {
  const char* type;
  std::function<std::unique_ptr<Experiment>(const InputNode&)> make;
};

const std::vector<Entry>& registry() {
  using namespace experiment_support;
  static const std::vector<Entry> entries = {
      {"bruce_vincent", makeBruceVincent},
      {"rate_polarisation", makeRatePolarisation},
      {"critical_current", makeCriticalCurrent},
      {"rate_capability", makeRateCapability},
      {"cyclic_voltammetry", makeCyclicVoltammetry},
  };
  return entries;
}

}  // namespace

std::vector<std::string> experimentTypes() {
  std::vector<std::string> types;
  for (const auto& e : registry()) types.push_back(e.type);
  return types;
}

std::unique_ptr<Experiment> readExperiment(const InputNode& ex) {
  const std::string type = ex.string("type");
  for (const auto& e : registry())
    if (type == e.type) return e.make(ex);
  ex["type"].fail("unknown experiment '" + type + "'; expected " + join(experimentTypes(), ", ") +
                  didYouMean(type, experimentTypes()));
}

namespace {
std::string meshErrorJson(const Figure& f) {
  const MeshError& m = f.mesh_error;
  std::ostringstream os;
  const double converged = f.value - m.error;
  os << "{\"estimate\": " << jsonNumber(m.error)
     << ", \"relative\": " << jsonNumber(converged != 0.0 ? m.error / std::abs(converged) : 0.0)
     << ", \"observed_order\": " << (m.observed_order > 0 ? jsonNumber(m.observed_order) : std::string("null"))
     << ", \"values_h_h2_h4\": [" << jsonNumber(m.values[0]) << ", " << jsonNumber(m.values[1]) << ", "
     << jsonNumber(m.values[2]) << "]";
  if (!m.note.empty()) os << ", \"note\": " << jsonString(m.note);
  os << "}";
  return os.str();
}
}  // namespace

std::string figuresJson(const std::vector<Figure>& figures) {
  std::ostringstream os;
  os << "[";
  for (size_t i = 0; i < figures.size(); ++i) {
    const auto& f = figures[i];
    os << (i ? "," : "") << "\n    {\"name\": " << jsonString(f.name) << ", \"condition\": " << jsonString(f.condition)
       << ", \"value\": " << jsonNumber(f.value) << ", \"unit\": " << jsonString(f.unit);
    if (!f.definition.empty()) os << ", \"definition\": " << jsonString(f.definition);
    if (f.mesh_error.estimated) os << ", \"mesh_error\": " << meshErrorJson(f);
    os << "}";
  }
  os << "\n  ]";
  return os.str();
}

std::string currentLabel(double A_m2) {
  std::ostringstream os;
  os << A_m2 / 10.0 << " mA/cm2";
  return os.str();
}

namespace experiment_support {

Step timedStep(Step::Control control, double value, double duration_s, const std::string& text) {
  Step s;
  s.control = control;
  if (control == Step::Control::Current) s.current = {CurrentSpec::Kind::Density, value};
  if (control == Step::Control::Voltage) s.voltage_V = value;
  StepLimit lim;
  lim.kind = StepLimit::Kind::Duration;
  lim.value = duration_s;
  s.limits.push_back(lim);
  s.text = text;
  return s;
}

void requireFoils(const CellDesign& cell, const InputNode& where, const std::string& what) {
  if (!cell.negative.foil() || !cell.positive.foil())
    where.fail(what + " needs a Li | separator | Li cell: both electrodes of type lithium_metal");
}

std::string mV(double V) {
  std::ostringstream os;
  os << V * 1e3 << " mV";
  return os.str();
}

}  // namespace experiment_support
}  // namespace cellsim
