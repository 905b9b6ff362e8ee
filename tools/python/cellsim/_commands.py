"""cellsim.run, check, sweep and fit: the CLI's commands as functions."""

import json
import os
import tempfile
import threading
import warnings

from . import _core
from ._recipe import Recipe, value_text
from ._result import Result
from ._tables import _pandas, parse_csv


class CellsimWarning(UserWarning):
    """A run went outside a property's validity range, or stopped early."""


def _recipe(case, set=None, protocol=None):
    if isinstance(case, Recipe):
        recipe = case.copy() if (set or protocol is not None) else case
    else:
        recipe = Recipe(case)
    if set:
        recipe.update(set)
    if protocol is not None:
        recipe.protocol = protocol
    return recipe


def run(case, set=None, protocol=None, *, out=None, progress=None, warn=True):
    """Runs a case and returns its Result.

    case: a case file or a Recipe. set: {key path: value}, as ``--set`` (values as
    Recipe item assignment takes them). protocol: a list of steps (or one step) to run
    instead of the case's protocol or experiment, e.g. ["Discharge at 1C until 3.0 V"].
    out: also write the run folder there (as ``cellsim run --out``). progress: called as
    progress(fraction, message) after each protocol step. warn: issue the run's warnings
    (validity ranges, an early stop) as CellsimWarning too.

    The recipe is loaded, checked and solved with the GIL released: threads run cases in
    parallel. Raises InputError (the CLI's file:line message) or SolverError.
    """
    recipe = _recipe(case, set, protocol)
    interruptible = threading.current_thread() is threading.main_thread()
    out = "" if out is None else os.fspath(out)
    with recipe._case_file() as (path, overrides, shown):
        outcome = _core.run(path, overrides, shown, out, progress, interruptible)
    result = Result(outcome, recipe, folder=out or None)
    if warn:
        for w in result.warnings:
            warnings.warn(w, CellsimWarning, stacklevel=2)
        if result.stopped_early:
            warnings.warn("the run stopped early: " + result.stop_reason, CellsimWarning, stacklevel=2)
    return result


def check(case, set=None, protocol=None):
    """Loads and checks a case (as ``cellsim check``) and builds its cell; returns
    {case, description, unknowns, volumes, experiment, protocol_steps}. InputError if
    anything is wrong."""
    return _recipe(case, set, protocol).check()


class SweepResult:
    """The table of a sweep (sweep.csv: one row per case, in the sweep's order, with its
    status, varied values, figures ``name@condition [unit]``, final voltage and capacity,
    wall time and error) as a dict of arrays in ``table``; each case's run folder is
    ``folder(name)``."""

    def __init__(self, info):
        self.table = parse_csv(info["csv"], integer_columns=())
        self.csv = info["csv"]
        self.out = info["out"]
        self.ok, self.failed, self.skipped = info["ok"], info["failed"], info["skipped"]
        self.cases = list(info["cases"])

    def folder(self, case):
        return os.path.join(self.out, case)

    def __getitem__(self, column):
        return self.table[column]

    def to_pandas(self):
        return self.table.to_pandas()

    def __repr__(self):
        return "<cellsim.SweepResult %d cases: %d ok, %d skipped, %d failed; in %s>" % (
            len(self.cases), self.ok, self.skipped, self.failed, self.out)


def sweep(sweep_or_case, grid=None, cases=None, set=None, *, out=None, jobs=1, force=False):
    """Runs a sweep (as ``cellsim sweep``) and returns its table (a SweepResult).

    Either a sweep file (``sweep("cases/sweeps/comsol_rates.yaml", jobs=2)``; `set` is then
    --set for every case), or a case file / Recipe with `grid` ({key path: [values]}, the
    cartesian product, last key fastest) and/or `cases` ([{name, set}]) and `set` (every
    case). Cases run on `jobs` threads, each into out/<case name>/; out defaults to the sweep
    file's `out:`, else a new temporary folder. Failed cases do not raise: see the table's
    status and message columns."""
    if grid is None and cases is None and not isinstance(sweep_or_case, Recipe):
        file = os.fspath(sweep_or_case)
        sets = ["%s=%s" % (k, value_text(v)) for k, v in (set or {}).items()]
        return _sweep(file, sets, out, jobs, force)
    recipe = _recipe(sweep_or_case)
    if recipe.protocol is not None:
        raise ValueError("sweep(): give the protocol as set={'protocol': [...]} or in the grid")
    common = dict(recipe.overrides)
    for k, v in (set or {}).items():
        common[k] = value_text(v)
    lines = ["case: %s" % json.dumps(os.path.abspath(recipe.path))]
    if common:
        lines.append("set:")
        lines += ["  %s: %s" % (json.dumps(k), json.dumps(v)) for k, v in common.items()]
    if grid:
        lines.append("grid:")
        for k, values in grid.items():
            lines.append("  %s: [%s]" % (json.dumps(k), ", ".join(json.dumps(value_text(v)) for v in values)))
    if cases:
        lines.append("cases:")
        for c in cases:
            sets = ", ".join("%s: %s" % (json.dumps(k), json.dumps(value_text(v))) for k, v in c.get("set", {}).items())
            lines.append("  - {name: %s, set: {%s}}" % (json.dumps(c["name"]), sets))
    with tempfile.TemporaryDirectory(prefix="cellsim-sweep-") as tmp:
        file = os.path.join(tmp, "sweep.yaml")
        with open(file, "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
        return _sweep(file, [], out, jobs, force)


def _sweep(file, sets, out, jobs, force):
    if out is None:
        if not _sweep_has_out(file):
            out = tempfile.mkdtemp(prefix="cellsim-sweep-")
    out = "" if out is None else os.fspath(out)
    return SweepResult(_core.sweep(file, sets, out, int(jobs), bool(force)))


def _sweep_has_out(file):
    try:
        return _core.recipe_get(file, [], "out") is not None
    except KeyError:
        return False


class FitResult:
    """A fit (as ``cellsim fit``): parameters (name, value, std_error, unit, bounds, set
    paths), targets (case, figure, condition, measured, simulated, sigma), converged,
    iterations, evaluations, cost, stop_reason; ``values`` {name: value}; ``json`` the
    text ``cellsim fit --out`` writes."""

    def __init__(self, info):
        self.parameters = info["parameters"]
        self.targets = info["targets"]
        self.converged = info["converged"]
        self.iterations = info["iterations"]
        self.evaluations = info["evaluations"]
        self.cost = info["cost"]
        self.stop_reason = info["stop_reason"]
        self.json = info["json"]

    @property
    def values(self):
        return {p["name"]: p["value"] for p in self.parameters}

    def to_pandas(self, table="parameters"):
        return _pandas().DataFrame(getattr(self, table))

    def __repr__(self):
        return "<cellsim.FitResult %s after %d iterations, cost %.4g: %s>" % (
            "converged" if self.converged else "NOT converged", self.iterations, self.cost,
            ", ".join("%s = %.6g %s" % (p["name"], p["value"], p["unit"]) for p in self.parameters))


def fit(fit_file, verbose=False):
    """Runs the least-squares fit described in `fit_file` (as ``cellsim fit``; verbose
    prints its progress lines on stderr) and returns a FitResult. The fit file is never
    changed."""
    return FitResult(_core.fit(os.fspath(fit_file), bool(verbose)))
