#pragma once
// Transport properties of the electrolyte at one concentration, from the recipe's property
// functions; tabulated in c_e at the cell temperature (PropertyTables.hpp).
#include <array>

#include "core/numerics/TabulatedFunction.hpp"
#include "models/cell/CellDesign.hpp"

namespace cellsim {

//! D [m2/s], kappa [S/m], t+, and beta = (2RT/F) TDF [V] (times 1 - t+ per region).
struct ElectrolyteAt {
  double D, kappa, t, beta;
};

class ElectrolyteProperties {
 public:
  ElectrolyteProperties(const Electrolyte& electrolyte, double T_design);
  //! From the tables at the design temperature, from the expressions otherwise.
  ElectrolyteAt at(double c, double T) const;
  //! Always from the expressions (read-outs outside the residual).
  ElectrolyteAt direct(double c, double T) const;
  const Electrolyte& electrolyte() const { return el_; }

 private:
  Electrolyte el_;
  double T_design_;
  std::array<TabulatedFunction, 4> tab_;  //!< D, kappa, t+, TDF vs c_e
};

}  // namespace cellsim
