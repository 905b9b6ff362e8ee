#!/usr/bin/env bash
# Smoke test for tools/plot (the plotting package).
#
#   tests/test_plot.sh CELLSIM_BINARY TMP_DIR
#
# Runs two short cases with CELLSIM_BINARY into TMP_DIR, plots them with
# tools/plot (alone, together, with --out and with --reference) and checks
# that it exits 0 and writes non-empty PNGs.  Then runs lithium-metal
# symmetric-cell cases from cases/paper (Bruce-Vincent, rate polarisation,
# critical current, shortened cycling) and Li | separator | LiCoO2 full
# cells (shortened rate capability and cyclic voltammetry, two separators
# each; long cycling shortened to 30 cycles with cycle jumping, and 12
# cycles), plots them all in one call with --measured
# cases/paper/targets.yaml and checks the symmetric-cell, full-cell,
# ageing and comparison PNGs (the per-cycle curves mapped to the true
# cycle numbers of a cycle-jumping run), that each
# kind of cell gets only its own plots, --measured in its CSV layouts, and
# an older run folder (steps in cycles.csv, no steps.csv) without
# v_mean_V/overpotential_mV.  Last, impedance: the three Li | sep | Li EIS
# cases (shortened) and a Li | PP | LiCoO2 EIS case, plotted together with
# --measured: Nyquist, Bode and DRT per run, their comparisons, and none of
# these for the runs without EIS steps.
# Skips (exit 0) when the Debian /usr/bin/python3 lacks numpy or matplotlib.
set -euo pipefail
. "$(dirname "$0")/shell_support.sh"
require_python_modules "numpy, matplotlib" "python3-numpy python3-matplotlib"
plot=$root/tools/plot
case_file=$root/cases/validation/comsol_marquis2019_1C.yaml
reference=$root/tests/data/comsol_marquis2019/1C_voltage.csv

expect_pngs() {  # DIR NAME...
  local dir=$1; shift
  local name
  for name in "$@"; do
    [ -s "$dir/$name" ] || fail "missing or empty $dir/$name"
    # PNG signature: \x89 P N G
    [ "$(head -c 4 "$dir/$name" | tail -c 3)" = "PNG" ] || fail "$dir/$name is not a PNG"
  done
}

mkdir -p "$tmp"
run1=$tmp/plot_short_a
run2=$tmp/plot_short_b
rm -rf "$run1" "$run2" "$tmp/plot_pngs"

"$cellsim" run "$case_file" --out "$run1" --quiet \
  --set 'protocol=["Discharge at 1C for 10 min", "Charge at 0.5C for 5 min"]' \
  --set 'output.profile_times=[300 s, 750 s]' \
  || fail "cellsim run (a) failed"
"$cellsim" run "$case_file" --out "$run2" --quiet \
  --set 'protocol=["Discharge at 1C for 5 min"]' \
  --set 'output.profile_times=[]' \
  || fail "cellsim run (b) failed"

# One run folder, PNGs next to the data, with a reference curve.
out=$(/usr/bin/python3 "$plot" "$run1" --reference "$reference") \
  || fail "tools/plot (single run) exited $?"
expect_pngs "$run1" voltage_time.png voltage_capacity.png current_time.png \
  electrolyte_profiles.png particle_surface.png
grep -q "voltage_time.png" <<<"$out" || fail "tools/plot did not print the paths written"

# Two run folders into --out: one sub-folder each plus the comparison.
/usr/bin/python3 "$plot" "$run1" "$run2" --out "$tmp/plot_pngs" >/dev/null \
  || fail "tools/plot (two runs) exited $?"
expect_pngs "$tmp/plot_pngs" comparison_voltage.png
expect_pngs "$tmp/plot_pngs/plot_short_a" voltage_time.png current_time.png
expect_pngs "$tmp/plot_pngs/plot_short_b" voltage_time.png voltage_capacity.png current_time.png

# A run folder whose files have no rows must not make tools/plot fail.
empty=$tmp/plot_empty
rm -rf "$empty" && mkdir -p "$empty"
head -n 1 "$run1/timeseries.csv" > "$empty/timeseries.csv"
head -n 1 "$run1/cycles.csv" > "$empty/cycles.csv"
head -n 1 "$run1/profiles.csv" > "$empty/profiles.csv"
cp "$run1/summary.json" "$empty/"
/usr/bin/python3 "$plot" "$empty" >/dev/null 2>&1 \
  || fail "tools/plot failed on a run folder without rows"

# Lithium-metal symmetric cells (Li | separator | Li).
paper=$root/cases/paper
sym=$tmp/plot_sym
sym_png=$tmp/plot_sym_pngs
rm -rf "$sym" "$sym_png"
mkdir -p "$sym"
for c in bruce_vincent_PP "rate_polarisation_LLZTO0.95F0.05@PP" critical_current_PP; do
  "$cellsim" run "$paper/$c.yaml" --out "$sym/$c" --quiet || fail "cellsim run $c failed"
done
# Cycling, shortened from 450 to 15 cycles (30 half-cycles).
"$cellsim" run "$paper/cycling_LLZTO0.95F0.05@PP_0.5mA.yaml" --out "$sym/cycling" --quiet \
  --set 'protocol=[{repeat: 15, steps: ["Discharge at 0.5 mA/cm2 until 0.5 mAh/cm2", "Charge at 0.5 mA/cm2 until 0.5 mAh/cm2"]}]' \
  || fail "cellsim run cycling failed"
# An older run folder: the steps in cycles.csv (before steps.csv existed),
# without the v_mean_V / overpotential_mV columns.
old=$sym/cycling_old
cp -r "$sym/cycling" "$old"
mv "$old/steps.csv" "$old/cycles.csv"
/usr/bin/python3 - "$old/cycles.csv" <<'PY' || fail "could not strip cycles.csv"
import csv, sys
path = sys.argv[1]
with open(path, newline="") as fh:
    rows = list(csv.reader(fh))
keep = [j for j, name in enumerate(rows[0])
        if name not in ("v_mean_V", "overpotential_mV")]
with open(path, "w", newline="") as fh:
    csv.writer(fh).writerows([[r[j] for j in keep if j < len(r)] for r in rows])
PY

# Full cells (Li | separator | LiCoO2), shortened: rate capability at two
# C-rates (then back to 0.2C) and CV at two scan rates, for two separators.
full=$tmp/plot_full
rm -rf "$full"
mkdir -p "$full"
for sep in PP "LLZTO0.95F0.05@PP"; do
  "$cellsim" run "$paper/full_cell_$sep.yaml" --out "$full/full_rate_$sep" --quiet \
    --set 'experiment.rates=[0.5C, 2C]' || fail "cellsim run full_cell_$sep failed"
  "$cellsim" run "$paper/cv_$sep.yaml" --out "$full/full_cv_$sep" --quiet \
    --set 'experiment.scan_rates=[0.5 mV/s, 1.0 mV/s]' \
    --set 'experiment.shift_between=[0.5 mV/s, 1.0 mV/s]' \
    || fail "cellsim run cv_$sep failed"
done
# Long cycling with ageing, shortened: 30 cycles with cycle jumping (cycles
# 1, 2, 3, 10, 20, 30 simulated in full and recorded) and 12 cycles at 2C;
# about 4 s together.
"$cellsim" run "$paper/cycling_full_cell_LLZTO0.95F0.05@PP_1C.yaml" \
  --out "$full/full_cycling_LLZTO0.95F0.05@PP" --quiet \
  --set 'protocol=[{repeat: 30, steps: ["Charge at 1C until 4.6 V", "Hold at 4.6 V until C/20", "Discharge at 1C until 3.0 V"]}]' \
  --set cycle_jumping.output_every=10 || fail "cellsim run cycling_full_cell (jumping) failed"
"$cellsim" run "$paper/cycling_full_cell_PP_1C.yaml" --out "$full/full_cycling_PP" --quiet \
  --set 'protocol=[{repeat: 12, steps: ["Charge at 2C until 4.6 V", "Hold at 4.6 V until C/10", "Discharge at 2C until 3.0 V"]}]' \
  || fail "cellsim run cycling_full_cell_PP failed"
(cd "$root/tools" && /usr/bin/python3 - "$full/full_cycling_LLZTO0.95F0.05@PP") <<'PY' \
  || fail "cycles of the cycle-jumping run not mapped to their true numbers"
import sys
from plot.data import Run
from plot.life import has_ageing, run_label
from plot.voltage_curves import choose_cycles, cycle_curves
run = Run(sys.argv[1])
recorded = sorted(int(c) for c in run.cycle_table["cycle"])
assert recorded[-1] == 30 and len(recorded) < 30, recorded
assert sorted(cycle_curves(run)) == recorded, sorted(cycle_curves(run))
assert has_ageing(run)
assert run_label(run) == "LLZTO0.95F0.05@PP, 1C, 30 \u00b0C", run_label(run)
assert choose_cycles([1, 2, 3, 25, 50, 75, 100], 4) == [1, 25, 75, 100]
PY

# --measured in its CSV layouts (targets.yaml is used by the plot below).
measured=$tmp/plot_measured.csv
printf 'current_mA_cm2,overpotential_mV\n0.1,23\n0.5,40.7\n1,71.4\n4,201.7\n' > "$measured"
(cd "$root/tools" && /usr/bin/python3 - "$measured" "$root/cases/paper/comparison.csv" \
  "$paper/targets.yaml") <<'PY' || fail "--measured files not read"
import sys
from plot.measured import read_measured
figs = [{r[0] for r in read_measured(p)["records"]} for p in sys.argv[1:]]
assert figs[0] == {"rate_polarisation_mV"}, figs[0]
assert "rate_polarisation_mV" in figs[1], figs[1]
assert {"rate_polarisation_mV", "rate_capacity_mAh_g",
        "cv_peak_separation_mV", "drt_band_from_s",
        "drt_band_to_s", "capacity_retention",
        "capacity_after_mAh_g"} <= figs[2], figs[2]
from plot.measured import drt_bands
names = [b[2] for b in drt_bands(read_measured(sys.argv[3]))]
assert names == ["contact", "internal", "interfacial transfer"], names
PY

# All symmetric-cell and full-cell runs in one call (one matplotlib
# start-up); the two rate and the two CV runs are also compared.
out=$(/usr/bin/python3 "$plot" "$sym"/* "$full"/* --out "$sym_png" \
        --measured "$paper/targets.yaml") \
  || fail "tools/plot (symmetric and full cells) exited $?"
expect_pngs "$sym_png/bruce_vincent_PP" bruce_vincent.png current_time.png
expect_pngs "$sym_png/rate_polarisation_LLZTO0.95F0.05@PP" \
  overpotential_vs_current.png plating_stripping.png
expect_pngs "$sym_png/critical_current_PP" ccd_staircase.png plating_stripping.png
expect_pngs "$sym_png/cycling" plating_stripping.png overpotential_per_cycle.png
expect_pngs "$sym_png/cycling_old" plating_stripping.png overpotential_per_cycle.png
for sep in PP "LLZTO0.95F0.05@PP"; do
  expect_pngs "$sym_png/full_rate_$sep" rate_discharge_curves.png \
    rate_capability.png dqdv.png capacity_per_cycle.png voltage_capacity.png
  expect_pngs "$sym_png/full_cv_$sep" cv_curves.png capacity_per_cycle.png
done
for sep in PP "LLZTO0.95F0.05@PP"; do
  expect_pngs "$sym_png/full_cycling_$sep" ageing.png voltage_curves.png \
    capacity_per_cycle.png
done
expect_pngs "$sym_png/cycling" ageing.png
expect_pngs "$sym_png" comparison_voltage.png comparison_rate_capability.png \
  comparison_cv.png retention_vs_cycle.png
grep -q "retention_vs_cycle.png" <<<"$out" || fail "tools/plot did not print retention_vs_cycle.png"
grep -q "ccd_staircase.png" <<<"$out" || fail "tools/plot did not print ccd_staircase.png"
grep -q "comparison_cv.png" <<<"$out" || fail "tools/plot did not print comparison_cv.png"
# Only where the data applies: no plating/stripping plot for the
# potentiostatic hold, no symmetric-cell plots for the Li-ion and full-cell
# runs, no full-cell plots for the symmetric cells.
[ ! -e "$sym_png/bruce_vincent_PP/plating_stripping.png" ] \
  || fail "plating_stripping.png written for a potentiostatic hold"
for d in "$run1" "$sym_png"/full_*; do
  for f in plating_stripping.png overpotential_vs_current.png ccd_staircase.png \
           bruce_vincent.png overpotential_per_cycle.png; do
    [ ! -e "$d/$f" ] || fail "$f written for a cell that is not Li | Li ($d)"
  done
done
for c in bruce_vincent_PP "rate_polarisation_LLZTO0.95F0.05@PP" critical_current_PP cycling; do
  for f in rate_discharge_curves.png rate_capability.png cv_curves.png dqdv.png \
           capacity_per_cycle.png voltage_curves.png; do
    [ ! -e "$sym_png/$c/$f" ] || fail "$f written for a Li | Li cell ($c)"
  done
done
[ ! -e "$sym_png/full_cv_PP/dqdv.png" ] || fail "dqdv.png written for a CV (no constant-current step)"
# None of these runs has EIS steps: no impedance plots.
for d in "$run1" "$sym_png" "$sym_png"/*/; do
  for f in nyquist.png bode.png drt.png comparison_nyquist.png comparison_drt.png; do
    [ ! -e "$d/$f" ] || fail "$f written for a run without impedance data ($d)"
  done
done

# Impedance: the three Li | separator | Li EIS cases, shortened to a
# spectrum before and after 10 min of plating and 10 min of rest, and a
# full cell (Li | PP | LiCoO2, one spectrum, < 1 s) as is.  Each gets its
# Nyquist, Bode and DRT plots, and all four are compared.
eis=$tmp/plot_eis
eis_png=$tmp/plot_eis_pngs
rm -rf "$eis" "$eis_png"
mkdir -p "$eis"
for sep in PP "LLZTO1.00@PP" "LLZTO0.95F0.05@PP"; do
  "$cellsim" run "$paper/eis_$sep.yaml" --out "$eis/eis_$sep" --quiet \
    --set 'protocol=["EIS from 1 MHz to 10 mHz", "Discharge at 0.5 mA/cm2 for 10 min", "Rest for 10 min", "EIS from 1 MHz to 10 mHz"]' \
    || fail "cellsim run eis_$sep failed"
done
"$cellsim" run "$paper/eis_full_cell_PP.yaml" --out "$eis/eis_full_cell_PP" --quiet \
  || fail "cellsim run eis_full_cell_PP failed"
for d in "$eis"/*; do
  [ -s "$d/impedance.csv" ] && [ -s "$d/drt.csv" ] || fail "no impedance.csv/drt.csv in $d"
done
out=$(/usr/bin/python3 "$plot" "$eis"/* --out "$eis_png" \
        --measured "$paper/targets.yaml") \
  || fail "tools/plot (impedance) exited $?"
for d in "$eis"/*; do
  expect_pngs "$eis_png/$(basename "$d")" nyquist.png bode.png drt.png
done
expect_pngs "$eis_png" comparison_nyquist.png comparison_drt.png
[ ! -e "$eis_png/retention_vs_cycle.png" ] || fail "retention_vs_cycle.png written without cycling runs"
grep -q "comparison_drt.png" <<<"$out" || fail "tools/plot did not print comparison_drt.png"

echo "PASS: tools/plot"
