"""All the plots of one run folder: each plot is drawn when the run has the
data it needs (columns are looked up by name, and a missing column skips
the plot that needs it).  Symmetric-cell plots only for Li | separator | Li
cells, full-cell plots (rates, CV, dQ/dV, capacity per cycle) only for the
others; ageing and per-cycle voltage curves for any run with repeated
cycles, impedance plots (Nyquist, Bode, DRT) for any run with EIS
steps."""

import os

import matplotlib.pyplot as plt
import numpy as np

from .ageing import plot_ageing
from .bruce_vincent import plot_bruce_vincent
from .ccd import plot_ccd_staircase
from .cv import cv_cycles, plot_cv
from .cycling import has_cycles, plot_capacity_per_cycle
from .data import Run, has_figure, has_values, nrows, warn
from .dqdv import full_steps, plot_dqdv
from .impedance import (has_drt, has_impedance, plot_bode, plot_drt,
                        plot_nyquist)
from .life import has_ageing
from .lithium import half_cycles, is_symmetric
from .measured import read_measured
from .profiles import plot_electrolyte, plot_particle
from .rate import is_rate_experiment, plot_capacity_vs_rate, plot_rate_curves
from .symmetric import (plot_overpotential_per_cycle,
                        plot_overpotential_vs_current, plot_plating_stripping)
from .timeseries import (plot_current_time, plot_voltage_capacity,
                         plot_voltage_time)
from .voltage_curves import has_cycle_curves, plot_voltage_curves


def lithium_metal_jobs(run, written, measured=None):
    """[(png name, function of the png path)] for the symmetric-cell /
    lithium-metal plots that apply to this run (none unless it is
    Li | separator | Li)."""
    ts = run.ts
    have_ts = (nrows(ts) > 0 and "time_s" in ts and "voltage_V" in ts)
    jobs = []
    if not is_symmetric(run):
        return jobs
    if has_figure(run, "rate_polarisation_mV"):
        jobs.append(("overpotential_vs_current.png",
                     lambda p: plot_overpotential_vs_current(
                         run, p, written, measured)))
    if (have_ts and "current_A_m2" in ts
            and (has_figure(run, "critical_current_density")
                 or has_figure(run, "hot_spot_factor"))):
        jobs.append(("ccd_staircase.png",
                     lambda p: plot_ccd_staircase(run, p, written)))
    if have_ts and "current_A_m2" in ts and has_figure(run, "bruce_vincent"):
        jobs.append(("bruce_vincent.png",
                     lambda p: plot_bruce_vincent(run, p, written)))
    if have_ts:
        v = ts["voltage_V"][np.isfinite(ts["voltage_V"])]
        held = v.size > 0 and np.ptp(v) <= 1e-9 * max(1.0, np.abs(v).max())
        if not held:  # not a potentiostatic hold
            jobs.append(("plating_stripping.png",
                         lambda p: plot_plating_stripping(run, p, written)))
    hc = half_cycles(run)
    if hc is not None and len(hc["index"]) >= 20:
        c = hc["current_mA_cm2"][np.isfinite(hc["current_mA_cm2"])]
        if c.size and np.ptp(c) <= 0.05 * c.max():  # constant-current cycling
            jobs.append(("overpotential_per_cycle.png",
                         lambda p: plot_overpotential_per_cycle(
                             run, p, written, hc)))
    return jobs


def full_cell_jobs(run, written, measured=None):
    """[(png name, function of the png path)] for the full-cell plots that
    apply to this run (none for Li | separator | Li: its capacity per cycle
    is set by the protocol, and it has no rate or CV experiments)."""
    if is_symmetric(run):
        return []
    have_ts = nrows(run.ts) > 0 and "step" in run.ts
    jobs = []
    if (have_ts and is_rate_experiment(run)
            and all(c in run.ts for c in ("capacity_mAh_m2", "voltage_V"))):
        jobs.append(("rate_discharge_curves.png",
                     lambda p: plot_rate_curves(run, p, written)))
    if has_figure(run, "rate_capacity_mAh_"):
        jobs.append(("rate_capability.png",
                     lambda p: plot_capacity_vs_rate(
                         [run], p, written, measured)))
    if cv_cycles(run):
        jobs.append(("cv_curves.png",
                     lambda p: plot_cv(run, p, written, measured)))
    if full_steps(run):
        jobs.append(("dqdv.png", lambda p: plot_dqdv(run, p, written)))
    if has_cycles(run):
        jobs.append(("capacity_per_cycle.png",
                     lambda p: plot_capacity_per_cycle(run, p, written)))
    return jobs


def cycling_jobs(run, written, measured=None):
    """[(png name, function of the png path)] for the plots of repeated
    cycles, any cell: the ageing states per cycle (cycles.csv with ageing
    columns) and the voltage curves of selected cycles."""
    jobs = []
    if has_ageing(run):
        jobs.append(("ageing.png",
                     lambda p: plot_ageing(run, p, written, measured)))
    if has_cycle_curves(run):
        jobs.append(("voltage_curves.png",
                     lambda p: plot_voltage_curves(run, p, written)))
    return jobs


def impedance_jobs(run, written, measured=None):
    """[(png name, function of the png path)] for the impedance plots of a
    run with EIS steps (any cell; the DRT plot also needs drt.csv)."""
    if not has_impedance(run):
        return []
    jobs = [("nyquist.png", lambda p: plot_nyquist(run, p, written)),
            ("bode.png", lambda p: plot_bode(run, p, written))]
    if has_drt(run):
        jobs.append(("drt.png",
                     lambda p: plot_drt(run, p, written, measured)))
    return jobs


def run_jobs(jobs, out_dir):
    """Call each job with its PNG path in out_dir; returns the list of
    (png name, exception) for the jobs that failed (after trying all)."""
    failures = []
    for name, job in jobs:
        try:
            job(os.path.join(out_dir, name))
        except Exception as exc:  # keep going with the other plots
            plt.close("all")
            failures.append((name, exc))
    return failures


def plot_timeseries(run, out_dir, written, reference=None):
    ts = run.ts
    if ts is None:
        warn("%s: no timeseries.csv" % run.folder)
    elif not nrows(ts):
        warn("%s: timeseries.csv has no rows" % run.folder)
    elif "time_s" not in ts or "voltage_V" not in ts:
        warn("%s: timeseries.csv lacks time_s/voltage_V" % run.folder)
    else:
        plot_voltage_time(run, os.path.join(out_dir, "voltage_time.png"),
                          written, reference)
        plot_voltage_capacity(run, os.path.join(out_dir,
                                                "voltage_capacity.png"),
                              written)
        if "current_A_m2" in ts:
            plot_current_time(run, os.path.join(out_dir, "current_time.png"),
                              written)


def plot_profiles(run, out_dir, written):
    prof = run.profiles
    if nrows(prof) and all(c in prof for c in ("time_s", "x_m", "region")):
        if "c_e_mol_m3" in prof and "phi_e_V" in prof:
            plot_electrolyte(run, os.path.join(out_dir,
                                               "electrolyte_profiles.png"),
                             written)
        # Only cells with a porous electrode have c_s_surf (older cellsim
        # versions wrote the column empty for the others).
        if has_values(prof, "c_s_surf_mol_m3"):
            plot_particle(run, os.path.join(out_dir, "particle_surface.png"),
                          written)


def plot_run(run, out_dir, written=None, reference=None, measured=None):
    """Write the PNGs that apply to `run` (a Run or a run folder) into
    out_dir, print each path and append it to `written`; returns `written`.

    reference: a reference voltage curve from data.read_reference, or None.
    measured: measured values from measured.read_measured, or the path of
    a file it reads (CSV or targets.yaml), or None.
    Raises RuntimeError if any symmetric-cell, full-cell, cycling or
    impedance plot failed (after trying the others)."""
    if not isinstance(run, Run):
        run = Run(run)
    if isinstance(measured, str):
        measured = read_measured(measured)
    if written is None:
        written = []
    os.makedirs(out_dir, exist_ok=True)
    plot_timeseries(run, out_dir, written, reference)
    plot_profiles(run, out_dir, written)
    failures = run_jobs(lithium_metal_jobs(run, written, measured)
                        + full_cell_jobs(run, written, measured)
                        + cycling_jobs(run, written, measured)
                        + impedance_jobs(run, written, measured), out_dir)
    if failures:
        for name, exc in failures:
            warn("%s: %s failed: %s: %s"
                 % (run.folder, name, type(exc).__name__, exc))
        raise RuntimeError("%d plot(s) failed" % len(failures))
    return written
