#pragma once
#include <sundials/sundials_nvector.h>

namespace cellsim {

//! Replaces the hot operations of a serial N_Vector (linear sums, scalings, weighted norms,
//! linear combinations) with optimised loops. Debian's SUNDIALS is built without
//! optimisation, so its vector kernels cost ~20 instructions per element; IDA spends most
//! of its own time in them. Vectors cloned from `v` (all of IDA's workspace) inherit them.
void installFastVectorOps(N_Vector v);

}  // namespace cellsim
