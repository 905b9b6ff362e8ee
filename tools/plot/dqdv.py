"""Differential capacity dQ/dV vs voltage of the first full constant-current
charge and discharge: the plateaus of the voltage curve (phase transitions
of the electrode materials) become peaks, which are easier to compare
between charge and discharge, rates or cells."""

import numpy as np

from .data import nrows, warn
from .protocol import capacity_basis
from .style import (CHARGE_COLOR, DISCHARGE_COLOR, fmt, headed, new_figure,
                    save, zero_line)

BIN_V = 0.004           # voltage grid on which Q is differentiated
SMOOTH_V = 0.010        # standard deviation of the Gaussian smoothing
FULL_FRACTION = 0.5     # "full": at least this share of the largest step
CUTOFF_FRACTION = 0.01  # ... and within this share of the run's V range
MIN_SPAN_V = 0.1        # shorter voltage spans have no peaks worth showing
COLUMNS = ("step", "voltage_V", "current_A_m2", "capacity_mAh_m2")


def constant_current_steps(run):
    """[(step, direction, charge passed mAh/m2, (V min, V max))] of the
    steps at constant non-zero current (+1 discharge, -1 charge).  Voltage
    holds and sweeps are left out: their dQ/dV is set by the protocol, not
    the cell."""
    ts = run.ts
    found = []
    for s in run.steps:
        sel = ts["step"] == s["step"]
        i = ts["current_A_m2"][sel]
        v = ts["voltage_V"][sel]
        q = ts["capacity_mAh_m2"][sel]
        ok = np.isfinite(i) & np.isfinite(v) & np.isfinite(q)
        if ok.sum() < 5:
            continue
        i, v, q = i[ok], v[ok], q[ok]
        i_max = np.abs(i).max()
        if i_max <= 0 or np.ptp(i) > 0.01 * i_max or np.ptp(v) < MIN_SPAN_V:
            continue
        found.append((s, 1 if i.mean() > 0 else -1, abs(q[-1] - q[0]),
                      (v.min(), v.max())))
    return found


def full_steps(run):
    """The first constant-current charge that reaches the run's highest
    voltage and the first discharge that reaches its lowest (the cut-offs),
    each passing at least FULL_FRACTION of the most charge any such step
    passes.  The charge of a CC-CV charge at a high rate is mostly in the
    hold, so the cut-off, not the charge alone, tells a full step."""
    if not (nrows(run.ts) and all(c in run.ts for c in COLUMNS)):
        return []
    steps = constant_current_steps(run)
    if not steps:
        return []
    v = run.ts["voltage_V"][np.isfinite(run.ts["voltage_V"])]
    tol = CUTOFF_FRACTION * np.ptp(v)
    q_max = max(q for _, _, q, _ in steps)
    chosen = {}
    for s, d, q, (lo, hi) in steps:
        at_cutoff = lo <= v.min() + tol if d > 0 else hi >= v.max() - tol
        if at_cutoff and q >= FULL_FRACTION * q_max:
            chosen.setdefault(d, s)
    return sorted(((s, d) for d, s in chosen.items()),
                  key=lambda sd: sd[0]["step"])


def gaussian_smooth(y, sigma_bins):
    """Gaussian moving average, normalised at the ends (no dip there)."""
    half = max(1, int(round(3 * sigma_bins)))
    k = np.exp(-0.5 * (np.arange(-half, half + 1) / sigma_bins) ** 2)
    return (np.convolve(y, k, mode="same")
            / np.convolve(np.ones_like(y), k, mode="same"))


def dq_dv(v, q):
    """(voltage grid, dQ/dV >= 0) of one step, v and q in time order.  Q is
    taken at grid voltages along the running extreme of V (the first time
    the step reaches each voltage), so the derivative divides by the grid
    step, never by the tiny or negative dV between two recorded rows; then
    it is smoothed."""
    env = (np.maximum.accumulate(v) if v[-1] >= v[0]
           else np.minimum.accumulate(v))
    env, first = np.unique(env, return_index=True)  # ascending V
    grid = np.arange(env[0], env[-1], BIN_V)
    if grid.size < 5:
        return None
    d = np.abs(np.gradient(np.interp(grid, env, q[first]), BIN_V))
    return grid, gaussian_smooth(d, SMOOTH_V / BIN_V)


def dqdv_curves(run, factor):
    """[(step, direction, grid, dQ/dV)] of full_steps, dQ/dV in the
    capacity unit (mAh/m2 times factor) per volt."""
    ts, curves = run.ts, []
    for s, d in full_steps(run):
        sel = ((ts["step"] == s["step"]) & np.isfinite(ts["voltage_V"])
               & np.isfinite(ts["capacity_mAh_m2"]))
        cap = ts["capacity_mAh_m2"][sel]
        curve = dq_dv(ts["voltage_V"][sel], np.abs(cap - cap[0]) * factor)
        if curve is not None:
            curves.append((s, d) + curve)
    return curves


def plot_dqdv(run, path, written):
    """dQ/dV of the first full constant-current charge (positive) and
    discharge (negative), per gram of positive active material when the
    mass is known; the highest peak of each is labelled."""
    factor, unit = capacity_basis(run)
    curves = dqdv_curves(run, factor)
    if not curves:
        warn("%s: no full constant-current step; dqdv.png skipped"
             % run.folder)
        return
    fig, ax = new_figure(figsize=(7.0, 4.6))
    for s, d, grid, dq in curves:
        y = -d * dq  # charge up, discharge down
        color = DISCHARGE_COLOR if d > 0 else CHARGE_COLOR
        ax.plot(grid, y, color=color, lw=1.6,
                label="%s (step %d)" % (s.get("text") or "", s["step"]))
        k = int(np.argmax(dq))
        ax.annotate("%.3f V" % grid[k], (grid[k], y[k]), ha="center",
                    xytext=(0, 5 if y[k] > 0 else -5), fontsize=7,
                    textcoords="offset points", color=color,
                    va="bottom" if y[k] > 0 else "top")
    zero_line(ax)
    ax.margins(y=0.12)
    per = "mAh g$^{-1}$" if unit == "mAh/g" else "mAh cm$^{-2}$"
    ax.set_ylabel("dQ/dV (%s V$^{-1}$)   [+ charge]" % per)
    ax.set_xlabel("voltage (V)")
    ax.legend(loc="upper left")
    ax.text(0.99, 0.98, "constant-current part only; smoothed over "
            "\u00b1%s mV" % fmt(SMOOTH_V * 1e3), transform=ax.transAxes,
            ha="right", va="top", fontsize=7, color="0.4")
    ax.set_title(headed("Differential capacity dQ/dV", run))
    save(fig, path, written)
