"""Reading a run folder: CSV tables, summary.json and its figures, the Run
class, and reference voltage curves."""

import csv
import json
import math
import os
import sys

import numpy as np


def warn(msg):
    print("plot: " + msg, file=sys.stderr)


# --------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------

def to_float(text):
    """float(text), or NaN for empty / unparsable fields."""
    try:
        return float(text)
    except (TypeError, ValueError):
        return math.nan


def read_table(path, string_columns=()):
    """Read a CSV with a header into {column: numpy array}.

    Columns listed in `string_columns` stay lists of str; all other columns
    become float arrays with NaN for empty fields.  Returns None if the file
    is missing or has no header, and a dict of empty arrays if it has no rows.
    Columns are found by name only: cellsim writes only the columns that the
    cell's components publish, in no fixed order, so callers check `name in
    table` before using one.
    """
    if not os.path.isfile(path):
        return None
    with open(path, newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if not header:
            return None
        header = [h.strip() for h in header]
        rows = [r for r in reader if r and any(f.strip() for f in r)]
    table = {}
    for j, name in enumerate(header):
        values = [r[j].strip() if j < len(r) else "" for r in rows]
        if name in string_columns:
            table[name] = values
        else:
            table[name] = np.array([to_float(v) for v in values], dtype=float)
    table["_n"] = len(rows)
    return table


def nrows(table):
    return 0 if table is None else table["_n"]


def has_values(table, name):
    """True if the table has a column `name` with at least one number (a
    column may be absent, or present with empty fields)."""
    return nrows(table) > 0 and name in table and bool(
        np.isfinite(table[name]).any())


def read_summary(path):
    if not os.path.isfile(path):
        return {}
    try:
        with open(path) as fh:
            data = json.load(fh)
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError) as exc:
        warn("cannot read %s: %s" % (path, exc))
        return {}


def read_reference(path):
    """Reference voltage curve (columns time_s,voltage_V) as a dict with t, v
    and name, or None (with a warning) if the file does not fit."""
    table = read_table(path)
    if table is None or "time_s" not in table or "voltage_V" not in table:
        warn("%s: expected columns time_s,voltage_V; reference ignored" % path)
        return None
    t, v = table["time_s"], table["voltage_V"]
    ok = np.isfinite(t) & np.isfinite(v)
    if not ok.any():
        warn("%s has no data; reference ignored" % path)
        return None
    return {"t": t[ok], "v": v[ok],
            "name": os.path.splitext(os.path.basename(path))[0]}


# --------------------------------------------------------------------------
# The run folder
# --------------------------------------------------------------------------

class Run:
    """The contents of one run folder."""

    def __init__(self, folder):
        self.folder = folder
        self.name = os.path.basename(os.path.normpath(os.path.abspath(folder)))
        self.summary = read_summary(os.path.join(folder, "summary.json"))
        self.ts = read_table(os.path.join(folder, "timeseries.csv"))
        # One row per protocol step: steps.csv (run folders written before it
        # existed kept the steps in cycles.csv, which is now one row per cycle
        # = one repetition of a protocol block).
        steps_file = os.path.join(folder, "steps.csv")
        old_layout = not os.path.exists(steps_file)
        if old_layout:
            steps_file = os.path.join(folder, "cycles.csv")
        self.step_table = read_table(steps_file,
                                     string_columns=("text", "ended_by"))
        self.cycle_table = (None if old_layout else
                            read_table(os.path.join(folder, "cycles.csv")))
        self.profiles = read_table(os.path.join(folder, "profiles.csv"),
                                   string_columns=("region",))
        # Impedance spectra and their distributions of relaxation times, one
        # block of rows per EIS step (only runs with EIS steps have them).
        self.impedance = read_table(os.path.join(folder, "impedance.csv"))
        self.drt = read_table(os.path.join(folder, "drt.csv"))
        self.steps = self._steps()

    # Title --------------------------------------------------------------
    def title(self):
        case = self.summary.get("case") or ""
        if case:
            case = os.path.splitext(os.path.basename(str(case)))[0]
        cell = self.summary.get("cell")
        cell_name = cell.get("name", "") if isinstance(cell, dict) else ""
        parts = [p for p in (case, cell_name) if p]
        title = "  \u2022  ".join(parts) if parts else self.name
        if self.summary.get("stopped_early"):
            reason = self.summary.get("stop_reason") or "stopped early"
            title += "\n(stopped early: %s)" % reason
        return title

    # Steps --------------------------------------------------------------
    def _steps(self):
        """List of dicts: step, text, t0, t1, charge (mAh/m2, + = discharge),
        block and repeat (NaN when unknown), from the step table, completed
        from timeseries.csv."""
        steps = steps_from_table(self.step_table)
        complete_steps(steps, self.ts)
        steps.sort(key=lambda s: s["step"])
        return steps

    def t_end(self):
        if nrows(self.ts) and "time_s" in self.ts:
            t = self.ts["time_s"][np.isfinite(self.ts["time_s"])]
            if t.size:
                return float(t.max())
        return 0.0


def steps_from_table(table):
    """The steps of the step table (see Run._steps); none without a step
    column.  The table's `cycle` is the repetition within the block."""
    steps = []
    if nrows(table) and "step" in table:
        for i in range(nrows(table)):
            def col(name, default=math.nan):
                return table[name][i] if name in table else default
            step = col("step")
            steps.append({
                "step": int(step) if not math.isnan(step) else i + 1,
                "text": table["text"][i] if "text" in table else "",
                "t0": col("t_start_s"),
                "t1": col("t_end_s"),
                "charge": col("charge_mAh_m2"),
                "block": col("block"),
                "repeat": col("cycle"),
            })
    return steps


def complete_steps(steps, ts):
    """Fill in missing step times from the timeseries, and add the steps
    that only the timeseries has (e.g. when cycles.csv is missing)."""
    if not (nrows(ts) and "step" in ts and "time_s" in ts):
        return
    known = {s["step"] for s in steps}
    for k in np.unique(ts["step"][np.isfinite(ts["step"])]):
        sel = ts["step"] == k
        t = ts["time_s"][sel]
        if int(k) in known:
            s = next(s for s in steps if s["step"] == int(k))
            if math.isnan(s["t0"]):
                s["t0"] = np.nanmin(t)
            if math.isnan(s["t1"]):
                s["t1"] = np.nanmax(t)
            continue
        charge = math.nan
        if "capacity_mAh_m2" in ts:
            c = ts["capacity_mAh_m2"][sel]
            c = c[np.isfinite(c)]
            if c.size:
                charge = c[-1] - c[0]
        steps.append({"step": int(k), "text": "step %d" % int(k),
                      "t0": np.nanmin(t), "t1": np.nanmax(t),
                      "charge": charge, "block": math.nan,
                      "repeat": math.nan})


def step_direction(step, ts):
    """+1 discharge, -1 charge, 0 rest (no charge passed)."""
    q = step.get("charge", math.nan)
    if np.isfinite(q) and abs(q) > 1e-9:
        return 1 if q > 0 else -1
    if nrows(ts) and "current_A_m2" in ts and "step" in ts:
        i = ts["current_A_m2"][ts["step"] == step["step"]]
        i = i[np.isfinite(i)]
        if i.size and np.max(np.abs(i)) > 1e-12:
            m = np.mean(i)
            return 1 if m > 0 else -1 if m < 0 else 0
    return 0


# --------------------------------------------------------------------------
# Figures of merit (summary.json "figures")
# --------------------------------------------------------------------------

def run_figures(run):
    """The summary's "figures" list, keeping only well-formed entries."""
    figs = run.summary.get("figures")
    if not isinstance(figs, list):
        return []
    return [f for f in figs if isinstance(f, dict) and "name" in f]


def figure(run, name):
    """(value, condition) of the first numeric figure called `name`; value
    NaN if there is none."""
    found = figures_named(run, name)
    return (found[0][1], found[0][0]) if found else (math.nan, "")


def figures_named(run, name):
    """[(condition, value)] of all figures called `name` with a numeric
    value, in the summary's order."""
    found = []
    for f in run_figures(run):
        if f.get("name") != name:
            continue
        try:
            value = float(f.get("value"))
        except (TypeError, ValueError):
            continue
        if math.isfinite(value):
            found.append((str(f.get("condition") or ""), value))
    return found


def has_figure(run, prefix):
    return any(str(f["name"]).startswith(prefix) for f in run_figures(run))


# --------------------------------------------------------------------------
# The cell (summary.json "cell")
# --------------------------------------------------------------------------

def cell_parts(run):
    """The parts of cell.name: 'Li | PP | LiCoO2' -> ['Li', 'PP', 'LiCoO2'];
    [] without a name."""
    cell = run.summary.get("cell")
    name = cell.get("name", "") if isinstance(cell, dict) else ""
    return [p.strip() for p in str(name or "").split("|")] if name else []


def separator_name(run):
    """'Li | LLZTO0.95F0.05@PP | Li' -> 'LLZTO0.95F0.05@PP' (or '')."""
    parts = cell_parts(run)
    return parts[1] if len(parts) == 3 else ""


def active_mass_g_m2(run):
    """cell.positive_active_mass_g_m2, or 0 when unknown."""
    cell = run.summary.get("cell")
    try:
        mass = float(cell.get("positive_active_mass_g_m2") or 0.0)
    except (AttributeError, TypeError, ValueError):
        return 0.0
    return mass if math.isfinite(mass) and mass > 0 else 0.0


def run_labels(runs):
    """A legend label per run: its separator ('PP' of 'Li | PP | LiCoO2'),
    or the run folder name when the separator is unknown or shared with
    another of the runs."""
    seps = [separator_name(r) for r in runs]
    return [s if s and seps.count(s) == 1 else r.name
            for r, s in zip(runs, seps)]
