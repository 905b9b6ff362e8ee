"""Plot the results of one or more cellsim run folders.

Usage:
    /usr/bin/python3 tools/plot RUN_DIR [RUN_DIR ...] [--out PNG_DIR]
                     [--reference CSV] [--measured CSV]

For every run folder (as written by `cellsim run CASE.yaml --out RUN_DIR`) this
writes PNGs and prints the path of each file written:

    voltage_time.png          voltage vs time, steps shaded alternately
    voltage_capacity.png      voltage vs charge passed, one line per step that
                              passes charge (discharge red, charge blue)
    current_time.png          current density vs time
    electrolyte_profiles.png  c_e and phi_e vs x at each profile time
    particle_surface.png      c_s,surf and phi_s vs x in each electrode
    comparison_voltage.png    only with several run folders: their voltages
                              overlaid (written once, see --out)

Lithium-metal symmetric cells (Li | separator | Li; timeseries.csv has
c_e_surface_negative_mol_m3 and c_e_surface_positive_mol_m3) also get, when
the data applies:

    plating_stripping.png       voltage (mV) vs time, current levels labelled;
                                with many half-cycles also zooms on the first
                                and last cycles (not for potentiostatic holds)
    overpotential_per_cycle.png overpotential per half-cycle vs time, for
                                long constant-current cycling (cycles.csv;
                                |v_end_V| when overpotential_mV is missing)
    overpotential_vs_current.png  summary figures rate_polarisation_mV vs
                                current density (rate experiments)
    ccd_staircase.png           critical-current staircase: mean current
                                density and the electrolyte concentration at
                                both lithium surfaces vs time, failure marked
    bruce_vincent.png           potentiostatic Bruce-Vincent step: current vs
                                log time with I0, Iss and rho+

Columns are read by name; a plot whose columns are missing (or empty) is
skipped.

PNGs go into the run folder itself unless --out is given.  With --out and
several run folders, each run gets a sub-folder PNG_DIR/<run folder name>/ and
comparison_voltage.png goes to PNG_DIR; without --out, comparison_voltage.png
goes into the first run folder.

--reference CSV (columns time_s,voltage_V) overlays a reference voltage curve
(dashed) on voltage_time.png and comparison_voltage.png, e.g.
tests/data/comsol_marquis2019/1C_voltage.csv.

--measured CSV overlays measured overpotentials (open markers) on
overpotential_vs_current.png: columns current_mA_cm2,overpotential_mV, or the
layout of cases/paper/comparison.csv (figure,separator,condition,measured,...;
the rate_polarisation_mV rows for the run's separator are used).

From Python, with tools/ on sys.path:

    import plot
    written = plot.plot_run("out/3C", "out/3C/png")   # or plot.Run(folder)

Modules: data (reading run folders), style (look, figure helpers), timeseries,
profiles, comparison, lithium (shared by the symmetric-cell plots),
symmetric, ccd, bruce_vincent, runs (which plots apply to a run), __main__
(command line).

Uses only the standard library, numpy and matplotlib (Debian:
python3-numpy, python3-matplotlib); run it with /usr/bin/python3.
"""

import matplotlib

# PNG files only: select the non-interactive backend before any module of
# the package imports pyplot (importing any of them runs this file first).
matplotlib.use("Agg")

from .comparison import plot_comparison  # noqa: E402
from .data import Run, read_reference  # noqa: E402
from .runs import plot_run  # noqa: E402

__all__ = ["Run", "plot_comparison", "plot_run", "read_reference"]
