#pragma once
// Named outputs that components publish: time-series columns and spatial profiles.
#include <deque>
#include <functional>
#include <string>
#include <vector>

namespace cellsim {

//! A time-series column, e.g. "c_e_surface_negative_mol_m3" (name carries the unit).
struct OutputColumn {
  std::string name;
  std::function<double(const double* y)> value;
  bool per_cycle = false;  //!< a slow state also reported at the end of each cycle (cycles.csv)
};

//! Fields over the mesh volumes at one instant; NaN where a field is not defined.
struct ProfileTable {
  std::vector<double> x_m;
  std::vector<std::string> region;
  std::vector<std::string> names;              //!< e.g. "c_e_mol_m3"
  //! One per name, one value per volume (a deque: references stay valid as columns are added).
  std::deque<std::vector<double>> columns;
  //! The column `name`, created (all NaN) on first use.
  std::vector<double>& column(const std::string& name);
  //! The column `name`; empty if absent.
  const std::vector<double>& get(const std::string& name) const;
};

}  // namespace cellsim
