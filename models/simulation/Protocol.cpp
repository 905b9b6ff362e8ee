// Experiment-protocol parser: a list of sentences, step maps, repeated blocks and current
// staircases -> Protocol.
#include "models/simulation/Protocol.hpp"

#include <cmath>
#include <sstream>

#include "core/input/Text.hpp"
#include "models/simulation/ProtocolDetail.hpp"

namespace cellsim {

using namespace protocol_detail;

namespace {

// ---------------------------------------------------------------------------------------
// Map steps

Step parseStepMap(const InputNode& node) {
  node.allowOnly({"discharge", "charge", "hold", "rest", "for", "until"});
  std::vector<std::string> controls;
  for (const char* k : {"discharge", "charge", "hold", "rest"}) {
    if (node.has(k)) controls.push_back(k);
  }
  if (controls.empty()) {
    node.fail("a step needs one of 'discharge', 'charge', 'hold' or 'rest', as in "
              "{discharge: 1C, until: 3.0 V} or {rest: true, for: 1 hour}");
  }
  if (controls.size() > 1) {
    node.fail("a step has exactly one of 'discharge', 'charge', 'hold' or 'rest', got both " +
              quote(controls[0]) + " and " + quote(controls[1]) +
              "; write e.g. {discharge: 1C, until: 3.0 V} or {charge: C/2, until: 4.2 V}");
  }
  Verb verb = Verb::Rest;
  parseVerb(controls[0], verb);

  Step step;
  step.file = node.file();
  step.line = node.line();
  const std::string context;  // the node's key path already says where we are
  std::string text = verbName(verb);
  if (verb == Verb::Rest) {
    const InputNode r = node["rest"];
    bool ok = false;
    try {
      ok = r.asBool();
    } catch (const InputError&) {
      ok = false;
    }
    if (!ok) r.fail("write 'rest: true' (with 'for: 1 hour'), as in {rest: true, for: 1 hour} or {rest: true, for: 10 min}");
    step.control = Step::Control::Rest;
  } else {
    const InputNode v = node[controls[0]];
    const std::string s = v.asString();
    setSetpoint(step, verb, s, v, context);
    text += " at " + trim(s);
  }

  if (auto f = node.optional("for")) {
    const std::string s = f->asString();
    addDuration(step, s, *f, context);
    text += " for " + trim(s);
  }
  if (auto u = node.optional("until")) {
    std::vector<InputNode> items;
    if (u->isSequence()) {
      items = u->elements();
      if (items.empty()) u->fail("empty list of limits; write e.g. 'until: 3.0 V' or 'until: [3.0 V, 1 mAh/cm2]'");
    } else {
      items.push_back(*u);
    }
    text += node.has("for") ? " or until " : " until ";
    bool first = true;
    for (const auto& item : items) {
      const std::string s = item.asString();
      addLimit(step, verb, s, item, context);
      text += (first ? "" : " or ") + trim(s);
      first = false;
    }
  }
  step.text = text;
  checkHasEnd(step, verb, node, context);
  return step;
}

// A current staircase (critical-current tests): {staircase: {from: 0.5 mA/cm2,
// step: 0.5 mA/cm2, to: 10 mA/cm2, each: 30 min, alternate: true}} expands to
// "Discharge at i for each" (+ "Charge at i for each" when alternating) for every level.
ProtocolBlock parseStaircase(const InputNode& item) {
  item.allowOnly({"staircase"});
  const InputNode sc = item["staircase"];
  sc.allowOnly({"from", "step", "to", "each", "alternate"});
  const double from = sc.quantity("from", "A/m2", Range::positive());
  const double step = sc.quantity("step", "A/m2", Range::positive());
  const double to = sc.quantity("to", "A/m2", Range::positive());
  const double each = sc.quantity("each", "s", Range::positive());
  const bool alternate = sc.has("alternate") ? sc["alternate"].asBool() : true;
  if (to < from) sc["to"].fail("the staircase ends below where it starts ('from' > 'to')");
  if ((to - from) / step > 10000) sc["step"].fail("the staircase has more than 10000 levels; use a larger step");
  const int levels = static_cast<int>(std::floor((to - from) / step + 1e-9)) + 1;
  ProtocolBlock block;
  for (int k = 0; k < levels; ++k) {
    const double i = from + k * step;
    for (int dir = 0; dir < (alternate ? 2 : 1); ++dir) {
      Step st;
      st.control = Step::Control::Current;
      st.current = {CurrentSpec::Kind::Density, dir == 0 ? i : -i};
      StepLimit lim;
      lim.kind = StepLimit::Kind::Duration;
      lim.value = each;
      st.limits.push_back(lim);
      std::ostringstream os;
      os << (dir == 0 ? "Discharge" : "Charge") << " at " << i / 10.0 << " mA/cm2 for " << each << " s";
      st.text = os.str();
      st.file = sc.file();
      st.line = sc.line();
      block.steps.push_back(st);
    }
  }
  return block;
}

bool isBlockMap(const InputNode& node) { return node.isMap() && (node.has("repeat") || node.has("steps")); }

Step parseStepNode(const InputNode& node) {
  if (node.isScalar()) return parseStepSentence(node.asString(), node);
  if (node.isMap()) return parseStepMap(node);
  node.fail("a step is a sentence such as " + std::string(kExDischarge) + " or a map such as {rest: true, for: 1 hour}");
}

}  // namespace

Protocol parseProtocol(const InputNode& protocol_node) {
  const char* const kExamples =
      "e.g. 'protocol: [Discharge at 1C until 3.0 V, Rest for 1 hour]' or a repeated block "
      "'- {repeat: 3, steps: [Charge at C/2 until 4.2 V, Hold at 4.2 V until C/20]}'";
  if (!protocol_node.isSequence()) {
    protocol_node.fail(std::string("the protocol must be a list of steps, ") + kExamples);
  }
  const std::vector<InputNode> items = protocol_node.elements();
  if (items.empty()) protocol_node.fail(std::string("empty protocol; give at least one step, ") + kExamples);

  Protocol p;
  bool open_plain_block = false;  // last block collects consecutive plain steps
  for (const auto& item : items) {
    if (item.isMap() && item.has("staircase")) {
      p.blocks.push_back(parseStaircase(item));
      open_plain_block = false;
      continue;
    }
    if (isBlockMap(item)) {
      item.allowOnly({"repeat", "steps"});
      const InputNode rep = item["repeat"];
      // Bounded here so that repeat x steps cannot overflow; the run's length has its own
      // limit (limits.max_steps).
      const int n = rep.asInt();
      if (n < 1 || n > 100000000) {
        rep.fail("repeat must be an integer from 1 to 100000000, got " + std::to_string(n) +
                 "; write e.g. 'repeat: 1' or 'repeat: 100'");
      }
      const InputNode steps = item["steps"];
      if (!steps.isSequence()) {
        steps.fail("'steps' must be a list of steps, as in steps: [Discharge at 1C until 3.0 V, Rest for 1 hour]");
      }
      const std::vector<InputNode> elems = steps.elements();
      if (elems.empty()) {
        steps.fail("empty block; give at least one step, as in steps: [Discharge at 1C until 3.0 V, Rest for 1 hour]");
      }
      ProtocolBlock block;
      block.repeat = n;
      for (const auto& e : elems) {
        if (isBlockMap(e)) {
          e.fail("blocks may not nest: a 'repeat' block cannot contain another; list its steps directly"
                 " (as in 'Discharge at 1C until 3.0 V' or 'Rest for 1 hour'), or repeat the whole block");
        }
        block.steps.push_back(parseStepNode(e));
      }
      p.blocks.push_back(std::move(block));
      open_plain_block = false;
    } else {
      if (!open_plain_block) {
        p.blocks.emplace_back();
        p.blocks.back().repeat = 1;
        open_plain_block = true;
      }
      p.blocks.back().steps.push_back(parseStepNode(item));
    }
  }
  return p;
}

}  // namespace cellsim
