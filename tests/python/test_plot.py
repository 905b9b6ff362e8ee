"""cellsim.plot writes the figures of tools/plot."""

import os
import subprocess
import sys

import pytest

import cellsim
from conftest import CASE_1C, ROOT

pytest.importorskip("matplotlib")

SHORT = {"protocol": ["Discharge at 1C for 10 min", "Charge at 0.5C for 5 min"],
         "output.profile_times": ["300 s", "750 s"]}


def test_plot_gives_the_files_of_tools_plot(tmp_path):
    r = cellsim.run(CASE_1C, set=SHORT)
    written = cellsim.plot(r, out=tmp_path / "module", show=False)
    folder = r.write(tmp_path / "run")
    subprocess.run([sys.executable, "tools/plot", folder, "--out", str(tmp_path / "cli")],
                   cwd=ROOT, check=True, capture_output=True)
    names = sorted(os.path.basename(p) for p in written)
    assert names == sorted(os.listdir(tmp_path / "cli"))
    assert {"voltage_time.png", "voltage_capacity.png", "current_time.png",
            "electrolyte_profiles.png", "particle_surface.png"} <= set(names)
    for p in written:
        with open(p, "rb") as fh:
            assert fh.read(4) == b"\x89PNG"


def test_plot_several_runs_and_a_folder(tmp_path):
    a = cellsim.run(CASE_1C, set=SHORT)
    b = cellsim.run(CASE_1C, set=dict(SHORT, **{"protocol": ["Discharge at 1C for 5 min"]}))
    folder = b.write(tmp_path / "b")
    written = cellsim.plot(a, folder, out=tmp_path / "png", show=False)
    assert str(tmp_path / "png" / "comparison_voltage.png") in written
    assert a.folder is not None and os.path.isdir(a.folder)   # written to a temporary folder


def test_plot_displays_in_a_notebook(tmp_path, monkeypatch):
    """In a notebook (IPython kernel) the PNGs are displayed: here a stand-in for
    IPython.display records what would be shown."""
    import types
    shown = []
    display = types.ModuleType("IPython.display")
    display.Image = lambda filename: ("image", filename)
    display.display = shown.append
    ipython = types.ModuleType("IPython")
    ipython.display = display
    ipython.get_ipython = lambda: types.SimpleNamespace(kernel=object())
    monkeypatch.setitem(sys.modules, "IPython", ipython)
    monkeypatch.setitem(sys.modules, "IPython.display", display)
    r = cellsim.run(CASE_1C, set=dict(SHORT, **{"output.profile_times": []}))
    written = cellsim.plot(r, out=tmp_path)
    assert shown == [("image", p) for p in written] and written
