"""Plot the results of one or more cellsim run folders.

Usage:
    /usr/bin/python3 tools/plot RUN_DIR [RUN_DIR ...] [--out PNG_DIR]
                     [--reference CSV] [--measured FILE]

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

Full cells (any cell that is not Li | Li, e.g. Li | separator | LiCoO2 or
graphite | LiCoO2) get, when the data applies (and never the symmetric-cell
plots below):

    rate_discharge_curves.png voltage vs specific capacity (mAh/g; mAh/cm2
                              without an active mass) of the first discharge
                              at each C-rate, one colour per rate, charges
                              faint, a return to an earlier rate dashed
    rate_capability.png       discharge capacity vs C-rate (log axis), from
                              the summary's rate_capacity_mAh_g figures
    cv_curves.png             cyclic voltammetry: current density vs voltage,
                              last cycle at each scan rate, peaks marked,
                              the equilibrium peak; beside it log|i_p| vs
                              log(scan rate) with the fitted slopes
    dqdv.png                  dQ/dV vs voltage of the first full
                              constant-current charge and discharge
                              (differentiated on a voltage grid, smoothed)
    capacity_per_cycle.png    charge/discharge capacity and coulombic
                              efficiency per cycle (cycles.csv, more than
                              one cycle), protocol blocks labelled by rate
    voltage_curves.png        voltage vs capacity (mAh/g) of up to 10
                              complete cycles spread evenly over the cycle
                              numbers, coloured by cycle (colour bar),
                              discharge thick, charge (with its hold) thin

Any cell whose cycles.csv has ageing columns (SEI, dead lithium, lithium
lost, positive active material, CEI, electrolyte salt; two cycles or more)
gets:

    ageing.png                per cycle, against the true cycle number (a
                              cycle-jumping run has rows for the cycles
                              simulated in full only: 1, 2, 3, 25, 50, ...;
                              markers show them): (a) discharge capacity
                              with retention vs the first cycle (not for
                              Li | Li), (b) interphase resistance per
                              mechanism and side (SEI film, dead Li, CEI)
                              and their sum, (c) lithium lost (mol/m2 and
                              mAh/cm2), (d) SEI and dead-lithium thickness
                              (log) with the short-circuit limit, (e)
                              positive active material and electrolyte salt
                              left; a panel without its columns is left
                              out.  An early stop (short circuit) is a
                              dashed line, its reason in the title, and
                              the cycle it cut short has no capacity

With several run folders, the runs of the same experiment are also compared
(each run keeps one colour, labelled by its separator):

    comparison_rate_capability.png  capacity vs C-rate, a line per run
    comparison_cv.png               the CV at the slowest scan rate that all
                                    the CV runs have
    retention_vs_cycle.png          long cycling of full cells (5 cycles or
                                    more; not rate or CV runs): retention
                                    and discharge capacity vs cycle, a line
                                    per run labelled separator, C-rate and
                                    temperature, an X at an early stop

Any run with EIS steps (impedance.csv; drt.csv for the DRT), symmetric
cell or full cell, also gets:

    nyquist.png               -Im Z vs Re Z (ohm cm2, equal scales), a line
                              per EIS step ("step N, t = X h"), a marker at
                              each decade of frequency (labelled on the first
                              spectrum); a capacitive low-frequency tail is
                              clipped, and a second panel zooms on the
                              high-frequency arcs when a big arc dwarfs them
    bode.png                  |Z| and -phase vs frequency, a line per step
    drt.png                   distribution of relaxation times (gamma vs
                              tau), a line per step, DRT peaks of summary.json
                              marked (R and tau written at the last step's);
                              for Li | sep | Li the paper's time-constant
                              bands (contact, internal, interfacial transfer)
                              shaded, from --measured or else the repository's
                              cases/paper/targets.yaml
    comparison_nyquist.png    with several such runs: the last spectrum of
    comparison_drt.png        each, a line per run (bands only when all the
                              runs are Li | sep | Li)

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

--measured FILE overlays measured values (open markers) for the run's
separator: measured overpotentials on overpotential_vs_current.png,
capacities on rate_capability.png and comparison_rate_capability.png, the
CV peak separation (a bar between the simulated peaks) on cv_curves.png and
comparison_cv.png, the DRT bands (targets.yaml impedance) on drt.png and
comparison_drt.png, the retention or capacity after N cycles
(targets.yaml full_cell.cycling, on the run of the same separator, C-rate
and, when given, temperature) on ageing.png and retention_vs_cycle.png.  FILE is cases/paper/targets.yaml (needs Debian's
python3-yaml), a CSV in the layout of cases/paper/comparison.csv
(figure,separator,condition,measured,...), or a CSV
current_mA_cm2,overpotential_mV (for every run).

From Python, with tools/ on sys.path:

    import plot
    written = plot.plot_run("out/3C", "out/3C/png")   # or plot.Run(folder)

Modules: data (reading run folders), protocol (rates in step texts, blocks,
capacity basis), measured (--measured), style (look, figure helpers),
timeseries, profiles, comparison, lithium (shared by the symmetric-cell
plots), symmetric, ccd, bruce_vincent, rate, cv, dqdv, cycling, life
(shared by the ageing plots: true cycle numbers, early stops, conditions),
ageing, voltage_curves, retention, impedance (Nyquist, Bode, DRT), nyquist
and drt (their drawing), runs (which plots apply to a run), __main__
(command line).

Uses only the standard library, numpy and matplotlib (Debian:
python3-numpy, python3-matplotlib), and python3-yaml for a YAML --measured
file; run it with /usr/bin/python3.
"""

import matplotlib

# PNG files only: select the non-interactive backend before any module of
# the package imports pyplot (importing any of them runs this file first).
matplotlib.use("Agg")

from .comparison import plot_comparison  # noqa: E402
from .data import Run, read_reference  # noqa: E402
from .runs import plot_run  # noqa: E402

__all__ = ["Run", "plot_comparison", "plot_run", "read_reference"]
