// The degradation blocks: off, nothing changes from cycle to cycle; on, lithium is still
// conserved to round-off (metal + SEI + dead lithium + lithium lost with active material +
// electrolyte + host = initial), the SEI film follows its closed form, and an impedance
// spectrum taken after cycling carries the films that cycling grew.
#include <gtest/gtest.h>

#include <cmath>

#include "TestSupport.hpp"
#include "models/cell/PorousElectrode.hpp"
#include "models/impedance/CellImpedance.hpp"

using namespace cellsim;
using namespace cellsim::testing_support;

namespace {

const char* const kLiLi = "cases/paper/eis_LLZTO1.00@PP.yaml";
const char* const kFull = "cases/paper/eis_full_cell_LLZTO0.95F0.05@PP.yaml";

// Ageing of both foils of a Li | Li cell (same law on each), by override.
std::vector<std::string> lithiumAgeing(const std::string& law) {
  return {"ageing=true", "cell.negative.material.ageing=" + law, "cell.positive.material.ageing=" + law};
}

// All the lithium of a cell [mol/m2]: electrolyte, hosts (active particles), foils' metal,
// what the foils' ageing took, and what left with lost active material.
double totalLithium(const CellModel& m, const double* y) {
  double n = m.lithiumInventory(y);
  for (End end : {End::Left, End::Right}) {
    if (const LithiumFoil* f = m.foil(end)) n += f->lithium(y) + f->lostLithium(y);
    if (const PorousElectrode* p = m.porous(end)) n += p->lostLithium(y) - p->shuttledLithium(y);
  }
  return n;
}

TEST(Ageing, WithEveryBlockOffCyclesRepeat) {
  const std::string cycle = "[{repeat: 4, steps: [\"Charge at 1C until 4.6 V\", \"Hold at 4.6 V until C/20\", "
                            "\"Discharge at 1C until 3.0 V\"]}]";
  CaseRun r = runCase(kFull, {"ageing=false", "protocol=" + cycle});
  const auto& s = r.result.steps;
  ASSERT_EQ(s.size(), 12u);
  // From the second cycle on (the first starts from the cell as assembled) every cycle is the same.
  for (size_t c = 2; c < 4; ++c) {
    EXPECT_NEAR(s[3 * c + 2].charge_C_m2, s[5].charge_C_m2, 1e-7 * s[5].charge_C_m2) << "cycle " << c + 1;
    EXPECT_NEAR(s[3 * c].charge_C_m2, s[3].charge_C_m2, 1e-7 * std::abs(s[3].charge_C_m2));
  }
}

TEST(Ageing, LithiumBalanceClosesInALithiumCell) {
  auto sets = lithiumAgeing("{coulombic_efficiency: 0.97, buried_sei_fraction: 0.3}");
  sets.push_back("protocol=[{repeat: 5, steps: [\"Discharge at 1 mA/cm2 for 1 hour\", \"Charge at 1 mA/cm2 for 1 hour\"]}]");
  CaseRun r = runCase(kLiLi, sets);
  std::vector<double> y0, yp0;
  r.model->initialState(y0, yp0, 0.0);
  const double* y = r.result.final_state.data();
  const double before = lithiumInFoilsAndSalt(*r.model, y0.data()), after = lithiumInFoilsAndSalt(*r.model, y);
  const double lost = r.model->foil(End::Left)->lostLithium(y) + r.model->foil(End::Right)->lostLithium(y);
  std::printf("Li | Li: %.6e mol/m2 lost into SEI and dead lithium; balance error %.1e relative\n", lost,
              std::abs(after - before) / before);
  EXPECT_GT(lost, 1e-3);  // the blocks did something: 3 % of 5 x 0.1 mol/m2 plated, twice
  EXPECT_LT(std::abs(after - before) / before, 1e-9);
}

TEST(Ageing, LithiumBalanceClosesInAFullCell) {
  std::vector<std::string> sets = {
      "ageing=true", "cell.negative.material.ageing={coulombic_efficiency: 0.98}",
      "cell.positive.material.ageing={loss_of_active_material: {rate: 1e-5 1/s, acid_share: 0.5}, "
      "electrolyte_oxidation: {exchange_current_density: 1e-3 A/m2, cei_resistivity: 1e5 ohm m, salt_share: 0.3}}",
      "protocol=[{repeat: 3, steps: [\"Charge at 1C until 4.6 V\", \"Hold at 4.6 V until C/20\", "
      "\"Discharge at 1C until 3.0 V\"]}]",
      // The balance holds to the Newton iterations' convergence, which follows the tolerance.
      "solver.rtol=1e-7"};
  CaseRun r = runCase(kFull, sets);
  std::vector<double> y0, yp0;
  r.model->initialState(y0, yp0, 0.0);
  const double* y = r.result.final_state.data();
  const double before = totalLithium(*r.model, y0.data()), after = totalLithium(*r.model, y);
  const double lam = r.model->porous(End::Right)->lostLithium(y);
  std::printf("full cell: %.3e mol/m2 left with lost LiCoO2, %.3e in the foil's losses; balance error %.1e\n", lam,
              r.model->foil(End::Left)->lostLithium(y), std::abs(after - before) / before);
  EXPECT_GT(lam, 1e-6);
  EXPECT_LT(std::abs(after - before) / before, 1e-9);
}

TEST(Ageing, SeiFilmGrowsAsTheSquareRootOfTime) {
  auto sets = lithiumAgeing("{coulombic_efficiency: 0.99}");
  sets.push_back("protocol=[\"Rest for 1000 hours\"]");
  CaseRun r = runCase(kLiLi, sets);
  const LithiumAgeing& a = *r.model->foil(End::Left)->ageing();
  const LithiumAgeingDesign& d = a.design();
  const double t = 1000 * 3600.0, L0 = d.film_thickness_m;
  const double expected =
      std::sqrt(L0 * L0 + 2 * d.sei_molar_volume_m3_mol * d.solvent_concentration_mol_m3 * d.solvent_diffusivity_m2_s * t);
  const double L = a.filmThickness(r.result.final_state.data());
  std::printf("SEI after 1000 h at rest: %.4f nm, closed form %.4f nm (from %.3f nm)\n", 1e9 * L, 1e9 * expected, 1e9 * L0);
  EXPECT_NEAR(L, expected, 1e-5 * expected);
}

// Issue 9: a spectrum after cycling reflects the films cycling grew: its DC resistance rises by
// exactly the films' and dead layers' resistances of that state, its film arc by the films'.
TEST(Ageing, SpectrumAfterCyclingCarriesTheGrownFilms) {
  auto sets = lithiumAgeing("{coulombic_efficiency: 0.98}");
  sets.push_back("protocol=[\"EIS from 1 MHz to 1 mHz at 8 points per decade\", "
                 "{repeat: 25, steps: [\"Discharge at 0.5 mA/cm2 for 1 hour\", \"Charge at 0.5 mA/cm2 for 1 hour\"]}, "
                 "\"Rest for 10 hours\", \"EIS from 1 MHz to 1 mHz at 8 points per decade\"]");
  CaseRun r = runCase(kLiLi, sets);
  ASSERT_EQ(r.result.spectra.size(), 2u);
  std::vector<double> y0, yp0;
  r.model->initialState(y0, yp0, 0.0);
  const double* y = r.result.final_state.data();
  double d_film = 0, d_dead = 0, film_after = 0;
  for (End end : {End::Left, End::Right}) {
    const LithiumAgeing& a = *r.model->foil(end)->ageing();
    d_film += a.filmResistance(y) - a.filmResistance(y0.data());
    d_dead += a.deadResistance(y);
    film_after += a.filmResistance(y);
  }
  const auto& fresh = r.result.spectra[0];
  const auto& aged = r.result.spectra[1];
  const double dz = aged.z_ohm_m2.back().real() - fresh.z_ohm_m2.back().real();
  std::printf("after 50 h: films +%.3f, dead lithium +%.3f ohm cm2; Z(1 mHz) +%.3f ohm cm2\n", 1e4 * d_film, 1e4 * d_dead,
              1e4 * dz);
  EXPECT_GT(d_film, 1e-5);
  EXPECT_NEAR(dz, d_film + d_dead, 0.01 * (d_film + d_dead));
  // The DRT's film arc (the fastest peak) carries both films.
  ASSERT_FALSE(aged.drt.peaks.empty());
  std::printf("film arc: %.3f ohm cm2 (fresh %.3f), films of the state %.3f ohm cm2\n",
              1e4 * aged.drt.peaks.front().resistance, 1e4 * fresh.drt.peaks.front().resistance, 1e4 * film_after);
  EXPECT_NEAR(aged.drt.peaks.front().resistance, film_after, 0.05 * film_after);
}

}  // namespace
