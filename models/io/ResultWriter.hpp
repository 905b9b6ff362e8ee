#pragma once
// The output contract (tests, plots and notebooks rely on it):
//   timeseries.csv  time_s, step, cycle, voltage_V, current_A_m2 (+ discharge), capacity_mAh_m2,
//                   temperature_K, then the columns the cell's components publish
//   steps.csv       one row per protocol step: duration, voltages, charge, energy, what ended it
//   cycles.csv      one row per cycle: capacities (mAh/m2, mAh/g of the positive active
//                   material), coulombic efficiency, energies, mean and end voltages, lithium
//                   plated and stripped per foil
//   profiles.csv    time_s, x_m, region, then the fields the components publish
//   impedance.csv   (runs with EIS steps) step, frequency_Hz, z_real_ohm_cm2, z_imag_ohm_cm2
//                   (Im Z as computed: negative where capacitive), z_abs_ohm_cm2, phase_deg
//   drt.csv         (runs with EIS steps) step, tau_s, gamma_ohm_cm2 (per unit ln tau)
//   summary.json    the cell as built (components and their unknowns, mesh regions), every
//                   input value read with its source, per-step figures, solver statistics,
//                   and per spectrum its DC point, Kramers–Kronig residual and DRT peaks
#include <string>

#include "core/output/OutputFiles.hpp"
#include "models/io/Recipe.hpp"

namespace cellsim {

void writeResults(const CaseRecipe& recipe, const CellModel& model, const CaseOutcome& outcome, OutputSet& out);

}  // namespace cellsim
