#pragma once
namespace cellsim::constants {
constexpr double F = 96485.33212;        //!< Faraday constant [C/mol]
constexpr double R = 8.314462618;        //!< gas constant [J/(mol K)]
constexpr double kB_eV = 8.617333262e-5; //!< Boltzmann constant [eV/K]
}  // namespace cellsim::constants
