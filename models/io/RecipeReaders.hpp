#pragma once
// The parts of a cell recipe, each read by its own function (internal to models/io).
#include <optional>
#include <string>
#include <vector>

#include "core/input/Input.hpp"
#include "models/cell/CellDesign.hpp"

namespace cellsim::recipe {

//! Exactly one of bruggeman / tortuosity / macmullin (default: Bruggeman exponent).
Tortuosity readTortuosity(const InputNode& n, double default_bruggeman);
Electrolyte readElectrolyte(const InputNode& ref, double T);
//! The electrode at `side` ("negative", "positive"), porous or lithium metal.
ElectrodeDesign readElectrode(const InputNode& n, const std::string& side, const InputNode& mesh, double T);

//! A separator as read, with where each layer's desolvation barrier was written.
struct SeparatorInput {
  std::vector<SeparatorLayer> layers;
  std::vector<std::optional<InputNode>> barrier_nodes;
};
//! A single layer, a list of layers, or a stack file (see RecipeSeparator.cpp).
SeparatorInput readSeparator(const InputNode& sep);

//! A lithium material's `ageing:` section (none, or `enabled: false`: no ageing block).
std::optional<LithiumAgeingDesign> readLithiumAgeing(const InputNode& material);
//! Fills in what the block needs from the cell as built (call after the critical current).
void completeLithiumAgeing(LithiumFoilDesign& foil, const CellDesign& cell, const InputNode& where);
//! A porous material's `ageing:` section, and the separator's anion binding it needs.
std::optional<PorousAgeingDesign> readPorousAgeing(const InputNode& material);
void completePorousAgeing(PorousElectrodeDesign& electrode, const CellDesign& cell);

}  // namespace cellsim::recipe
