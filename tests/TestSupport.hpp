#pragma once
// Shared helpers for the model tests: reading reference CSVs and running recipes that live
// in the repository.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "models/cell/LithiumFoil.hpp"
#include "models/io/Recipe.hpp"

namespace cellsim::testing_support {

inline std::string sourcePath(const std::string& rel) { return std::string(CELLSIM_SOURCE_DIR) + "/" + rel; }

//! Numeric CSV with a header row; non-numeric columns come back as NaN.
struct Csv {
  std::vector<std::string> header;
  std::vector<std::vector<double>> rows;
  int col(const std::string& name) const {
    for (size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) return static_cast<int>(i);
    return -1;
  }
};

inline Csv readCsv(const std::string& path) {
  Csv c;
  std::ifstream is(path);
  std::string line;
  std::getline(is, line);
  std::stringstream hs(line);
  for (std::string h; std::getline(hs, h, ',');) c.header.push_back(h);
  while (std::getline(is, line)) {
    if (line.empty()) continue;
    std::vector<double> row;
    std::stringstream ls(line);
    for (std::string v; std::getline(ls, v, ',');) {
      try {
        row.push_back(std::stod(v));
      } catch (...) {
        row.push_back(std::nan(""));
      }
    }
    c.rows.push_back(row);
  }
  return c;
}

//! Linear interpolation in a monotone table.
inline double interp(const std::vector<double>& x, const std::vector<double>& y, double xq) {
  if (xq <= x.front()) return y.front();
  if (xq >= x.back()) return y.back();
  size_t k = 1;
  while (x[k] < xq) ++k;
  const double w = (xq - x[k - 1]) / (x[k] - x[k - 1]);
  return y[k - 1] + w * (y[k] - y[k - 1]);
}

//! Lithium in both foils (connected metal, and what their ageing took: SEI, dead lithium) and
//! the electrolyte of a Li | separator | Li cell [mol/m2]: closed.
inline double lithiumInFoilsAndSalt(const CellModel& model, const double* y) {
  double n = model.electrolyteSalt(y);
  for (End end : {End::Left, End::Right}) n += model.foil(end)->lithium(y) + model.foil(end)->lostLithium(y);
  return n;
}

struct CaseRun {
  CaseRecipe recipe;
  std::unique_ptr<CellModel> model;
  SimulationResult result;
};

inline CaseRun runCase(const std::string& rel_path, const std::vector<std::string>& overrides = {}) {
  CaseRun r{loadCase(sourcePath(rel_path), overrides), nullptr, {}};
  r.model = std::make_unique<CellModel>(r.recipe.cell);
  r.result = runProtocol(*r.model, r.recipe.protocol, r.recipe.options);
  return r;
}

// Writes a Li | separator | Li case with constant-property electrolyte into a temp folder.
struct LiCell {
  std::string dir, path;
};

inline LiCell writeLiCell(const std::string& name, const std::string& electrolyte, const std::string& separator,
                   const std::string& lithium, const std::string& tail) {
  LiCell c;
  c.dir = ::testing::TempDir() + "/" + name;
  std::filesystem::create_directories(c.dir);
  std::ofstream(c.dir + "/li.yaml") << lithium;
  std::ofstream(c.dir + "/criterion.yaml") << "hot_spot_factor: 1\ndepletion_fraction: 1.0e-3\n";
  c.path = c.dir + "/case.yaml";
  std::ofstream(c.path) << "cell:\n  temperature: 30 degC\n"
                           "  negative: {type: lithium_metal, material: li.yaml, thickness: 100 um}\n"
                           "  positive: {type: lithium_metal, material: li.yaml, thickness: 100 um}\n"
                           "  electrolyte:\n"
                        << electrolyte << "  separator: " << separator << "\n"
                        << tail;
  return c;
}

inline const char* kConstantElectrolyte =
    "    initial_concentration: 1000 mol/m3\n"
    "    diffusivity: 3e-10 m2/s\n"
    "    conductivity: 0.8 S/m\n"
    "    transference_number: 0.3\n"
    "    thermodynamic_factor: 1\n";

}  // namespace cellsim::testing_support
