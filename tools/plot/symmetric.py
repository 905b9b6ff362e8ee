"""Lithium-metal symmetric cells (Li | separator | Li) under constant
current: plating/stripping voltage, overpotential per half-cycle, and
overpotential vs current density."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.transforms import blended_transform_factory

from .data import figures_named, step_direction, warn
from .lithium import current_groups
from .measured import draw_measured, measured_points
from .protocol import figures_by_rate, parse_current_mA_cm2
from .style import (PLATE_COLOR, REFERENCE_COLOR, STRIP_COLOR,
                    VOLTAGE_COLOR, fmt, headed, label_current_groups,
                    log_x_ticks, new_figure, pad_ylim, save, time_unit,
                    zero_line)


# --------------------------------------------------------------------------
# Plating / stripping
# --------------------------------------------------------------------------

def draw_zooms(ax, zooms, charged, t, v, scale, unit):
    """The first and last six charge-passing steps on the axes `zooms`, and
    where they sit (A, B) along the top of the full-run axes `ax`."""
    trans = blended_transform_factory(ax.transData, ax.transAxes)
    windows = [("A", "first", charged[:6]), ("B", "last", charged[-6:])]
    for zax, (tag, which, steps) in zip(zooms, windows):
        t0, t1 = steps[0]["t0"], steps[-1]["t1"]
        sel = (t >= t0) & (t <= t1)
        # Where the zoom sits on the full run.
        ax.fill_between([t0 / scale, t1 / scale], 0.975, 1.0,
                        transform=trans, color=REFERENCE_COLOR, lw=0,
                        zorder=4, clip_on=False)
        ax.text(0.5 * (t0 + t1) / scale, 1.015, tag, transform=trans,
                ha="center", va="bottom", fontsize=8, color=REFERENCE_COLOR,
                fontweight="bold")
        zero_line(zax)
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


def plot_plating_stripping(run, path, written):
    """Voltage (mV) vs time with the current levels labelled; with 30 or
    more half-cycles also zooms on the first and last cycles.  Needs
    timeseries columns time_s and voltage_V."""
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

    label_current_groups(ax, groups, scale)
    zero_line(ax)
    # Many half-cycles merge into a band: draw it thinner and lighter.
    ax.plot(t / scale, v, color="#34495e" if zoom else VOLTAGE_COLOR,
            lw=0.5 if zoom else 1.5)
    ax.set_xlim(0, t_end / scale if t_end > 0 else 1)
    pad_ylim(ax, [v, [0.0]], top_pad=0.18 if len(groups) > 1 else 0.08,
             bottom_pad=0.08)
    ax.set_xlabel("time (%s)" % unit)
    ax.set_ylabel("voltage (mV)")
    if zoom:
        draw_zooms(ax, zooms, charged, t, v, scale, unit)

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


# --------------------------------------------------------------------------
# Overpotential per half-cycle
# --------------------------------------------------------------------------

def add_half_cycle_axis(ax, hc, t_h):
    """Top axis: half-cycle number (interpolated on the time axis)."""
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


def plot_overpotential_per_cycle(run, path, written, hc):
    """Overpotential of each half-cycle `hc` (lithium.half_cycles) vs time
    (or vs half-cycle number when the end times are unusable)."""
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
        add_half_cycle_axis(ax, hc, t_h)
    current = hc["current_mA_cm2"][np.isfinite(hc["current_mA_cm2"])]
    sub = ""
    if current.size and np.ptp(current) <= 1e-6 * current.max():
        sub = "  \u2022  %s mA/cm$^2$, %d half-cycles" % (fmt(current[0]), n)
    ax.set_title(headed("Overpotential per half-cycle", run, sub))
    save(fig, path, written)


# --------------------------------------------------------------------------
# Overpotential vs current density (rate experiments)
# --------------------------------------------------------------------------

def _abs_current(text):
    c = parse_current_mA_cm2(text)
    return abs(c) if c is not None else None


def rate_points(run):
    """(|current| mA/cm2, overpotential mV) of the summary's
    rate_polarisation_mV figures, sorted by current."""
    return figures_by_rate(figures_named(run, "rate_polarisation_mV"),
                           _abs_current)


def plot_overpotential_vs_current(run, path, written, measured=None):
    """The summary's rate_polarisation_mV figures vs current density, with
    the measured points (measured.read_measured) for the run's separator."""
    pts = rate_points(run)
    if not pts:
        warn("%s: rate_polarisation_mV has no usable current; "
             "overpotential_vs_current.png skipped" % run.folder)
        return
    x = np.array([p[0] for p in pts])
    y = np.array([p[1] for p in pts])
    meas = measured_points(measured, "rate_polarisation_mV", run,
                           _abs_current)

    fig, ax = new_figure(figsize=(6.4, 4.5))
    ax.plot(x, y, "-o", color=PLATE_COLOR, lw=1.6, ms=6, zorder=3,
            label="cellsim (end of plating half-cycle)")
    if meas is not None:
        draw_measured(ax, meas, x, y, "mV", "currents")
    else:
        for xi, yi in zip(x, y):
            ax.annotate(fmt(yi), (xi, yi), textcoords="offset points",
                        xytext=(-6, 6), ha="right", va="bottom", fontsize=7,
                        color="0.3")
    if x.min() > 0 and x.max() / x.min() >= 8:
        log_x_ticks(ax, x)
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
