#pragma once
// Spectra of EIS steps: impedance.csv and drt.csv (one block of rows per step), and their
// summary (DC point, limits, Kramers–Kronig residual, DRT peaks) for summary.json.
#include <string>

#include "core/output/OutputFiles.hpp"
#include "models/simulation/Runner.hpp"

namespace cellsim {

//! Writes nothing when the run took no spectrum.
void writeImpedance(const SimulationResult& r, OutputSet& out);
//! JSON array, one object per spectrum.
std::string impedanceJson(const SimulationResult& r);

}  // namespace cellsim
