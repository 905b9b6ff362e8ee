"""Cyclic voltammetry of a full cell: current density vs voltage at each
scan rate with the peaks and the equilibrium peak, the peak currents vs
scan rate (log-log, with the fitted slopes), and one scan rate for several
runs compared.

Currents are drawn with oxidation (charging the full cell) positive, as CV
plots usually are; cellsim's current_A_m2 is + for discharge."""

import re

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, LogLocator

from .data import figure, figures_named, nrows, run_labels, warn
from .measured import measured_points
from .protocol import figures_by_rate, parse_scan_rate
from .style import (CHARGE_COLOR, DISCHARGE_COLOR, REFERENCE_COLOR,
                    compared_title, fmt, headed, log_x_ticks, new_figure,
                    ramp_colors, save, zero_line)

_SWEEP_RE = re.compile(r"from\s+([-+]?\d*\.?\d+)\s*V\s+to\s+([-+]?\d*\.?\d+)"
                       r"\s*V")
CURVE_GID = "cv cycle"  # tells the cycles from the marks in the legends
SIDES = (("oxidation", 1, "^", CHARGE_COLOR),
         ("reduction", -1, "v", DISCHARGE_COLOR))


def rate_text(rate):
    return "%s mV/s" % fmt(rate)


def sweep_direction(text):
    """'Sweep from 3 V to 4.6 V at ...' -> +1 (up), -1 (down); None if the
    text is not a sweep."""
    m = _SWEEP_RE.search(text or "")
    if not m or float(m.group(1)) == float(m.group(2)):
        return None
    return 1 if float(m.group(2)) > float(m.group(1)) else -1


def cv_cycles(run):
    """The last cycle at each scan rate (its last upward and last downward
    sweep), sorted by rate: [(rate mV/s, voltage V, current mA/cm2 with
    oxidation positive)].  Needs timeseries columns step, voltage_V and
    current_A_m2."""
    ts = run.ts
    if not (nrows(ts) and all(c in ts for c in
                              ("step", "voltage_V", "current_A_m2"))):
        return []
    last = {}
    for s in run.steps:
        rate = parse_scan_rate(s.get("text"))
        d = sweep_direction(s.get("text"))
        if rate and d:
            last[(rate, d)] = s["step"]
    cycles = []
    for rate in sorted({r for r, _ in last}):
        steps = [k for (r, _), k in last.items() if r == rate]
        sel = np.isin(ts["step"], steps)
        if sel.sum() >= 2:
            cycles.append((rate, ts["voltage_V"][sel],
                           -ts["current_A_m2"][sel] / 10.0))
    return cycles


def cv_peaks(run):
    """{scan rate: {"oxidation": (V, i), "reduction": (V, i)}} from the
    summary figures, i in mA/cm2 with oxidation positive."""
    peaks = {}
    for side, sign, _, _ in SIDES:
        vs = dict(figures_by_rate(figures_named(
            run, "cv_%s_peak_V" % side), parse_scan_rate))
        cs = dict(figures_by_rate(figures_named(
            run, "cv_%s_peak_current_mA_cm2" % side), parse_scan_rate))
        for rate in vs.keys() & cs.keys():
            peaks.setdefault(rate, {})[side] = (vs[rate], sign * abs(cs[rate]))
    return peaks


def draw_cv(ax, v, i, peaks, color, label):
    """One cycle and its peaks (triangles: up oxidation, down reduction)."""
    ax.plot(v, i, color=color, lw=1.6, label=label, gid=CURVE_GID)
    for side, _, marker, _ in SIDES:
        if side in peaks:
            ax.plot(*peaks[side], marker, color=color, mec="white", mew=0.8,
                    ms=8, zorder=4)


def draw_equilibrium(ax, runs, colors):
    """The equilibrium peak voltage as a vertical line: one grey line when
    the runs agree within 1 mV, else one per run in its colour."""
    found = [(figure(r, "cv_equilibrium_peak_V")[0], c)
             for r, c in zip(runs, colors)]
    found = [(v, c) for v, c in found if np.isfinite(v)]
    if not found:
        return
    vs = [v for v, _ in found]
    if max(vs) - min(vs) <= 1e-3:
        found = [(vs[0], "0.35")]
    for k, (v, c) in enumerate(found):
        ax.axvline(v, color=c, ls=":", lw=1.3, zorder=2,
                   label="equilibrium peak %.3f V" % v if k == 0 else None)


def draw_measured_separation(ax, run, peaks, measured, color, rates=None):
    """The measured peak separation (--measured) as a bar on the zero line,
    centred between the simulated peaks at the same scan rate, so that its
    ends can be compared with the triangles."""
    meas = measured_points(measured, "cv_peak_separation_mV", run,
                           parse_scan_rate)
    if meas is None:
        return
    for rate, sep_mV in zip(meas[0], meas[1]):
        pk = peaks.get(rate, {})
        if len(pk) < 2 or (rates is not None and rate not in rates):
            continue
        mid = 0.5 * (pk["oxidation"][0] + pk["reduction"][0])
        half = 0.5e-3 * sep_mV
        ax.plot([mid - half, mid + half], [0, 0], "-|", color=color, lw=3,
                ms=14, mew=2, zorder=5, solid_capstyle="butt",
                label="measured \u0394E$_p$ at %s: %s mV"
                % (rate_text(rate), fmt(sep_mV)))


def log_slope(run, side, x, y):
    """Slope of log|i_p| vs log(scan rate): the summary's
    cv_log_peak_current_slope for `side`, else a least-squares fit."""
    for cond, value in figures_named(run, "cv_log_peak_current_slope"):
        if cond == side:
            return value
    return float(np.polyfit(np.log10(x), np.log10(y), 1)[0])


def draw_peak_log(ax, run, peaks):
    """|peak current| vs scan rate on log-log axes with the fitted lines
    (slope 1/2: diffusion-limited, 1: surface-limited)."""
    rates = []
    for side, _, marker, color in SIDES:
        pts = sorted((r, abs(p[side][1])) for r, p in peaks.items()
                     if side in p)
        if not pts:
            continue
        x, y = (np.array(a) for a in zip(*pts))
        rates += list(x)
        label = side
        if len(pts) >= 2:
            slope = log_slope(run, side, x, y)
            icpt = np.mean(np.log10(y) - slope * np.log10(x))
            xx = np.geomspace(x.min() / 1.2, x.max() * 1.2, 20)
            ax.plot(xx, 10 ** icpt * xx ** slope, color=color, lw=1.1)
            label += ", slope %.2f" % slope
        ax.plot(x, y, marker, color=color, ms=7, ls="none", label=label)
    log_x_ticks(ax, rates, pad=1.5)
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(LogLocator(subs=(1, 2, 5)))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt(v)))
    ax.yaxis.set_minor_formatter(FuncFormatter(lambda v, _: ""))
    ax.set_xlabel("scan rate (mV/s)")
    ax.set_ylabel("|peak current density| (mA/cm$^2$)")
    ax.legend(loc="upper left", fontsize=7)
    ax.text(0.97, 0.03, "slope \u00bd: diffusion-limited\n"
            "slope 1: surface-limited", transform=ax.transAxes, ha="right",
            va="bottom", fontsize=7, color="0.4")
    ax.set_title("Peak currents", fontsize=9)


def finish_cv_axes(ax, title):
    """Axis labels and two legends: the cycles (upper left, titled
    `title`) and the marks (lower left): a cell charged from its lower
    cut-off leaves these corners free (no current yet, then the tail of
    the reduction peak)."""
    zero_line(ax)
    ax.set_xlabel("voltage (V)")
    ax.set_ylabel("current density (mA/cm$^2$)   [+ oxidation]")
    handles, _ = ax.get_legend_handles_labels()
    curves = [h for h in handles if h.get_gid() == CURVE_GID]
    marks = [h for h in handles if h.get_gid() != CURVE_GID]
    marks += [Line2D([], [], marker=m, color="0.3", ls="none", ms=7,
                     label="%s peak" % side) for side, _, m, _ in SIDES]
    ax.add_artist(ax.legend(handles=curves, title=title, loc="upper left",
                            fontsize=7, title_fontsize=7))
    ax.legend(handles=marks, loc="lower left", fontsize=7)


def plot_cv(run, path, written, measured=None):
    """Last cycle at each scan rate, peaks marked, the equilibrium peak;
    beside it the peak currents vs scan rate when the summary has them."""
    cycles = cv_cycles(run)
    if not cycles:
        warn("%s: no voltage sweeps; cv_curves.png skipped" % run.folder)
        return
    peaks = cv_peaks(run)
    if peaks:
        fig, (ax, lax) = plt.subplots(
            1, 2, figsize=(10.5, 4.8), gridspec_kw={"width_ratios": [2.3, 1]})
        draw_peak_log(lax, run, peaks)
    else:
        fig, ax = new_figure(figsize=(7.4, 4.8))
    colors = ramp_colors(len(cycles), "viridis", 0.0, 0.85)
    for (rate, v, i), color in zip(cycles, colors):
        draw_cv(ax, v, i, peaks.get(rate, {}), color, rate_text(rate))
    draw_equilibrium(ax, [run], ["0.35"])
    draw_measured_separation(ax, run, peaks, measured, REFERENCE_COLOR)
    finish_cv_axes(ax, "scan rate")
    fig.suptitle(headed("Cyclic voltammetry (last cycle at each scan rate)",
                        run), fontsize=10)
    save(fig, path, written)


def plot_cv_comparison(runs, path, written, colors, measured=None):
    """One scan rate (the slowest that all runs have) for several runs, one
    colour per run, peak separations in the legend."""
    cycles = [cv_cycles(r) for r in runs]
    common = set.intersection(*({c[0] for c in cyc} for cyc in cycles))
    if not common:
        warn("the CV runs share no scan rate; %s skipped" % path)
        return
    rate = min(common)
    fig, ax = new_figure(figsize=(7.6, 4.8))
    for run, cyc, label, color in zip(runs, cycles, run_labels(runs),
                                      colors):
        _, v, i = next(c for c in cyc if c[0] == rate)
        peaks = cv_peaks(run)
        sep = dict(figures_by_rate(figures_named(
            run, "cv_peak_separation_mV"), parse_scan_rate)).get(rate)
        if sep is not None:
            label += "  (\u0394E$_p$ %s mV)" % fmt(sep)
        draw_cv(ax, v, i, peaks.get(rate, {}), color, label)
        draw_measured_separation(ax, run, peaks, measured, color, {rate})
    draw_equilibrium(ax, runs, colors)
    finish_cv_axes(ax, "separator")
    ax.set_title(compared_title("Cyclic voltammetry at %s"
                                % rate_text(rate), runs))
    save(fig, path, written)
