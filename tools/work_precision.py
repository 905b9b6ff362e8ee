#!/usr/bin/python3
"""Work-precision sweep of cellsim's discretisation and tolerances (tools/bench --work-precision).

  /usr/bin/python3 tools/work_precision.py [--instructions] [--quick] [--repeats N] [--out DIR]

Runs `build/cellsim run CASE --set ...` over one-at-a-time and joint variations of the mesh
and solver.rtol of two cases, and for each setting records the unknowns, the median process
wall time, the error and (under valgrind --tool=callgrind) the instruction count:
  comsol_1C    error = voltage RMSE [mV] against COMSOL up to 3.105 V (as
               tests/test_comsol_reference.cpp computes it);
  bruce_vincent error = relative error of the figure bruce_vincent_rho_plus against a
               mesh- and tolerance-converged run of this script's own (BV_REFERENCE below);
  error_vs_converged (CSV column): the same against cellsim's own converged solution
               (COMSOL_CONVERGED), which shows the discretisation error alone.
Instruction counts are the robust cost on a shared machine (wall time is noisy), but callgrind
is ~50x slower, so without --instructions they are taken only for the wall-time Pareto front
and the recipe default. Writes DIR/work_precision.csv and DIR/work_precision.png (DIR:
out/work_precision) and prints the Pareto front of each case.
"""
import argparse
import csv
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CELLSIM = os.path.join(ROOT, "build", "cellsim")
CELLSIM_BINARY = [CELLSIM]  # replaced by --cellsim (the test passes the binary it built)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import work_precision_plot  # noqa: E402  (after the path insert: lives next to this file)

COMSOL_CASE = "cases/validation/comsol_marquis2019_1C.yaml"
COMSOL_VOLTAGE = "tests/data/comsol_marquis2019/1C_voltage.csv"
V_CUTOFF = 3.105
# The model's own converged curve (~10x the recipe's unknowns): the RMSE against it separates
# the discretisation error from the model-vs-COMSOL difference, which it partly cancels.
COMSOL_CONVERGED = {"mesh.negative": 80, "mesh.separator": 20, "mesh.positive": 80,
                    "mesh.particle": 60, "solver.rtol": 1e-7}
BV_CASE = "cases/paper/bruce_vincent_LLZTO0.95F0.05@PP.yaml"
BV_FIGURE = "bruce_vincent_rho_plus"


def one_at_a_time(default, key, values):
    return [dict(default, **{key: v}) for v in values if v != default[key]]


def comsol_settings(quick):
    """The recipe's own values first, then one-at-a-time sweeps, then joint coarse meshes."""
    d = {"mesh.negative": 30, "mesh.separator": 10, "mesh.positive": 30,
         "mesh.particle": 20, "solver.rtol": 1e-4}
    if quick:
        return d, [d, dict(d, **{"mesh.negative": 10, "mesh.positive": 10, "mesh.particle": 6})]
    pts = [d]
    for n in (8, 12, 16, 20, 40):
        pts += one_at_a_time(d, "mesh.negative", [n]) + one_at_a_time(d, "mesh.positive", [n])
    pts += one_at_a_time(d, "mesh.particle", [5, 8, 10, 15, 30])
    pts += one_at_a_time(d, "mesh.separator", [3, 5, 20])
    pts += one_at_a_time(d, "solver.rtol", [1e-3, 3e-3, 1e-5, 1e-6])
    for n in (8, 12, 16, 20):
        for m in (5, 8, 10, 15):
            pts.append(dict(d, **{"mesh.negative": n, "mesh.positive": n,
                                  "mesh.particle": m, "mesh.separator": 5}))
    for n, m in ((10, 8), (12, 10), (16, 10)):
        pts.append(dict(d, **{"mesh.negative": n, "mesh.positive": n, "mesh.particle": m,
                              "mesh.separator": 5, "solver.rtol": 1e-3}))
    return d, pts


# The recipe leaves the grading and rtol to cellsim's defaults (RecipeCase.cpp): 1.15, 20 nm, 1e-6.
BV_DEFAULT = {"mesh.separator": 40, "mesh.first_volume_at_foil": "20 nm",
              "mesh.grading": 1.15, "solver.rtol": 1e-6}
# Eight times the separator volumes, a tenth of the first volume, the gentlest grading and a
# tolerance 100x tighter than the default: the "exact" figure the errors are measured against.
BV_REFERENCE = {"mesh.separator": 320, "mesh.first_volume_at_foil": "2 nm",
                "mesh.grading": 1.05, "solver.rtol": 1e-8}


def bv_settings():
    d = BV_DEFAULT
    pts = [d]
    pts += one_at_a_time(d, "mesh.separator", [5, 10, 20, 80])
    pts += one_at_a_time(d, "mesh.first_volume_at_foil", ["5 nm", "100 nm", "500 nm"])
    pts += one_at_a_time(d, "mesh.grading", [1.05, 1.3, 1.5])
    pts += one_at_a_time(d, "solver.rtol", [1e-3, 1e-4, 1e-5, 1e-7])
    for sep in (5, 10, 20):
        for first, grading in (("100 nm", 1.3), ("500 nm", 1.5)):
            for rtol in (1e-4, 1e-3):
                pts.append({"mesh.separator": sep, "mesh.first_volume_at_foil": first,
                            "mesh.grading": grading, "solver.rtol": rtol})
    return d, pts


def set_args(settings):
    args = []
    for key, value in settings.items():
        args += ["--set", f"{key}={value}"]
    return args


def settings_label(settings):
    return " ".join(f"{k.split('.')[-1]}={v}" for k, v in settings.items())


def run_once(case, settings, out_dir, prefix=()):
    """Runs cellsim once into out_dir (which must not exist); returns the process wall time."""
    cmd = list(prefix) + [CELLSIM_BINARY[0], "run", os.path.join(ROOT, case), "--out", out_dir, "--quiet"]
    start = time.perf_counter()
    proc = subprocess.run(cmd + set_args(settings), capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} {settings} exited {proc.returncode}:\n{proc.stderr}")
    return wall


def read_run(out_dir):
    with open(os.path.join(out_dir, "summary.json")) as fh:
        summary = json.load(fh)
    t, v = [], []
    with open(os.path.join(out_dir, "timeseries.csv"), newline="") as fh:
        for row in csv.DictReader(fh):
            t.append(float(row["time_s"]))
            v.append(float(row["voltage_V"]))
    return summary, np.array(t), np.array(v)


def comsol_rmse_mV(t, v, converged=None):
    """As tests/test_comsol_reference.cpp: COMSOL points down to 3.105 V and within the run;
    against the curve `converged` (t, v) instead of COMSOL's voltages if given."""
    ref = np.loadtxt(os.path.join(ROOT, COMSOL_VOLTAGE), delimiter=",", skiprows=1)
    keep = (ref[:, 1] >= V_CUTOFF) & (ref[:, 0] <= t[-1])
    target = ref[keep, 1]
    if converged is not None:
        keep &= ref[:, 0] <= converged[0][-1]
        target = np.interp(ref[keep, 0], *converged)
    err = np.interp(ref[keep, 0], t, v) - target
    return 1e3 * math.sqrt(float(np.mean(err ** 2)))


def bv_figure(summary):
    for f in summary["figures"]:
        if f["name"] == BV_FIGURE:
            return float(f["value"])
    raise RuntimeError(f"no figure {BV_FIGURE} in summary.json")


def measure(case, settings, repeats, scratch):
    """Median process wall time and solver wall time of `repeats` runs, unknowns, outputs."""
    walls, solves, result = [], [], None
    for k in range(repeats):
        out = os.path.join(scratch, f"run{k}")
        walls.append(run_once(case, settings, out))
        summary, t, v = read_run(out)
        solves.append(float(summary["wall_time_s"]))
        if result is None:
            result = (int(summary["cell"]["unknowns"]), summary, t, v)
        shutil.rmtree(out)
    return statistics.median(walls), statistics.median(solves), result


def instructions(case, settings, scratch):
    """Instructions (Ir) of the whole cellsim process under callgrind."""
    cg_file = os.path.join(tempfile.gettempdir(), f"wp_callgrind.{os.getpid()}.out")
    out = os.path.join(scratch, "callgrind_run")
    prefix = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={cg_file}"]
    run_once(case, settings, out, prefix)
    shutil.rmtree(out)
    with open(cg_file) as fh:
        text = fh.read()
    os.remove(cg_file)
    m = re.search(r"^(?:summary|totals):\s*(\d+)", text, re.M)
    if not m:
        raise RuntimeError(f"no summary line in callgrind output {cg_file}")
    return int(m.group(1))


def sweep(name, case, points, error_of, args, scratch):
    rows = []
    for i, settings in enumerate(points):
        wall, solve, (unknowns, summary, t, v) = measure(case, settings, args.repeats, scratch)
        error, error_converged = error_of(summary, t, v)
        row = {"case": name, "settings": settings_label(settings), "unknowns": unknowns,
               "wall_s": wall, "solve_s": solve, "instructions": None, "error": error,
               "error_vs_converged": error_converged, "default": i == 0, "_settings": settings}
        if args.instructions:
            row["instructions"] = instructions(case, settings, scratch)
        rows.append(row)
        print(f"  {name} [{i + 1}/{len(points)}] {row['settings']}: {unknowns} unknowns, "
              f"{wall:.3f} s, error {error:.4g} ({error_converged:.4g} vs converged)", flush=True)
    return rows


def add_front_instructions(rows, case, scratch):
    """Callgrind for the wall-time Pareto front and the recipe default, if not yet counted."""
    for row in rows:
        if row["instructions"] is None and (row["default"] or row["pareto_wall"]):
            row["instructions"] = instructions(case, row["_settings"], scratch)


def write_csv(rows, path):
    cols = ["case", "settings", "unknowns", "wall_s", "solve_s", "instructions", "error",
            "error_vs_converged", "error_unit", "default", "pareto_wall", "pareto_instructions"]
    with open(path, "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=cols, extrasaction="ignore")
        w.writeheader()
        for row in rows:
            w.writerow({k: ("" if row.get(k) is None else row.get(k)) for k in cols})


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--instructions", action="store_true",
                   help="count instructions under callgrind for every point (slow)")
    p.add_argument("--quick", action="store_true",
                   help="two COMSOL points, one repeat, no callgrind, no Li | Li case (a smoke test)")
    p.add_argument("--repeats", type=int, default=3, help="process runs per point (median)")
    p.add_argument("--out", default=os.path.join(ROOT, "out", "work_precision"))
    p.add_argument("--cellsim", default=CELLSIM, help="the cellsim binary (default build/cellsim)")
    args = p.parse_args(argv)
    if args.quick:
        args.repeats = 1
    return args


def run_cases(args, scratch):
    results = []
    converged = None
    if not args.quick:
        _, t_conv, v_conv = measure(COMSOL_CASE, COMSOL_CONVERGED, 1, scratch)[2][1:]
        converged = (t_conv, v_conv)
        print(f"{COMSOL_CASE}: converged curve at {settings_label(COMSOL_CONVERGED)}: "
              f"{comsol_rmse_mV(t_conv, v_conv):.4f} mV from COMSOL", flush=True)

    def comsol_error(summary, t, v):
        return (comsol_rmse_mV(t, v),
                comsol_rmse_mV(t, v, converged) if converged else float("nan"))

    _, pts = comsol_settings(args.quick)
    print(f"{COMSOL_CASE}: {len(pts)} settings", flush=True)
    results.append(("comsol_1C", COMSOL_CASE, "voltage RMSE vs COMSOL [mV]", "mV",
                    sweep("comsol_1C", COMSOL_CASE, pts, comsol_error, args, scratch)))
    if args.quick:
        return results
    rho_ref = bv_figure(measure(BV_CASE, BV_REFERENCE, 1, scratch)[2][1])
    print(f"{BV_CASE}: reference {BV_FIGURE} = {rho_ref:.8g} at "
          f"{settings_label(BV_REFERENCE)}", flush=True)

    def bv_error(summary, t, v):
        error = abs(bv_figure(summary) - rho_ref) / abs(rho_ref)
        return error, error

    _, pts = bv_settings()
    results.append(("bruce_vincent", BV_CASE,
                    f"|rho+ - rho+_ref| / rho+_ref (ref {rho_ref:.6g})", "relative",
                    sweep("bruce_vincent", BV_CASE, pts, bv_error, args, scratch)))
    return results


def main(argv):
    args = parse_args(argv)
    CELLSIM_BINARY[0] = os.path.abspath(args.cellsim)
    if not os.access(CELLSIM_BINARY[0], os.X_OK):
        sys.exit(f"no {CELLSIM_BINARY[0]}: run tools/build first")
    os.makedirs(args.out, exist_ok=True)
    all_rows, panels = [], []
    with tempfile.TemporaryDirectory(prefix="work_precision_") as scratch:
        for name, case, label, unit, rows in run_cases(args, scratch):
            work_precision_plot.mark_front(rows, "wall_s", "pareto_wall")
            if not args.quick:
                add_front_instructions(rows, case, scratch)
            work_precision_plot.mark_front(rows, "instructions", "pareto_instructions")
            for row in rows:
                row["error_unit"] = unit
            all_rows += rows
            panels.append((name, case, label, rows))
            work_precision_plot.print_front(name, case, label, rows)
    csv_path = os.path.join(args.out, "work_precision.csv")
    write_csv(all_rows, csv_path)
    png_path = os.path.join(args.out, "work_precision.png")
    work_precision_plot.plot(panels, png_path)
    print(f"wrote {csv_path}\nwrote {png_path}")


if __name__ == "__main__":
    main(sys.argv[1:])
