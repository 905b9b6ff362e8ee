"""Voltage vs capacity of selected cycles, coloured by cycle number: how
the charge and discharge curves shrink and polarise as the cell ages."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.cm import ScalarMappable
from matplotlib.colors import ListedColormap, Normalize
from matplotlib.lines import Line2D

from .data import nrows, step_direction
from .life import (complete, interrupted_cycle, life_title, step_cycles,
                   stop_kind)
from .lithium import is_symmetric
from .protocol import capacity_basis, parse_scan_rate
from .style import new_figure, save

MAX_CYCLES = 10
CMAP = "viridis"
CMAP_TOP = 0.9
SPARSE = 15  # fewer recorded points per discharge get markers
COLUMNS = ("step", "time_s", "voltage_V", "capacity_mAh_m2")


def cycle_curves(run):
    """{true cycle: [(direction, x mAh/m2, v)]} of the complete cycles in
    timeseries.csv, x the charge passed since the cycle's last change of
    current direction (a charge carries on through its voltage hold).
    Sweeps are left out: their curve is the protocol's."""
    ts, table = run.ts, run.cycle_table
    if not (nrows(ts) and all(c in ts for c in COLUMNS)):
        return {}
    cycle_of = step_cycles(run)
    done = (set(table["cycle"][complete(run)].astype(int))
            if nrows(table) and "cycle" in table else set(cycle_of.values()))
    curves, start = {}, {}
    for s in run.steps:
        c, d = cycle_of.get(s["step"]), step_direction(s, ts)
        sel = ts["step"] == s["step"]
        cap = ts["capacity_mAh_m2"][sel]
        if (c not in done or d == 0 or not np.isfinite(cap).any()
                or parse_scan_rate(s.get("text")) is not None):
            continue
        if start.get(c, (0, 0))[0] != d:  # per cycle: never across a jump
            start[c] = (d, cap[np.isfinite(cap)][0])
        curves.setdefault(c, []).append(
            (d, np.abs(cap - start[c][1]), ts["voltage_V"][sel]))
    return {c: lines for c, lines in curves.items()
            if any(d > 0 for d, _, _ in lines)}


def has_cycle_curves(run):
    """Two or more complete cycles with a discharge in timeseries.csv, for
    a cell with an electrode to age: the curves of a Li | Li cell are its
    protocol's fixed capacity at a fixed current, a few recorded points
    each, and plating_stripping.png and overpotential_per_cycle.png show
    them better."""
    return not is_symmetric(run) and len(cycle_curves(run)) >= 2


def choose_cycles(cycles, n=MAX_CYCLES):
    """At most n of the sorted cycle numbers, nearest to evenly spaced cycle
    numbers from the first to the last (the recorded cycles may bunch, e.g.
    1, 2, 3, 25, 50 with cycle jumping)."""
    cycles = sorted(cycles)
    if len(cycles) <= n:
        return cycles
    arr = np.array(cycles, float)
    chosen = []
    for target in np.linspace(arr[0], arr[-1], n):
        free = [c for c in cycles if c not in chosen]
        chosen.append(min(free, key=lambda c: abs(c - target)))
    return sorted(chosen)


def spread_ticks(cycles, min_gap=0.04):
    """The shown cycles as colour-bar ticks, less those closer than min_gap
    of the range to the previous tick (1, 2, 3 would overprint)."""
    gap = min_gap * (cycles[-1] - cycles[0])
    ticks = [cycles[0]]
    for c in cycles[1:]:
        if c - ticks[-1] >= gap:
            ticks.append(c)
    if ticks[-1] != cycles[-1]:
        ticks[-1] = cycles[-1]
    return ticks


def plot_voltage_curves(run, path, written):
    """Charge (thin) and discharge (thick) curves of up to MAX_CYCLES
    cycles, in mAh/g (mAh/cm2 without an active mass)."""
    curves = cycle_curves(run)
    chosen = choose_cycles(curves)
    if len(chosen) < 2:
        return
    factor, unit = capacity_basis(run)
    norm = Normalize(min(chosen), max(chosen))
    # viridis' pale yellow end is hard to see on white: cut it off.
    cmap = ListedColormap(plt.get_cmap(CMAP)(np.linspace(0, CMAP_TOP, 256)))
    # Few recorded points per curve (a long record interval at a high
    # rate): mark them, so that straight segments do not pass for data.
    marker = "." if np.median([len(x) for c in chosen for d, x, _ in
                               curves[c] if d > 0]) < SPARSE else ""
    fig, ax = new_figure(figsize=(7.8, 4.8))
    for c in chosen:
        for d, x, v in curves[c]:
            ax.plot(x * factor, v, color=cmap(norm(c)),
                    marker=marker, ms=3, lw=1.7 if d > 0 else 1.0,
                    alpha=1.0 if d > 0 else 0.8)
    bar = fig.colorbar(ScalarMappable(norm=norm, cmap=cmap), ax=ax, pad=0.02)
    bar.set_ticks(spread_ticks(chosen))
    bar.set_label("cycle")
    ax.legend(handles=[Line2D([], [], color="0.3", lw=1.7, label="discharge"),
                       Line2D([], [], color="0.3", lw=1.0, alpha=0.8,
                              label="charge")], loc="best")
    ax.set_xlabel(("specific capacity (%s)" if unit == "mAh/g"
                   else "capacity (%s)") % unit)
    ax.set_ylabel("voltage (V)")
    ax.set_xlim(left=0)
    shown = "%d of %d cycles" % (len(chosen), len(curves)) \
        if len(chosen) < len(curves) else ""
    cut = interrupted_cycle(run)
    if cut is not None:
        shown += "%scycle %d, cut short by the %s, left out" % (
            "; " if shown else "", cut, stop_kind(run))
    ax.set_title(life_title("Voltage curves per cycle", run, shown))
    save(fig, path, written)
