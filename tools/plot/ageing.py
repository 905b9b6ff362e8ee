"""Ageing of a cycling run vs the true cycle number (cycles.csv): capacity
and retention, the resistance each ageing mechanism adds, and the slow
states behind them (lithium lost, layer thicknesses, positive active
material and salt left).  A panel whose columns are missing is left out,
so Li | Li cells (no capacity to lose) get only the mechanism panels."""

from functools import partial

import matplotlib.pyplot as plt
import numpy as np

from .cycling import block_spans, capacity_columns
from .data import has_values
from .life import (MAH_CM2_PER_MOL_M2, complete, interrupted_cycle,
                   measured_cycles, stop_kind, stop_text)
from .lithium import is_symmetric
from .measured import measured_points
from .style import REFERENCE_COLOR, fmt, label_spans, save

SIDES = (("negative", "-"), ("positive", "--"))
# (column pattern with the side, legend name, colour): one colour per
# mechanism, the side told by the line style, so that a mechanism on both
# foils of a Li | Li cell reads as one pair.
RESISTANCES = (("film_resistance_%s_ohm_cm2", "SEI film", "#7d3c98"),
               ("dead_li_resistance_%s_ohm_cm2", "dead Li", "#566573"),
               ("%s_cei_resistance_ohm_cm2", "CEI", "#d68910"))
THICKNESSES = (("sei_thickness_%s_nm", "SEI", "#7d3c98", 1e-3),
               ("dead_li_thickness_%s_um", "dead Li", "#566573", 1.0))
LITHIUM = (("li_lost_%s_mol_m2", "lost at the %s Li", "#1f5fa8"),
           ("%s_li_lost_with_active_material_mol_m2",
            "in lost %s active material", "#d68910"))
FRACTIONS = (("positive_active_fraction_retained",
              "positive active material", "#c0392b"),
             ("electrolyte_salt_left", "electrolyte salt", "#117a65"))
STOP_COLOR = "#922b21"


def side_series(table, patterns):
    """[(column, label, colour, line style, factor)] of the patterns'
    columns (pattern, name, colour[, factor]) present with values."""
    found = []
    for side, ls in SIDES:
        for pattern, name, color, *factor in patterns:
            col = pattern % side
            if has_values(table, col):
                label = name % side if "%s" in name else "%s, %s" % (
                    name, side)
                found.append((col, label, color, ls,
                              factor[0] if factor else 1.0))
    return found


def draw_series(ax, x, table, series, ms):
    """One line per (column, label, colour, style, factor)."""
    sel = np.isfinite(x)
    for col, label, color, ls, factor in series:
        ax.plot(x[sel], table[col][sel] * factor, ls=ls, marker="o",
                ms=ms, lw=1.4, color=color, label=label)


# --------------------------------------------------------------------------
# Panels: drawn from the series that the run has (see panels())
# --------------------------------------------------------------------------

def capacity_series(run):
    """(capacity in its unit, mask of the complete cycles, unit), or None
    for a Li | Li cell (the protocol sets its capacity) or fewer than two
    complete cycles."""
    table = run.cycle_table
    cols = capacity_columns(table)
    if is_symmetric(run) or cols is None:
        return None
    _, discharge, unit, factor = cols
    cap = table[discharge] * factor
    sel = complete(run) & np.isfinite(cap)
    return (cap, sel, unit) if sel.sum() >= 2 else None


def capacity_panel(ax, run, x, ms, data, measured=None):
    """Discharge capacity of the complete cycles, retention vs the first on
    the right axis, the paper's points for this run's condition."""
    cap, sel, unit = data
    cap1 = cap[sel][0]
    ax.plot(x[sel], cap[sel], "-o", ms=ms, lw=1.6, color="#c0392b",
            label="cellsim: %s %% after %d cycles"
            % (fmt(100 * cap[sel][-1] / cap1), x[sel][-1]))
    draw_measured_retention(ax, run, measured, cap1, unit)
    table = run.cycle_table
    if "block" in table:  # a rate series: the blocks' rates, not ageing
        label_spans(ax, block_spans(run, x, table["block"]))
    ax.secondary_yaxis("right", functions=(
        lambda c: 100.0 * c / cap1, lambda r: r * cap1 / 100.0)
    ).set_ylabel("retention (%% of cycle %d)" % x[sel][0])
    ax.set_ylabel("discharge capacity (%s)" % unit)
    ax.set_title("capacity and retention", loc="left")
    ax.margins(y=0.12)


def draw_measured_retention(ax, run, measured, cap1, unit):
    """Measured retention (drawn as capacity, on the retention scale) and
    measured capacity after N cycles, for the run's separator, C-rate and
    temperature."""
    parse = measured_cycles(run)
    for fig, scale, text in (("capacity_retention", cap1, "%s %%"),
                             ("capacity_after_mAh_g", 1.0, "%s mAh/g")):
        if fig == "capacity_after_mAh_g" and unit != "mAh/g":
            continue
        meas = measured_points(measured, fig, run, parse)
        if meas is None:
            continue
        mx, my, name = meas
        shown = 100 * my if fig == "capacity_retention" else my
        label = "measured (%s): %s after %s cycles" % (
            name, ", ".join(text % fmt(v) for v in shown),
            ", ".join("%d" % n for n in mx))
        ax.plot(mx, my * scale, "o", mfc="none", mec=REFERENCE_COLOR,
                mew=1.8, ms=10, zorder=4, label=label)


def resistance_panel(ax, run, x, ms, series):
    table = run.cycle_table
    draw_series(ax, x, table, series, ms)
    if len(series) > 1:
        total = np.nansum([table[c] for c, *_ in series], axis=0)
        ax.plot(x, total, "-", color="0.1", lw=1.0, label="sum")
    ax.set_ylabel("resistance (\u03a9 cm$^2$)")
    ax.set_title("interphase resistance by mechanism", loc="left")
    ax.set_ylim(bottom=0)


def lithium_panel(ax, run, x, ms, series):
    draw_series(ax, x, run.cycle_table, series, ms)
    ax.set_ylabel("lithium lost (mol/m$^2$)")
    ax.set_title("lithium inventory lost", loc="left")
    ax.set_ylim(bottom=0)
    ax.secondary_yaxis("right", functions=(
        lambda n: n * MAH_CM2_PER_MOL_M2, lambda q: q / MAH_CM2_PER_MOL_M2)
    ).set_ylabel("(mAh/cm$^2$)")


def thickness_panel(ax, run, x, ms, series):
    """SEI and dead-lithium layers on a log axis (nanometres and tens of
    micrometres), with the thickness at which the dead lithium shorts the
    cell."""
    draw_series(ax, x, run.cycle_table, series, ms)
    limit = short_circuit_um(run)
    if limit and any("dead_li" in s[0] for s in series):
        ax.axhline(limit, color=STOP_COLOR, lw=1.0, ls=":",
                   label="short-circuit limit (%s \u00b5m)" % fmt(limit))
    ax.set_yscale("log")
    ax.set_ylabel("layer thickness (\u00b5m)")
    ax.set_title("SEI and dead-lithium layers", loc="left")


def fraction_panel(ax, run, x, ms, series):
    table = run.cycle_table
    draw_series(ax, x, table, series, ms)
    ax.set_ylabel("left (% of initial)")
    ax.set_title("active material and salt left", loc="left")
    lo = min(np.nanmin(table[c]) for c, *_ in series) * 100
    ax.set_ylim(min(lo - 0.1 * (100 - lo), 99.5), 100.2)


def panels(run, x, ms, measured):
    """([top panel], [bottom panel]) as functions of the axes, for the
    panels that have data: capacity and resistances over the slow
    states."""
    table = run.cycle_table
    cap = capacity_series(run)
    fractions = [(c, n, k, "-", 100.0) for c, n, k in FRACTIONS
                 if has_values(table, c)]
    found = [(0, cap, partial(capacity_panel, measured=measured)),
             (0, side_series(table, RESISTANCES), resistance_panel),
             (1, side_series(table, LITHIUM), lithium_panel),
             (1, side_series(table, THICKNESSES), thickness_panel),
             (1, fractions, fraction_panel)]
    rows = ([], [])
    for row, data, draw in found:
        if data:
            rows[row].append(
                lambda ax, d=data, f=draw: f(ax, run, x, ms, d))
    return rows


def short_circuit_um(run):
    """The dead-lithium thickness that shorts the cell: the separator's
    thickness times the lithium's ageing.short_circuit_at (summary inputs);
    None when either is unknown."""
    cell = run.summary.get("cell")
    regions = cell.get("regions") if isinstance(cell, dict) else None
    sep = sum(float(r.get("thickness_m") or 0) for r in regions or []
              if isinstance(r, dict)
              and str(r.get("name", "")).startswith("separator"))
    inputs = run.summary.get("inputs")
    factors = [v.get("value") for k, v in (inputs or {}).items()
               if k.endswith("ageing.short_circuit_at")
               and isinstance(v, dict)] if isinstance(inputs, dict) else []
    factors = [f for f in factors if isinstance(f, (int, float)) and f > 0]
    if sep <= 0 or not factors:
        return None
    return sep * 1e6 * min(factors)


# --------------------------------------------------------------------------
# The figure
# --------------------------------------------------------------------------

def layout(fig, n_top, n_bottom):
    """Axes for n_top wide panels over n_bottom narrow ones (6 columns, so
    that 2 over 3 line up)."""
    rows = (n_top > 0) + (n_bottom > 0)
    gs = fig.add_gridspec(rows, 6)
    axes = []
    for row, n in enumerate(k for k in (n_top, n_bottom) if k):
        w = 6 // n
        axes += [fig.add_subplot(gs[row, k * w:(k + 1) * w]) for k in range(n)]
    return axes


def mark_stop(axes, run):
    cycle = interrupted_cycle(run)
    if cycle is None:
        return
    for k, ax in enumerate(axes):
        ax.axvline(cycle, color=STOP_COLOR, lw=1.1, ls="--", zorder=1,
                   label="%s (cycle %d)" % (stop_kind(run), cycle)
                   if k == 0 else None)


def footnote(run, n_rows):
    """How the cycles were simulated, for the reader who wonders why the
    markers are sparse."""
    jump = run.summary.get("cycle_jumping")
    if not isinstance(jump, dict) or not jump.get("total_cycles"):
        return ""
    return ("cycle jumping: %s of %s cycles simulated in full; markers: "
            "the %d cycles in cycles.csv" % (
                jump.get("simulated_cycles", "?"), jump["total_cycles"],
                n_rows))


def plot_ageing(run, path, written, measured=None):
    """ageing.png: the panels that have data, top row capacity and
    resistances, bottom row the slow states."""
    x = run.cycle_table["cycle"]
    n = int(np.isfinite(x).sum())
    ms = 4 if n <= 60 else 2 if n <= 150 else 0
    top, bottom = panels(run, x, ms, measured)
    if not top and not bottom:
        return
    rows = (len(top) > 0) + (len(bottom) > 0)
    fig = plt.figure(figsize=(12.0, 1.2 + 3.4 * rows))
    axes = layout(fig, len(top), len(bottom))
    for k, (ax, draw) in enumerate(zip(axes, top + bottom)):
        draw(ax)
        ax.set_xlabel("cycle")
        ax.set_xlim(0, np.nanmax(x) * 1.03 + 0.5)
        ax.set_title("(%s) %s" % ("abcde"[k], ax.get_title(loc="left")),
                     loc="left", fontweight="bold")
    mark_stop(axes, run)
    for ax in axes:
        ax.legend(loc="best", fontsize=7)
    title = "Ageing  \u2022  " + run.title().partition("\n")[0]
    stop = stop_text(run)
    fig.suptitle(title + ("\n" + stop if stop else ""), fontsize=10)
    note = footnote(run, n)
    if note:
        fig.text(0.995, 0.005, note, ha="right", va="bottom", fontsize=7,
                 color="0.4")
    fig.tight_layout(rect=(0, 0.02 if note else 0, 1, 1))
    save(fig, path, written, layout=False)
