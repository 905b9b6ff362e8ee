#pragma once
// Helpers the experiments share (internal to models/experiments).
#include <memory>
#include <string>

#include "models/experiments/Experiment.hpp"

namespace cellsim::experiment_support {

//! A step under constant current [A/m2] or voltage [V] ending after `duration_s`.
Step timedStep(Step::Control control, double value, double duration_s, const std::string& text);
//! Fails at `where` unless both electrodes are lithium foils.
void requireFoils(const CellDesign& cell, const InputNode& where, const std::string& what);
std::string mV(double V);

std::unique_ptr<Experiment> makeBruceVincent(const InputNode& node);
std::unique_ptr<Experiment> makeRatePolarisation(const InputNode& node);
std::unique_ptr<Experiment> makeCriticalCurrent(const InputNode& node);
std::unique_ptr<Experiment> makeRateCapability(const InputNode& node);
std::unique_ptr<Experiment> makeCyclicVoltammetry(const InputNode& node);

}  // namespace cellsim::experiment_support
