"""Look of the figures: colours, rcParams, number and time formats, figure
creation and saving, and the shading of steps / current levels."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import PolyCollection
from matplotlib.ticker import FuncFormatter
from matplotlib.transforms import blended_transform_factory

from .data import cell_parts

FIGSIZE = (7.0, 4.5)
DPI = 150
DISCHARGE_CMAP = "Reds"
CHARGE_CMAP = "Blues"
DISCHARGE_COLOR = "#c0392b"
CHARGE_COLOR = "#1f5fa8"
VOLTAGE_COLOR = "#1b2631"
CURRENT_COLOR = "#117a65"
REFERENCE_COLOR = "#e67e22"  # reference curves, measured points, zoom marks
SHADE_COLOR = "#e9edf2"
BOUNDARY_COLOR = "0.45"
# Lithium-metal symmetric cells (Li | separator | Li).
PLATE_COLOR = DISCHARGE_COLOR  # discharge half-cycles ("plate")
STRIP_COLOR = CHARGE_COLOR     # charge half-cycles ("strip")
MEAN_CURRENT_COLOR = CURRENT_COLOR
SURFACE_COLORS = {"negative": "#7d3c98", "positive": "#d68910"}

plt.rcParams.update({
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.labelsize": 9,
    "legend.fontsize": 8,
    "legend.framealpha": 0.85,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "grid.color": "0.85",
    "grid.linewidth": 0.6,
    "axes.grid": True,
    "axes.axisbelow": True,
})


# --------------------------------------------------------------------------
# Numbers, times and titles
# --------------------------------------------------------------------------

def time_unit(t_max):
    """(divisor, label) for a time axis spanning t_max seconds."""
    if t_max > 2 * 3600:
        return 3600.0, "h"
    if t_max > 120:
        return 60.0, "min"
    return 1.0, "s"


def format_time(t):
    if t >= 2 * 3600:
        return "%.3g h" % (t / 3600)
    if t >= 120:
        return "%.3g min" % (t / 60)
    return "%.3g s" % t


def fmt(x, digits=3):
    """Compact number: 5 -> '5', 4.7498 -> '4.75', 0.13155 -> '0.132'."""
    return "%.*g" % (digits, x)


def fmt1(x):
    """Like fmt, but whole numbers keep one decimal: 5 -> '5.0'."""
    text = fmt(x)
    return text + ".0" if text.lstrip("-").isdigit() else text


def headed(kind, run, extra=""):
    """'kind  -  run title', on two lines when that would be too long."""
    title = run.title()
    first, _, rest = title.partition("\n")
    kind += extra
    sep = "\n" if len(kind) + len(first) > 70 else "  \u2022  "
    text = kind + sep + first
    if rest:
        text += "\n" + rest
    return text


def compared_title(kind, runs):
    """'kind  -  Li | separator | LiCoO2' when the runs differ only in the
    separator, else kind."""
    ends = {tuple(p[::2]) for p in map(cell_parts, runs) if len(p) == 3}
    if len(ends) == 1 and all(len(cell_parts(r)) == 3 for r in runs):
        first, last = ends.pop()
        return "%s  \u2022  %s | separator | %s" % (kind, first, last)
    return kind


# --------------------------------------------------------------------------
# Figures and axes
# --------------------------------------------------------------------------

def new_figure(figsize=FIGSIZE, **kw):
    return plt.subplots(figsize=figsize, **kw)


def save(fig, path, written, layout=True):
    if layout:
        fig.tight_layout()
    fig.savefig(path, dpi=DPI)
    plt.close(fig)
    written.append(path)
    print(path)


def pad_ylim(ax, arrays, top_pad=0.05, bottom_pad=0.05):
    vals = np.concatenate([np.asarray(a, float) for a in arrays])
    vals = vals[np.isfinite(vals)]
    if not vals.size:
        return
    lo, hi = vals.min(), vals.max()
    span = hi - lo if hi > lo else max(abs(hi) * 0.01, 1e-3)
    ax.set_ylim(lo - bottom_pad * span, hi + top_pad * span)


def zero_line(ax):
    ax.axhline(0, color="0.5", lw=0.8, zorder=1)


def series_colors(n):
    """n distinct colours for unordered series (runs compared)."""
    return [plt.get_cmap("tab10")(k % 10) for k in range(n)]


def time_colors(n):
    return ramp_colors(n)


def ramp_colors(n, cmap="viridis", lo=0.0, hi=0.9):
    """n colours along a sequential colormap (for an ordered quantity: time,
    C-rate, scan rate); the top of viridis is cut off because pale yellow
    is hard to see on white."""
    cmap = plt.get_cmap(cmap)
    if n == 1:
        return [cmap(lo + 0.4 * (hi - lo))]
    return [cmap(lo + (hi - lo) * k / (n - 1)) for k in range(n)]


def log_x_ticks(ax, values, label=fmt, pad=1.35):
    """Log x axis with a tick at each value (a few rates or currents read
    better as their own numbers than as decades)."""
    values = sorted(set(float(v) for v in values))
    ax.set_xscale("log")
    ax.set_xticks(values)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: label(v)))
    ax.minorticks_off()
    ax.set_xlim(values[0] / pad, values[-1] * pad)


# --------------------------------------------------------------------------
# Shading of steps and current levels
# --------------------------------------------------------------------------

def _top_transform(ax):
    """x in data, y in axes coordinates."""
    return blended_transform_factory(ax.transData, ax.transAxes)


def _shade(ax, trans, t0, t1):
    """A band over the full height.  A collection (not axvspan's patch), so
    that legend(loc="best") may cover it; added without autolim, so that
    its axes-coordinate height does not stretch the y data limits."""
    band = PolyCollection([[(t0, 0), (t1, 0), (t1, 1), (t0, 1)]],
                          transform=trans, facecolors=SHADE_COLOR,
                          linewidths=0, zorder=0)
    ax.add_collection(band, autolim=False)


def _label_top(ax, trans, x, text, color):
    ax.text(x, 0.985, text, transform=trans, ha="center", va="top",
            fontsize=7, color=color)


def _keep_legend_clear(ax, trans, xs):
    """Invisible markers under the labels at the top, so that
    legend(loc="best") keeps clear of the labels (but not of the shading,
    which is a collection)."""
    if xs:
        ax.plot(xs, [0.96] * len(xs), ls="none", marker="s", ms=8, alpha=0,
                transform=trans)


def shade_steps(ax, steps, scale, label=True):
    """Shade every second step and label the steps along the top of the axes.

    The shading is a collection and the labels carry invisible markers, so
    that legend(loc="best") keeps clear of the labels but not of the shading.
    """
    if len(steps) < 2:
        return
    finite = [s for s in steps
              if np.isfinite(s["t0"]) and np.isfinite(s["t1"])]
    if not finite:
        return
    t_start = min(s["t0"] for s in finite)
    span = max(max(s["t1"] for s in finite) - t_start, 1e-12)
    trans = _top_transform(ax)
    for i, s in enumerate(steps):
        if s in finite and i % 2 == 1:
            _shade(ax, trans, s["t0"] / scale, s["t1"] / scale)
    if not label or len(steps) > 60:
        return
    xs = []
    for s in finite:
        frac = (s["t1"] - s["t0"]) / span
        if frac < 0.02:
            continue
        text = str(s["step"])
        word = (s.get("text") or "").split()
        if word and frac > 0.09:
            text += " " + word[0].lower()
        xc = 0.5 * (s["t0"] + s["t1"]) / scale
        _label_top(ax, trans, xc, text, "0.4")
        xs.append(xc)
    _keep_legend_clear(ax, trans, xs)


def label_spans(ax, spans, shade=True, min_frac=0.0, text=True):
    """Shade every second span (x0, x1, text) (x in data units) and, with
    `text`, write its text on top; spans narrower than min_frac of the
    whole get no text."""
    if not spans:
        return
    trans = _top_transform(ax)
    width = max(spans[-1][1] - spans[0][0], 1e-12)
    xs = []
    for k, (x0, x1, label) in enumerate(spans):
        if shade and k % 2 == 1:
            _shade(ax, trans, x0, x1)
        if not text or (x1 - x0) / width < min_frac:
            continue
        _label_top(ax, trans, 0.5 * (x0 + x1), label, "0.35")
        xs.append(0.5 * (x0 + x1))
    _keep_legend_clear(ax, trans, xs)


def label_current_groups(ax, groups, scale, shade=True, min_frac=0.035):
    """Shade every second current level (groups from
    lithium.current_groups) and write the level on top."""
    if len(groups) < 2:
        return
    span = max(groups[-1]["t1"] - groups[0]["t0"], 1e-12)
    fracs = [(g["t1"] - g["t0"]) / span for g in groups]
    with_unit = min([f for f in fracs if f >= min_frac], default=0) >= 0.09
    unit = " mA/cm$^2$" if with_unit else ""
    label_spans(ax, [(g["t0"] / scale, g["t1"] / scale,
                      fmt(g["current"]) + unit) for g in groups],
                shade, min_frac)
    if not with_unit:
        ax.text(1.0, 1.01, "levels in mA/cm$^2$", transform=ax.transAxes,
                ha="right", va="bottom", fontsize=7, color="0.35")
