"""Potentiostatic Bruce-Vincent step of a lithium-metal symmetric cell:
current vs log time with I0, Iss and rho+."""

import numpy as np

from .data import figure, warn
from .style import (MEAN_CURRENT_COLOR, PLATE_COLOR, STRIP_COLOR, fmt,
                    new_figure, pad_ylim, save)


def log_time_start(tp, ip, i0, iss):
    """Start the log axis a decade before the current has fallen 1 % of the
    way from I0 to Iss (the flat start says nothing)."""
    drop = np.abs(ip - i0) >= 0.01 * abs(i0 - iss) if i0 != iss else ip < 0
    t_left = tp[0]
    if drop.any():
        t_left = max(tp[0], tp[np.argmax(drop)] / 10.0)
    return t_left


def bruce_vincent_text(step, rho, r0, rss):
    """The box: step, resistances and the rho+ formula."""
    lines = []
    if step:
        lines.append("\u0394V = %s" % step)
    if np.isfinite(r0) and np.isfinite(rss):
        lines.append("R$_0$ = %s, R$_{ss}$ = %s \u03a9 cm$^2$"
                     % (fmt(r0, 4), fmt(rss, 4)))
    formula = ("\u03c1$_+$ = I$_{ss}$(\u0394V \u2212 I$_0$R$_0$) / "
               "I$_0$(\u0394V \u2212 I$_{ss}$R$_{ss}$)")
    if np.isfinite(rho):
        formula += " = %s" % fmt(rho, 3)
    lines.append(formula)
    return "\n".join(lines)


def plot_bruce_vincent(run, path, written):
    """Needs timeseries columns time_s and current_A_m2; the I0, Iss, rho+,
    R0 and Rss summary figures are shown when present."""
    ts = run.ts
    t = ts["time_s"]
    i = np.abs(ts["current_A_m2"]) / 10.0
    i0, cond = figure(run, "bruce_vincent_initial_current_mA_cm2")
    iss, _ = figure(run, "bruce_vincent_steady_current_mA_cm2")
    rho, cond_rho = figure(run, "bruce_vincent_rho_plus")
    r0, _ = figure(run, "bruce_vincent_R0_ohm_cm2")
    rss, _ = figure(run, "bruce_vincent_Rss_ohm_cm2")
    step = cond or cond_rho
    ok = np.isfinite(t) & np.isfinite(i) & (t > 0)
    if not ok.any():
        warn("%s: no current after t = 0; bruce_vincent.png skipped"
             % run.folder)
        return
    tp, ip = t[ok], i[ok]
    if not np.isfinite(i0):
        i0 = i[np.isfinite(i)][0]
    if not np.isfinite(iss):
        iss = ip[-1]
    t_left = log_time_start(tp, ip, i0, iss)
    t_right = tp[-1] * 1.5

    fig, ax = new_figure(figsize=(7.0, 4.6))
    ax.set_xscale("log")
    ax.plot(tp, ip, color=MEAN_CURRENT_COLOR, lw=1.8, label="current")
    ax.axhline(i0, color=PLATE_COLOR, ls="--", lw=1.0)
    ax.axhline(iss, color=STRIP_COLOR, ls="--", lw=1.0)
    ax.plot([t_left], [i0], "o", color=PLATE_COLOR, ms=7, zorder=4,
            clip_on=False,
            label="I$_0$ = %s mA/cm$^2$" % fmt(i0, 4))
    ax.plot([tp[-1]], [iss], "s", color=STRIP_COLOR, ms=7, zorder=4,
            clip_on=False,
            label="I$_{ss}$ = %s mA/cm$^2$" % fmt(iss, 4))
    ax.set_xlim(t_left, t_right)
    pad_ylim(ax, [ip[tp >= t_left], [i0, iss]], top_pad=0.25,
             bottom_pad=0.12)
    ax.set_xlabel("time (s)")
    ax.set_ylabel("current density (mA/cm$^2$)")
    ax.legend(loc="lower left")
    ax.text(0.98, 0.55, bruce_vincent_text(step, rho, r0, rss),
            transform=ax.transAxes, ha="right", va="center", fontsize=8,
            color="0.25", linespacing=1.5,
            bbox=dict(boxstyle="round,pad=0.4", fc="white", ec="0.8", lw=0.6))
    head = "Bruce\u2013Vincent"
    if step:
        head += " (%s step)" % step
    if np.isfinite(rho):
        head += ":  \u03c1$_+$ = %s" % fmt(rho, 3)
    ax.set_title(head + "\n" + run.title().split("\n")[0], fontsize=10)
    save(fig, path, written)
