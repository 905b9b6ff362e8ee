"""Critical-current staircase of a lithium-metal symmetric cell: mean
current density and the electrolyte concentration at both lithium surfaces
vs time, with the failure marked."""

import math

import matplotlib.pyplot as plt
import numpy as np

from .data import figure, nrows
from .lithium import CE_NEG, CE_POS, current_groups
from .style import (MEAN_CURRENT_COLOR, SURFACE_COLORS, fmt, fmt1,
                    label_current_groups, pad_ylim, save, time_unit,
                    zero_line)

FAILURE_COLOR = "#e74c3c"


def find_failure(run, t_end):
    """(time, reason) of the failure: the step ended by electrolyte
    depletion, else the early stop of the run; None if neither."""
    cyc = run.step_table
    if nrows(cyc) and "ended_by" in cyc:
        for k in range(nrows(cyc)):
            if "deplet" in cyc["ended_by"][k].lower():
                t_fail = cyc["t_end_s"][k] if "t_end_s" in cyc else t_end
                return (t_fail if np.isfinite(t_fail) else t_end,
                        cyc["ended_by"][k])
    if run.summary.get("stopped_early"):
        return (t_end, str(run.summary.get("stop_reason") or "failure"))
    return None


def draw_current_panel(ax, run, t, i_mean, onset, scale):
    label_current_groups(ax, current_groups(run), scale, min_frac=0.04)
    zero_line(ax)
    ax.plot(t / scale, i_mean, color=MEAN_CURRENT_COLOR, lw=1.5,
            label="mean current density  [+ discharge]")
    if np.isfinite(onset):
        for sign in (1, -1):
            ax.axhline(sign * onset, color="0.45", ls="--", lw=1.0,
                       label="\u00b1 onset %s mA/cm$^2$ (limiting current "
                       "/ hot-spot factor)" % fmt1(onset)
                       if sign > 0 else None)
    ax.set_ylabel("mean current density (mA/cm$^2$)")


def draw_surface_panel(ax, ts, t, scale, unit):
    """c_e at each lithium surface that has one (a missing or empty column is
    left out); returns the arrays drawn."""
    ce_all = []
    for side, colname in (("negative", CE_NEG), ("positive", CE_POS)):
        if colname in ts and np.isfinite(ts[colname]).any():
            ax.plot(t / scale, ts[colname], color=SURFACE_COLORS[side],
                    lw=1.4, label="%s Li surface" % side)
            ce_all.append(ts[colname])
    zero_line(ax)
    ax.set_ylabel("c$_e$ at Li surface (mol/m$^3$)\nhot-spot column")
    ax.set_xlabel("time (%s)" % unit)
    return ce_all


def mark_failure(axes, failed_at, t, i_mean, ce_all, scale, unit):
    """Cross at the mean current and at the more depleted surface when the
    cell failed, and a dotted line at that time on both axes."""
    ax_i, ax_c = axes
    t_fail, reason = failed_at
    k = int(np.argmin(np.abs(t - t_fail)))
    ax_i.plot(t_fail / scale, i_mean[k], marker="X", ms=11,
              color=FAILURE_COLOR, mec="white", mew=1.0, zorder=6, ls="none",
              label="failure (%s)" % reason)
    if ce_all:
        c_fail = min(a[k] for a in ce_all if np.isfinite(a[k]))
        ax_c.plot(t_fail / scale, c_fail, marker="X", ms=11,
                  color=FAILURE_COLOR, mec="white", mew=1.0, zorder=6,
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
    for ax in axes:
        ax.axvline(t_fail / scale, color=FAILURE_COLOR, lw=0.8, ls=":",
                   zorder=1)


def ccd_heading(ccd, onset, factor):
    if not np.isfinite(ccd):
        return "no failure within the staircase"
    head = "CCD %s mA/cm$^2$" % fmt1(ccd)
    extra = []
    if np.isfinite(onset):
        extra.append("onset %s" % fmt1(onset))
    if factor != 1.0:
        extra.append("hot-spot factor %s" % fmt1(factor))
    if extra:
        head += " (" + ", ".join(extra) + ")"
    return head


def plot_ccd_staircase(run, path, written):
    """Needs timeseries columns time_s and current_A_m2, and the summary
    figures critical_current_density* / hot_spot_factor."""
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
    failed_at = find_failure(run, t_end)

    fig, (ax_i, ax_c) = plt.subplots(
        2, 1, figsize=(7.0, 6.2), sharex=True,
        gridspec_kw={"height_ratios": [1.0, 1.0]})
    draw_current_panel(ax_i, run, t, i_mean, onset, scale)
    ce_all = draw_surface_panel(ax_c, ts, t, scale, unit)
    if failed_at is not None:
        mark_failure((ax_i, ax_c), failed_at, t, i_mean, ce_all, scale, unit)
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

    ax_i.set_title(ccd_heading(ccd, onset, factor), fontsize=11,
                   fontweight="bold")
    case = run.title().split("\n")[0]
    fig.suptitle("Critical current density  \u2022  " + case, fontsize=10)
    ncol = 2
    fig.legend(handles, labels, loc="lower center", ncol=ncol, frameon=False,
               fontsize=8)
    nrow = int(math.ceil(len(labels) / float(ncol)))
    fig.tight_layout(rect=(0, 0.012 + 0.032 * nrow, 1, 1))
    save(fig, path, written, layout=False)
