"""pytest set-up for the cellsim Python module: run by ctest (tests/CMakeLists.txt) with the
built package on PYTHONPATH and CELLSIM_BINARY naming the CLI; by hand:

    PYTHONPATH=build/python CELLSIM_BINARY=build/cellsim /usr/bin/python3 -m pytest tests/python

Paths in the tests are relative to the source tree (the working directory is set to it), as
a user gives them to the CLI."""

import os
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
CASE_1C = "cases/validation/comsol_marquis2019_1C.yaml"

try:
    import cellsim  # noqa: F401
except ImportError:  # not on PYTHONPATH: the default build folder
    sys.path.insert(0, str(ROOT / "build" / "python"))


@pytest.fixture(autouse=True)
def in_source_tree(monkeypatch):
    monkeypatch.chdir(ROOT)


@pytest.fixture
def cli():
    """The cellsim binary."""
    path = os.environ.get("CELLSIM_BINARY") or str(ROOT / "build" / "cellsim")
    if not os.access(path, os.X_OK):
        pytest.skip("no cellsim binary (set CELLSIM_BINARY)")
    return path
