"""Command line: /usr/bin/python3 tools/plot RUN_DIR [RUN_DIR ...]
[--out PNG_DIR] [--reference CSV] [--measured FILE]; see the package
docstring (tools/plot/__init__.py) or --help."""

import argparse
import os
import sys

if not __package__:
    # Started as `python3 tools/plot ...`: Python runs this file as a script
    # (no parent package, so no relative imports) with tools/plot/ itself
    # first on sys.path.  Put tools/ there instead, so that the package
    # imports by name below and its module names cannot shadow others.
    _tools = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    _here = os.path.join(_tools, "plot")
    if sys.path and os.path.abspath(sys.path[0] or os.curdir) == _here:
        sys.path[0] = _tools
    else:
        sys.path.insert(0, _tools)

try:
    # By package name, which works both for `python3 tools/plot` and for
    # `python3 -m plot` with tools/ on sys.path.
    from plot.comparison import comparison_jobs
    from plot.data import Run, read_reference, warn
    from plot.measured import read_measured
    from plot.runs import plot_run, run_jobs
except ImportError as exc:  # pragma: no cover - depends on the machine
    if (exc.name or "").partition(".")[0] not in ("numpy", "matplotlib"):
        raise
    sys.exit("plot: %s; install python3-numpy and python3-matplotlib and "
             "run with /usr/bin/python3" % exc)


def parse_args(argv):
    """The arguments, after checking that the --reference and --measured
    files exist (exit 2 otherwise); also returns the reference curve and
    the measured values."""
    parser = argparse.ArgumentParser(
        prog="plot", description="Plot cellsim run folders to PNG files.")
    parser.add_argument("runs", nargs="+", metavar="RUN_DIR",
                        help="run folder written by `cellsim run ... --out`")
    parser.add_argument("--out", metavar="PNG_DIR",
                        help="write PNGs here instead of into each run folder")
    parser.add_argument("--reference", metavar="CSV",
                        help="reference voltage curve (time_s,voltage_V)")
    parser.add_argument("--measured", metavar="FILE",
                        help="measured values to compare with: "
                        "cases/paper/targets.yaml, a CSV laid out like "
                        "cases/paper/comparison.csv, or a CSV "
                        "current_mA_cm2,overpotential_mV")
    args = parser.parse_args(argv)

    reference = None
    if args.reference:
        if not os.path.isfile(args.reference):
            parser.error("reference file not found: %s" % args.reference)
        reference = read_reference(args.reference)
    measured = None
    if args.measured:
        if not os.path.isfile(args.measured):
            parser.error("measured file not found: %s" % args.measured)
        measured = read_measured(args.measured)
    return args, reference, measured


def output_folders(runs, out, n_args):
    """The PNG folder of each run: the run folder itself without --out; with
    --out, PNG_DIR for a single run folder argument, else PNG_DIR/<run folder
    name> (<name>_2, _3, ... for repeated names)."""
    used = {}
    folders = []
    for run in runs:
        if out is None:
            folders.append(run.folder)
        elif n_args == 1:
            folders.append(out)
        else:
            name = run.name
            used[name] = used.get(name, 0) + 1
            if used[name] > 1:
                name = "%s_%d" % (name, used[name])
            folders.append(os.path.join(out, name))
    return folders


def main(argv=None):
    """Returns the exit status: 0, or 1 if a folder is missing or a plot
    failed (the other plots are still written)."""
    args, reference, measured = parse_args(argv)
    status = 0
    runs = []
    for folder in args.runs:
        if not os.path.isdir(folder):
            warn("not a folder: %s" % folder)
            status = 1
            continue
        runs.append(Run(folder))

    written = []
    for run, out_dir in zip(runs, output_folders(runs, args.out,
                                                 len(args.runs))):
        n_before = len(written)
        try:
            plot_run(run, out_dir, written, reference, measured)
        except Exception as exc:  # keep going with the other runs
            warn("%s: plotting failed: %s: %s"
                 % (run.folder, type(exc).__name__, exc))
            status = 1
        if len(written) == n_before:
            warn("%s: nothing to plot" % run.folder)

    if len(runs) > 1:
        out_dir = args.out if args.out is not None else runs[0].folder
        os.makedirs(out_dir, exist_ok=True)
        jobs = comparison_jobs(runs, written, reference, measured)
        for name, exc in run_jobs(jobs, out_dir):
            warn("%s failed: %s: %s" % (name, type(exc).__name__, exc))
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
