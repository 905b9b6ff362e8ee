// Wrong values for the cell (units, ranges, electrodes, materials, properties) must stop the
// load at the line that holds them, in the case or in the params file, before any run starts.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "RecipeErrorsFixture.hpp"

namespace cellsim {
namespace {

using namespace testing_support;

// ---------------------------------------------------------------------------------------------
// Specific capacity.

TEST_F(RecipeErrors, LoadingAndActiveFractionBothGiven) {
  insertAfter(kCaseRel, "    active_fraction: 0.5", "    loading: 10 mg/cm2");
  // Both keys are fine on their own: the error is the electrode's, at its section.
  expectErrorAt(loadError(), kCaseRel, lineOf(kCaseRel, "  positive:"), "cell.positive",
                {"give either 'active_fraction' or 'loading'", "not both"});
}

TEST_F(RecipeErrors, LoadingNeedsTheMaterialsDensity) {
  const int line = replaceLine(kCaseRel, "    active_fraction: 0.5", "    loading: 10 mg/cm2");
  expectErrorAt(loadError(), kCaseRel, line, "cell.positive.loading", {"needs the density", "LiCoO2_Marquis2019.yaml"});
}

TEST_F(RecipeErrors, OneCInMahPerGramNeedsAnActiveMass) {
  const int line = replaceLine(kCaseRel, "  one_C: 24 A/m2", "  one_C: 220 mAh/g");
  expectErrorAt(loadError(), kCaseRel, line, "cell.one_C", {"mAh/g needs the active mass", "loading"});
}

TEST_F(RecipeErrors, OneCWithTheWrongDimension) {
  const int line = replaceLine(kCaseRel, "  one_C: 24 A/m2", "  one_C: 24 V");
  expectErrorAt(loadError(), kCaseRel, line, "cell.one_C", {"'24 A/m2'", "'2.4 mAh/cm2'", "'220 mAh/g'", "got '24 V'"});
}

// ---------------------------------------------------------------------------------------------
// Units and ranges

TEST_F(RecipeErrors, MissingUnitSaysWhatIsExpected) {
  const int line = replaceLine(kCaseRel, "    thickness: 100 um", "    thickness: 100");
  expectErrorAt(loadError(), kCaseRel, line, "cell.negative.thickness",
                {"missing unit", "units of m", "'25 um'", "got '100'"});
}

TEST_F(RecipeErrors, WrongUnitDimension) {
  const int line = replaceLine(kCaseRel, "    thickness: 100 um", "    thickness: 100 mV", 2);
  expectErrorAt(loadError(), kCaseRel, line, "cell.positive.thickness", {"'25 um'", "got '100 mV'"});
}

TEST_F(RecipeErrors, WrongUnitDimensionInParamsFile) {
  const int line = replaceLine(kGraphiteRel, "diffusivity: 3.9e-14 m2/s", "diffusivity: 3.9e-14 m/s");
  expectErrorAt(loadError(), kGraphiteRel, line, "cell.negative.material.diffusivity",
                {"units of m2/s", "got '3.9e-14 m/s'"});
}

TEST_F(RecipeErrors, UnknownUnit) {
  const int line = replaceLine(kCaseRel, "  one_C: 24 A/m2", "  one_C: 24 Amps/m2");
  expectErrorAt(loadError(), kCaseRel, line, "cell.one_C", {"unknown unit 'Amps'", "24 Amps/m2"});
}

TEST_F(RecipeErrors, NegativeThickness) {
  const int line = replaceLine(kCaseRel, "      thickness: 25 um", "      thickness: -25 um");
  expectErrorAt(loadError(), kCaseRel, line, "cell.separator[0].thickness",
                {"-25 um", "violated constraint: thickness > 0"});
}

TEST_F(RecipeErrors, PorosityAboveOne) {
  const int line = replaceLine(kCaseRel, "    porosity: 0.3", "    porosity: 1.2");
  expectErrorAt(loadError(), kCaseRel, line, "cell.negative.porosity",
                {"porosity = 1.2", "violated constraint: 0 < porosity <= 1"});
}

TEST_F(RecipeErrors, SeparatorPorosityZero) {
  const int line = replaceLine(kCaseRel, "      porosity: 1.0", "      porosity: 0");
  expectErrorAt(loadError(), kCaseRel, line, "cell.separator[0].porosity", {"0 < porosity <= 1"});
}

TEST_F(RecipeErrors, PorosityPlusActiveFractionAboveOne) {
  replaceLine(kCaseRel, "    porosity: 0.3", "    porosity: 0.6", 2);  // positive: 0.6 + 0.5
  const int line = lineOf(kCaseRel, "    active_fraction: 0.5");
  expectErrorAt(loadError(), kCaseRel, line, "cell.positive.active_fraction",
                {"porosity + active_fraction", "porosity + active_fraction <= 1"});
}

TEST_F(RecipeErrors, TemperatureOutOfRange) {
  const int line = replaceLine(kCaseRel, "  temperature: 298.15 K", "  temperature: 500 degC");
  expectErrorAt(loadError(), kCaseRel, line, "cell.temperature", {"500 degC", "200 <= temperature <= 400"});
}

TEST_F(RecipeErrors, InitialConcentrationAboveMaximum) {
  const int line = replaceLine(kCaseRel, "    initial_concentration: 19986.609595075 mol/m3",
                               "    initial_concentration: 30000 mol/m3");
  expectErrorAt(loadError(), kCaseRel, line, "cell.negative.initial_concentration", {"below max_concentration"});
}

TEST_F(RecipeErrors, PlainNumberGivenAUnit) {
  const int line = replaceLine(kCaseRel, "    porosity: 0.3", "    porosity: 0.3 um");
  expectErrorAt(loadError(), kCaseRel, line, "cell.negative.porosity", {"plain number without a unit", "0.3 um"});
}

TEST_F(RecipeErrors, NonIntegerMeshSize) {
  const int line = replaceLine(kCaseRel, "mesh: {negative: 8, separator: 5, positive: 8, particle: 10}",
                               "mesh: {negative: 8, separator: 5, positive: 8, particle: 2.5}");
  expectErrorAt(loadError(), kCaseRel, line, "mesh.particle", {"expected an integer, got '2.5'"});
}

// ---------------------------------------------------------------------------------------------
// Electrodes, materials, properties

TEST_F(RecipeErrors, UnknownElectrodeTypeSuggestsCorrection) {
  const int line = replaceLine(kCaseRel, "    type: porous", "    type: porus");
  expectErrorAt(loadError(), kCaseRel, line, "cell.negative.type",
                {"unknown electrode type 'porus'", "did you mean 'porous'?"});
}

TEST_F(RecipeErrors, MissingMaterialFileNamesReferenceAndResolvedPath) {
  const int line = replaceLine(kCaseRel, "    material: ../../params/materials/graphite_MCMB2528_Marquis2019.yaml",
                               "    material: ../../params/materials/nope.yaml");
  const std::string resolved = (root_ / "params/materials/nope.yaml").lexically_normal().string();
  expectErrorAt(loadError(), kCaseRel, line, "cell.negative.material",
                {"cannot open referenced file '../../params/materials/nope.yaml'", "resolved to '" + resolved + "'"});
}

TEST_F(RecipeErrors, MissingElectrolyteFile) {
  const int line = replaceLine(kCaseRel, "  electrolyte: ../../params/electrolytes/LiPF6_EC_DMC_Marquis2019.yaml",
                               "  electrolyte: ../params/electrolytes/LiPF6_EC_DMC_Marquis2019.yaml");
  const std::string resolved =
      (root_ / "cases/params/electrolytes/LiPF6_EC_DMC_Marquis2019.yaml").lexically_normal().string();
  expectErrorAt(loadError(), kCaseRel, line, "cell.electrolyte", {"cannot open referenced file", resolved});
}

TEST_F(RecipeErrors, BothInitialStoichiometryAndConcentration) {
  const int line = insertAfter(kCaseRel, "    initial_concentration: 19986.609595075 mol/m3",
                               "    initial_stoichiometry: 0.8");
  expectErrorAt(loadError(), kCaseRel, line, "cell.negative.initial_stoichiometry",
                {"'initial_stoichiometry'", "'initial_concentration'", "only one"});
}

TEST_F(RecipeErrors, InitialStoichiometryAddedByOverrideConflicts) {
  expectOverrideError(loadError({"cell.positive.initial_stoichiometry=0.6"}), "cell.positive.initial_stoichiometry",
                      {"only one of 'initial_stoichiometry' or 'initial_concentration'"});
}

TEST_F(RecipeErrors, NeitherInitialStoichiometryNorConcentration) {
  const int section = lineOf(kCaseRel, "  positive:");
  deleteLine(kCaseRel, "    initial_concentration: 30730.7554385565 mol/m3");
  expectErrorAt(loadError(), kCaseRel, section, "cell.positive",
                {"missing initial state", "'initial_stoichiometry'", "'initial_concentration'"});
}

TEST_F(RecipeErrors, UnknownVariableInExpressionListsAllowedOnes) {
  const int line = replaceLine(kElectrolyteRel, "  expression: \"5.34e-10 * exp(-0.65 * c_e / 1000)\"",
                               "  expression: \"5e-10*exp(-c/1000)\"");
  expectErrorAt(loadError(), kElectrolyteRel, line, "cell.electrolyte.diffusivity.expression",
                {"unknown variable 'c'", "5e-10*exp(-c/1000)", "allowed variables: c_e, T"});
}

TEST_F(RecipeErrors, UnknownFunctionInOcpExpression) {
  const int line = replaceLine(kGraphiteRel, "    0.194 + 1.5*exp(-120*sto) + 0.0351*tanh((sto - 0.286)/0.083)",
                               "    0.194 + 1.5*expo(-120*sto) + 0.0351*tanh((sto - 0.286)/0.083)");
  // A folded (">-") scalar: the error points at the `expression:` key, the line before.
  expectErrorAt(loadError(), kGraphiteRel, line - 1, "cell.negative.material.ocp.expression",
                {"unknown function 'expo'"});
}

TEST_F(RecipeErrors, NegativeSolidDiffusivity) {
  const int line = replaceLine(kGraphiteRel, "diffusivity: 3.9e-14 m2/s", "diffusivity: -3.9e-14 m2/s");
  expectErrorAt(loadError(), kGraphiteRel, line, "cell.negative.material.diffusivity",
                {"diffusivity must be positive", "got -3.9e-14 m2/s"});
}

TEST_F(RecipeErrors, OcpNotFiniteAtInitialState) {
  const int key = lineOf(kGraphiteRel, "ocp:");
  replaceLine(kGraphiteRel, "    0.194 + 1.5*exp(-120*sto) + 0.0351*tanh((sto - 0.286)/0.083)",
              "    log(sto - 2) + 1.5*exp(-120*sto) + 0.0351*tanh((sto - 0.286)/0.083)");
  expectErrorAt(loadError(), kGraphiteRel, key, "cell.negative.material.ocp", {"ocp is not finite"});
}

TEST_F(RecipeErrors, NegativeThermodynamicFactor) {
  const int line = replaceLine(kElectrolyteRel, "thermodynamic_factor: 1", "thermodynamic_factor: -1");
  expectErrorAt(loadError(), kElectrolyteRel, line, "cell.electrolyte.thermodynamic_factor", {"must be positive"});
}

TEST_F(RecipeErrors, UnusedSeparatorKeyIsRejected) {
  // Keys the reader never uses must not be silently accepted.
  const int line = insertAfter(kCaseRel, "      bruggeman: 1.5", "      coating: 4 um");
  expectErrorAt(loadError(), kCaseRel, line, "cell.separator[0].coating", {"unknown key 'coating'"});
}

TEST_F(RecipeErrors, TransferenceNumberOutOfRange) {
  const int line = replaceLine(kElectrolyteRel, "transference_number: 0.4", "transference_number: 1.4");
  expectErrorAt(loadError(), kElectrolyteRel, line, "cell.electrolyte.transference_number", {"(-1, 1)"});
}

}  // namespace
}  // namespace cellsim
