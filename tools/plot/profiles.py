"""Plots of profiles.csv: electrolyte profiles across the cell and particle
surface profiles in each porous electrode, with the cell's regions marked."""

import math

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.transforms import blended_transform_factory

from .data import has_values
from .style import BOUNDARY_COLOR, format_time, save, time_colors


def profile_times(prof):
    t = prof["time_s"]
    times = []
    for value in t:
        if np.isfinite(value) and value not in times:
            times.append(value)
    return times


def region_label(region):
    """'separator:PP' -> 'separator\\nPP';
    'separator:separator' -> 'separator'."""
    head, _, tail = region.partition(":")
    if not tail or tail == head:
        return head
    return head + "\n" + tail


def region_spans(x, regions):
    """[(name, x_left, x_right)] for consecutive runs of the region column
    (x sorted), treating x as cell centres of a finite-volume mesh."""
    runs = []
    for xi, r in zip(x, regions):
        if runs and runs[-1][0] == r:
            runs[-1][1].append(xi)
        else:
            runs.append((r, [xi]))

    def half_width(xs, at_end):
        if len(xs) < 2:
            return None
        return 0.5 * ((xs[-1] - xs[-2]) if at_end else (xs[1] - xs[0]))

    bounds = []
    for (ra, xa), (rb, xb) in zip(runs[:-1], runs[1:]):
        guesses = []
        ha, hb = half_width(xa, True), half_width(xb, False)
        if ha is not None:
            guesses.append(xa[-1] + ha)
        if hb is not None:
            guesses.append(xb[0] - hb)
        b = np.mean(guesses) if guesses else 0.5 * (xa[-1] + xb[0])
        if not (xa[-1] <= b <= xb[0]):
            b = 0.5 * (xa[-1] + xb[0])
        bounds.append(b)
    if not runs:
        return []
    h0 = half_width(runs[0][1], False)
    left = max(0.0, runs[0][1][0] - h0) if h0 is not None else runs[0][1][0]
    h1 = half_width(runs[-1][1], True)
    right = runs[-1][1][-1] + h1 if h1 is not None else runs[-1][1][-1]
    edges = [left] + bounds + [right]
    return [(r, edges[k], edges[k + 1]) for k, (r, _) in enumerate(runs)]


def one_profile(prof, t):
    """Row indices of the profile at time t, sorted by x."""
    idx = np.nonzero(prof["time_s"] == t)[0]
    idx = idx[np.argsort(prof["x_m"][idx], kind="stable")]
    return idx


def first_spans(prof, times):
    """Region spans of the first profile (the mesh does not move)."""
    idx0 = one_profile(prof, times[0])
    return region_spans(prof["x_m"][idx0], [prof["region"][i] for i in idx0])


def time_label(t, times):
    return format_time(t) if len(times) > 1 else "t = " + format_time(t)


def draw_regions(axes, spans, scale=1e6, names_on=None):
    """Dotted lines at region boundaries on all axes; names above names_on."""
    for ax in axes:
        for _, _, right in spans[:-1]:
            ax.axvline(right * scale, color=BOUNDARY_COLOR, ls=":", lw=1.0,
                       zorder=1)
    if names_on is not None and spans:
        trans = blended_transform_factory(names_on.transData,
                                          names_on.transAxes)
        total = spans[-1][2] - spans[0][1]
        for name, left, right in spans:
            narrow = (right - left) < 0.15 * total
            names_on.text(0.5 * (left + right) * scale, 1.02,
                          region_label(name), transform=trans, ha="center",
                          va="bottom", fontsize=7 if narrow else 8,
                          color="0.3", linespacing=0.95)


def plot_electrolyte(run, path, written):
    """c_e and phi_e vs x at each profile time.  Needs profile columns
    time_s, x_m, region, c_e_mol_m3 and phi_e_V."""
    prof = run.profiles
    times = profile_times(prof)
    if not times:
        return
    spans = first_spans(prof, times)
    fig, (ax_c, ax_p) = plt.subplots(2, 1, figsize=(7.0, 6.0), sharex=True)
    colors = time_colors(len(times))
    for t, color in zip(times, colors):
        idx = one_profile(prof, t)
        x = prof["x_m"][idx] * 1e6
        ax_c.plot(x, prof["c_e_mol_m3"][idx], color=color, lw=1.6,
                  marker="o" if len(idx) < 15 else None, ms=3,
                  label=time_label(t, times))
        ax_p.plot(x, prof["phi_e_V"][idx] * 1e3, color=color, lw=1.6,
                  marker="o" if len(idx) < 15 else None, ms=3)
    draw_regions((ax_c, ax_p), spans, names_on=ax_c)
    if spans:
        ax_p.set_xlim(spans[0][1] * 1e6, spans[-1][2] * 1e6)
    ax_c.set_ylabel("c$_e$ (mol/m$^3$)")
    ax_p.set_ylabel("$\\phi_e$ (mV)")
    ax_p.set_xlabel("x (\u00b5m)")
    if len(times) > 1:
        ax_c.legend(title="time", loc="best", ncol=1 if len(times) <= 6 else 2)
    else:
        ax_c.legend(loc="best")
    fig.suptitle("Electrolyte  \u2022  " + run.title(), fontsize=10)
    save(fig, path, written)


# --------------------------------------------------------------------------
# Particle surface
# --------------------------------------------------------------------------

def in_region(prof, name):
    return np.array([r == name for r in prof["region"]])


def phi_s_unit(prof, name, has_phi):
    """(scale, unit) for phi_s in region `name`: V, or mV / uV when it stays
    close to 0 (the negative electrode is grounded at its current
    collector)."""
    phi_all = np.array([])
    if has_phi:
        phi_all = prof["phi_s_V"][in_region(prof, name)]
        phi_all = phi_all[np.isfinite(phi_all)]
    phi_max = np.max(np.abs(phi_all)) if phi_all.size else 1.0
    if phi_max < 1e-3:
        return 1e6, "\u00b5V"
    if phi_max < 0.1:
        return 1e3, "mV"
    return 1.0, "V"


def draw_electrode(prof, times, name, axes, has_phi):
    """c_s,surf (axes[0]) and phi_s (axes[1]) vs x in one electrode."""
    ax_c, ax_p = axes
    cs = prof["c_s_surf_mol_m3"]
    phi_scale, phi_unit = phi_s_unit(prof, name, has_phi)
    for t, color in zip(times, time_colors(len(times))):
        idx = one_profile(prof, t)
        idx = np.array([i for i in idx if prof["region"][i] == name],
                       dtype=int)
        if not idx.size:
            continue
        x = prof["x_m"][idx] * 1e6
        mk = "o" if len(idx) < 15 else None
        ax_c.plot(x, cs[idx], color=color, lw=1.6, marker=mk, ms=3,
                  label=time_label(t, times))
        if has_phi:
            phi = prof["phi_s_V"][idx] * phi_scale
            ax_p.plot(x, phi, color=color, lw=1.6, marker=mk, ms=3)
    return phi_unit


def plot_particle(run, path, written):
    """c_s,surf and phi_s vs x in each electrode (region with any c_s,surf
    value).  Needs profile columns time_s, x_m, region and c_s_surf_mol_m3;
    phi_s_V is drawn when present."""
    prof = run.profiles
    times = profile_times(prof)
    if not times:
        return
    cs = prof["c_s_surf_mol_m3"]
    electrodes = [(name, left, right)
                  for name, left, right in first_spans(prof, times)
                  if np.isfinite(cs[in_region(prof, name)]).any()]
    if not electrodes:
        return
    widths = [max(r - l, 1e-12) for _, l, r in electrodes]
    fig, axes = plt.subplots(
        2, len(electrodes), figsize=(7.0, 6.0), sharex="col", squeeze=False,
        gridspec_kw={"width_ratios": widths})
    has_phi = has_values(prof, "phi_s_V")
    for j, (name, left, right) in enumerate(electrodes):
        ax_c, ax_p = axes[0][j], axes[1][j]
        phi_unit = draw_electrode(prof, times, name, (ax_c, ax_p), has_phi)
        ax_c.set_title(region_label(name).replace("\n", " "), fontsize=9,
                       color="0.3")
        ax_p.set_xlim(left * 1e6, right * 1e6)
        ax_p.set_xlabel("x (\u00b5m)")
        ax_c.ticklabel_format(axis="y", useOffset=False)
        ax_p.ticklabel_format(axis="y", useOffset=False)
        ax_c.set_ylabel("c$_{s,surf}$ (mol/m$^3$)" if j == 0 else "")
        ax_p.set_ylabel("$\\phi_s$ (%s)" % phi_unit)
        if not has_phi:
            ax_p.text(0.5, 0.5, "no $\\phi_s$ data", transform=ax_p.transAxes,
                      ha="center", va="center", color="0.5")
    fig.suptitle("Particle surface  \u2022  " + run.title(), fontsize=10)
    if len(times) > 1:
        # Below the panels: the curves fill the electrode panels.
        handles, labels = axes[0][0].get_legend_handles_labels()
        ncol = min(len(times), 6)
        nrow = int(math.ceil(len(times) / float(ncol)))
        fig.legend(handles, labels, loc="lower center", ncol=ncol,
                   title="time", frameon=False)
        fig.tight_layout(rect=(0, 0.035 + 0.03 * nrow, 1, 1))
        save(fig, path, written, layout=False)
    else:
        axes[0][0].legend(loc="best")
        save(fig, path, written)
