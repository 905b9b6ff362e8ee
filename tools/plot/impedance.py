"""Impedance spectroscopy (the protocol's EIS steps): Nyquist, Bode and DRT
plots of one run, one line per EIS step, and the last spectrum of several
runs compared.

impedance.csv holds Im Z as computed (negative where capacitive); the plots
show -Im Z and -phase, positive for capacitive arcs, as EIS plots usually
do.  drt.csv holds gamma per unit ln tau; its peaks (tau, R) come from
summary.json "impedance"."""

import math

import numpy as np
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from .data import nrows
from .drt import (OHM_CM2, band_legend, drt_xlim, gamma_top, mark_peaks,
                  peak_list, shade_bands)
from .lithium import is_symmetric
from .measured import drt_bands
from .nyquist import (annotate_decades, draw_spectrum, mark_zoom,
                      nyquist_view, set_view, zoom_view)
from .style import compared_title, fmt, headed, new_figure, save, time_colors

_Z_COLUMNS = ("step", "frequency_Hz", "z_real_ohm_cm2", "z_imag_ohm_cm2")
_DRT_COLUMNS = ("step", "tau_s", "gamma_ohm_cm2")


# --------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------

def has_impedance(run):
    """True if impedance.csv has a spectrum (runs without EIS steps have no
    such file)."""
    return bool(_z_blocks(run))


def has_drt(run):
    """True if drt.csv has a distribution of relaxation times."""
    return bool(drt_curves(run))


def spectrum_info(run):
    """{step: its summary.json "impedance" entry}."""
    entries = run.summary.get("impedance")
    info = {}
    for e in entries if isinstance(entries, list) else []:
        try:
            info[int(e["step"])] = e
        except (KeyError, TypeError, ValueError):
            continue
    return info


def spectrum_label(step, info):
    """'step 103, t = 101 h' (the EIS step's start from summary.json)."""
    try:
        t = float(info.get("time_s"))
    except (AttributeError, TypeError, ValueError):
        t = math.nan
    if not math.isfinite(t):
        return "step %d" % step
    return "step %d, t = %s h" % (step, fmt(t / 3600.0))


def _blocks(table, x, ys):
    """{step: (x, *ys)} of the rows with finite values, each block sorted
    by x; steps with fewer than two such rows are left out."""
    steps = table["step"]
    ok = np.isfinite(steps) & np.isfinite(table[x]) & (table[x] > 0)
    for y in ys:
        ok &= np.isfinite(table[y])
    out = {}
    for k in np.unique(steps[ok]):
        sel = ok & (steps == k)
        if sel.sum() >= 2:
            order = np.argsort(table[x][sel])
            out[int(k)] = tuple(table[c][sel][order] for c in (x,) + ys)
    return out


def _z_blocks(run):
    """{step: (f rising, Re Z, Im Z)} of impedance.csv."""
    t = run.impedance
    if not (nrows(t) and all(c in t for c in _Z_COLUMNS)):
        return {}
    return _blocks(t, "frequency_Hz", ("z_real_ohm_cm2", "z_imag_ohm_cm2"))


def spectra(run):
    """The spectra by step: [{"step", "f" (Hz, falling), "re", "im" (-Im Z,
    + capacitive), "abs" (ohm cm2), "phase" (deg, negative capacitive),
    "info" (summary entry), "label"}]."""
    info = spectrum_info(run)
    out = []
    for step, (f, re, zi) in sorted(_z_blocks(run).items()):
        f, re, zi = f[::-1], re[::-1], zi[::-1]
        e = info.get(step, {})
        out.append({"step": step, "f": f, "re": re, "im": -zi,
                    "abs": np.hypot(re, zi),
                    "phase": np.degrees(np.arctan2(zi, re)), "info": e,
                    "label": spectrum_label(step, e)})
    return out


def drt_curves(run):
    """{step: (tau_s rising, gamma_ohm_cm2)} of drt.csv."""
    t = run.drt
    if not (nrows(t) and all(c in t for c in _DRT_COLUMNS)):
        return {}
    return _blocks(t, "tau_s", ("gamma_ohm_cm2",))


def line_widths(n):
    """Earlier lines wider (3.4 down to 1.4 pt), so that identical spectra
    (nothing changed between two EIS steps) still show both colours."""
    if n < 2:
        return [1.7] * n
    return [3.4 - 2.0 * k / (n - 1) for k in range(n)]


def _aspect(view):
    return (view[1][1] - view[1][0]) / (view[0][1] - view[0][0])


# --------------------------------------------------------------------------
# Nyquist and Bode
# --------------------------------------------------------------------------

def nyquist_figure(sps, colors, labels, title, path, written, widths=None):
    """-Im Z vs Re Z at equal scales, decades marked (labelled on the first
    spectrum); a second panel zooms on the high-frequency arcs when a big
    arc or a capacitive tail dwarfs them.  The figure's height follows the
    aspect of the data, so that equal scales leave no empty band."""
    view = nyquist_view(sps)
    zview = zoom_view(sps, view)
    if zview:
        aspect = max(_aspect(view), _aspect(zview))
        fig, (ax, zax) = new_figure(
            figsize=(11.0, min(max(1.2 + 4.6 * aspect, 3.4), 7.5)), ncols=2)
    else:
        fig, ax = new_figure(
            figsize=(7.0, min(max(1.1 + 6.0 * _aspect(view), 3.2), 7.5)))
    widths = widths or [1.7] * len(sps)
    for a in (ax, zax) if zview else (ax,):
        for sp, c, lab, lw in zip(sps, colors, labels, widths):
            draw_spectrum(a, sp, c, lab if a is ax else None, lw)
    set_view(ax, view)
    annotate_decades(ax, sps[0], view, skip=zview)
    if zview:
        set_view(zax, zview, ylabel=False)
        annotate_decades(zax, sps[0], zview)
        mark_zoom(ax, zview)
        zax.set_title("zoom on the high-frequency arcs (dashed box)",
                      fontsize=9, color="0.3")
    if view[2] is not None:
        ax.text(0.99, 0.98, r"low-frequency tail clipped ($-$Im $Z$ up to "
                "%s %s)" % (fmt(view[2]), OHM_CM2), transform=ax.transAxes,
                ha="right", va="top", fontsize=7, color="0.35")
    ax.legend(loc="best")
    ax.set_title(title)
    save(fig, path, written)


def plot_nyquist(run, path, written):
    """The run's spectra as a Nyquist plot, one line per EIS step."""
    sps = spectra(run)
    nyquist_figure(sps, time_colors(len(sps)), [sp["label"] for sp in sps],
                   headed("Nyquist", run), path, written,
                   line_widths(len(sps)))


def plot_bode(run, path, written):
    """|Z| (log) and -phase vs frequency, one line per EIS step: where in
    frequency each process shows, which the Nyquist plot hides."""
    sps = spectra(run)
    fig, (ax_m, ax_p) = new_figure(figsize=(7.0, 5.8), nrows=2, sharex=True)
    for sp, c, lw in zip(sps, time_colors(len(sps)), line_widths(len(sps))):
        ax_m.plot(sp["f"], sp["abs"], color=c, lw=lw, label=sp["label"])
        ax_p.plot(sp["f"], -sp["phase"], color=c, lw=lw)
    ax_m.set_xscale("log")
    ax_m.set_yscale("log")
    # |Z| often spans less than two decades: label 1, 2 and 5 of each.
    ax_m.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
    ax_m.yaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt(v)))
    ax_m.yaxis.set_minor_formatter(NullFormatter())
    f = np.concatenate([sp["f"] for sp in sps])
    ax_m.set_xlim(f.min(), f.max())
    ax_p.axhline(0, color="0.5", lw=0.8, zorder=1)
    ax_p.set_ylim(min(0.0, min(-sp["phase"].max() for sp in sps)) - 2,
                  max((-sp["phase"]).max() for sp in sps) * 1.12 + 1)
    ax_m.set_ylabel(r"$|Z|$ (%s)" % OHM_CM2)
    ax_p.set_ylabel(r"$-$phase (deg)")
    ax_p.set_xlabel("frequency (Hz)")
    ax_m.legend(loc="best")
    ax_m.set_title(headed("Bode", run))
    save(fig, path, written)


# --------------------------------------------------------------------------
# Distribution of relaxation times
# --------------------------------------------------------------------------

def drt_label(step, info):
    """The spectrum's label with the DRT's R_inf and, for a blocking low-
    frequency end (full cells), its series capacitance."""
    label = spectrum_label(step, info)
    drt = info.get("drt") if isinstance(info, dict) else None
    if not isinstance(drt, dict):
        return label
    r_inf, cap = drt.get("r_inf_ohm_cm2"), drt.get("series_capacitance_F_cm2")
    if isinstance(r_inf, (int, float)):
        label += r", $R_\infty$ = %s %s" % (fmt(r_inf), OHM_CM2)
    if isinstance(cap, (int, float)) and cap > 0:
        label += r", $C_\mathrm{s}$ = %s F/cm$^2$" % fmt(cap)
    return label


def drt_figure(curves, colors, labels, peaks, bands, title, path, written,
               label_last=True, widths=None, legend_below=False):
    """gamma vs tau, one line per curve with markers at its peaks (with
    `label_last`, R and tau written at the last curve's), bands (tau_from,
    tau_to, name) shaded behind.  legend_below: the legend under the axes
    (long labels of several runs would cover the peaks)."""
    fig, ax = new_figure(figsize=(7.5, 4.6 + (0.22 * (len(curves) + 1)
                                              if legend_below else 0.0)))
    handle = shade_bands(ax, bands) if bands else None
    widths = widths or [1.7] * len(curves)
    top, cut = gamma_top(curves)
    labels = [lab + (r" (off scale: $\gamma$ up to %.0f %s)"
                     % (np.nanmax(curves[k][1]), OHM_CM2) if k in cut else "")
              for k, lab in enumerate(labels)]
    for k, (curve, c, lab, lw) in enumerate(zip(curves, colors, labels,
                                                 widths)):
        ax.plot(curve[0], curve[1], color=c, lw=lw, label=lab, zorder=3)
        mark_peaks(ax, curve, peaks[k], c,
                   label=label_last and k == len(curves) - 1)
    ax.set_xscale("log")
    xlim = drt_xlim(curves, bands)
    if xlim:
        ax.set_xlim(*xlim)
    ax.set_ylim(-0.015 * top, top)
    ax.axhline(0, color="0.5", lw=0.8, zorder=1)
    ax.set_xlabel(r"relaxation time $\tau$ (s)")
    ax.set_ylabel(r"$\gamma$ per ln $\tau$ (%s)" % OHM_CM2)
    if legend_below:
        band_legend(ax, handle, loc="upper center",
                    bbox_to_anchor=(0.5, -0.13))
    else:
        band_legend(ax, handle, loc="best")
    ax.set_title(title)
    save(fig, path, written)


def plot_drt(run, path, written, measured=None):
    """The distribution of relaxation times of each EIS step.  The paper's
    bands (from `measured`, else the repository's targets.yaml) are shaded
    for Li | sep | Li cells only: they were measured on those."""
    curves = drt_curves(run)
    info = spectrum_info(run)
    steps = sorted(curves)
    bands = drt_bands(measured) if is_symmetric(run) else []
    drt_figure([curves[k] for k in steps], time_colors(len(steps)),
               [drt_label(k, info.get(k, {})) for k in steps],
               [peak_list(info.get(k, {})) for k in steps], bands,
               headed("DRT", run), path, written,
               widths=line_widths(len(steps)))


# --------------------------------------------------------------------------
# Several runs: the last spectrum of each
# --------------------------------------------------------------------------

def plot_nyquist_comparison(runs, path, written, colors):
    """The last spectrum of each run (the cell after its protocol), in the
    run's colour, labelled by run folder name."""
    sps = [spectra(r)[-1] for r in runs]
    nyquist_figure(sps, colors, [r.name for r in runs],
                   compared_title("Nyquist, last spectrum", runs), path,
                   written)


def plot_drt_comparison(runs, path, written, colors, measured=None):
    """The DRT of the last spectrum of each run, labelled with the total R
    of its peaks (the polarisation resistance); the paper's bands only
    when all the runs are Li | sep | Li.  The runs must have drt.csv
    (has_drt); peaks are marked, not labelled (too many for one plot)."""
    last = [max(drt_curves(r)) for r in runs]
    infos = [spectrum_info(r).get(k, {}) for r, k in zip(runs, last)]
    bands = drt_bands(measured) if all(map(is_symmetric, runs)) else []
    labels = ["%s, $\\Sigma R$ = %s %s" % (
        r.name, fmt(sum(p[1] for p in peak_list(i))), OHM_CM2)
        if peak_list(i) else r.name for r, i in zip(runs, infos)]
    drt_figure([drt_curves(r)[k] for r, k in zip(runs, last)], colors,
               labels, [peak_list(i) for i in infos], bands,
               compared_title("DRT, last spectrum", runs), path, written,
               label_last=False, legend_below=True)
