"""Several run folders together: their voltages vs time, and, for the runs
of the same experiment (rate capability, cyclic voltammetry, long cycling,
impedance), that experiment's plot with one line per run."""

from .cv import cv_cycles, plot_cv_comparison
from .data import has_figure, nrows, warn
from .impedance import (has_drt, has_impedance, plot_drt_comparison,
                        plot_nyquist_comparison)
from .lithium import is_symmetric
from .rate import plot_capacity_vs_rate
from .retention import is_cycling_run, plot_retention_comparison
from .style import (compared_title, new_figure, save, series_colors,
                    time_unit)


def run_colors(runs):
    """{id(run): colour}, by the run's place on the command line."""
    return dict(zip(map(id, runs), series_colors(len(runs))))


def comparison_jobs(runs, written, reference=None, measured=None):
    """[(png name, function of the png path)] for the comparison plots that
    apply: the voltages of all runs, and the rate-capability, CV,
    long-cycling retention and impedance (Nyquist, DRT) plots when at least
    two runs have that experiment.  Each run keeps one colour in all of
    them."""
    colors = run_colors(runs)
    full = [r for r in runs if not is_symmetric(r)]
    rate = [r for r in full if has_figure(r, "rate_capacity_mAh_")]
    cv = [r for r in full if cv_cycles(r)]
    cycling = [r for r in full if is_cycling_run(r)]
    eis = [r for r in runs if has_impedance(r)]
    eis_drt = [r for r in eis if has_drt(r)]
    jobs = [("comparison_voltage.png",
             lambda p: plot_comparison(runs, p, written, reference))]
    if len(rate) >= 2:
        jobs.append(("comparison_rate_capability.png",
                     lambda p: plot_capacity_vs_rate(
                         rate, p, written, measured,
                         [colors[id(r)] for r in rate],
                         compared_title("Rate capability", rate))))
    if len(cv) >= 2:
        jobs.append(("comparison_cv.png",
                     lambda p: plot_cv_comparison(
                         cv, p, written, [colors[id(r)] for r in cv],
                         measured)))
    if len(cycling) >= 2:
        jobs.append(("retention_vs_cycle.png",
                     lambda p: plot_retention_comparison(
                         cycling, p, written,
                         [colors[id(r)] for r in cycling], measured)))
    if len(eis) >= 2:
        jobs.append(("comparison_nyquist.png",
                     lambda p: plot_nyquist_comparison(
                         eis, p, written, [colors[id(r)] for r in eis])))
    if len(eis_drt) >= 2:
        jobs.append(("comparison_drt.png",
                     lambda p: plot_drt_comparison(
                         eis_drt, p, written,
                         [colors[id(r)] for r in eis_drt], measured)))
    return jobs


def plot_comparison(runs, path, written, reference=None):
    """The voltages of the runs (and the reference curve) vs time.  Uses the
    runs whose timeseries has time_s and voltage_V; needs at least two."""
    colors = run_colors(runs)
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
    for r in runs:
        ax.plot(r.ts["time_s"] / scale, r.ts["voltage_V"],
                color=colors[id(r)], lw=1.6, label=r.name)
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
