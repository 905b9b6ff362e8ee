#!/usr/bin/python3
"""Plot the results of one or more cellsim run folders.

Usage:
    tools/plot.py RUN_DIR [RUN_DIR ...] [--out PNG_DIR] [--reference CSV]
                  [--measured CSV]

For every run folder (as written by `cellsim run CASE.yaml --out RUN_DIR`) this
writes PNGs and prints the path of each file written:

    voltage_time.png          voltage vs time, steps shaded alternately
    voltage_capacity.png      voltage vs charge passed, one line per step that
                              passes charge (discharge red, charge blue)
    current_time.png          current density vs time
    electrolyte_profiles.png  c_e and phi_e vs x at each profile time
    particle_surface.png      c_s,surf and phi_s vs x in each electrode
    comparison_voltage.png    only with several run folders: their voltages
                              overlaid (written once, see --out)

Lithium-metal symmetric cells (Li | separator | Li; timeseries.csv has
c_e_surface_negative_mol_m3 and c_e_surface_positive_mol_m3) also get, when
the data applies:

    plating_stripping.png       voltage (mV) vs time, current levels labelled;
                                with many half-cycles also zooms on the first
                                and last cycles (not for potentiostatic holds)
    overpotential_per_cycle.png overpotential per half-cycle vs time, for
                                long constant-current cycling (cycles.csv;
                                |v_end_V| when overpotential_mV is missing)
    overpotential_vs_current.png  summary figures rate_polarisation_mV vs
                                current density (rate experiments)
    ccd_staircase.png           critical-current staircase: mean current
                                density and the electrolyte concentration at
                                both lithium surfaces vs time, failure marked
    bruce_vincent.png           potentiostatic Bruce-Vincent step: current vs
                                log time with I0, Iss and rho+

PNGs go into the run folder itself unless --out is given.  With --out and
several run folders, each run gets a sub-folder PNG_DIR/<run folder name>/ and
comparison_voltage.png goes to PNG_DIR; without --out, comparison_voltage.png
goes into the first run folder.

--reference CSV (columns time_s,voltage_V) overlays a reference voltage curve
(dashed) on voltage_time.png and comparison_voltage.png, e.g.
tests/data/comsol_marquis2019/1C_voltage.csv.

--measured CSV overlays measured overpotentials (open markers) on
overpotential_vs_current.png: columns current_mA_cm2,overpotential_mV, or the
layout of cases/paper/comparison.csv (figure,separator,condition,measured,...;
the rate_polarisation_mV rows for the run's separator are used).

Uses only the standard library, numpy and matplotlib (Debian:
python3-numpy, python3-matplotlib); run it with /usr/bin/python3.
"""

import argparse
import csv
import json
import math
import os
import re
import sys

try:
    import numpy as np
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import matplotlib.ticker
    from matplotlib.lines import Line2D
    from matplotlib.transforms import blended_transform_factory
except ImportError as exc:  # pragma: no cover - depends on the machine
    sys.exit("plot.py: %s; install python3-numpy and python3-matplotlib and "
             "run with /usr/bin/python3" % exc)

FIGSIZE = (7.0, 4.5)
DPI = 150
DISCHARGE_CMAP = "Reds"
CHARGE_CMAP = "Blues"
DISCHARGE_COLOR = "#c0392b"
CHARGE_COLOR = "#1f5fa8"
VOLTAGE_COLOR = "#1b2631"
SHADE_COLOR = "#e9edf2"
BOUNDARY_COLOR = "0.45"

plt.rcParams.update({
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.labelsize": 9,
    "legend.fontsize": 8,
    "legend.framealpha": 0.85,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "grid.color": "0.85",
    "grid.linewidth": 0.6,
    "axes.grid": True,
    "axes.axisbelow": True,
})


def warn(msg):
    print("plot.py: " + msg, file=sys.stderr)


# --------------------------------------------------------------------------
# Reading
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


class Run:
    """The contents of one run folder."""

    def __init__(self, folder):
        self.folder = folder
        self.name = os.path.basename(os.path.normpath(os.path.abspath(folder)))
        self.summary = read_summary(os.path.join(folder, "summary.json"))
        self.ts = read_table(os.path.join(folder, "timeseries.csv"))
        self.cycles = read_table(os.path.join(folder, "cycles.csv"),
                                 string_columns=("text", "ended_by"))
        self.profiles = read_table(os.path.join(folder, "profiles.csv"),
                                   string_columns=("region",))
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
        """List of dicts: step, text, t0, t1, charge (mAh/m2, + = discharge)."""
        steps = []
        cyc = self.cycles
        if nrows(cyc) and "step" in cyc:
            for i in range(nrows(cyc)):
                def col(name, default=math.nan):
                    return cyc[name][i] if name in cyc else default
                steps.append({
                    "step": int(col("step")) if not math.isnan(col("step")) else i + 1,
                    "text": cyc["text"][i] if "text" in cyc else "",
                    "t0": col("t_start_s"),
                    "t1": col("t_end_s"),
                    "charge": col("charge_mAh_m2"),
                })
        ts = self.ts
        if nrows(ts) and "step" in ts and "time_s" in ts:
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
                              "charge": charge})
        steps.sort(key=lambda s: s["step"])
        return steps

    def t_end(self):
        if nrows(self.ts) and "time_s" in self.ts:
            t = self.ts["time_s"][np.isfinite(self.ts["time_s"])]
            if t.size:
                return float(t.max())
        return 0.0


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------

def time_unit(t_max):
    """(divisor, label) for a time axis spanning t_max seconds."""
    if t_max > 2 * 3600:
        return 3600.0, "h"
    if t_max > 120:
        return 60.0, "min"
    return 1.0, "s"


def format_time(t):
    if t >= 2 * 3600:
        return "%.3g h" % (t / 3600)
    if t >= 120:
        return "%.3g min" % (t / 60)
    return "%.3g s" % t


def new_figure(figsize=FIGSIZE, **kw):
    return plt.subplots(figsize=figsize, **kw)


def save(fig, path, written, layout=True):
    if layout:
        fig.tight_layout()
    fig.savefig(path, dpi=DPI)
    plt.close(fig)
    written.append(path)
    print(path)


def shade_steps(ax, steps, scale, label=True):
    """Shade every second step and label the steps along the top of the axes.

    The shading is a collection and the labels carry invisible markers, so
    that legend(loc="best") keeps clear of the labels but not of the shading.
    """
    if len(steps) < 2:
        return
    finite = [s for s in steps if np.isfinite(s["t0"]) and np.isfinite(s["t1"])]
    if not finite:
        return
    t_start = min(s["t0"] for s in finite)
    span = max(max(s["t1"] for s in finite) - t_start, 1e-12)
    trans = blended_transform_factory(ax.transData, ax.transAxes)
    edges = []
    for i, s in enumerate(steps):
        if s in finite and i % 2 == 1:
            edges.append((s["t0"] / scale, s["t1"] / scale))
    for t0, t1 in edges:
        ax.fill_between([t0, t1], 0, 1, transform=trans, color=SHADE_COLOR,
                        lw=0, zorder=0)
    if not label or len(steps) > 60:
        return
    xs = []
    for s in finite:
        frac = (s["t1"] - s["t0"]) / span
        if frac < 0.02:
            continue
        text = str(s["step"])
        word = (s.get("text") or "").split()
        if word and frac > 0.09:
            text += " " + word[0].lower()
        xc = 0.5 * (s["t0"] + s["t1"]) / scale
        ax.text(xc, 0.985, text, transform=trans, ha="center", va="top",
                fontsize=7, color="0.4")
        xs.append(xc)
    if xs:
        ax.plot(xs, [0.96] * len(xs), ls="none", marker="s", ms=8, alpha=0,
                transform=trans)


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


def read_reference(path):
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


def rms_difference(t, v, ref):
    """RMS of (simulation - reference) at the reference times within the run."""
    ok = np.isfinite(t) & np.isfinite(v)
    t, v = t[ok], v[ok]
    if t.size < 2:
        return None
    order = np.argsort(t, kind="stable")
    t, v = t[order], v[order]
    inside = (ref["t"] >= t[0]) & (ref["t"] <= t[-1])
    if inside.sum() < 2:
        return None
    sim = np.interp(ref["t"][inside], t, v)
    return float(np.sqrt(np.mean((sim - ref["v"][inside]) ** 2)))


# --------------------------------------------------------------------------
# Plots
# --------------------------------------------------------------------------

def plot_voltage_time(run, path, written, reference=None):
    ts = run.ts
    t, v = ts["time_s"], ts["voltage_V"]
    t_max = max(run.t_end(), reference["t"].max() if reference else 0)
    scale, unit = time_unit(t_max)
    fig, ax = new_figure()
    shade_steps(ax, run.steps, scale)
    ax.plot(t / scale, v, color=VOLTAGE_COLOR, lw=1.6, label="cellsim")
    if reference is not None:
        label = "reference (%s)" % reference["name"]
        rms = rms_difference(t, v, reference)
        if rms is not None:
            label += ", RMS diff %.1f mV" % (rms * 1e3)
        ax.plot(reference["t"] / scale, reference["v"], "--", color="#e67e22",
                lw=1.6, label=label)
        ax.legend(loc="best")
    ax.set_xlabel("time (%s)" % unit)
    ax.set_ylabel("voltage (V)")
    ax.set_xlim(0, t_max / scale if t_max > 0 else 1)
    pad_ylim(ax, [v] + ([reference["v"]] if reference else []),
             top_pad=0.12 if len(run.steps) > 1 else 0.05)
    ax.set_title(run.title())
    save(fig, path, written)


def pad_ylim(ax, arrays, top_pad=0.05, bottom_pad=0.05):
    vals = np.concatenate([np.asarray(a, float) for a in arrays])
    vals = vals[np.isfinite(vals)]
    if not vals.size:
        return
    lo, hi = vals.min(), vals.max()
    span = hi - lo if hi > lo else max(abs(hi) * 0.01, 1e-3)
    ax.set_ylim(lo - bottom_pad * span, hi + top_pad * span)


def plot_current_time(run, path, written):
    ts = run.ts
    t, i = ts["time_s"], ts["current_A_m2"] / 10.0
    scale, unit = time_unit(run.t_end())
    fig, ax = new_figure()
    shade_steps(ax, run.steps, scale)
    ax.axhline(0, color="0.5", lw=0.8, zorder=1)
    ax.plot(t / scale, i, color="#117a65", lw=1.6, drawstyle="default")
    ax.set_xlabel("time (%s)" % unit)
    ylabel = "current density (mA/cm$^2$)   [+ discharge]"
    factor, _ = figure(run, "hot_spot_factor")
    if np.isfinite(factor) and factor != 1.0:
        # Critical-current runs record the hot-spot column's current.
        ylabel = ("hot-spot current density (mA/cm$^2$)\n"
                  "= %s \u00d7 mean   [+ discharge]" % fmt(factor))
    ax.set_ylabel(ylabel)
    ax.set_xlim(0, run.t_end() / scale if run.t_end() > 0 else 1)
    pad_ylim(ax, [i, [0.0]], top_pad=0.12 if len(run.steps) > 1 else 0.05)
    ax.set_title(run.title())
    save(fig, path, written)


def plot_voltage_capacity(run, path, written):
    """One line per step that passes charge; x = charge passed since the last
    change of current direction (so CC-CV charges and pulse trains continue)."""
    ts = run.ts
    if "capacity_mAh_m2" not in ts or "step" not in ts:
        warn("%s: no capacity/step columns; voltage_capacity.png skipped"
             % run.folder)
        return
    lines = []  # (step, direction, x, v)
    group_start = None
    last_dir = 0
    for s in run.steps:
        sel = ts["step"] == s["step"]
        if not sel.any():
            continue
        d = step_direction(s, ts)
        if d == 0:
            continue
        cap = ts["capacity_mAh_m2"][sel]
        v = ts["voltage_V"][sel]
        finite = cap[np.isfinite(cap)]
        if not finite.size:
            continue
        if d != last_dir or group_start is None:
            group_start = finite[0]
            last_dir = d
        x = np.abs(cap - group_start) / 1e4
        lines.append((s, d, x, v))
    if not lines:
        warn("%s: no step passes charge; voltage_capacity.png skipped"
             % run.folder)
        return

    fig, ax = new_figure()
    n_dis = sum(1 for l in lines if l[1] > 0)
    n_chg = len(lines) - n_dis
    k_dis = k_chg = 0
    per_step_legend = len(lines) <= 8

    def shade(cmap, k, n):
        if n <= 1:
            return DISCHARGE_COLOR if cmap == DISCHARGE_CMAP else CHARGE_COLOR
        return plt.get_cmap(cmap)(0.45 + 0.5 * k / (n - 1))

    for s, d, x, v in lines:
        if d > 0:
            color = shade(DISCHARGE_CMAP, k_dis, n_dis)
            k_dis += 1
        else:
            color = shade(CHARGE_CMAP, k_chg, n_chg)
            k_chg += 1
        label = None
        if per_step_legend:
            label = "%d: %s" % (s["step"], s["text"] or
                                ("discharge" if d > 0 else "charge"))
        ax.plot(x, v, color=color, lw=1.6, label=label)
    if per_step_legend:
        ax.legend(loc="best")
    else:
        handles = []
        if n_dis:
            handles.append(Line2D([], [], color=DISCHARGE_COLOR, lw=1.6,
                                  label="discharge (%d steps)" % n_dis))
        if n_chg:
            handles.append(Line2D([], [], color=CHARGE_COLOR, lw=1.6,
                                  label="charge (%d steps)" % n_chg))
        ax.legend(handles=handles, loc="best")
    ax.set_xlabel("|capacity| (mAh/cm$^2$)")
    ax.set_ylabel("voltage (V)")
    ax.set_xlim(left=0)
    ax.set_title(run.title())
    save(fig, path, written)


def profile_times(prof):
    t = prof["time_s"]
    times = []
    for value in t:
        if np.isfinite(value) and value not in times:
            times.append(value)
    return times


def region_label(region):
    """'separator:PP' -> 'separator\\nPP'; 'separator:separator' -> 'separator'."""
    head, _, tail = region.partition(":")
    if not tail or tail == head:
        return head
    return head + "\n" + tail


def region_spans(x, regions):
    """[(name, x_left, x_right)] for consecutive runs of the region column
    (x sorted), treating x as cell centres of a finite-volume mesh."""
    runs = []
    for xi, r in zip(x, regions):
        if runs and runs[-1][0] == r:
            runs[-1][1].append(xi)
        else:
            runs.append((r, [xi]))

    def half_width(xs, at_end):
        if len(xs) < 2:
            return None
        return 0.5 * ((xs[-1] - xs[-2]) if at_end else (xs[1] - xs[0]))

    bounds = []
    for (ra, xa), (rb, xb) in zip(runs[:-1], runs[1:]):
        guesses = []
        ha, hb = half_width(xa, True), half_width(xb, False)
        if ha is not None:
            guesses.append(xa[-1] + ha)
        if hb is not None:
            guesses.append(xb[0] - hb)
        b = np.mean(guesses) if guesses else 0.5 * (xa[-1] + xb[0])
        if not (xa[-1] <= b <= xb[0]):
            b = 0.5 * (xa[-1] + xb[0])
        bounds.append(b)
    if not runs:
        return []
    h0 = half_width(runs[0][1], False)
    left = max(0.0, runs[0][1][0] - h0) if h0 is not None else runs[0][1][0]
    h1 = half_width(runs[-1][1], True)
    right = runs[-1][1][-1] + h1 if h1 is not None else runs[-1][1][-1]
    edges = [left] + bounds + [right]
    return [(r, edges[k], edges[k + 1]) for k, (r, _) in enumerate(runs)]


def one_profile(prof, t):
    """x (m), region list and row indices of the profile at time t, x-sorted."""
    idx = np.nonzero(prof["time_s"] == t)[0]
    idx = idx[np.argsort(prof["x_m"][idx], kind="stable")]
    return idx


def time_colors(n):
    cmap = plt.get_cmap("viridis")
    if n == 1:
        return [cmap(0.35)]
    return [cmap(0.9 * k / (n - 1)) for k in range(n)]


def draw_regions(axes, spans, scale=1e6, names_on=None):
    """Dotted lines at region boundaries on all axes; names above names_on."""
    for ax in axes:
        for _, _, right in spans[:-1]:
            ax.axvline(right * scale, color=BOUNDARY_COLOR, ls=":", lw=1.0,
                       zorder=1)
    if names_on is not None and spans:
        trans = blended_transform_factory(names_on.transData,
                                          names_on.transAxes)
        total = spans[-1][2] - spans[0][1]
        for name, left, right in spans:
            narrow = (right - left) < 0.15 * total
            names_on.text(0.5 * (left + right) * scale, 1.02,
                          region_label(name), transform=trans, ha="center",
                          va="bottom", fontsize=7 if narrow else 8,
                          color="0.3", linespacing=0.95)


def plot_electrolyte(run, path, written):
    prof = run.profiles
    times = profile_times(prof)
    if not times:
        return
    idx0 = one_profile(prof, times[0])
    spans = region_spans(prof["x_m"][idx0], [prof["region"][i] for i in idx0])
    fig, (ax_c, ax_p) = plt.subplots(2, 1, figsize=(7.0, 6.0), sharex=True)
    colors = time_colors(len(times))
    for t, color in zip(times, colors):
        idx = one_profile(prof, t)
        x = prof["x_m"][idx] * 1e6
        ax_c.plot(x, prof["c_e_mol_m3"][idx], color=color, lw=1.6,
                  marker="o" if len(idx) < 15 else None, ms=3,
                  label=format_time(t) if len(times) > 1
                  else "t = " + format_time(t))
        ax_p.plot(x, prof["phi_e_V"][idx] * 1e3, color=color, lw=1.6,
                  marker="o" if len(idx) < 15 else None, ms=3)
    draw_regions((ax_c, ax_p), spans, names_on=ax_c)
    if spans:
        ax_p.set_xlim(spans[0][1] * 1e6, spans[-1][2] * 1e6)
    ax_c.set_ylabel("c$_e$ (mol/m$^3$)")
    ax_p.set_ylabel("$\\phi_e$ (mV)")
    ax_p.set_xlabel("x (\u00b5m)")
    if len(times) > 1:
        ax_c.legend(title="time", loc="best", ncol=1 if len(times) <= 6 else 2)
    else:
        ax_c.legend(loc="best")
    fig.suptitle("Electrolyte  \u2022  " + run.title(), fontsize=10)
    save(fig, path, written)


def plot_particle(run, path, written):
    prof = run.profiles
    times = profile_times(prof)
    if not times:
        return
    idx0 = one_profile(prof, times[0])
    regions0 = [prof["region"][i] for i in idx0]
    spans = region_spans(prof["x_m"][idx0], regions0)
    # Electrodes = regions with any c_s_surf value.
    cs = prof["c_s_surf_mol_m3"]
    electrodes = []
    for name, left, right in spans:
        sel = np.array([r == name for r in prof["region"]])
        if np.isfinite(cs[sel]).any():
            electrodes.append((name, left, right))
    if not electrodes:
        return
    widths = [max(r - l, 1e-12) for _, l, r in electrodes]
    fig, axes = plt.subplots(
        2, len(electrodes), figsize=(7.0, 6.0), sharex="col", squeeze=False,
        gridspec_kw={"width_ratios": widths})
    colors = time_colors(len(times))
    has_phi = "phi_s_V" in prof and np.isfinite(prof["phi_s_V"]).any()
    for j, (name, left, right) in enumerate(electrodes):
        ax_c, ax_p = axes[0][j], axes[1][j]
        # phi_s in V, or in mV / uV when it stays close to 0 (the negative
        # electrode is grounded at its current collector).
        phi_all = np.array([])
        if has_phi:
            sel = np.array([r == name for r in prof["region"]])
            phi_all = prof["phi_s_V"][sel]
            phi_all = phi_all[np.isfinite(phi_all)]
        phi_max = np.max(np.abs(phi_all)) if phi_all.size else 1.0
        if phi_max < 1e-3:
            phi_scale, phi_unit = 1e6, "\u00b5V"
        elif phi_max < 0.1:
            phi_scale, phi_unit = 1e3, "mV"
        else:
            phi_scale, phi_unit = 1.0, "V"
        for t, color in zip(times, colors):
            idx = one_profile(prof, t)
            idx = np.array([i for i in idx if prof["region"][i] == name],
                           dtype=int)
            if not idx.size:
                continue
            x = prof["x_m"][idx] * 1e6
            mk = "o" if len(idx) < 15 else None
            ax_c.plot(x, cs[idx], color=color, lw=1.6, marker=mk, ms=3,
                      label=format_time(t) if len(times) > 1
                      else "t = " + format_time(t))
            if has_phi:
                phi = prof["phi_s_V"][idx] * phi_scale
                ax_p.plot(x, phi, color=color, lw=1.6, marker=mk, ms=3)
        ax_c.set_title(region_label(name).replace("\n", " "), fontsize=9,
                       color="0.3")
        ax_p.set_xlim(left * 1e6, right * 1e6)
        ax_p.set_xlabel("x (\u00b5m)")
        ax_c.ticklabel_format(axis="y", useOffset=False)
        ax_p.ticklabel_format(axis="y", useOffset=False)
        ax_c.set_ylabel("c$_{s,surf}$ (mol/m$^3$)" if j == 0 else "")
        ax_p.set_ylabel("$\\phi_s$ (%s)" % phi_unit)
        if not has_phi:
            ax_p.text(0.5, 0.5, "no $\\phi_s$ data", transform=ax_p.transAxes,
                      ha="center", va="center", color="0.5")
    fig.suptitle("Particle surface  \u2022  " + run.title(), fontsize=10)
    if len(times) > 1:
        # Below the panels: the curves fill the electrode panels.
        handles, labels = axes[0][0].get_legend_handles_labels()
        ncol = min(len(times), 6)
        nrow = int(math.ceil(len(times) / float(ncol)))
        fig.legend(handles, labels, loc="lower center", ncol=ncol,
                   title="time", frameon=False)
        fig.tight_layout(rect=(0, 0.035 + 0.03 * nrow, 1, 1))
        save(fig, path, written, layout=False)
    else:
        axes[0][0].legend(loc="best")
        save(fig, path, written)


def plot_comparison(runs, path, written, reference=None):
    runs = [r for r in runs
            if nrows(r.ts) and "voltage_V" in r.ts and "time_s" in r.ts]
    if len(runs) < 2:
        warn("fewer than two run folders with data; "
             "comparison_voltage.png skipped")
        return
    t_max = max(r.t_end() for r in runs)
    if reference is not None:
        t_max = max(t_max, reference["t"].max())
    scale, unit = time_unit(t_max)
    fig, ax = new_figure()
    colors = plt.get_cmap("tab10")
    for k, r in enumerate(runs):
        ax.plot(r.ts["time_s"] / scale, r.ts["voltage_V"], color=colors(k % 10),
                lw=1.6, label=r.name)
    if reference is not None:
        ax.plot(reference["t"] / scale, reference["v"], "--", color="0.25",
                lw=1.4, label="reference (%s)" % reference["name"])
    ax.set_xlabel("time (%s)" % unit)
    ax.set_ylabel("voltage (V)")
    ax.set_xlim(0, t_max / scale if t_max > 0 else 1)
    ax.legend(loc="best")
    titles = {r.title() for r in runs}
    ax.set_title(titles.pop() if len(titles) == 1 else "Voltage comparison")
    save(fig, path, written)


# --------------------------------------------------------------------------
# Lithium-metal symmetric cells (Li | separator | Li)
# --------------------------------------------------------------------------

PLATE_COLOR = "#c0392b"      # discharge half-cycles ("plate")
STRIP_COLOR = "#1f5fa8"      # charge half-cycles ("strip")
MEAN_CURRENT_COLOR = "#117a65"
MEASURED_COLOR = "#e67e22"
SURFACE_COLORS = {"negative": "#7d3c98", "positive": "#d68910"}
CE_NEG = "c_e_surface_negative_mol_m3"
CE_POS = "c_e_surface_positive_mol_m3"
_CURRENT_RE = re.compile(
    r"([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*mA\s*/\s*cm\^?2")


def parse_current_mA_cm2(text):
    """'Discharge at 0.5 mA/cm2 until ...' -> 0.5; None without mA/cm2."""
    m = _CURRENT_RE.search(text or "")
    return float(m.group(1)) if m else None


def run_figures(run):
    """The summary's "figures" list, keeping only well-formed entries."""
    figs = run.summary.get("figures")
    if not isinstance(figs, list):
        return []
    return [f for f in figs if isinstance(f, dict) and "name" in f]


def figure(run, name):
    """(value, condition) of the first figure called `name`, value NaN if
    absent or not a number."""
    for f in run_figures(run):
        if f.get("name") == name:
            try:
                value = float(f.get("value"))
            except (TypeError, ValueError):
                value = math.nan
            return value, str(f.get("condition") or "")
    return math.nan, ""


def has_figure(run, prefix):
    return any(str(f["name"]).startswith(prefix) for f in run_figures(run))


def is_symmetric(run):
    """Li | separator | Li: both lithium-surface concentrations recorded."""
    ts = run.ts
    return (nrows(ts) > 0 and CE_NEG in ts and CE_POS in ts
            and (np.isfinite(ts[CE_NEG]).any()
                 or np.isfinite(ts[CE_POS]).any()))


def separator_name(run):
    """'Li | LLZTO0.95F0.05@PP | Li' -> 'LLZTO0.95F0.05@PP' (or '')."""
    cell = run.summary.get("cell")
    name = cell.get("name", "") if isinstance(cell, dict) else ""
    parts = [p.strip() for p in str(name).split("|")]
    return parts[1] if len(parts) == 3 else ""


def fmt(x, digits=3):
    """Compact number: 5 -> '5', 4.7498 -> '4.75', 0.13155 -> '0.132'."""
    return "%.*g" % (digits, x)


def fmt1(x):
    """Like fmt, but whole numbers keep one decimal: 5 -> '5.0'."""
    text = fmt(x)
    return text + ".0" if text.lstrip("-").isdigit() else text


def headed(kind, run, extra=""):
    """'kind  -  run title', on two lines when that would be too long."""
    title = run.title()
    first, _, rest = title.partition("\n")
    kind += extra
    sep = "\n" if len(kind) + len(first) > 70 else "  \u2022  "
    text = kind + sep + first
    if rest:
        text += "\n" + rest
    return text


def half_cycles(run):
    """Steps of cycles.csv that pass charge, as a dict of arrays:
    index (1-based half-cycle), t_end_s, overpotential_mV, direction (+1
    discharge, -1 charge), current_mA_cm2 (|current| from the step text or
    i_end_A_m2) and `fallback` (True when overpotential_mV was missing and
    |v_end_V| is used instead)."""
    cyc = run.cycles
    n = nrows(cyc)
    if not n:
        return None

    def col(name):
        return cyc[name] if name in cyc else np.full(n, math.nan)

    charge, i_end = col("charge_mAh_m2"), col("i_end_A_m2")
    over, fallback = col("overpotential_mV"), False
    if not np.isfinite(over).any():
        over, fallback = np.abs(col("v_end_V")) * 1e3, True
    texts = cyc["text"] if "text" in cyc else [""] * n
    rows = []
    for k in range(n):
        q, i = charge[k], i_end[k]
        if np.isfinite(q) and abs(q) > 1e-9:
            d = 1 if q > 0 else -1
        elif np.isfinite(i) and abs(i) > 1e-12:
            d = 1 if i > 0 else -1
        else:
            continue  # rest
        c = parse_current_mA_cm2(texts[k])
        if c is None and np.isfinite(i):
            c = abs(i) / 10.0
        rows.append((col("t_end_s")[k], over[k], d,
                     abs(c) if c is not None else math.nan))
    if not rows:
        return None
    t, o, d, c = (np.array(v, dtype=float) for v in zip(*rows))
    return {"index": np.arange(1, len(rows) + 1), "t_end_s": t,
            "overpotential_mV": o, "direction": d, "current_mA_cm2": c,
            "fallback": fallback}


def current_groups(run):
    """Consecutive steps at the same |current| (mA/cm2, from the step text):
    [{"current", "t0", "t1"}]."""
    groups = []
    for s in run.steps:
        c = parse_current_mA_cm2(s.get("text"))
        if c is None or not (np.isfinite(s["t0"]) and np.isfinite(s["t1"])):
            continue
        c = abs(c)
        if groups and abs(groups[-1]["current"] - c) <= 1e-9 * max(c, 1.0):
            groups[-1]["t1"] = max(groups[-1]["t1"], s["t1"])
        else:
            groups.append({"current": c, "t0": s["t0"], "t1": s["t1"]})
    return groups


def label_current_groups(ax, groups, scale, shade=True, min_frac=0.035):
    """Shade every second current level and write the level on top."""
    if len(groups) < 2:
        return
    trans = blended_transform_factory(ax.transData, ax.transAxes)
    span = max(groups[-1]["t1"] - groups[0]["t0"], 1e-12)
    fracs = [(g["t1"] - g["t0"]) / span for g in groups]
    with_unit = min([f for f in fracs if f >= min_frac], default=0) >= 0.09
    xs = []
    for k, g in enumerate(groups):
        t0, t1 = g["t0"] / scale, g["t1"] / scale
        if shade and k % 2 == 1:
            ax.fill_between([t0, t1], 0, 1, transform=trans,
                            color=SHADE_COLOR, lw=0, zorder=0)
        if (g["t1"] - g["t0"]) / span < min_frac:
            continue
        text = fmt(g["current"]) + (" mA/cm$^2$" if with_unit else "")
        ax.text(0.5 * (t0 + t1), 0.985, text, transform=trans, ha="center",
                va="top", fontsize=7, color="0.35")
        xs.append(0.5 * (t0 + t1))
    if xs:  # invisible markers keep the legend clear of the labels
        ax.plot(xs, [0.96] * len(xs), ls="none", marker="s", ms=8, alpha=0,
                transform=trans)
    if not with_unit:
        ax.text(1.0, 1.01, "levels in mA/cm$^2$", transform=ax.transAxes,
                ha="right", va="bottom", fontsize=7, color="0.35")


def read_measured(path, run):
    """Measured overpotential vs current: (current_mA_cm2, overpotential_mV,
    label) arrays, or None.  Accepts current_mA_cm2,overpotential_mV or the
    comparison.csv layout (figure,separator,condition,measured)."""
    table = read_table(path, string_columns=(
        "figure", "separator", "condition", "unit", "kind"))
    name = os.path.splitext(os.path.basename(path))[0]
    if table is None:
        warn("%s: cannot read; measured data ignored" % path)
        return None
    if "current_mA_cm2" in table and "overpotential_mV" in table:
        x, y = table["current_mA_cm2"], table["overpotential_mV"]
    elif all(c in table for c in ("figure", "condition", "measured")):
        sep = separator_name(run)
        xs, ys = [], []
        for k in range(nrows(table)):
            if table["figure"][k] != "rate_polarisation_mV":
                continue
            if "separator" in table and sep and table["separator"][k] != sep:
                continue
            c = parse_current_mA_cm2(table["condition"][k])
            if c is not None:
                xs.append(c)
                ys.append(table["measured"][k])
        x, y = np.array(xs, float), np.array(ys, float)
        if sep:
            name += ", " + sep
    else:
        warn("%s: expected columns current_mA_cm2,overpotential_mV; "
             "measured data ignored" % path)
        return None
    ok = np.isfinite(x) & np.isfinite(y)
    if not ok.any():
        warn("%s: no measured overpotentials for this run; ignored" % path)
        return None
    order = np.argsort(x[ok], kind="stable")
    return x[ok][order], y[ok][order], name


def plot_overpotential_vs_current(run, path, written, measured=None):
    pts = []
    for f in run_figures(run):
        if f.get("name") != "rate_polarisation_mV":
            continue
        c = parse_current_mA_cm2(str(f.get("condition") or ""))
        try:
            v = float(f.get("value"))
        except (TypeError, ValueError):
            continue
        if c is not None and np.isfinite(v):
            pts.append((abs(c), v))
    if not pts:
        warn("%s: rate_polarisation_mV has no usable current; "
             "overpotential_vs_current.png skipped" % run.folder)
        return
    pts.sort()
    x = np.array([p[0] for p in pts])
    y = np.array([p[1] for p in pts])
    meas = read_measured(measured, run) if measured else None

    fig, ax = new_figure(figsize=(6.4, 4.5))
    ax.plot(x, y, "-o", color=PLATE_COLOR, lw=1.6, ms=6, zorder=3,
            label="cellsim (end of plating half-cycle)")
    if meas is not None:
        mx, my, mname = meas
        label = "measured (%s)" % mname
        diffs = []
        for a, v in zip(mx, my):
            hit = np.nonzero(np.abs(x - a) <= 1e-6 * max(a, 1e-9))[0]
            if hit.size:
                diffs.append(y[hit[0]] - v)
        if diffs:
            label += ", RMS diff %.1f mV (%d currents)" % (math.sqrt(
                sum(d * d for d in diffs) / len(diffs)), len(diffs))
        ax.plot(mx, my, "o", mfc="none", mec=MEASURED_COLOR, mew=1.6, ms=9,
                ls="none", zorder=4, label=label)
    else:
        for xi, yi in zip(x, y):
            ax.annotate(fmt(yi), (xi, yi), textcoords="offset points",
                        xytext=(-6, 6), ha="right", va="bottom", fontsize=7,
                        color="0.3")
    if x.min() > 0 and x.max() / x.min() >= 8:
        ax.set_xscale("log")
        ax.xaxis.set_major_formatter(
            matplotlib.ticker.FuncFormatter(lambda v, _: fmt(v)))
        ax.set_xticks(sorted(set(x.tolist())))
        ax.minorticks_off()
        lo, hi = x.min(), x.max()
        ax.set_xlim(lo / 1.35, hi * 1.35)
    else:
        ax.set_xlim(left=0)
    ax.grid(True, which="major")
    ys = [y] + ([meas[1]] if meas is not None else [])
    ax.set_ylim(0, 1.12 * max(np.nanmax(a) for a in ys))
    ax.set_xlabel("current density (mA/cm$^2$)")
    ax.set_ylabel("overpotential (mV)")
    ax.legend(loc="upper left")
    ax.set_title(headed("Rate polarisation", run))
    save(fig, path, written)


def plot_ccd_staircase(run, path, written):
    ts = run.ts
    t = ts["time_s"]
    factor, _ = figure(run, "hot_spot_factor")
    if not (np.isfinite(factor) and factor > 0):
        factor = 1.0
    ccd, _ = figure(run, "critical_current_density_mA_cm2")
    onset, _ = figure(run, "critical_current_density_onset_mA_cm2")
    i_mean = ts["current_A_m2"] / 10.0 / factor
    t_end = run.t_end()
    scale, unit = time_unit(t_end)

    # The failure: the step ended by electrolyte depletion (else the stop).
    failed_at = None
    cyc = run.cycles
    if nrows(cyc) and "ended_by" in cyc:
        for k in range(nrows(cyc)):
            if "deplet" in cyc["ended_by"][k].lower():
                t_fail = cyc["t_end_s"][k] if "t_end_s" in cyc else t_end
                failed_at = (t_fail if np.isfinite(t_fail) else t_end,
                             cyc["ended_by"][k])
                break
    if failed_at is None and run.summary.get("stopped_early"):
        failed_at = (t_end, str(run.summary.get("stop_reason") or "failure"))

    fig, (ax_i, ax_c) = plt.subplots(
        2, 1, figsize=(7.0, 6.2), sharex=True,
        gridspec_kw={"height_ratios": [1.0, 1.0]})
    groups = current_groups(run)
    label_current_groups(ax_i, groups, scale, min_frac=0.04)
    ax_i.axhline(0, color="0.5", lw=0.8, zorder=1)
    ax_i.plot(t / scale, i_mean, color=MEAN_CURRENT_COLOR, lw=1.5,
              label="mean current density  [+ discharge]")
    if np.isfinite(onset):
        for sign in (1, -1):
            ax_i.axhline(sign * onset, color="0.45", ls="--", lw=1.0,
                         label="\u00b1 onset %s mA/cm$^2$ (limiting current "
                         "/ hot-spot factor)" % fmt1(onset)
                         if sign > 0 else None)
    ax_i.set_ylabel("mean current density (mA/cm$^2$)")

    ce_all = []
    for side, colname in (("negative", CE_NEG), ("positive", CE_POS)):
        if colname in ts and np.isfinite(ts[colname]).any():
            ax_c.plot(t / scale, ts[colname], color=SURFACE_COLORS[side],
                      lw=1.4, label="%s Li surface" % side)
            ce_all.append(ts[colname])
    ax_c.axhline(0, color="0.5", lw=0.8, zorder=1)
    ax_c.set_ylabel("c$_e$ at Li surface (mol/m$^3$)\nhot-spot column")
    ax_c.set_xlabel("time (%s)" % unit)

    if failed_at is not None:
        t_fail, reason = failed_at
        k = int(np.argmin(np.abs(t - t_fail)))
        # Mean current at the failure, and the more depleted surface.
        i_fail = i_mean[k]
        ax_i.plot(t_fail / scale, i_fail, marker="X", ms=11, color="#e74c3c",
                  mec="white", mew=1.0, zorder=6, ls="none",
                  label="failure (%s)" % reason)
        if ce_all:
            c_fail = min(a[k] for a in ce_all if np.isfinite(a[k]))
            ax_c.plot(t_fail / scale, c_fail, marker="X", ms=11,
                      color="#e74c3c", mec="white", mew=1.0, zorder=6,
                      ls="none")
            ax_c.annotate("depleted: c$_e$ = %s mol/m$^3$\nat %s %s"
                          % (fmt(c_fail, 2), fmt(t_fail / scale, 4), unit),
                          (t_fail / scale, c_fail), textcoords="offset points",
                          xytext=(-18, 14), ha="right", va="bottom",
                          fontsize=8, color="#922b21",
                          bbox=dict(boxstyle="round,pad=0.3", fc="white",
                                    ec="#e6b0aa", lw=0.6),
                          arrowprops=dict(arrowstyle="-", color="#922b21",
                                          lw=0.8))
        for ax in (ax_i, ax_c):
            ax.axvline(t_fail / scale, color="#e74c3c", lw=0.8, ls=":",
                       zorder=1)
    pad_ylim(ax_i, [i_mean, [0.0]] + ([[onset, -onset]]
                                       if np.isfinite(onset) else []),
             top_pad=0.30, bottom_pad=0.08)
    if ce_all:
        pad_ylim(ax_c, ce_all + [[0.0]], top_pad=0.08, bottom_pad=0.06)
    ax_c.set_xlim(0, (t_end / scale) * 1.02 if t_end > 0 else 1)
    handles, labels = [], []
    for ax in (ax_i, ax_c):
        h, l = ax.get_legend_handles_labels()
        handles += h
        labels += l

    if np.isfinite(ccd):
        head = "CCD %s mA/cm$^2$" % fmt1(ccd)
        extra = []
        if np.isfinite(onset):
            extra.append("onset %s" % fmt1(onset))
        if factor != 1.0:
            extra.append("hot-spot factor %s" % fmt1(factor))
        if extra:
            head += " (" + ", ".join(extra) + ")"
    else:
        head = "no failure within the staircase"
    ax_i.set_title(head, fontsize=11, fontweight="bold")
    case = run.title().split("\n")[0]
    fig.suptitle("Critical current density  \u2022  " + case, fontsize=10)
    ncol = 2
    fig.legend(handles, labels, loc="lower center", ncol=ncol, frameon=False,
               fontsize=8)
    nrow = int(math.ceil(len(labels) / float(ncol)))
    fig.tight_layout(rect=(0, 0.012 + 0.032 * nrow, 1, 1))
    save(fig, path, written, layout=False)


def plot_plating_stripping(run, path, written):
    ts = run.ts
    t, v = ts["time_s"], ts["voltage_V"] * 1e3
    t_end = run.t_end()
    scale, unit = time_unit(t_end)
    charged = [s for s in run.steps if step_direction(s, ts) != 0]
    zoom = len(charged) >= 30
    groups = current_groups(run)

    if zoom:
        fig = plt.figure(figsize=(7.5, 6.4))
        gs = fig.add_gridspec(2, 2, height_ratios=[1.15, 1.0])
        ax = fig.add_subplot(gs[0, :])
        zooms = [fig.add_subplot(gs[1, 0])]
        zooms.append(fig.add_subplot(gs[1, 1], sharey=zooms[0]))
    else:
        fig, ax = new_figure(figsize=(7.0, 4.5))
        zooms = []

    label_current_groups(ax, groups, scale)
    ax.axhline(0, color="0.5", lw=0.8, zorder=1)
    # Many half-cycles merge into a band: draw it thinner and lighter.
    ax.plot(t / scale, v, color="#34495e" if zoom else VOLTAGE_COLOR,
            lw=0.5 if zoom else 1.5)
    ax.set_xlim(0, t_end / scale if t_end > 0 else 1)
    pad_ylim(ax, [v, [0.0]], top_pad=0.18 if len(groups) > 1 else 0.08,
             bottom_pad=0.08)
    ax.set_xlabel("time (%s)" % unit)
    ax.set_ylabel("voltage (mV)")

    if zooms:
        trans = blended_transform_factory(ax.transData, ax.transAxes)
        windows = [("A", "first", charged[:6]), ("B", "last", charged[-6:])]
        for zax, (tag, which, steps) in zip(zooms, windows):
            t0, t1 = steps[0]["t0"], steps[-1]["t1"]
            sel = (t >= t0) & (t <= t1)
            # Where the zoom sits on the full run.
            ax.fill_between([t0 / scale, t1 / scale], 0.975, 1.0,
                            transform=trans, color="#e67e22", lw=0,
                            zorder=4, clip_on=False)
            ax.text(0.5 * (t0 + t1) / scale, 1.015, tag, transform=trans,
                    ha="center", va="bottom", fontsize=8, color="#e67e22",
                    fontweight="bold")
            zax.axhline(0, color="0.5", lw=0.8, zorder=1)
            zax.plot(t[sel] / scale, v[sel], color=VOLTAGE_COLOR, lw=1.4,
                     marker="o" if sel.sum() < 80 else None, ms=2.5)
            zax.set_xlim(t0 / scale, t1 / scale)
            zax.set_xlabel("time (%s)" % unit)
            cycles = len(steps) // 2
            zax.set_title("%s: %s %s" % (
                tag, which, "%d cycles" % cycles if len(steps) % 2 == 0
                else "%d half-cycles" % len(steps)),
                fontsize=9, color="0.3")
        zooms[0].set_ylabel("voltage (mV)")
        plt.setp(zooms[1].get_yticklabels(), visible=False)
        pad_ylim(zooms[0], [v, [0.0]], top_pad=0.08, bottom_pad=0.08)

    extra = ""
    if len(groups) == 1 and charged:
        extra = "  \u2022  %s mA/cm$^2$, %d half-cycles" % (
            fmt(groups[0]["current"]), len(charged))
    title = headed("Plating / stripping", run, extra)
    if zoom:
        fig.suptitle(title, fontsize=10)
    else:
        ax.set_title(title)
    save(fig, path, written)


def plot_overpotential_per_cycle(run, path, written, hc):
    t_h = hc["t_end_s"] / 3600.0
    use_time = np.isfinite(t_h).all() and np.all(np.diff(t_h) > 0)
    x = t_h if use_time else hc["index"].astype(float)
    o, d = hc["overpotential_mV"], hc["direction"]
    fig, ax = new_figure(figsize=(7.0, 4.7))
    n = len(x)
    ms = 3 if n <= 200 else 1.8
    for sign, color, name in ((1, PLATE_COLOR, "discharge half-cycles"),
                              (-1, STRIP_COLOR, "charge half-cycles")):
        sel = (d == sign) & np.isfinite(o)
        if sel.any():
            ax.plot(x[sel], o[sel], "-o", color=color, lw=0.8, ms=ms,
                    label="%s (%d)" % (name, sel.sum()))
    ok = np.isfinite(o)
    if not ok.any():
        plt.close(fig)
        return
    first, last = o[ok][0], o[ok][-1]
    ax.set_ylim(0, 1.3 * np.nanmax(o))
    ax.set_xlim(0 if use_time else 0.5, x[-1] * 1.01 if use_time else n + 0.5)
    ax.set_xlabel("time (h)" if use_time else "half-cycle")
    ax.set_ylabel("overpotential (mV)" + ("  [|end voltage|]"
                                          if hc["fallback"] else ""))
    ax.legend(loc="lower right")
    ax.text(0.02, 0.96, "first %s mV  \u2192  last %s mV\n"
            "max %s mV" % (fmt(first), fmt(last), fmt(np.nanmax(o))),
            transform=ax.transAxes, ha="left", va="top", fontsize=8,
            color="0.25", bbox=dict(boxstyle="round,pad=0.35", fc="white",
                                    ec="0.8", lw=0.6))
    if use_time and n >= 2:
        # Top axis: half-cycle number (interpolated on the time axis).
        idx = hc["index"].astype(float)
        tt = np.concatenate([[0.0], t_h])
        ii = np.concatenate([[0.0], idx])
        sec = ax.secondary_xaxis(
            "top", functions=(lambda v: np.interp(v, tt, ii),
                              lambda v: np.interp(v, ii, tt)))
        sec.set_xlabel("half-cycle", fontsize=8, color="0.35")
        sec.tick_params(labelsize=7, colors="0.35")
        ax.spines["top"].set_visible(True)
        ax.spines["top"].set_color("0.75")
    current = hc["current_mA_cm2"][np.isfinite(hc["current_mA_cm2"])]
    sub = ""
    if current.size and np.ptp(current) <= 1e-6 * current.max():
        sub = "  \u2022  %s mA/cm$^2$, %d half-cycles" % (fmt(current[0]), n)
    ax.set_title(headed("Overpotential per half-cycle", run, sub))
    save(fig, path, written)


def plot_bruce_vincent(run, path, written):
    ts = run.ts
    t = ts["time_s"]
    i = np.abs(ts["current_A_m2"]) / 10.0
    i0, cond = figure(run, "bruce_vincent_initial_current_mA_cm2")
    iss, _ = figure(run, "bruce_vincent_steady_current_mA_cm2")
    rho, cond_rho = figure(run, "bruce_vincent_rho_plus")
    r0, _ = figure(run, "bruce_vincent_R0_ohm_cm2")
    rss, _ = figure(run, "bruce_vincent_Rss_ohm_cm2")
    step = cond or cond_rho
    ok = np.isfinite(t) & np.isfinite(i) & (t > 0)
    if not ok.any():
        warn("%s: no current after t = 0; bruce_vincent.png skipped"
             % run.folder)
        return
    tp, ip = t[ok], i[ok]
    if not np.isfinite(i0):
        i0 = i[np.isfinite(i)][0]
    if not np.isfinite(iss):
        iss = ip[-1]
    # Start the log axis a decade before the current has fallen 1 % of the
    # way from I0 to Iss (the flat start says nothing).
    drop = np.abs(ip - i0) >= 0.01 * abs(i0 - iss) if i0 != iss else ip < 0
    t_left = tp[0]
    if drop.any():
        t_left = max(tp[0], tp[np.argmax(drop)] / 10.0)
    t_right = tp[-1] * 1.5

    fig, ax = new_figure(figsize=(7.0, 4.6))
    ax.set_xscale("log")
    ax.plot(tp, ip, color=MEAN_CURRENT_COLOR, lw=1.8, label="current")
    ax.axhline(i0, color=PLATE_COLOR, ls="--", lw=1.0)
    ax.axhline(iss, color=STRIP_COLOR, ls="--", lw=1.0)
    ax.plot([t_left], [i0], "o", color=PLATE_COLOR, ms=7, zorder=4,
            clip_on=False,
            label="I$_0$ = %s mA/cm$^2$" % fmt(i0, 4))
    ax.plot([tp[-1]], [iss], "s", color=STRIP_COLOR, ms=7, zorder=4,
            clip_on=False,
            label="I$_{ss}$ = %s mA/cm$^2$" % fmt(iss, 4))
    ax.set_xlim(t_left, t_right)
    pad_ylim(ax, [ip[tp >= t_left], [i0, iss]], top_pad=0.25,
             bottom_pad=0.12)
    ax.set_xlabel("time (s)")
    ax.set_ylabel("current density (mA/cm$^2$)")
    ax.legend(loc="lower left")
    lines = []
    if step:
        lines.append("\u0394V = %s" % step)
    if np.isfinite(r0) and np.isfinite(rss):
        lines.append("R$_0$ = %s, R$_{ss}$ = %s \u03a9 cm$^2$"
                     % (fmt(r0, 4), fmt(rss, 4)))
    formula = ("\u03c1$_+$ = I$_{ss}$(\u0394V \u2212 I$_0$R$_0$) / "
               "I$_0$(\u0394V \u2212 I$_{ss}$R$_{ss}$)")
    if np.isfinite(rho):
        formula += " = %s" % fmt(rho, 3)
    lines.append(formula)
    ax.text(0.98, 0.55, "\n".join(lines), transform=ax.transAxes, ha="right",
            va="center", fontsize=8, color="0.25", linespacing=1.5,
            bbox=dict(boxstyle="round,pad=0.4", fc="white", ec="0.8", lw=0.6))
    head = "Bruce\u2013Vincent"
    if step:
        head += " (%s step)" % step
    if np.isfinite(rho):
        head += ":  \u03c1$_+$ = %s" % fmt(rho, 3)
    ax.set_title(head + "\n" + run.title().split("\n")[0], fontsize=10)
    save(fig, path, written)


def plot_lithium_metal(run, out_dir, written, measured=None):
    """The symmetric-cell / lithium-metal plots that apply to this run.
    Returns the list of (png name, exception) for plots that failed."""
    failures = []
    ts = run.ts
    have_ts = (nrows(ts) > 0 and "time_s" in ts and "voltage_V" in ts)
    jobs = []
    if has_figure(run, "rate_polarisation_mV"):
        jobs.append(("overpotential_vs_current.png",
                     lambda p: plot_overpotential_vs_current(
                         run, p, written, measured)))
    if (have_ts and "current_A_m2" in ts
            and (has_figure(run, "critical_current_density")
                 or has_figure(run, "hot_spot_factor"))):
        jobs.append(("ccd_staircase.png",
                     lambda p: plot_ccd_staircase(run, p, written)))
    if have_ts and "current_A_m2" in ts and has_figure(run, "bruce_vincent"):
        jobs.append(("bruce_vincent.png",
                     lambda p: plot_bruce_vincent(run, p, written)))
    if have_ts and is_symmetric(run):
        v = ts["voltage_V"][np.isfinite(ts["voltage_V"])]
        held = v.size > 0 and np.ptp(v) <= 1e-9 * max(1.0, np.abs(v).max())
        if not held:  # not a potentiostatic hold
            jobs.append(("plating_stripping.png",
                         lambda p: plot_plating_stripping(run, p, written)))
    hc = half_cycles(run) if is_symmetric(run) else None
    if hc is not None and len(hc["index"]) >= 20:
        c = hc["current_mA_cm2"][np.isfinite(hc["current_mA_cm2"])]
        if c.size and np.ptp(c) <= 0.05 * c.max():  # constant-current cycling
            jobs.append(("overpotential_per_cycle.png",
                         lambda p: plot_overpotential_per_cycle(
                             run, p, written, hc)))
    for name, job in jobs:
        try:
            job(os.path.join(out_dir, name))
        except Exception as exc:  # keep going with the other plots
            plt.close("all")
            failures.append((name, exc))
    return failures


# --------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------

def plot_run(run, out_dir, written, reference=None, measured=None):
    os.makedirs(out_dir, exist_ok=True)
    ts = run.ts
    if ts is None:
        warn("%s: no timeseries.csv" % run.folder)
    elif not nrows(ts):
        warn("%s: timeseries.csv has no rows" % run.folder)
    elif "time_s" not in ts or "voltage_V" not in ts:
        warn("%s: timeseries.csv lacks time_s/voltage_V" % run.folder)
    else:
        plot_voltage_time(run, os.path.join(out_dir, "voltage_time.png"),
                          written, reference)
        plot_voltage_capacity(run, os.path.join(out_dir,
                                                "voltage_capacity.png"),
                              written)
        if "current_A_m2" in ts:
            plot_current_time(run, os.path.join(out_dir, "current_time.png"),
                              written)
    prof = run.profiles
    if nrows(prof) and all(c in prof for c in ("time_s", "x_m", "region")):
        if "c_e_mol_m3" in prof and "phi_e_V" in prof:
            plot_electrolyte(run, os.path.join(out_dir,
                                               "electrolyte_profiles.png"),
                             written)
        if ("c_s_surf_mol_m3" in prof
                and np.isfinite(prof["c_s_surf_mol_m3"]).any()):
            plot_particle(run, os.path.join(out_dir, "particle_surface.png"),
                          written)
    failures = plot_lithium_metal(run, out_dir, written, measured)
    if failures:
        for name, exc in failures:
            warn("%s: %s failed: %s: %s"
                 % (run.folder, name, type(exc).__name__, exc))
        raise RuntimeError("%d lithium-metal plot(s) failed" % len(failures))


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Plot cellsim run folders to PNG files.")
    parser.add_argument("runs", nargs="+", metavar="RUN_DIR",
                        help="run folder written by `cellsim run ... --out`")
    parser.add_argument("--out", metavar="PNG_DIR",
                        help="write PNGs here instead of into each run folder")
    parser.add_argument("--reference", metavar="CSV",
                        help="reference voltage curve (time_s,voltage_V)")
    parser.add_argument("--measured", metavar="CSV",
                        help="measured overpotentials for "
                        "overpotential_vs_current.png "
                        "(current_mA_cm2,overpotential_mV)")
    args = parser.parse_args(argv)

    reference = None
    if args.reference:
        if not os.path.isfile(args.reference):
            parser.error("reference file not found: %s" % args.reference)
        reference = read_reference(args.reference)
    if args.measured and not os.path.isfile(args.measured):
        parser.error("measured file not found: %s" % args.measured)

    status = 0
    runs = []
    for folder in args.runs:
        if not os.path.isdir(folder):
            warn("not a folder: %s" % folder)
            status = 1
            continue
        runs.append(Run(folder))

    used = {}
    written = []
    for run in runs:
        if args.out is None:
            out_dir = run.folder
        elif len(args.runs) == 1:
            out_dir = args.out
        else:
            name = run.name
            used[name] = used.get(name, 0) + 1
            if used[name] > 1:
                name = "%s_%d" % (name, used[name])
            out_dir = os.path.join(args.out, name)
        n_before = len(written)
        try:
            plot_run(run, out_dir, written, reference, args.measured)
        except Exception as exc:  # keep going with the other runs
            warn("%s: plotting failed: %s: %s"
                 % (run.folder, type(exc).__name__, exc))
            status = 1
        if len(written) == n_before:
            warn("%s: nothing to plot" % run.folder)

    if len(runs) > 1:
        out_dir = args.out if args.out is not None else runs[0].folder
        os.makedirs(out_dir, exist_ok=True)
        try:
            plot_comparison(runs, os.path.join(out_dir,
                                               "comparison_voltage.png"),
                            written, reference)
        except Exception as exc:
            warn("comparison plot failed: %s: %s" % (type(exc).__name__, exc))
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
