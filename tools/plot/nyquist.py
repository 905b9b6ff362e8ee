"""Drawing Nyquist plots: spectra with a marker at each decade of frequency,
frequency labels set off the curve, limits that keep the arcs readable
(a capacitive low-frequency tail is clipped) and, when a big arc dwarfs
the high-frequency arcs, the extent of a zoom panel on those."""

import math

import numpy as np
from matplotlib.patches import Rectangle

from .style import REFERENCE_COLOR, fmt

# -Im Z is shown up to this many times the Re Z span: a capacitive tail
# (full cells: intercalation capacitance) rises without bound and would
# squash the arcs.
TAIL_CLIP = 0.75
# A zoom panel when the high-frequency arcs end before this fraction of
# the Re Z span ...
ZOOM_FRACTION = 0.3
# ... because a later arc (or tail) is this many times taller.
ZOOM_HEIGHT_RATIO = 5.0
_UNITS = ((1e6, "MHz"), (1e3, "kHz"), (1.0, "Hz"), (1e-3, "mHz"))


def freq_text(f):
    """1e6 -> '1 MHz', 0.01 -> '10 mHz'."""
    for scale, unit in _UNITS:
        if f >= 0.9999 * scale:
            return "%s %s" % (fmt(f / scale), unit)
    return "%s mHz" % fmt(f * 1e3)


def at_frequency(sp, f):
    """(Re Z, -Im Z) of spectrum `sp` at frequency f, interpolated in
    log f (the decades need not be among the computed frequencies)."""
    lf = np.log10(sp["f"])
    order = np.argsort(lf)
    x = math.log10(f)
    return (float(np.interp(x, lf[order], sp["re"][order])),
            float(np.interp(x, lf[order], sp["im"][order])))


def decades(sp):
    """The whole decades of frequency within the spectrum, highest first."""
    lo, hi = np.log10(sp["f"].min()), np.log10(sp["f"].max())
    ks = range(math.floor(hi + 1e-9), math.ceil(lo - 1e-9) - 1, -1)
    return [10.0 ** k for k in ks]


def draw_spectrum(ax, sp, color, label, lw=1.6):
    """-Im Z vs Re Z as a line, with a marker at each decade of frequency."""
    ax.plot(sp["re"], sp["im"], color=color, lw=lw, label=label, zorder=3)
    pts = np.array([at_frequency(sp, f) for f in decades(sp)])
    if pts.size:
        ax.plot(pts[:, 0], pts[:, 1], ls="none", marker="o", ms=4.5,
                mfc=color, mec="white", mew=0.7, zorder=4)


def _inside(x, y, view):
    (x0, x1), (y0, y1) = view[:2]
    return x0 <= x <= x1 and y0 <= y <= y1


def _label_direction(sp, f, x, view):
    """Unit vector from the point at f to its label: the left normal of the
    direction of falling frequency (away from the arc; the axes have equal
    aspect), or to the right when that would run into the left edge."""
    (xa, ya), (xb, yb) = at_frequency(sp, f * 1.3), at_frequency(sp, f / 1.3)
    nx, ny = -(yb - ya), xb - xa
    norm = math.hypot(nx, ny)
    nx, ny = (nx / norm, ny / norm) if norm > 0 else (0.0, 1.0)
    (x0, x1) = view[0]
    if nx < -0.4 and x - x0 < 0.1 * (x1 - x0):
        return 1.0, 0.0
    return nx, ny


def annotate_decades(ax, sp, view, skip=None, color="0.2"):
    """Label the decade markers of spectrum `sp` with their frequency, off
    the curve.  A label that would crowd the previous one, falls outside
    `view` or inside `skip` (a zoom panel's view, labelled there) is left
    out."""
    (x0, x1) = view[0]
    min_gap = 0.05 * (x1 - x0)
    last = None
    for f in decades(sp):
        x, y = at_frequency(sp, f)
        if not _inside(x, y, view) or (skip and _inside(x, y, skip)):
            continue
        if last is not None and math.hypot(x - last[0], y - last[1]) < min_gap:
            continue
        nx, ny = _label_direction(sp, f, x, view)
        ax.annotate(freq_text(f), (x, y), xytext=(8 * nx, 8 * ny),
                    textcoords="offset points", fontsize=7, color=color,
                    ha="right" if nx < -0.4 else "left" if nx > 0.4
                    else "center",
                    va="bottom" if ny > 0.4 else "top" if ny < -0.4
                    else "center", zorder=5)
        last = (x, y)


def nyquist_view(sps):
    """((x0, x1), (y0, y1), clipped): all spectra, from the origin, with -Im Z
    cut at TAIL_CLIP times the Re Z span (clipped is then the largest -Im Z
    left out, else None)."""
    re = np.concatenate([sp["re"] for sp in sps])
    im = np.concatenate([sp["im"] for sp in sps])
    x0, x1 = min(0.0, re.min()), re.max()
    span = max(x1 - x0, 1e-12)
    y0, y1 = min(0.0, im.min()), im.max()
    clipped = None
    if y1 > TAIL_CLIP * span:
        clipped, y1 = y1, TAIL_CLIP * span
    return ((x0 - 0.02 * span, x1 + 0.04 * span),
            (y0 - 0.03 * span, y1 + 0.08 * span), clipped)


def _arc_heights(im):
    """[(start index, height)] of the arcs of one spectrum (-Im Z in order
    of falling frequency), split at the local minima of -Im Z."""
    cuts = [i for i in range(1, len(im) - 1)
            if im[i] <= im[i - 1] and im[i] < im[i + 1]]
    bounds = [0] + cuts + [len(im)]
    return [(a, float(np.max(im[a:b]))) for a, b in zip(bounds, bounds[1:])]


def _dominant_arc_start(sp):
    """Index where the spectrum's tallest arc starts when all the arcs at
    higher frequencies are ZOOM_HEIGHT_RATIO times lower; None when the
    spectrum has no such dominant arc."""
    arcs = _arc_heights(sp["im"])
    k = max(range(len(arcs)), key=lambda j: arcs[j][1])
    if k == 0 or max(h for _, h in arcs[:k]) * ZOOM_HEIGHT_RATIO > arcs[k][1]:
        return None
    return arcs[k][0]


def zoom_view(sps, view):
    """((x0, x1), (y0, y1)) of a zoom on the high-frequency arcs, or None
    when they are readable in `view` already.  Covers the arcs before the
    dominant arc of each spectrum that has one, and the whole of the
    spectra that have none (compared runs of very different size)."""
    starts = [_dominant_arc_start(sp) for sp in sps]
    if all(k is None for k in starts):
        return None
    keep = [slice(None) if k is None else slice(0, k + 1) for k in starts]
    re = np.concatenate([sp["re"][s] for sp, s in zip(sps, keep)])
    im = np.concatenate([sp["im"][s] for sp, s in zip(sps, keep)])
    (x0, x1) = view[0]
    if re.max() - x0 > ZOOM_FRACTION * (x1 - x0):
        return None
    xs, xe = min(0.0, re.min()), re.max()
    span = max(xe - xs, 1e-12)
    return ((xs - 0.03 * span, xe + 0.06 * span),
            (min(0.0, im.min()) - 0.03 * span,
             max(im.max() + 0.12 * span, 0.3 * span)))


def mark_zoom(ax, zview):
    """The zoomed region as a dashed box on the full view."""
    (x0, x1), (y0, y1) = zview
    ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False,
                           ec=REFERENCE_COLOR, ls="--", lw=1.0, zorder=6))


def set_view(ax, view, ylabel=True):
    """Limits, equal aspect and the axis labels (ohm cm2) of a Nyquist
    axes."""
    (x0, x1), (y0, y1) = view[:2]
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")
    ax.axhline(0, color="0.5", lw=0.8, zorder=1)
    ax.set_xlabel(r"Re $Z$ ($\Omega$ cm$^2$)")
    if ylabel:
        ax.set_ylabel(r"$-$Im $Z$ ($\Omega$ cm$^2$)")
