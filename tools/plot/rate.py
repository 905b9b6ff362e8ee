"""Rate-capability experiments (a full cell charged and discharged at a
series of C-rates): the discharge curves at each C-rate, and the discharge
capacity vs C-rate of one run or of several runs compared."""

import numpy as np
from matplotlib.lines import Line2D

from .data import (figures_named, has_figure, run_labels, step_direction,
                   warn)
from .measured import draw_measured, measured_points
from .protocol import (block_repeats, c_rate_label, capacity_basis,
                       figures_by_rate, parse_c_rate)
from .style import (DISCHARGE_COLOR, REFERENCE_COLOR, fmt, headed,
                    log_x_ticks, new_figure, pad_ylim, ramp_colors, save,
                    series_colors)
from .timeseries import capacity_lines

RUN_MARKERS = ("o", "s", "^", "v", "P", "X")  # "D" marks the recovery

# --------------------------------------------------------------------------
# Discharge curves per C-rate
# --------------------------------------------------------------------------


def rate_curves(run):
    """The curves of the first repetition at each C-rate, and of the first
    repetition of a later block that returns to an earlier rate (the
    recovery), sorted by rate: [{"rate", "block", "again", "charge",
    "discharge"}], charge/discharge lists of (x mAh/m2, v)."""
    by_step = {s["step"]: (d, x, v) for s, d, x, v in capacity_lines(run)}
    first_block = {}
    curves = []
    for group in block_repeats(run):
        rate = discharge_rate(run, group)
        if rate is None:
            continue
        again = rate in first_block
        if again and (group["block"] == first_block[rate]
                      or any(c["again"] and c["rate"] == rate
                             for c in curves)):
            continue  # a later repetition of the same block
        first_block.setdefault(rate, group["block"])
        lines = [by_step[s["step"]] for s in group["steps"]
                 if s["step"] in by_step]
        curves.append({
            "rate": rate, "block": group["block"], "again": again,
            "charge": [(x, v) for d, x, v in lines if d < 0],
            "discharge": [(x, v) for d, x, v in lines if d > 0]})
    curves = [c for c in curves if c["discharge"]]
    curves.sort(key=lambda c: (c["again"], c["rate"]))
    return curves


def discharge_rate(run, group):
    """The C-rate of the first discharge in a block repetition (the charge
    may be at another, fixed rate), or None."""
    for s in group["steps"]:
        rate = parse_c_rate(s.get("text"))
        if rate and step_direction(s, run.ts) > 0:
            return rate
    return None


def is_rate_experiment(run):
    """Rate-capability figures in the summary, or discharges at two or more
    C-rates."""
    if has_figure(run, "rate_capacity_"):
        return True
    rates = {discharge_rate(run, g) for g in block_repeats(run)}
    return len(rates - {None}) >= 2


def plot_rate_curves(run, path, written):
    """Voltage vs specific capacity of the first discharge at each C-rate
    (one colour per rate), the charges faint, a recovery discharge dashed.
    Needs timeseries columns step, capacity_mAh_m2 and voltage_V."""
    curves = rate_curves(run)
    if not curves:
        warn("%s: no discharge at a C-rate; rate_discharge_curves.png "
             "skipped" % run.folder)
        return
    factor, unit = capacity_basis(run)
    first = [c for c in curves if not c["again"]]
    colors = dict(zip([c["rate"] for c in first],
                      ramp_colors(len(first), "viridis", 0.0, 0.85)))
    fig, ax = new_figure(figsize=(7.6, 4.6))
    handles = []
    for c in curves:
        color = colors.get(c["rate"], "0.2")
        for x, v in c["charge"]:
            ax.plot(x * factor, v, color=color, lw=1.0, alpha=0.3)
        cap = max(np.nanmax(x) for x, _ in c["discharge"]) * factor
        style = dict(color="0.1", lw=1.1, ls="--") if c["again"] else \
            dict(color=color, lw=1.8)
        for x, v in c["discharge"]:
            ax.plot(x * factor, v, zorder=3, **style)
        label = "%s%s  %s %s" % (c_rate_label(c["rate"]),
                                 " again" if c["again"] else "", fmt(cap),
                                 unit)
        handles.append(Line2D([], [], label=label, **style))
    if any(c["charge"] for c in curves):
        handles.append(Line2D([], [], color="0.5", lw=1.0, alpha=0.4,
                              label="charge (CC-CV), faint"))
    ax.legend(handles=handles, title="discharge at", loc="upper left",
              bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0)
    ax.set_xlabel("specific capacity (%s)" % unit if unit == "mAh/g"
                  else "capacity (%s)" % unit)
    ax.set_ylabel("voltage (V)")
    ax.set_xlim(left=0)
    ax.set_title(headed("Discharge curves per C-rate", run))
    save(fig, path, written)


# --------------------------------------------------------------------------
# Capacity vs C-rate
# --------------------------------------------------------------------------

def rate_capacities(run, unit):
    """Sorted [(C-rate, discharge capacity)] of the run's summary figures in
    `unit` ("mAh/g" or "mAh/cm2"), and the recovered capacities (mAh/g
    only)."""
    if unit == "mAh/g":
        pts = figures_named(run, "rate_capacity_mAh_g")
        back = figures_named(run, "recovered_capacity_mAh_g")
    else:
        pts = [(c, v * 1e-4) for c, v in
               figures_named(run, "rate_capacity_mAh_m2")]
        back = []
    return (figures_by_rate(pts, parse_c_rate),
            figures_by_rate(back, parse_c_rate))


def capacity_unit(runs):
    """mAh/g when every run has rate_capacity_mAh_g figures, else mAh/cm2
    when every run has rate_capacity_mAh_m2 ones, else None."""
    for unit, name in (("mAh/g", "rate_capacity_mAh_g"),
                       ("mAh/cm2", "rate_capacity_mAh_m2")):
        if all(figures_named(r, name) for r in runs):
            return unit
    return None


def draw_rate_series(ax, run, label, colors, unit, measured, marker="o"):
    """One run's capacity vs C-rate, its recovered capacity (open diamond)
    and the measured points for its separator; returns the rates and
    capacities drawn.  colors: (line, measured points)."""
    color, measured_color = colors
    pts, back = rate_capacities(run, unit)
    x = np.array([p[0] for p in pts])
    y = np.array([p[1] for p in pts])
    ax.plot(x, y, "-", marker=marker, color=color, lw=1.7, ms=5.5, zorder=3,
            label=label)
    for rate, value in back:
        ax.plot([rate], [value], "D", mfc="white", mec=color, mew=1.4,
                ms=7, zorder=5)
    meas = (measured_points(measured, "rate_capacity_mAh_g", run,
                            parse_c_rate) if unit == "mAh/g" else None)
    if meas is not None:
        draw_measured(ax, meas, x, y, "mAh/g", "rates", color=measured_color)
    extra = [meas[1]] if meas is not None else []
    return list(x), [y, np.array([v for _, v in back])] + extra


def plot_capacity_vs_rate(runs, path, written, measured=None, colors=None,
                          title=None):
    """Discharge capacity vs C-rate (log axis) from the summary figures
    rate_capacity_mAh_g (or _mAh_m2 when a run has no active mass): one
    line per run, labelled by separator; measured points (--measured) for
    the separator they belong to."""
    unit = capacity_unit(runs)
    if unit is None:
        warn("rate_capacity figures missing; %s skipped" % path)
        return
    single = len(runs) == 1
    labels = ["cellsim"] if single else run_labels(runs)
    if single:
        colors = [(DISCHARGE_COLOR, REFERENCE_COLOR)]
    else:
        colors = [(c, c) for c in colors or series_colors(len(runs))]
    fig, ax = new_figure(figsize=(6.6, 4.6))
    rates, ys = [], []
    # A marker per run too: runs that differ little overlap as lines.
    for k, (run, label, color) in enumerate(zip(runs, labels, colors)):
        x, y = draw_rate_series(ax, run, label, color, unit, measured,
                                RUN_MARKERS[k % len(RUN_MARKERS)])
        rates += x
        ys += y
    back = sorted({b for r in runs for b, _ in rate_capacities(r, unit)[1]})
    if back:
        ax.plot([], [], "D", mfc="white", mec="0.3", mew=1.4, ms=7, ls="none",
                label="%s again at the end (recovery)"
                % ", ".join(c_rate_label(b) for b in back))
    if rates:
        log_x_ticks(ax, rates, label=c_rate_label)
    pad_ylim(ax, ys, top_pad=0.08, bottom_pad=0.12)
    ax.set_xlabel("C-rate")
    ax.set_ylabel("discharge capacity (%s)"
                  % ("mAh/cm$^2$" if unit == "mAh/cm2" else unit))
    ax.legend(loc="lower left")
    ax.set_title(title or headed("Rate capability", runs[0]))
    save(fig, path, written)
