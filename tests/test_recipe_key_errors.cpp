// How a recipe is written: unknown, missing or repeated keys, YAML syntax and --set paths. Each
// error must name the file, line and key path, since recipes and their params are edited by hand.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>

#include "RecipeErrorsFixture.hpp"

namespace cellsim {
namespace {

using namespace testing_support;

// ---------------------------------------------------------------------------------------------
// The unmodified recipes load: the real files, and the temporary copy the other tests edit.

TEST(RecipeCases, RealValidationCasesLoad) {
  for (const char* rel : {"cases/validation/comsol_marquis2019_1C.yaml", "cases/validation/comsol_marquis2019_3C.yaml"}) {
    SCOPED_TRACE(rel);
    std::optional<CaseRecipe> r;
    ASSERT_NO_THROW(r.emplace(loadCase((sourceDir() / rel).string()))) << rel;
    EXPECT_NEAR(r->cell.temperature_K, 298.15, 1e-9);
    EXPECT_NEAR(r->cell.one_C_A_m2, 24.0, 1e-12);
    ASSERT_TRUE(r->cell.negative.porous());
    ASSERT_TRUE(r->cell.positive.porous());
    EXPECT_NEAR(r->cell.negative.porous()->thickness_m, 100e-6, 1e-15);
    EXPECT_NEAR(r->cell.positive.porous()->active_fraction, 0.5, 1e-15);
    ASSERT_EQ(r->cell.separator.size(), 1u);
    EXPECT_NEAR(r->cell.separator[0].thickness_m, 25e-6, 1e-15);
    ASSERT_EQ(r->protocol.blocks.size(), 1u);
    ASSERT_EQ(r->protocol.blocks[0].steps.size(), 1u);
    EXPECT_EQ(r->protocol.blocks[0].steps[0].current.kind, CurrentSpec::Kind::CRate);
    EXPECT_EQ(r->options.profile_times_s.size(), 4u);
  }
}

TEST_F(RecipeErrors, UneditedCopyLoads) {
  std::optional<CaseRecipe> r;
  ASSERT_NO_THROW(r.emplace(loadCase(casePath())));
  EXPECT_NEAR(r->cell.positive.porous()->particle_radius_m, 10e-6, 1e-15);
  // Valid overrides are applied, including ones that reach into a params file.
  r.reset();
  ASSERT_NO_THROW(r.emplace(loadCase(casePath(), {"cell.positive.thickness=80 um", "cell.separator[0].porosity=0.5",
                                            "cell.negative.material.conductivity=100 S/m"})));
  EXPECT_NEAR(r->cell.positive.porous()->thickness_m, 80e-6, 1e-15);
  EXPECT_NEAR(r->cell.separator[0].porosity, 0.5, 1e-15);
  EXPECT_NEAR(r->cell.negative.porous()->conductivity_S_m, 100.0, 1e-12);
}

// ---------------------------------------------------------------------------------------------
// Keys

TEST_F(RecipeErrors, TypoInCaseKeySuggestsCorrection) {
  const int line = replaceLine(kCaseRel, "protocol:", "protocl:");
  expectErrorAt(loadError(), kCaseRel, line, "protocl", {"unknown key 'protocl'", "did you mean 'protocol'?"});
}

TEST_F(RecipeErrors, TypoInParamsFileNamesThatFileAndLine) {
  const int line = replaceLine(kGraphiteRel, "max_concentration: 24983.2619938437 mol/m3",
                               "max_concentraton: 24983.2619938437 mol/m3");
  expectErrorAt(loadError(), kGraphiteRel, line, "cell.negative.material.max_concentraton",
                {"unknown key 'max_concentraton'", "did you mean 'max_concentration'?"});
}

TEST_F(RecipeErrors, TypoInNestedMaterialSection) {
  const int line = replaceLine(kLcoRel, "  alpha_a: 0.5", "  alpha_an: 0.5");
  expectErrorAt(loadError(), kLcoRel, line, "cell.positive.material.kinetics.alpha_an",
                {"did you mean 'alpha_a'?"});
}

TEST_F(RecipeErrors, TypoInFlowMapOfMesh) {
  const int line = replaceLine(kCaseRel, "mesh: {negative: 8, separator: 5, positive: 8, particle: 10}",
                               "mesh: {negative: 8, separatr: 5, positive: 8, particle: 10}");
  expectErrorAt(loadError(), kCaseRel, line, "mesh.separatr", {"did you mean 'separator'?"});
}

TEST_F(RecipeErrors, UnrelatedKeyListsAllowedKeys) {
  const int line = replaceLine(kCaseRel, "    bruggeman: 1.5", "    colour: blue");
  expectErrorAt(loadError(), kCaseRel, line, "cell.negative.colour",
                {"unknown key 'colour'; expected one of: type, material, thickness, porosity"});
}

TEST_F(RecipeErrors, MissingRequiredKeyPointsAtItsSection) {
  const int section = lineOf(kCaseRel, "  negative:");
  deleteLine(kCaseRel, "    particle_radius: 10 um");
  expectErrorAt(loadError(), kCaseRel, section, "cell.negative.particle_radius",
                {"missing required key 'particle_radius'"});
}

TEST_F(RecipeErrors, MissingRequiredKeyInParamsFile) {
  deleteLine(kLcoRel, "conductivity: 16.6 S/m  # the COMSOL reference README (PyBaMM's Marquis2019 file has 10)");
  const auto e = loadError();
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(fs::path(e->file()), file(kLcoRel).lexically_normal()) << e->what();
  EXPECT_LE(e->line(), 1) << e->what();  // the file as a whole (its first line) or no line
  EXPECT_EQ(e->keyPath(), "cell.positive.material.conductivity");
  EXPECT_THAT(e->what(), HasSubstr("missing required key 'conductivity'"));
}

TEST_F(RecipeErrors, DuplicateKeyReportedAtSecondOccurrence) {
  const int first = lineOf(kCaseRel, "    porosity: 0.3");
  const int line = insertAfter(kCaseRel, "    porosity: 0.3", "    porosity: 0.4");
  expectErrorAt(loadError(), kCaseRel, line, "cell.negative.porosity",
                {"duplicate key 'porosity'", "first given on line " + std::to_string(first)});
}

TEST_F(RecipeErrors, DuplicateKeyInParamsFile) {
  const int line = insertAfter(kElectrolyteRel, "transference_number: 0.4", "transference_number: 0.38");
  expectErrorAt(loadError(), kElectrolyteRel, line, "cell.electrolyte.transference_number",
                {"duplicate key 'transference_number'", "first given on line " + std::to_string(line - 1)});
}

// ---------------------------------------------------------------------------------------------
// YAML syntax

TEST_F(RecipeErrors, YamlSyntaxErrorInCase) {
  const int line = replaceLine(kCaseRel, "    porosity: 0.3", "\tporosity: 0.3", 2);  // a tab
  expectErrorAt(loadError(), kCaseRel, line, "", {"YAML syntax error", "tab"});
}

TEST_F(RecipeErrors, YamlUnclosedBracketInCase) {
  const int line = replaceLine(kCaseRel, "    porosity: 0.3", "    porosity: [0.3", 2);
  const auto e = loadError();
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(fs::path(e->file()), file(kCaseRel).lexically_normal()) << e->what();
  EXPECT_THAT(e->what(), HasSubstr("YAML syntax error"));
  // yaml-cpp reports where it noticed the problem: at or shortly after the bad line.
  EXPECT_GE(e->line(), line) << e->what();
  EXPECT_LE(e->line(), line + 2) << e->what();
}

TEST_F(RecipeErrors, YamlSyntaxErrorInParamsFile) {
  const int line = replaceLine(kElectrolyteRel, "  unit: S/m", " unit: S/m");  // bad indentation
  const auto e = loadError();
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(fs::path(e->file()), file(kElectrolyteRel).lexically_normal()) << e->what();
  EXPECT_EQ(e->line(), line) << e->what();
  EXPECT_THAT(e->what(), HasSubstr("YAML syntax error"));
  EXPECT_THAT(e->what(), HasSubstr("LiPF6_EC_DMC_Marquis2019.yaml:" + std::to_string(line) + ":"));
}

TEST_F(RecipeErrors, MissingCaseFile) {
  const std::string missing = (root_ / "cases/validation/none.yaml").string();
  try {
    (void)loadCase(missing);
    ADD_FAILURE() << "a missing case file was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), missing);
    EXPECT_THAT(e.what(), HasSubstr("cannot open file '" + missing + "'"));
  }
}

// ---------------------------------------------------------------------------------------------
// --set overrides

TEST_F(RecipeErrors, OverrideWithTypoInPath) {
  expectOverrideError(loadError({"cell.positive.thicknes=80 um"}), "cell.positive.thicknes",
                      {"unknown key 'thicknes'", "did you mean 'thickness'?"});
}

TEST_F(RecipeErrors, OverrideOfListElementWrittenWithDots) {
  expectOverrideError(loadError({"cell.separator.0.porosity=0.5"}), "cell.separator.0.porosity",
                      {"does not match any key", "did you mean 'cell.separator[0].porosity'?"});
}

TEST_F(RecipeErrors, OverrideWithOutOfRangeValue) {
  expectOverrideError(loadError({"cell.separator[0].porosity=1.5"}), "cell.separator[0].porosity",
                      {"1.5", "0 < porosity <= 1"});
}

TEST_F(RecipeErrors, OverrideWithMissingUnit) {
  expectOverrideError(loadError({"cell.positive.thickness=80"}), "cell.positive.thickness",
                      {"missing unit", "'25 um'"});
}

TEST_F(RecipeErrors, MalformedOverride) {
  expectOverrideError(loadError({"cell.positive.thickness 80 um"}), "", {"malformed override", "KEY.PATH=VALUE"});
  expectOverrideError(loadError({"cell.positive.thickness="}), "", {"malformed override"});
}

}  // namespace
}  // namespace cellsim
