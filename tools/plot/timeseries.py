"""Plots of timeseries.csv: voltage and current vs time, voltage vs
capacity."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D

from .data import figure, step_direction, warn
from .style import (CHARGE_CMAP, CHARGE_COLOR, CURRENT_COLOR,
                    DISCHARGE_CMAP, DISCHARGE_COLOR, REFERENCE_COLOR,
                    VOLTAGE_COLOR, fmt, new_figure, pad_ylim, save,
                    shade_steps, time_unit, zero_line)


def rms_difference(t, v, ref):
    """RMS of (simulation - reference) at the reference times within the
    run, or None with fewer than two such times."""
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


def plot_voltage_time(run, path, written, reference=None):
    """Needs timeseries columns time_s and voltage_V."""
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
        ax.plot(reference["t"] / scale, reference["v"], "--",
                color=REFERENCE_COLOR, lw=1.6, label=label)
        ax.legend(loc="best")
    ax.set_xlabel("time (%s)" % unit)
    ax.set_ylabel("voltage (V)")
    ax.set_xlim(0, t_max / scale if t_max > 0 else 1)
    pad_ylim(ax, [v] + ([reference["v"]] if reference else []),
             top_pad=0.12 if len(run.steps) > 1 else 0.05)
    ax.set_title(run.title())
    save(fig, path, written)


def plot_current_time(run, path, written):
    """Needs timeseries columns time_s and current_A_m2."""
    ts = run.ts
    t, i = ts["time_s"], ts["current_A_m2"] / 10.0
    scale, unit = time_unit(run.t_end())
    fig, ax = new_figure()
    shade_steps(ax, run.steps, scale)
    zero_line(ax)
    ax.plot(t / scale, i, color=CURRENT_COLOR, lw=1.6, drawstyle="default")
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


def capacity_lines(run):
    """[(step, direction, x, v)] for the steps that pass charge, x = charge
    passed (mAh/m2) since the last change of current direction (so CC-CV
    charges and pulse trains continue).  Needs timeseries columns step,
    capacity_mAh_m2 and voltage_V."""
    ts = run.ts
    lines = []
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
        lines.append((s, d, np.abs(cap - group_start), v))
    return lines


def _step_color(cmap, k, n):
    """k-th of n steps in one direction: darker later; one step gets the
    plain colour of its direction."""
    if n <= 1:
        return DISCHARGE_COLOR if cmap == DISCHARGE_CMAP else CHARGE_COLOR
    return plt.get_cmap(cmap)(0.45 + 0.5 * k / (n - 1))


def plot_voltage_capacity(run, path, written):
    """One line per step that passes charge (discharge red, charge blue).
    Needs timeseries columns step, capacity_mAh_m2 and voltage_V."""
    ts = run.ts
    if "capacity_mAh_m2" not in ts or "step" not in ts:
        warn("%s: no capacity/step columns; voltage_capacity.png skipped"
             % run.folder)
        return
    lines = capacity_lines(run)
    if not lines:
        warn("%s: no step passes charge; voltage_capacity.png skipped"
             % run.folder)
        return

    fig, ax = new_figure()
    n_dis = sum(1 for l in lines if l[1] > 0)
    n_chg = len(lines) - n_dis
    k_dis = k_chg = 0
    per_step_legend = len(lines) <= 8
    for s, d, x, v in lines:
        if d > 0:
            color = _step_color(DISCHARGE_CMAP, k_dis, n_dis)
            k_dis += 1
        else:
            color = _step_color(CHARGE_CMAP, k_chg, n_chg)
            k_chg += 1
        label = None
        if per_step_legend:
            label = "%d: %s" % (s["step"], s["text"] or
                                ("discharge" if d > 0 else "charge"))
        ax.plot(x / 1e4, v, color=color, lw=1.6, label=label)
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
