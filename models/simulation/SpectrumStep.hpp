#pragma once
// What an EIS protocol step measures once the runner has the cell held where it sits.
#include <vector>

#include "models/impedance/CellImpedance.hpp"
#include "models/simulation/Protocol.hpp"

namespace cellsim {

//! The spectrum of `model` about (y, y') at time t over the request's frequencies, with its
//! DRT and Kramers-Kronig check; throws std::runtime_error if it cannot be computed.
ImpedanceSpectrum spectrumAt(CellModel& model, double t, const std::vector<double>& y, const std::vector<double>& yp,
                             const ImpedanceRequest& req, const DrtOptions& drt);

}  // namespace cellsim
