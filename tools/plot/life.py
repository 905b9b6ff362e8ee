"""What the ageing plots share: the ageing columns of cycles.csv, the true
cycle number of each step, the cycle cut short by an early stop, and the
condition (C-rate, temperature) a cycling run was run at.

With cycle jumping cellsim simulates only some cycles in full and writes a
cycles.csv row for those alone (e.g. cycles 1, 2, 3, 25, 50, ...): the
`cycle` column is the true cycle number, so the plots use it as x and
never assume consecutive cycles.  In timeseries.csv and steps.csv `cycle` is
the repetition within a protocol block, so rows are mapped to cycles by
time instead."""

import math
import re
import textwrap

import numpy as np

from .data import has_values, nrows, separator_name
from .protocol import block_repeats, c_rate_label, parse_c_rate
from .rate import discharge_rate
from .style import fmt, format_time

AGEING_PREFIXES = (
    "sei_thickness_", "film_resistance_", "dead_li_thickness_",
    "dead_li_resistance_", "li_lost_", "positive_active_fraction_retained",
    "positive_li_lost_with_active_material", "positive_cei_resistance",
    "electrolyte_salt_left")
# 1 mol/m2 of lithium in mAh/cm2: F / (3.6 C/mAh) / (1e4 cm2/m2).
MAH_CM2_PER_MOL_M2 = 96485.33212 / 3.6 / 1e4
_STOP_TIME_RE = re.compile(r"\s+at\s+t\s*=\s*([-+0-9.eE]+)\s*s\b")
_CYCLING_RE = re.compile(r"(\d+)\s*cycles")
_DEG_C_RE = re.compile(r"([-+]?\d+(?:\.\d*)?)\s*degC")


def ageing_columns(table):
    """The columns of cycles.csv that ageing models publish, with values."""
    return [c for c in table if isinstance(c, str)
            and c.startswith(AGEING_PREFIXES) and has_values(table, c)]


def has_ageing(run):
    """At least two cycles in cycles.csv with an ageing column (one point is
    no trend)."""
    table = run.cycle_table
    return (nrows(table) > 1 and has_values(table, "cycle")
            and bool(ageing_columns(table)))


def interrupted_cycle(run):
    """The cycle number of the last cycles.csv row when the run stopped
    early (a short circuit or a solver failure cuts that cycle short, so its
    capacity and efficiency are not a cycle's), else None."""
    table = run.cycle_table
    if not (run.summary.get("stopped_early") and nrows(table)
            and "cycle" in table):
        return None
    last = table["cycle"][-1]
    return int(last) if np.isfinite(last) else None


def complete(run):
    """Boolean mask of the cycles.csv rows that are complete cycles."""
    table = run.cycle_table
    mask = np.isfinite(table["cycle"])
    if interrupted_cycle(run) is not None:
        mask[-1] = False
    return mask


def stop_text(run, width=120):
    """The summary's stop reason, its time in hours, on lines of at most
    `width` characters: '' unless the run stopped early."""
    if not run.summary.get("stopped_early"):
        return ""
    reason = str(run.summary.get("stop_reason") or "stopped early")
    m = _STOP_TIME_RE.search(reason)
    if m:
        try:
            t = float(m.group(1))
            when = " at t = " + ("%.0f h" % (t / 3600) if t >= 360000
                                 else format_time(t))
        except ValueError:
            when = m.group(0)
        reason = reason[:m.start()] + when + reason[m.end():]
    cycle = interrupted_cycle(run)
    head = "stopped early" + (" in cycle %d" % cycle if cycle else "")
    return "\n".join(textwrap.wrap("%s: %s" % (head, reason), width))


def stop_kind(run):
    """A short name for the stop: 'short circuit' or 'stopped early'."""
    reason = str(run.summary.get("stop_reason") or "")
    return "short circuit" if "short circuit" in reason else "stopped early"


def life_title(kind, run, note=""):
    """'kind  \u2022  case  \u2022  cell' and the note on a second line;
    the run's stop reason is too long for a one-panel title (the note says
    what the stop changed)."""
    first = run.title().partition("\n")[0]
    sep = "\n" if len(kind) + len(first) > 70 else "  \u2022  "
    return kind + sep + first + ("\n" + note if note else "")


def step_cycles(run):
    """{step: true cycle number}: each step goes to the cycles.csv row whose
    [t_start_s, t_end_s] holds the step's middle (its ends touch the next
    cycle's).  Without times in cycles.csv, the timeseries `cycle` column
    (true numbers only without cycle jumping and with a single block)."""
    table = run.cycle_table
    out = {}
    if (nrows(table) and all(c in table for c in
                             ("cycle", "t_start_s", "t_end_s"))):
        t0, t1, cyc = table["t_start_s"], table["t_end_s"], table["cycle"]
        for s in run.steps:
            mid = 0.5 * (s["t0"] + s["t1"])
            hit = np.nonzero((t0 <= mid) & (mid <= t1))[0]
            if hit.size and np.isfinite(cyc[hit[0]]):
                out[s["step"]] = int(cyc[hit[0]])
        return out
    ts = run.ts
    if nrows(ts) and "cycle" in ts and "step" in ts:
        for k, c in zip(ts["step"], ts["cycle"]):
            if np.isfinite(k) and np.isfinite(c):
                out.setdefault(int(k), int(c))
    return out


def run_c_rate(run):
    """The C-rate of the run's discharges when they all have the same one,
    else None."""
    rates = {discharge_rate(run, g) for g in block_repeats(run)} - {None}
    return rates.pop() if len(rates) == 1 else None


def run_temperature_C(run):
    """cell.temperature_K in degC, or NaN."""
    cell = run.summary.get("cell")
    try:
        return float(cell.get("temperature_K")) - 273.15
    except (AttributeError, TypeError, ValueError):
        return math.nan


def condition_label(run):
    """'1C, 30 \u00b0C' (either part left out when unknown)."""
    parts = []
    rate = run_c_rate(run)
    if rate is not None:
        parts.append(c_rate_label(rate))
    temp = run_temperature_C(run)
    if math.isfinite(temp):
        parts.append("%s \u00b0C" % fmt(round(temp, 1)))
    return ", ".join(parts)


def run_label(run):
    """'LLZTO0.95F0.05@PP, 1C, 30 \u00b0C' (the folder name without a
    separator)."""
    cond = condition_label(run)
    name = separator_name(run) or run.name
    return name + (", " + cond if cond else "")


def measured_cycles(run):
    """A parser for measured.measured_points: the number of cycles of a
    measured cycling condition ('1C, 500 cycles, 0 degC') when the run was
    cycled at its C-rate and temperature (each when the condition gives
    one) and about as long, else None, so that a point never lands on a
    run it does not belong to, nor squeezes a short run into a corner."""
    table = run.cycle_table
    last = (np.nanmax(table["cycle"]) if has_values(table, "cycle")
            else math.nan)

    def parse(cond):
        m = _CYCLING_RE.search(cond or "")
        if not m or not float(m.group(1)) <= 1.05 * last:
            return None
        rate, want = run_c_rate(run), parse_c_rate(cond)
        if want is not None and (rate is None
                                 or abs(rate - want) > 1e-6 * want):
            return None
        t = _DEG_C_RE.search(cond)
        temp = run_temperature_C(run)
        if t and not abs(float(t.group(1)) - temp) <= 0.5:  # NaN: no match
            return None
        return float(m.group(1))
    return parse
