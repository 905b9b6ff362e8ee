"""cellsim from Python: the C++ simulator's recipes, runs, sweeps and fits, with numpy results.

    import cellsim
    r = cellsim.run("cases/validation/comsol_marquis2019_1C.yaml",
                    set={"cell.temperature": "10 degC"},
                    protocol=["Discharge at 1C until 3.0 V"])
    r.time_s, r.voltage_V          # numpy arrays (timeseries.csv's columns)
    r.cycles, r.steps, r.profiles  # per-cycle / per-step tables, profiles
    r.figures, r.summary           # figures of merit, summary.json
    r.to_pandas()                  # a DataFrame (pandas optional)
    cellsim.plot(r)                # the PNGs of tools/plot (shown in a notebook)

    recipe = cellsim.Recipe.load("cases/paper/full_cell_PP.yaml")
    recipe["cell.positive.thickness"]               # '18 um', through the cell file
    recipe["experiment.rates"] = ["0.5C", "2C"]      # as --set experiment.rates=[0.5C, 2C]
    recipe.check(); cellsim.run(recipe); recipe.to_yaml(); recipe.save("my_case.yaml")

    cellsim.sweep("cases/sweeps/comsol_rates.yaml", jobs=2).to_pandas()
    cellsim.fit("cases/paper/fits/transference_PP.yaml")
    cellsim.check("cases/paper/cv_PP.yaml")

Errors: InputError (the CLI's "file:line: key: message"; .file, .line, .key_path),
SolverError (the time, the variables with the largest errors and where they are), StateError
(a SolverError: a property function undefined at the state reached); all are cellsim.Error.
The solver runs with the GIL released, so a ThreadPoolExecutor runs cases in parallel (each
run loads its own copy of the recipe). Paths are relative to the working directory, as for
the CLI; ``cellsim.SOURCE_DIR`` is the source tree the module was built from.
"""

from . import _core
from ._commands import CellsimWarning, FitResult, SweepResult, check, fit, run, sweep
from ._plot import plot, source_dir
from ._recipe import Recipe
from ._result import Figure, Result
from ._tables import Table

Error = _core.Error
InputError = _core.InputError
SolverError = _core.SolverError
StateError = _core.StateError

#: The cellsim source tree the module was built from (cases/, params/, tools/plot), or None.
SOURCE_DIR = source_dir()

__version__ = "0.1"

__all__ = [
    "CellsimWarning", "Error", "Figure", "FitResult", "InputError", "Recipe", "Result", "SOURCE_DIR",
    "SolverError", "StateError", "SweepResult", "Table", "check", "fit", "plot", "run", "sweep",
]
