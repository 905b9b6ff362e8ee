"""Several run folders together."""

import matplotlib.pyplot as plt

from .data import nrows, warn
from .style import new_figure, save, time_unit


def plot_comparison(runs, path, written, reference=None):
    """The voltages of the runs (and the reference curve) vs time.  Uses the
    runs whose timeseries has time_s and voltage_V; needs at least two."""
    runs = [r for r in runs
            if nrows(r.ts) and "voltage_V" in r.ts and "time_s" in r.ts]
    if len(runs) < 2:
        warn("fewer than two run folders with data; "
             "comparison_voltage.png skipped")
        return
    t_max = max(r.t_end() for r in runs)
    if reference is not None:
        t_max = max(t_max, reference["t"].max())
    scale, unit = time_unit(t_max)
    fig, ax = new_figure()
    colors = plt.get_cmap("tab10")
    for k, r in enumerate(runs):
        ax.plot(r.ts["time_s"] / scale, r.ts["voltage_V"],
                color=colors(k % 10), lw=1.6, label=r.name)
    if reference is not None:
        ax.plot(reference["t"] / scale, reference["v"], "--", color="0.25",
                lw=1.4, label="reference (%s)" % reference["name"])
    ax.set_xlabel("time (%s)" % unit)
    ax.set_ylabel("voltage (V)")
    ax.set_xlim(0, t_max / scale if t_max > 0 else 1)
    ax.legend(loc="best")
    titles = {r.title() for r in runs}
    ax.set_title(titles.pop() if len(titles) == 1 else "Voltage comparison")
    save(fig, path, written)
