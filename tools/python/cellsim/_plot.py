"""cellsim.plot: the figures of tools/plot (the same package, the same PNGs) for results."""

import contextlib
import io
import os
import re
import sys
import tempfile

from ._result import Result


def source_dir():
    """The cellsim source tree (with tools/plot, cases/, params/), or None: the folder the
    module was built from, or $CELLSIM_SOURCE_DIR."""
    env = os.environ.get("CELLSIM_SOURCE_DIR")
    if env:
        return env
    try:
        from ._build_info import SOURCE_DIR
    except ImportError:
        SOURCE_DIR = None
    if SOURCE_DIR and os.path.isdir(os.path.join(SOURCE_DIR, "tools", "plot")):
        return SOURCE_DIR
    here = os.path.dirname(os.path.abspath(__file__))
    for up in (os.path.join(here, "..", "..", ".."),):  # tools/python/cellsim -> the tree
        if os.path.isdir(os.path.join(up, "tools", "plot")):
            return os.path.normpath(up)
    return None


def _plot_package():
    """tools/plot, imported by name with tools/ on sys.path. tools/plot selects matplotlib's
    Agg backend when imported; where pyplot is already in use (a notebook) its backend is
    kept (the package only writes PNG files and closes its figures)."""
    if "plot" in sys.modules and hasattr(sys.modules["plot"], "plot_run"):
        return sys.modules["plot"]
    root = source_dir()
    if root is None:
        raise ImportError("cellsim.plot needs tools/plot from the cellsim source tree: set CELLSIM_SOURCE_DIR")
    tools = os.path.join(root, "tools")
    if tools not in sys.path:
        sys.path.insert(0, tools)
    import matplotlib
    if "matplotlib.pyplot" in sys.modules:
        use = matplotlib.use
        matplotlib.use = lambda *args, **kwargs: None
        try:
            import plot
        finally:
            matplotlib.use = use
    else:
        import plot
    return plot


def _in_notebook():
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and hasattr(shell, "kernel")


def _folder_name(result):
    stem = os.path.splitext(os.path.basename(result.case or "run"))[0]
    return re.sub(r"[^A-Za-z0-9.+@_-]+", "_", stem) or "run"


def plot(*runs, out=None, measured=None, reference=None, show=None):
    """Plots results (or run folders) with tools/plot and returns the PNG files written.

    The same figures as ``/usr/bin/python3 tools/plot RUN [RUN ...] [--out DIR]
    [--measured FILE] [--reference CSV]``: one set per run (voltage, current, profiles,
    rate capability, CV, dQ/dV, capacity per cycle, the lithium-metal plots, whichever
    apply) and, for several runs, the comparisons. A Result not yet written is written to
    a temporary run folder first (``r.write(folder)`` to choose it); PNGs go next to each
    run's data unless `out` is given. In a Jupyter notebook (or with show=True) the images
    are displayed.

    measured: cases/paper/targets.yaml or a CSV (as --measured); reference: a CSV with
    time_s,voltage_V (as --reference).
    """
    if not runs:
        raise TypeError("plot() needs at least one Result or run folder")
    pkg = _plot_package()
    from plot.comparison import comparison_jobs
    from plot.runs import run_jobs

    folders = []
    for r in runs:
        if isinstance(r, Result):
            if r.folder is None:
                r.write(os.path.join(tempfile.mkdtemp(prefix="cellsim-plot-"), _folder_name(r)))
            folders.append(r.folder)
        else:
            folders.append(os.fspath(r))
    ref = pkg.read_reference(os.fspath(reference)) if reference else None
    if measured is not None and not isinstance(measured, dict):
        from plot.measured import read_measured
        measured = read_measured(os.fspath(measured))
    out = None if out is None else os.fspath(out)

    # As tools/plot's command line: the run folder itself, out for one run, out/<name> else.
    loaded = [pkg.Run(f) for f in folders]
    used = {}
    targets = []
    for run in loaded:
        if out is None:
            targets.append(run.folder)
        elif len(loaded) == 1:
            targets.append(out)
        else:
            used[run.name] = used.get(run.name, 0) + 1
            name = run.name if used[run.name] == 1 else "%s_%d" % (run.name, used[run.name])
            targets.append(os.path.join(out, name))
    written = []
    with contextlib.redirect_stdout(io.StringIO()):  # tools/plot prints each path
        for run, target in zip(loaded, targets):
            pkg.plot_run(run, target, written, ref, measured)
        if len(loaded) > 1:
            target = out if out is not None else loaded[0].folder
            os.makedirs(target, exist_ok=True)
            failures = run_jobs(comparison_jobs(loaded, written, ref, measured), target)
            if failures:
                raise RuntimeError("comparison plots failed: " + "; ".join(
                    "%s: %s" % (name, exc) for name, exc in failures))
    if show or (show is None and _in_notebook()):
        from IPython.display import Image, display
        for png in written:
            display(Image(filename=png))
    return written
