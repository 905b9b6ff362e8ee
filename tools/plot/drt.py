"""Drawing distributions of relaxation times: the curves, their peaks from
summary.json (with R and tau written at the larger ones) and the paper's
time-constant bands (targets.yaml impedance) shaded behind them."""

import math
from itertools import cycle

import numpy as np
from matplotlib.collections import PolyCollection
from matplotlib.legend_handler import HandlerTuple
from matplotlib.patches import Patch
from matplotlib.transforms import blended_transform_factory

from .style import fmt

# Light fills, one per band (contact, internal, interfacial transfer).
BAND_COLORS = ("#fbe0c4", "#d5ecd2", "#dcd6f2")
BAND_LABEL = "paper bands (Li | sep | Li)"
# Peaks holding less than this fraction of the peaks' total R are neither
# marked nor labelled (a label per 0.1 ohm cm2 wiggle would bury the main
# ones; the summary lists them all).
LABEL_MIN_FRACTION = 0.01
# Curves peaking this many times higher than the others (a full cell's
# beside Li | Li cells) are cut by the gamma axis, so that the others
# stay readable.
CLIP_RATIO = 5.0
_TAU_UNITS = ((1.0, "s"), (1e-3, "ms"), (1e-6, "\u00b5s"), (1e-9, "ns"))
OHM_CM2 = r"$\Omega$ cm$^2$"


def tau_text(tau):
    """0.000244 -> '244 \u00b5s', 1.17 -> '1.17 s'."""
    for scale, unit in _TAU_UNITS:
        if tau >= 0.9999 * scale:
            return "%s %s" % (fmt(tau / scale), unit)
    return "%s ns" % fmt(tau * 1e9)


def shade_bands(ax, bands):
    """Each band (tau_from, tau_to, name) shaded over the full height with
    its name along the top; returns the legend handle (one patch per band).
    The fills are collections added without autolim, so that they neither
    stretch the limits nor keep legend(loc="best") away."""
    trans = blended_transform_factory(ax.transData, ax.transAxes)
    patches = []
    for (lo, hi, name), color in zip(bands, cycle(BAND_COLORS)):
        ax.add_collection(PolyCollection(
            [[(lo, 0), (hi, 0), (hi, 1), (lo, 1)]], transform=trans,
            facecolors=color, linewidths=0, zorder=0), autolim=False)
        ax.text(math.sqrt(lo * hi), 0.985, name.replace(" ", "\n"),
                transform=trans, ha="center", va="top", fontsize=7,
                color="0.3", zorder=1)
        patches.append(Patch(facecolor=color, edgecolor="none"))
    return tuple(patches)


def band_legend(ax, band_handle, **kw):
    """The legend of the curves, plus one entry for the bands (their
    colours side by side) when band_handle is not None."""
    handles, labels = ax.get_legend_handles_labels()
    if band_handle:
        handles.append(band_handle)
        labels.append(BAND_LABEL)
    ax.legend(handles, labels, handler_map={tuple: HandlerTuple(
        ndivide=None, pad=0)}, **kw)


def peak_list(info):
    """[(tau_s, r_ohm_cm2, tau_from_s, tau_to_s)] of the DRT peaks of one
    summary.json impedance entry (empty when it has none)."""
    drt = info.get("drt") if isinstance(info, dict) else None
    peaks = drt.get("peaks") if isinstance(drt, dict) else None
    out = []
    for p in peaks if isinstance(peaks, list) else []:
        try:
            tau, r = float(p["tau_s"]), float(p["r_ohm_cm2"])
            lo = float(p.get("tau_from_s", tau))
            hi = float(p.get("tau_to_s", tau))
        except (KeyError, TypeError, ValueError):
            continue
        if tau > 0 and math.isfinite(r):
            out.append((tau, r, min(lo, tau), max(hi, tau)))
    return out


def _peak_top(curve, peak):
    """(tau, gamma) of the curve's highest point within the peak's range
    (the peak's tau is its centroid, off the grid of the curve)."""
    tau, gamma = curve
    tp, _, lo, hi = peak
    sel = (tau >= lo * 0.999) & (tau <= hi * 1.001)
    if not sel.any():
        return tp, float(np.interp(math.log(tp), np.log(tau), gamma))
    k = np.flatnonzero(sel)[np.argmax(gamma[sel])]
    return float(tau[k]), float(gamma[k])


def mark_peaks(ax, curve, peaks, color, label=True):
    """A marker on the curve (tau, gamma) at each peak that holds at least
    LABEL_MIN_FRACTION of the total R; with `label`, R and tau written
    above it."""
    total = sum(abs(p[1]) for p in peaks)
    for peak in peaks:
        if abs(peak[1]) < LABEL_MIN_FRACTION * total:
            continue
        x, g = _peak_top(curve, peak)
        ax.plot([x], [g], ls="none", marker="o", ms=4.5, mfc=color,
                mec="white", mew=0.7, zorder=4)
        if label:
            ax.annotate("%s %s\n%s" % (fmt(peak[1]), OHM_CM2,
                                       tau_text(peak[0])),
                        (x, g), xytext=(0, 5), textcoords="offset points",
                        ha="center", va="bottom", fontsize=7, color="0.15",
                        zorder=5)


def gamma_top(curves):
    """(top of the gamma axis, indices of the curves it cuts): when some
    curves peak more than CLIP_RATIO times higher than the rest, the axis
    is set by the rest (at the largest such gap); headroom for the peak
    labels and band names either way."""
    tops = [float(np.nanmax(g)) if g.size else 0.0 for _, g in curves]
    order = sorted(range(len(tops)), key=lambda k: -tops[k])
    ratios = [tops[a] / max(tops[b], 1e-300)
              for a, b in zip(order, order[1:])]
    if ratios and max(ratios) > CLIP_RATIO and tops[order[-1]] > 0:
        cut = ratios.index(max(ratios)) + 1
        return 1.35 * tops[order[cut]], order[:cut]
    top = max(tops, default=0.0)
    return (1.35 * top if top > 0 else 1.0), []


def drt_xlim(curves, bands=()):
    """Log tau limits around where any curve is above 0.5 % of its
    maximum (the regularised DRT is zero far outside the measured
    frequencies), half a decade wider, and including the bands."""
    lo, hi = [], []
    for tau, gamma in curves:
        top = np.nanmax(gamma) if gamma.size else 0.0
        on = tau[gamma > 0.005 * top] if top > 0 else tau
        if on.size:
            lo.append(on.min())
            hi.append(on.max())
    lo += [b[0] for b in bands]
    hi += [b[1] for b in bands]
    if not lo:
        return None
    return min(lo) / 10 ** 0.5, max(hi) * 10 ** 0.5
