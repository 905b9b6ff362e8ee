#include "models/cell/Outputs.hpp"

#include <limits>

namespace cellsim {

std::vector<double>& ProfileTable::column(const std::string& name) {
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return columns[i];
  names.push_back(name);
  columns.emplace_back(x_m.size(), std::numeric_limits<double>::quiet_NaN());
  return columns.back();
}

const std::vector<double>& ProfileTable::get(const std::string& name) const {
  static const std::vector<double> none;
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return columns[i];
  return none;
}

}  // namespace cellsim
