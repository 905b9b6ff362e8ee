// Reading a separator: a single layer, a list of layers, or a stack file
//   {name, layers: [...], faces: negative|positive, effective_transference_number}
// where `faces` says which electrode the first listed layer (the coating) faces. A layer or
// a stack may be a map whose `from: file.yaml` supplies defaults for the keys it does not
// set itself.
#include <algorithm>

#include "core/input/PhysicalConstants.hpp"
#include "models/io/RecipeReaders.hpp"

namespace cellsim::recipe {

namespace {

struct WithDefaults {
  InputNode node;
  std::optional<InputNode> base;
  WithDefaults(const InputNode& n, const std::vector<std::string>& keys) : node(n) {
    if (node.isMap() && node.has("from")) base = node["from"].referenced();
    std::vector<std::string> allowed = keys;
    allowed.push_back("from");
    node.allowOnly(allowed);
    if (base) base->allowOnly(keys);
  }
  std::optional<InputNode> pick(const std::string& key) const {
    if (node.has(key)) return node[key];
    if (base && base->has(key)) return (*base)[key];
    return std::nullopt;
  }
};

const std::vector<std::string> kLayerKeys = {"name", "thickness", "porosity", "bruggeman", "tortuosity", "macmullin",
                                             "transference_number", "desolvation_barrier", "volumes", "note", "source"};

void readLayer(const InputNode& item, int index, SeparatorInput& out) {
  const WithDefaults layer(item.isScalar() ? item.referenced() : item, kLayerKeys);
  const InputNode& n = layer.node;
  SeparatorLayer L;
  auto name = layer.pick("name");
  L.name = name ? name->asString() : "layer" + std::to_string(index + 1);
  auto th = layer.pick("thickness");
  if (!th) n.fail("missing required key 'thickness' (in the layer or its 'from' file)");
  L.thickness_m = th->asQuantity("m", Range::positive());
  auto por = layer.pick("porosity");
  if (!por) n.fail("missing required key 'porosity' (in the layer or its 'from' file)");
  L.porosity = por->asNumber(Range::fraction());
  // Tortuosity: the layer map wins over the file as a whole.
  const InputNode& tsrc = (n.has("bruggeman") || n.has("tortuosity") || n.has("macmullin") || !layer.base) ? n : *layer.base;
  L.tortuosity = readTortuosity(tsrc, 1.5);
  if (auto tp = layer.pick("transference_number")) L.transference_number = tp->asNumber({-1.0, 1.0, false, false});
  std::optional<InputNode> barrier_node;
  if (auto b = layer.pick("desolvation_barrier")) {
    L.desolvation_barrier_eV = b->asQuantity("J", Range::positive()) / constants::elementary_charge;
    barrier_node = *b;
  }
  if (auto v = layer.pick("volumes")) L.volumes = v->asInt({1, 10000, true, true});
  else L.volumes = 0;  // decided from the mesh section
  out.layers.push_back(L);
  out.barrier_nodes.push_back(barrier_node);
}

void readLayers(const InputNode& list, SeparatorInput& out) {
  const auto items = list.elements();
  if (items.empty()) list.fail("the separator needs at least one layer");
  for (size_t i = 0; i < items.size(); ++i) readLayer(items[i], static_cast<int>(i), out);
}

}  // namespace

SeparatorInput readSeparator(const InputNode& sep) {
  SeparatorInput out;
  if (sep.isSequence()) {
    readLayers(sep, out);
    return out;
  }
  const InputNode n = sep.isScalar() ? sep.referenced() : sep;
  const bool stack = n.has("layers") || (n.isMap() && n.has("from") && n["from"].referenced().has("layers"));
  if (!stack) {
    readLayer(sep, 0, out);
    return out;
  }
  const WithDefaults stackNode(n, {"name", "layers", "faces", "effective_transference_number", "note", "source"});
  readLayers(*stackNode.pick("layers"), out);
  if (auto t = stackNode.pick("effective_transference_number")) {
    // Phenomenological: one t+ for every layer that does not set its own (PHYSICS-NOTES §4.2).
    const double tp = t->asNumber({-1.0, 1.0, false, false});
    for (auto& L : out.layers)
      if (!L.transference_number) L.transference_number = tp;
  }
  if (auto f = stackNode.pick("faces")) {
    const std::string faces = f->asString();
    if (faces == "positive") {
      std::reverse(out.layers.begin(), out.layers.end());
      std::reverse(out.barrier_nodes.begin(), out.barrier_nodes.end());
    } else if (faces != "negative") {
      f->fail("faces must be 'negative' or 'positive' (the electrode the first layer faces)");
    }
  }
  return out;
}

}  // namespace cellsim::recipe
