#pragma once
// Experiment protocols: a list of steps (constant current, constant voltage, constant power,
// rest), each ending on the first of its limits; blocks of steps may repeat (cycles).
// Steps are written either as PyBaMM-style sentences ("Discharge at 1C until 3.105 V",
// "Rest for 1 hour", "Hold at 4.2 V until C/20") or as YAML maps.
#include <string>
#include <vector>

#include "core/input/Input.hpp"

namespace cellsim {

//! How a current magnitude was given: absolute density, or a C-rate resolved against the cell.
struct CurrentSpec {
  enum class Kind { Density, CRate } kind = Kind::Density;
  double value = 0.0;  //!< A/m2 (Density) or multiples of 1C (CRate); sign: + discharge
  double resolve(double one_C_A_m2) const { return kind == Kind::CRate ? value * one_C_A_m2 : value; }
};

struct StepLimit {
  enum class Kind {
    VoltageBelow,      //!< stop when V <= value [V]
    VoltageAbove,      //!< stop when V >= value [V]
    CurrentBelow,      //!< stop when |I| <= current (CV taper)
    Duration,          //!< stop after value [s] of step time
    Capacity,          //!< stop when |charge passed in step| >= value [C/m2 = A s/m2]
  } kind;
  double value = 0.0;
  CurrentSpec current;  //!< for CurrentBelow
};

//! An impedance spectrum taken at the state where the step sits (time does not advance).
struct ImpedanceRequest {
  double f_high_Hz = 1e6, f_low_Hz = 1e-3;
  int points_per_decade = 10;
  //! Holds the voltage (true) or the current (false) at its present value during the
  //! measurement; the linear response is the same, the DC point is what the step holds.
  bool potentiostatic = false;
};

struct Step {
  enum class Control { Current, Voltage, Power, Rest, Sweep, Impedance } control = Control::Rest;
  CurrentSpec current;        //!< Current control (sign: + discharge, - charge)
  double voltage_V = 0.0;     //!< Voltage control
  double power_W_m2 = 0.0;    //!< Power control (+ discharge)
  //! Sweep control: the voltage moves linearly from `voltage_V` to `sweep_to_V` at
  //! `sweep_rate_V_s` (> 0) and the step ends at the end point (cyclic voltammetry).
  double sweep_to_V = 0.0, sweep_rate_V_s = 0.0;
  ImpedanceRequest impedance;  //!< Impedance control
  std::vector<StepLimit> limits;  //!< ends on the first one reached; at least one (none for EIS)
  std::string text;           //!< the sentence or a rendering of the map, for outputs
  std::string file;           //!< where it was written, for errors found later
  int line = 0;
};

struct ProtocolBlock {
  std::vector<Step> steps;
  int repeat = 1;  //!< cycles: the block runs `repeat` times
};

struct Protocol {
  std::vector<ProtocolBlock> blocks;
  //! Steps once every block is repeated (64-bit: repeat x steps may pass 2^31).
  long long expandedSteps() const {
    long long n = 0;
    for (const auto& b : blocks) n += static_cast<long long>(b.repeat) * static_cast<long long>(b.steps.size());
    return n;
  }
};

//! Parses one sentence. Grammar (case-insensitive, "or" separates alternatives):
//!   (Discharge|Charge) at <current> [for <duration>] [or] [until <limit> [or <limit>]...]
//!   Hold at <voltage> [for <duration>] [until <current limit>]
//!   Rest for <duration> [or until <limit>]
//!   (Discharge|Charge) at <power W/m2 | mW/cm2> ...
//!   Sweep from <voltage> to <voltage> at <scan rate>   ("Sweep from 3.0 V to 4.6 V at 0.1 mV/s")
//!   EIS from <frequency> to <frequency> [at <n> points per decade] [potentiostatic|galvanostatic]
//!                                        ("EIS from 1 MHz to 10 mHz at 10 points per decade")
//! <current>: "1C", "C/2", "0.5C", "24 A/m2", "1 mA/cm2"; <duration>: "1 hour", "30 min",
//! "10 s", "5 h"; <limit>: "3.105 V" (below for discharge/rest-after-discharge, above for
//! charge), "C/20" or "0.05 mA/cm2" (current taper, Hold only), "1 mAh/cm2" (capacity).
//! Throws InputError at `where` quoting valid examples when the sentence does not parse
//! or is contradictory (e.g. "Charge ... until 3 V" below the start is not detectable here,
//! but "Hold at 4.2 V until 4.1 V", a zero or negative current, or no limit at all are).
Step parseStepSentence(const std::string& sentence, const InputNode& where);

//! Parses a whole `protocol:` sequence. Each element is a sentence, a step map, or a block
//! {repeat: N, steps: [...]}. Step maps: {discharge|charge: "<current>", hold: "<voltage>",
//! rest: true, for: "<duration>", until: "<limit>" | [limits]}.
Protocol parseProtocol(const InputNode& protocol_node);

}  // namespace cellsim
