#pragma once
// Physical constants (CODATA 2018, exact where SI 2019 fixes them), written once.
namespace cellsim::constants {
constexpr double F = 96485.33212;                   //!< Faraday constant [C/mol]
constexpr double R = 8.314462618;                   //!< gas constant [J/(mol K)]
constexpr double elementary_charge = 1.602176634e-19;  //!< [C]; also J per eV
constexpr double kB_eV = 8.617333262e-5;            //!< Boltzmann constant [eV/K]
constexpr double zero_celsius_K = 273.15;           //!< [K]
//! One eV per particle in J/mol (= e N_A, numerically F).
constexpr double eV_per_particle_in_J_mol = F;
}  // namespace cellsim::constants
