"""Long cycling of several full cells compared: capacity retention and
discharge capacity vs the true cycle number, a line per run labelled by
separator and condition, the paper's measured points on the runs cycled
at their condition (--measured)."""

import matplotlib.pyplot as plt
from matplotlib.lines import Line2D

from .ageing import capacity_series
from .cv import cv_cycles
from .data import nrows
from .life import (interrupted_cycle, measured_cycles, run_label,
                   stop_kind)
from .lithium import is_symmetric
from .measured import measured_points
from .rate import is_rate_experiment
from .style import compared_title, fmt, save

MIN_ROWS = 5


def is_cycling_run(run):
    """A full cell with at least MIN_ROWS cycles in cycles.csv and at least
    two complete ones with a capacity; rate experiments and voltammetry are
    left out (their capacity follows the rate, not the ageing)."""
    return (not is_symmetric(run) and nrows(run.cycle_table) >= MIN_ROWS
            and "cycle" in run.cycle_table and not is_rate_experiment(run)
            and not cv_cycles(run) and capacity_series(run) is not None)


def labels_of(runs):
    """run_label per run, with the folder name where two would be equal."""
    labels = [run_label(r) for r in runs]
    return [lab if labels.count(lab) == 1 else "%s (%s)" % (lab, r.name)
            for r, lab in zip(runs, labels)]


def draw_run(axes, run, color, label, unit):
    """Retention (left) and capacity (right, when in `unit`) of the
    complete cycles; an X where a run stopped early.  Returns the first
    cycle's capacity."""
    cap, sel, run_unit = capacity_series(run)
    x = run.cycle_table["cycle"][sel]
    cap = cap[sel]
    retention = 100.0 * cap / cap[0]
    ms = 4 if len(x) <= 60 else 0
    cut = interrupted_cycle(run)
    if cut is not None:
        label += " \u2014 %s in cycle %d" % (stop_kind(run), cut)
    axes[0].plot(x, retention, "-o", color=color, lw=1.6, ms=ms, label=label)
    if run_unit == unit:
        axes[1].plot(x, cap, "-o", color=color, lw=1.6, ms=ms)
    if cut is not None:
        axes[0].plot(x[-1], retention[-1], "X", color=color, mec="0.1",
                     ms=10, zorder=5)
        if run_unit == unit:
            axes[1].plot(x[-1], cap[-1], "X", color=color, mec="0.1", ms=10,
                         zorder=5)
    return cap[0]


def draw_measured(axes, run, color, measured, unit):
    """The paper's retention (left) and capacity after N cycles (right) for
    this run's separator, C-rate and temperature; the legend handles."""
    handles = []
    parse = measured_cycles(run)
    for k, fig, scale, text in ((0, "capacity_retention", 100.0, "%s %%"),
                                (1, "capacity_after_mAh_g", 1.0,
                                 "%s mAh/g")):
        if k == 1 and unit != "mAh/g":
            continue
        meas = measured_points(measured, fig, run, parse)
        if meas is None:
            continue
        mx, my, _ = meas
        name = measured["name"]
        axes[k].plot(mx, my * scale, "o", mfc="none", mec=color, mew=2.0,
                     ms=11, zorder=6)
        handles.append(Line2D(
            [], [], ls="none", marker="o", mfc="none", mec=color, mew=2.0,
            ms=9, label="measured (%s), %s: %s after %s cycles" % (
                name, run_label(run),
                ", ".join(text % fmt(v * scale) for v in my),
                ", ".join("%d" % n for n in mx))))
    return handles


def plot_retention_comparison(runs, path, written, colors, measured=None):
    """retention_vs_cycle.png for the cycling runs (is_cycling_run), each
    in its colour."""
    unit = capacity_series(runs[0])[2]
    fig, axes = plt.subplots(1, 2, figsize=(12.0, 5.6), sharex=True)
    extra = []
    for run, color, label in zip(runs, colors, labels_of(runs)):
        draw_run(axes, run, color, label, unit)
        extra += draw_measured(axes, run, color, measured, unit)
    if any(interrupted_cycle(r) is not None for r in runs):
        extra.append(Line2D([], [], ls="none", marker="X", color="0.6",
                            mec="0.1", ms=9,
                            label="last complete cycle before the stop"))
    axes[0].set_ylabel("capacity retention (% of first cycle)")
    axes[1].set_ylabel("discharge capacity (%s)" % unit)
    for ax in axes:
        ax.set_xlabel("cycle")
        ax.set_xlim(left=0)
        ax.margins(y=0.08)
    # Under the panels: the measured points and stop marks may be anywhere.
    below = dict(loc="upper center", bbox_to_anchor=(0.5, -0.17),
                 fontsize=7.5, frameon=False)
    axes[0].legend(title="cellsim", **below)
    if extra:
        axes[1].legend(handles=extra, **below)
    axes[0].set_title("(a) retention", loc="left", fontweight="bold")
    axes[1].set_title("(b) capacity", loc="left", fontweight="bold")
    fig.suptitle(compared_title("Long cycling", runs), fontsize=10)
    save(fig, path, written)

