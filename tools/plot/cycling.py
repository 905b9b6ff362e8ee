"""Capacity and coulombic efficiency per cycle (cycles.csv: one row per
repetition of a protocol block), with the blocks' rates along the top."""

import matplotlib.pyplot as plt
import numpy as np

from .data import has_values, nrows, step_direction
from .protocol import (c_rate_label, parse_c_rate, parse_current_mA_cm2,
                       parse_scan_rate)
from .style import (CHARGE_COLOR, DISCHARGE_COLOR, fmt, headed, label_spans,
                    save)


def capacity_columns(table):
    """(charge column, discharge column, unit label, factor) in mAh/g when
    cycles.csv has it, else mAh/cm2 (from mAh/m2); None without either."""
    for suffix, unit, factor in (("mAh_g", "mAh/g", 1.0),
                                 ("mAh_m2", "mAh/cm$^2$", 1e-4)):
        names = ("charge_capacity_" + suffix, "discharge_capacity_" + suffix)
        if all(has_values(table, n) for n in names):
            return names + (unit, factor)
    return None


def has_cycles(run):
    """More than one cycle with capacities in cycles.csv."""
    table = run.cycle_table
    return (nrows(table) > 1 and "cycle" in table
            and capacity_columns(table) is not None)


def block_text(run, block):
    """What sets a block apart: the rate of its first discharge that has
    one (the charge may be at a fixed rate), else of its first step that
    has one (C-rate, scan rate or current density); '' if none does."""
    steps = [s for s in run.steps if s.get("block") == block]
    steps.sort(key=lambda s: step_direction(s, run.ts) <= 0)  # stable
    for s in steps:
        text = s.get("text") or ""
        for parse, label in ((parse_c_rate, c_rate_label),
                             (parse_scan_rate, lambda r: fmt(r) + " mV/s"),
                             (parse_current_mA_cm2,
                              lambda c: fmt(abs(c)) + " mA/cm$^2$")):
            rate = parse(text)
            if rate is not None:
                return label(rate)
    return ""


def block_spans(run, cycle, block):
    """[(first cycle - 0.5, last cycle + 0.5, text)] per run of equal
    blocks; [] when there is only one block."""
    spans = []
    for c, b in zip(cycle, block):
        if spans and spans[-1][2] == b:
            spans[-1][1] = c + 0.5
        else:
            spans.append([c - 0.5, c + 0.5, b])
    if len(spans) < 2:
        return []
    return [(x0, x1, block_text(run, b) or "block %d" % b)
            for x0, x1, b in spans if np.isfinite(b)]


def plot_capacity_per_cycle(run, path, written):
    """Charge and discharge capacity per cycle (top) and coulombic
    efficiency (bottom); the protocol blocks shaded and labelled."""
    table = run.cycle_table
    charge, discharge, unit, factor = capacity_columns(table)
    cycle = table["cycle"]
    n = nrows(table)
    fig, (ax, cax) = plt.subplots(
        2, 1, figsize=(7.0, 5.4), sharex=True,
        gridspec_kw={"height_ratios": [2.2, 1]})
    ms = 5 if n <= 60 else 2.5
    ax.plot(cycle, table[discharge] * factor, "-o", color=DISCHARGE_COLOR,
            lw=1.3, ms=ms, label="discharge")
    ax.plot(cycle, table[charge] * factor, "-o", color=CHARGE_COLOR, lw=1.0,
            ms=ms, mfc="white", label="charge")
    ax.set_ylabel("capacity (%s)" % unit)
    ax.margins(y=0.15)
    ax.legend(loc="best")
    if "block" in table:
        spans = block_spans(run, cycle, table["block"])
        for a in (ax, cax):
            label_spans(a, spans, text=a is ax)
    if has_values(table, "coulombic_efficiency"):
        cax.axhline(100, color="0.5", lw=0.8, ls="--")
        cax.plot(cycle, table["coulombic_efficiency"] * 100, "-o", ms=ms,
                 color="0.2", lw=1.1)
        cax.margins(y=0.2)
    cax.set_ylabel("coulombic\nefficiency (%)")
    cax.set_xlabel("cycle")
    if n <= 30:
        cax.set_xticks(cycle[np.isfinite(cycle)])
    cax.set_xlim(np.nanmin(cycle) - 0.6, np.nanmax(cycle) + 0.6)
    ax.set_title(headed("Capacity per cycle", run))
    save(fig, path, written)
