"""The result of a run: numpy arrays of the time series, the step, cycle and profile tables,
figures of merit, summary.json, warnings."""

import collections
import functools
import json
import os

import numpy as np

from ._tables import Table, _pandas, parse_csv

#: One figure of merit (summary.json "figures"; e.g. rate_capacity_mAh_g at "1C").
Figure = collections.namedtuple("Figure", "name condition value unit")


class Result:
    """One run of a case, with the same content as the folder ``cellsim run --out`` writes.

    Time series (timeseries.csv), as numpy arrays owned by the result:
        ``time_s, step, cycle, voltage_V, current_A_m2`` (+ = discharge),
        ``capacity_mAh_m2, temperature_K`` and every column the cell's components publish
        (``r["c_e_surface_negative_mol_m3"]``, or as an attribute); all of them in
        ``r.columns`` (a dict of arrays in file order).
    ``r.steps`` (steps.csv) and ``r.cycles`` (cycles.csv): dicts of arrays, one row per
    protocol step / cycle. ``r.profiles``: a list of dicts, one per profile time
    (``time_s, x_m, region``, then the fields). ``r.figures``: [Figure(name, condition,
    value, unit)]. ``r.summary``: summary.json as a dict. ``r.warnings``,
    ``r.stopped_early``, ``r.stop_reason``, ``r.stats`` (solver statistics).
    ``r.to_pandas()`` (or ``to_pandas("cycles")`` ...) gives DataFrames; ``r.write(folder)``
    writes the run folder (timeseries.csv ... summary.json, byte for byte as the CLI).
    """

    def __init__(self, outcome, recipe=None, folder=None):
        self._outcome = outcome
        self.recipe = recipe
        self.folder = None if folder is None else os.fspath(folder)
        self._tables = {}
        names, arrays = outcome.timeseries()
        self.columns = Table(zip(names, arrays))

    # Time series --------------------------------------------------------------------------
    @property
    def column_names(self):
        return list(self.columns)

    @property
    def time_s(self):
        return self.columns["time_s"]

    @property
    def voltage_V(self):
        return self.columns["voltage_V"]

    @property
    def current_A_m2(self):
        return self.columns["current_A_m2"]

    @property
    def capacity_mAh_m2(self):
        return self.columns["capacity_mAh_m2"]

    @property
    def temperature_K(self):
        return self.columns["temperature_K"]

    @property
    def step(self):
        return self.columns["step"]

    @property
    def cycle(self):
        return self.columns["cycle"]

    def __getitem__(self, name):
        return self.columns[name]

    def __contains__(self, name):
        return name in self.columns

    def __getattr__(self, name):
        columns = self.__dict__.get("columns")
        if columns is not None and name in columns:
            return columns[name]
        raise AttributeError("%s has no attribute or time-series column %r" % (type(self).__name__, name))

    def __dir__(self):
        return sorted(set(super().__dir__()) | {n for n in self.columns if n.isidentifier()})

    # Tables -------------------------------------------------------------------------------
    def file_text(self, name):
        """The text of a file of the run folder ("steps.csv", "summary.json", ...) exactly as
        ``cellsim run`` writes it (made in memory); "" for a file this run does not write."""
        return self._outcome.file_text(name)

    def table(self, name):
        """Any CSV table of the run folder as a Table: "steps", "cycles", "profiles" (one row
        per point and time), and the tables the writer adds for some runs."""
        if name not in self._tables:
            self._tables[name] = parse_csv(self.file_text(name if name.endswith(".csv") else name + ".csv"))
        return self._tables[name]

    @property
    def steps(self):
        """steps.csv: one row per protocol step (text, times, voltages, charge, energy,
        ended_by)."""
        return self.table("steps")

    @property
    def cycles(self):
        """cycles.csv: one row per cycle (capacities in mAh/m2 and mAh/g, coulombic
        efficiency, energies, mean and end voltages, lithium plated and stripped)."""
        return self.table("cycles")

    @functools.cached_property
    def profiles(self):
        """[{time_s, x_m, region, c_e_mol_m3, phi_e_V, ...}] at the recorded times."""
        out = []
        for p in self._outcome.profiles():
            p["region"] = np.array(p["region"], dtype=str)
            out.append(p)
        return out

    @functools.cached_property
    def figures(self):
        return [Figure(*f) for f in self._outcome.figures()]

    def figure(self, name, condition=None):
        """The value of the figure `name` (at `condition`, e.g. "1C"); KeyError if absent."""
        for f in self.figures:
            if f.name == name and (condition is None or f.condition == condition):
                return f.value
        raise KeyError("no figure %r%s (have: %s)" % (
            name, "" if condition is None else " at %r" % condition,
            ", ".join(sorted({f.name for f in self.figures})) or "none"))

    @functools.cached_property
    def summary(self):
        """summary.json as a dict (the cell as built, every input read with its source,
        per-step figures, solver statistics, wall time)."""
        return json.loads(self.file_text("summary.json"))

    # Run information ----------------------------------------------------------------------
    @property
    def case(self):
        return self._outcome.case

    @property
    def description(self):
        return self._outcome.description

    @property
    def warnings(self):
        return list(self._outcome.warnings)

    @property
    def stopped_early(self):
        return self._outcome.stopped_early

    @property
    def stop_reason(self):
        return self._outcome.stop_reason

    @functools.cached_property
    def stats(self):
        return self._outcome.stats()

    @property
    def wall_time_s(self):
        """The solve's own wall time (summary.json wall_time_s: from runProtocol's start)."""
        return self._outcome.wall_time_s

    @property
    def setup_time_s(self):
        return self._outcome.setup_time_s

    @property
    def load_time_s(self):
        """Loading the recipe and building the cell."""
        return self._outcome.load_time_s

    @property
    def call_time_s(self):
        """Everything done in C++ with the GIL released (load, build, solve, columns)."""
        return self._outcome.call_time_s

    @functools.cached_property
    def final_state(self):
        return self._outcome.final_state()

    @functools.cached_property
    def state_names(self):
        """Names of the unknowns, as in solver messages (e.g. "c_e[12]")."""
        return self._outcome.state_names()

    # Output -------------------------------------------------------------------------------
    def write(self, folder):
        """Writes the run folder (timeseries.csv, steps.csv, cycles.csv, profiles.csv,
        summary.json) as `cellsim run --out folder` does; returns folder."""
        folder = os.fspath(folder)
        self._outcome.write(folder)
        self.folder = folder
        return folder

    def to_pandas(self, table="timeseries"):
        """A DataFrame of "timeseries", "steps", "cycles", "profiles" (one row per point
        and time), "figures", or any other table of the run folder (see table())."""
        pd = _pandas()
        if table == "timeseries":
            return self.columns.to_pandas()
        if table == "figures":
            return pd.DataFrame(self.figures, columns=list(Figure._fields))
        if table == "profiles":
            frames = []
            for p in self.profiles:
                frame = pd.DataFrame({k: v for k, v in p.items() if k != "time_s"})
                frame.insert(0, "time_s", p["time_s"])
                frames.append(frame)
            return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
        found = self.table(table)
        if not found:
            raise ValueError("no table %r in this run (timeseries, steps, cycles, profiles, figures, ...)" % (table,))
        return found.to_pandas()

    def __repr__(self):
        n = self.columns.nrows
        text = "<cellsim.Result %s: %d rows" % (self.case, n)
        if n:
            text += ", t_end = %.6g s, V_end = %.6g V" % (self.time_s[-1], self.voltage_V[-1])
        if self.stopped_early:
            text += ", stopped early"
        return text + ">"
