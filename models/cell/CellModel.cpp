#include "models/cell/CellModel.hpp"

#include "models/cell/ElectrolyteStack.hpp"
#include "models/cell/LithiumFoil.hpp"
#include "models/cell/PorousElectrode.hpp"

namespace cellsim {

CellModel::CellModel(const CellDesign& design) : d_(design), mesh_(design) {
  // Component order is the declaration order: per mesh volume the electrolyte's unknowns come
  // before an electrode's, and the foils' before the circuit's.
  auto electrolyte = std::make_unique<ElectrolyteStack>(d_, mesh_, links_);
  electrolyte_ = electrolyte.get();
  components_.push_back(std::move(electrolyte));
  for (End end : {End::Left, End::Right}) {
    auto e = makeElectrode(end == End::Left ? d_.negative : d_.positive, end);
    electrodes_[endIndex(end)] = e.get();
    components_.push_back(std::move(e));
  }
  auto circuit = std::make_unique<CellCircuit>(*electrodes_[endIndex(End::Right)], links_);
  circuit_ = circuit.get();
  components_.push_back(std::move(circuit));

  for (auto& c : components_) c->declare(layout_);
  layout_.finalize(mesh_.volumes());
  for (auto& c : components_) c->bind(layout_);
  for (auto& c : components_) c->addColumns(columns_);
}

CellModel::~CellModel() = default;

std::unique_ptr<Electrode> CellModel::makeElectrode(const ElectrodeDesign& e, End end) {
  if (const auto* p = e.porous()) return std::make_unique<PorousElectrode>(*p, end, d_, mesh_, links_);
  return std::make_unique<LithiumFoil>(*e.foil(), end, d_, *electrolyte_, links_);
}

void CellModel::residual(double t, const double* y, const double* yp, double* F) {
  const CellState s{t, y, yp, d_.temperature_K};
  for (auto& c : components_) c->publishFundamental(s);
  for (auto& c : components_) c->publishCoupled(s);
  for (auto& c : components_) c->residual(s, F);
}

SparsityPattern CellModel::pattern() const {
  SparsityPattern p(size());
  for (const auto& c : components_) c->addPattern(p);
  return p;
}

void CellModel::roots(double, const double* y, const double*, double* g) {
  for (size_t k = 0; k < root_events_.size(); ++k) g[k] = root_events_[k].g(y);
}

std::vector<RootEvent> CellModel::componentEvents() const {
  std::vector<RootEvent> events;
  for (const auto& c : components_) c->addEvents(events);
  return events;
}

void CellModel::setDepletionEvent(const DepletionEvent& e) {
  d_.depletion = e;  // models built from design() inherit it
  for (End end : {End::Left, End::Right})
    if (auto* f = dynamic_cast<LithiumFoil*>(electrodes_[endIndex(end)])) f->setDepletionEvent(e);
}

void CellModel::initialState(std::vector<double>& y, std::vector<double>& yp, double I) const {
  y.assign(size(), 0.0);
  yp.assign(size(), 0.0);
  InitialGuess guess;
  guess.current_A_m2 = I;
  guess.U_left = electrodes_[0]->initialOcp();
  guess.U_right = electrodes_[1]->initialOcp();
  for (const auto& c : components_) c->initialState(guess, y.data());
  // Shift potentials so that the solid of the left electrode sits at 0 V.
  guess.shift = electrodes_[0]->groundOffset(y.data());
  for (const auto& c : components_) c->shiftPotentials(guess.shift, y.data());
  y[circuit_->voltageIndex()] = electrodes_[1]->initialTerminalPotential(y.data(), guess);
}

double CellModel::restVoltage(const double* y) const {
  return electrodes_[1]->restPotential(y) - electrodes_[0]->restPotential(y);
}

double CellModel::lithiumInventory(const double* y) const {
  return electrolyte_->salt(y) + electrodes_[0]->intercalatedLithium(y) + electrodes_[1]->intercalatedLithium(y);
}

double CellModel::electrolyteSalt(const double* y) const { return electrolyte_->salt(y); }

ProfileTable CellModel::profiles(const double* y) const {
  ProfileTable t;
  for (int k = 0; k < mesh_.volumes(); ++k) {
    t.x_m.push_back(mesh_.center(k));
    t.region.push_back(mesh_.region(mesh_.regionOf(k)).name);
  }
  for (const auto& c : components_) c->addProfiles(y, t);
  return t;
}

const LithiumFoil* CellModel::foil(End end) const { return dynamic_cast<const LithiumFoil*>(electrodes_[endIndex(end)]); }
const PorousElectrode* CellModel::porous(End end) const {
  return dynamic_cast<const PorousElectrode*>(electrodes_[endIndex(end)]);
}

}  // namespace cellsim
