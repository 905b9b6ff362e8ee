// Malformed recipes must be rejected while loading, with the file, the line and a message
// that says what was expected. Each test copies the real 1C validation case and the params
// files it uses into a fresh temporary tree (same relative layout, so the case's
// "../../params/..." references resolve to the copies), makes one targeted edit, and checks
// the InputError: its file, its line (the line of the edit), its key path and the wording.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "core/input/Input.hpp"
#include "core/output/OutputFiles.hpp"
#include "models/io/Recipe.hpp"

namespace cellsim {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

const char* const kCaseRel = "cases/validation/comsol_marquis2019_1C.yaml";
const char* const kGraphiteRel = "params/materials/graphite_MCMB2528_Marquis2019.yaml";
const char* const kLcoRel = "params/materials/LiCoO2_Marquis2019.yaml";
const char* const kElectrolyteRel = "params/electrolytes/LiPF6_EC_DMC_Marquis2019.yaml";

fs::path sourceDir() { return fs::path(CELLSIM_SOURCE_DIR); }

std::vector<std::string> readLines(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("test setup: cannot read " + p.string());
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

void writeLines(const fs::path& p, const std::vector<std::string>& lines) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  for (const auto& l : lines) out << l << '\n';
  if (!out) throw std::runtime_error("test setup: cannot write " + p.string());
}

std::string readAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

//! A private copy of the 1C case and its params files that a test may edit line by line.
//! Every edit helper checks that the line it changes is the one expected, so a change to the
//! real case makes these tests fail loudly instead of silently testing something else; each
//! returns the 1-based line number of the edited line for the assertions.
class RecipeErrors : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string("cellsim_recipe_errors_") + std::to_string(::getpid()) + "_" +
                       info->test_suite_name() + "_" + info->name();
    for (char& c : name)
      if (c == '/') c = '_';
    root_ = (fs::path(::testing::TempDir()) / name).lexically_normal();
    fs::remove_all(root_);
    for (const char* rel : {kCaseRel, kGraphiteRel, kLcoRel, kElectrolyteRel}) {
      fs::create_directories((root_ / rel).parent_path());
      fs::copy_file(sourceDir() / rel, root_ / rel);
    }
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }

  fs::path file(const std::string& rel) const { return root_ / rel; }
  std::string casePath() const { return file(kCaseRel).string(); }

  //! Replaces the `occurrence`-th line equal to `old_line` in `rel` by `new_line`.
  int replaceLine(const std::string& rel, const std::string& old_line, const std::string& new_line,
                  int occurrence = 1) {
    auto lines = readLines(file(rel));
    const int i = find(lines, rel, old_line, occurrence);
    lines[i] = new_line;
    writeLines(file(rel), lines);
    return i + 1;
  }
  //! Inserts `new_line` after the first line equal to `anchor`; returns the new line's number.
  int insertAfter(const std::string& rel, const std::string& anchor, const std::string& new_line,
                  int occurrence = 1) {
    auto lines = readLines(file(rel));
    const int i = find(lines, rel, anchor, occurrence);
    lines.insert(lines.begin() + i + 1, new_line);
    writeLines(file(rel), lines);
    return i + 2;
  }
  //! Deletes the line equal to `old_line`; returns the number it had.
  int deleteLine(const std::string& rel, const std::string& old_line, int occurrence = 1) {
    auto lines = readLines(file(rel));
    const int i = find(lines, rel, old_line, occurrence);
    lines.erase(lines.begin() + i);
    writeLines(file(rel), lines);
    return i + 1;
  }
  //! Line number (1-based) of a line in the unedited or edited copy.
  int lineOf(const std::string& rel, const std::string& line, int occurrence = 1) const {
    const auto lines = readLines(file(rel));
    return find(lines, rel, line, occurrence) + 1;
  }

  //! Loads the (edited) case and returns the InputError; records a failure if the case loads
  //! or fails with anything other than an InputError.
  std::optional<InputError> loadError(const std::vector<std::string>& overrides = {}) const {
    try {
      (void)loadCase(casePath(), overrides);
    } catch (const InputError& e) {
      return e;
    } catch (const std::exception& e) {
      ADD_FAILURE() << "expected an InputError, got another exception: " << e.what();
      return std::nullopt;
    }
    ADD_FAILURE() << "the malformed recipe was accepted";
    return std::nullopt;
  }

  //! The error names `rel` (a file of the temporary tree) at `line`, prefixes the message with
  //! "FILE:LINE: KEY.PATH: ", and contains every fragment.
  void expectErrorAt(const std::optional<InputError>& e, const std::string& rel, int line,
                     const std::string& key_path, const std::vector<std::string>& fragments) const {
    ASSERT_TRUE(e.has_value());
    const std::string what = e->what();
    const fs::path expected_file = file(rel).lexically_normal();
    EXPECT_EQ(fs::path(e->file()).lexically_normal(), expected_file) << what;
    EXPECT_EQ(e->line(), line) << what;
    EXPECT_EQ(e->keyPath(), key_path) << what;
    EXPECT_THAT(what, HasSubstr(expected_file.filename().string() + ":" + std::to_string(line) + ":"));
    EXPECT_THAT(what, StartsWith(e->file() + ":" + std::to_string(line) + ": " +
                                 (key_path.empty() ? std::string() : key_path + ": ")));
    for (const auto& f : fragments) EXPECT_THAT(what, HasSubstr(f));
  }

  //! Errors in --set overrides have file "--set" and no line.
  static void expectOverrideError(const std::optional<InputError>& e, const std::string& key_path,
                                  const std::vector<std::string>& fragments) {
    ASSERT_TRUE(e.has_value());
    const std::string what = e->what();
    EXPECT_EQ(e->file(), "--set") << what;
    EXPECT_EQ(e->line(), 0) << what;
    EXPECT_EQ(e->keyPath(), key_path) << what;
    EXPECT_THAT(what, StartsWith("--set: " + (key_path.empty() ? std::string() : key_path + ": ")));
    for (const auto& f : fragments) EXPECT_THAT(what, HasSubstr(f));
  }

  fs::path root_;

 private:
  static int find(const std::vector<std::string>& lines, const std::string& rel, const std::string& wanted,
                  int occurrence) {
    int seen = 0;
    for (size_t i = 0; i < lines.size(); ++i) {
      if (lines[i] == wanted && ++seen == occurrence) return static_cast<int>(i);
    }
    throw std::runtime_error("test setup: line '" + wanted + "' (occurrence " + std::to_string(occurrence) +
                             ") not found in " + rel + "; has the real case changed?");
  }
};

// ---------------------------------------------------------------------------------------------
// Specific capacity, sweeps and safety.

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

TEST_F(RecipeErrors, SweepWithoutAScanRate) {
  const int line = replaceLine(kCaseRel, "  - \"Discharge at 1C until 3.105 V\"", "  - \"Sweep from 3.0 V to 4.2 V at 1 mV\"");
  expectErrorAt(loadError(), kCaseRel, line, "protocol[0]", {"positive scan rate such as '0.1 mV/s'"});
}

TEST_F(RecipeErrors, DrtRegularisationIsAutoOrANumber) {
  const int line = replaceLine(kCaseRel, "  profile_times: [\"904.523 s\", \"1809.05 s\", \"2713.57 s\", \"3600 s\"]",
                               "  drt_regularisation: often");
  expectErrorAt(loadError(), kCaseRel, line, "output.drt_regularisation", {"'auto'", "1e-3", "got 'often'"});
}

TEST_F(RecipeErrors, UnknownDepletionAction) {
  auto lines = readLines(file(kCaseRel));
  lines.push_back("safety: {on_depletion: ignore}");
  writeLines(file(kCaseRel), lines);
  expectErrorAt(loadError(), kCaseRel, static_cast<int>(lines.size()), "safety.on_depletion", {"'stop'", "'continue'"});
}

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
// Protocols

struct BadStep {
  const char* sentence;
  const char* fragment;
};

class BadProtocol : public RecipeErrors, public ::testing::WithParamInterface<BadStep> {};

TEST_P(BadProtocol, RejectedAtTheStepLine) {
  const BadStep& p = GetParam();
  const int line = replaceLine(kCaseRel, "  - \"Discharge at 1C until 3.105 V\"", std::string("  - \"") + p.sentence + "\"");
  expectErrorAt(loadError(), kCaseRel, line, "protocol[0]", {p.fragment});
}

INSTANTIATE_TEST_SUITE_P(
    Sentences, BadProtocol,
    ::testing::Values(BadStep{"Hold at 4.2 V until 4.1 V", "cannot end on the voltage '4.1 V'"},
                      BadStep{"Discharge at 1C", "needs an end: add 'until 3.0 V' or 'for 1 hour'"},
                      BadStep{"Rest until 3 V", "is ambiguous"},
                      BadStep{"Discharge at 0C until 3.0 V", "current must be positive, got '0C'"},
                      BadStep{"Discharge at 0 A/m2 until 3.0 V", "current must be positive, got '0 A/m2'"},
                      BadStep{"Charge at -1C until 4.2 V", "current must be positive"},
                      BadStep{"Dischrage at 1C until 3.0 V", "did you mean 'Discharge'?"},
                      BadStep{"Discharge at 1C until 3.0", "has no unit"},
                      BadStep{"Discharge at 1C until C/20", "ends a constant-voltage step only"},
                      BadStep{"Discharge at 1 V until 3.0 V", "needs a current"},
                      BadStep{"Discharge at 1C for 0 s", "duration must be positive"},
                      BadStep{"Rest for 1 hour until 1 mAh/cm2", "no charge passes during a rest"}));

TEST_F(RecipeErrors, CRateStepWithoutOneC) {
  deleteLine(kCaseRel, "  one_C: 24 A/m2");
  const int line = lineOf(kCaseRel, "  - \"Discharge at 1C until 3.105 V\"");
  expectErrorAt(loadError(), kCaseRel, line, "protocol",
                {"'Discharge at 1C until 3.105 V' uses a C-rate", "no 'one_C'"});
}

TEST_F(RecipeErrors, CRateLimitWithoutOneC) {
  deleteLine(kCaseRel, "  one_C: 24 A/m2");
  replaceLine(kCaseRel, "  - \"Discharge at 1C until 3.105 V\"", "  - \"Discharge at 24 A/m2 until 3.105 V\"");
  ASSERT_NO_THROW(loadCase(casePath()));  // absolute currents need no one_C
  const int line = insertAfter(kCaseRel, "  - \"Discharge at 24 A/m2 until 3.105 V\"", "  - \"Hold at 3.2 V until C/20\"");
  expectErrorAt(loadError(), kCaseRel, line, "protocol", {"'Hold at 3.2 V until C/20' uses a C-rate", "one_C"});
}

TEST_F(RecipeErrors, ProtocolNotAList) {
  deleteLine(kCaseRel, "  - \"Discharge at 1C until 3.105 V\"");
  const int line = replaceLine(kCaseRel, "protocol:", "protocol: Discharge at 1C until 3.105 V");
  expectErrorAt(loadError(), kCaseRel, line, "protocol", {"must be a list of steps"});
}

TEST_F(RecipeErrors, SolverMaxOrderMustBeAnInteger) {
  const int line = replaceLine(kCaseRel, "solver: {rtol: 1.0e-4}   # time-integration error 0.01 mV rms against rtol 1e-8 (tests: TimeIntegration), far below the 0.3 mV model-vs-COMSOL difference", "solver: {rtol: 1.0e-4, max_order: 2.5}");
  expectErrorAt(loadError(), kCaseRel, line, "solver.max_order", {"integer", "2.5"});
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

// ---------------------------------------------------------------------------------------------
// A failed run never writes half a result over a good one (the CLI writes through OutputSet
// and commits only after the whole run succeeded).

TEST_F(RecipeErrors, UncommittedOutputLeavesPreviousResultsUntouched) {
  const fs::path out = root_ / "out";
  {
    OutputSet good(out.string());
    good.file("timeseries.csv") << "time_s,voltage_V\n0,4.0\n";
    good.file("summary.json") << "{\"ok\": true}\n";
    good.commit();
  }
  ASSERT_EQ(readAll(out / "timeseries.csv"), "time_s,voltage_V\n0,4.0\n");

  try {
    OutputSet failed(out.string());
    failed.file("timeseries.csv") << "time_s,voltage_V\n0,3.9\n1,";
    failed.file("summary.json") << "{\"ok\": ";
    throw std::runtime_error("solver failed half-way");  // never reaches commit()
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(readAll(out / "timeseries.csv"), "time_s,voltage_V\n0,4.0\n");
  EXPECT_EQ(readAll(out / "summary.json"), "{\"ok\": true}\n");
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(out)) names.push_back(entry.path().filename().string());
  // No temporaries left; the manifest says which files a run wrote.
  EXPECT_THAT(names, ::testing::UnorderedElementsAre("timeseries.csv", "summary.json", kManifestFile));
}

}  // namespace
}  // namespace cellsim
