// Reading scalar values from recipe nodes: numbers, quantities with units, integers,
// booleans and strings, each checked against its range with a message naming the key.
#include <cmath>
#include <limits>

#include "core/input/Input.hpp"
#include "core/input/InputSupport.hpp"
#include "core/input/Text.hpp"
#include "core/input/Units.hpp"

namespace cellsim {

using namespace input_support;

void InputNode::noteRead(const std::string& given, double si, const std::string& unit) const {
  if (!overrides_) return;
  const int l = line();
  overrides_->noteRead({path_, given, si, unit, l > 0 ? file_ + ":" + std::to_string(l) : file_});
}

std::string InputNode::asString() const {
  if (node_.IsScalar()) {
    noteRead(node_.Scalar(), std::numeric_limits<double>::quiet_NaN(), "");
    return node_.Scalar();
  }
  if (node_.IsNull()) fail("missing value: expected a string");
  fail(std::string("expected a single value, got ") + typeName(node_));
}

void InputNode::checkRange(double value, const Range& r, const std::string& shown) const {
  if (r.contains(value)) return;
  fail((path_.empty() ? std::string("value") : path_) + " = " + excerpt(shown, 120) +
       "; violated constraint: " + r.describe(lastComponent(path_)));
}

double InputNode::asNumber(const Range& r) const {
  if (node_.IsNull()) fail("missing value: expected a number");
  if (!node_.IsScalar()) fail(std::string("expected a number, got ") + typeName(node_));
  const std::string text = trim(node_.Scalar());
  const auto v = parsePlainNumber(text);
  if (!v) {
    bool has_unit = false;
    try {
      (void)units::parse(text);
      has_unit = true;
    } catch (const units::UnitError&) {
    }
    fail(has_unit ? "expected a plain number without a unit, got '" + excerpt(text) + "'"
                  : "expected a number, got '" + excerpt(text) + "'");
  }
  checkRange(*v, r, text);
  noteRead(text, *v, "");
  return *v;
}

double InputNode::asQuantity(const std::string& unit, const Range& r) const {
  if (node_.IsNull()) fail("missing value: expected a value with units of " + unit);
  if (!node_.IsScalar()) {
    fail("expected a value with units of " + unit + ", got " + typeName(node_));
  }
  const std::string text = trim(node_.Scalar());
  double v = 0.0;
  bool dimensionless = false;
  try {
    dimensionless = units::dimensionOf(unit) == units::Dimension{};
    v = units::toSI(text, unit, dimensionless);
  } catch (const units::UnitError& e) {
    fail(e.what());
  }
  if (!r.contains(v)) {
    std::string shown = text;
    if (!parsePlainNumber(text)) {
      // Show the SI value too, since the bounds are in SI.
      bool coherent = false;
      try {
        coherent = units::toSI("1 " + unit, unit, true) == 1.0;
      } catch (const units::UnitError&) {
      }
      const std::string si_unit = coherent ? unit : units::dimensionOf(unit).str();
      shown += " (" + formatNumber(v) + (dimensionless ? "" : " " + si_unit) + ")";
    }
    checkRange(v, r, shown);
  }
  noteRead(text, v, dimensionless ? "" : unit);
  return v;
}

int InputNode::asInt(const Range& r) const {
  if (node_.IsNull()) fail("missing value: expected an integer");
  if (!node_.IsScalar()) fail(std::string("expected an integer, got ") + typeName(node_));
  const std::string text = trim(node_.Scalar());
  const auto v = parsePlainNumber(text);
  if (!v || *v != std::floor(*v) || std::fabs(*v) > static_cast<double>(std::numeric_limits<int>::max())) {
    fail("expected an integer, got '" + excerpt(text) + "'");
  }
  checkRange(*v, r, text);
  noteRead(text, *v, "");
  return static_cast<int>(*v);
}

bool InputNode::asBool() const {
  if (node_.IsScalar()) {
    const std::string t = lower(trim(node_.Scalar()));
    if (t == "true" || t == "yes" || t == "false" || t == "no") {
      const bool b = t == "true" || t == "yes";
      noteRead(trim(node_.Scalar()), b ? 1.0 : 0.0, "");
      return b;
    }
    fail("expected true or false, got '" + excerpt(node_.Scalar()) + "'");
  }
  if (node_.IsNull()) fail("missing value: expected true or false");
  fail(std::string("expected true or false, got ") + typeName(node_));
}

double InputNode::quantityOr(const std::string& key, const std::string& unit, double fallback_si,
                             const Range& r) const {
  const auto c = optional(key);
  return c ? c->asQuantity(unit, r) : fallback_si;
}

double InputNode::numberOr(const std::string& key, double fallback, const Range& r) const {
  const auto c = optional(key);
  return c ? c->asNumber(r) : fallback;
}

std::string InputNode::stringOr(const std::string& key, const std::string& fallback) const {
  const auto c = optional(key);
  return c ? c->asString() : fallback;
}

}  // namespace cellsim
