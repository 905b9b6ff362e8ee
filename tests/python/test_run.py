"""cellsim.run: the same numbers as the CLI, numpy results, overrides and protocols."""

import csv
import json
import os
import subprocess

import numpy as np
import pytest

import cellsim
from conftest import CASE_1C, ROOT

# Columns timeseries.csv writes with jsonNumber ("null" when not finite); the components'
# columns use "" instead (models/io/ResultWriter.cpp).
MAIN_COLUMNS = ("time_s", "voltage_V", "current_A_m2", "capacity_mAh_m2", "temperature_K")


def csv_text(name, value):
    """A value as timeseries.csv writes it (12 significant digits, C++ default format)."""
    if name in ("step", "cycle"):
        return str(int(value))
    if not np.isfinite(value):
        return "null" if name in MAIN_COLUMNS else ""
    return "%.12g" % value


def cli_run(cli, case, out, *sets):
    args = [cli, "run", case, "--out", str(out), "--quiet"]
    for s in sets:
        args += ["--set", s]
    subprocess.run(args, check=True, cwd=ROOT)
    return out


@pytest.mark.parametrize("case, sets", [
    (CASE_1C, ()),
    ("cases/paper/full_cell_PP.yaml", ("experiment.rates=[0.5C, 2C]",)),
])
def test_timeseries_equals_the_cli(cli, tmp_path, case, sets):
    """The arrays, written as timeseries.csv writes numbers, are the CLI's file, field for
    field; the run folder the module writes is the CLI's, byte for byte (summary.json but
    for its wall times)."""
    folder = cli_run(cli, case, tmp_path / "cli", *sets)
    r = cellsim.run(case, set=dict(s.split("=", 1) for s in sets))

    with open(folder / "timeseries.csv", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == r.column_names
    assert len(rows) - 1 == len(r.time_s) > 10
    for j, name in enumerate(rows[0]):
        column = r[name]
        assert isinstance(column, np.ndarray)
        assert column.dtype == (np.int64 if name in ("step", "cycle") else np.float64)
        written = [csv_text(name, v) for v in column]
        assert written == [row[j] for row in rows[1:]], name

    mine = r.write(tmp_path / "module")
    for name in ("timeseries.csv", "steps.csv", "cycles.csv", "profiles.csv"):
        assert (tmp_path / "module" / name).read_bytes() == (folder / name).read_bytes(), name
    a = json.loads((folder / "summary.json").read_text())
    b = json.loads((tmp_path / "module" / "summary.json").read_text())
    for s in (a, b):
        del s["wall_time_s"], s["setup_time_s"]
    assert a == b
    assert mine == str(tmp_path / "module") and r.folder == mine


def test_result_contents():
    r = cellsim.run(CASE_1C)
    n = len(r.time_s)
    assert r.time_s[0] == 0 and np.all(np.diff(r.time_s) > 0)
    assert r.voltage_V[-1] == pytest.approx(3.105, abs=1e-9)
    assert np.all(r.current_A_m2 == 24) and np.all(r.step == 1) and np.all(r.cycle == 1)
    assert all(len(r[c]) == n for c in r.column_names)
    # Per-cycle and per-step tables: the columns of cycles.csv and steps.csv.
    assert r.cycles.nrows == 1 and r.cycles["cycle"].dtype == np.int64
    assert r.cycles["discharge_capacity_mAh_m2"][0] == pytest.approx(r.capacity_mAh_m2[-1], rel=1e-11)
    assert list(r.steps["text"]) == ["Discharge at 1C until 3.105 V"]
    assert list(r.steps["ended_by"]) == ["3.105 V"]
    # Profiles exactly at the recipe's times.
    assert [p["time_s"] for p in r.profiles] == pytest.approx([904.523, 1809.05, 2713.57, 3600])
    p = r.profiles[0]
    assert {"x_m", "region", "c_e_mol_m3", "phi_e_V", "c_s_surf_mol_m3", "phi_s_V"} <= set(p)
    assert len(p["x_m"]) == len(p["region"]) == len(p["c_e_mol_m3"]) == 21  # 8 + 5 + 8 volumes
    assert {"negative", "positive"} <= set(p["region"]) and any(x.startswith("separator") for x in p["region"])
    # Figures, summary, statistics.
    assert r.figures[0].name == "last_discharge_capacity_mAh_m2"
    assert r.figure("last_discharge_capacity_mAh_m2") == pytest.approx(r.capacity_mAh_m2[-1], rel=1e-11)
    assert r.summary["case"] == CASE_1C and r.summary["solver"]["unknowns"] == 237
    assert r.stats["unknowns"] == 237 and r.stats["steps"] == r.summary["solver"]["steps"]
    assert r.warnings == [] and not r.stopped_early
    assert 0 < r.wall_time_s < r.call_time_s and 0 < r.load_time_s < r.call_time_s
    assert len(r.final_state) == len(r.state_names) == 237
    assert any(name.startswith("c_e[") for name in r.state_names)


def test_to_pandas():
    pd = pytest.importorskip("pandas")
    r = cellsim.run(CASE_1C)
    df = r.to_pandas()
    assert list(df.columns) == r.column_names and len(df) == len(r.time_s)
    assert isinstance(r.to_pandas("cycles"), pd.DataFrame)
    assert list(r.to_pandas("figures").columns) == ["name", "condition", "value", "unit"]
    prof = r.to_pandas("profiles")
    assert len(prof) == 4 * 21 and prof["time_s"].nunique() == 4


def test_set_and_protocol():
    r = cellsim.run(CASE_1C, set={"cell.temperature": "28 degC", "output.profile_times": []},
                    protocol=["Discharge at 2C until 3.2 V", "Rest for 10 min"])
    assert list(r.steps["text"]) == ["Discharge at 2C until 3.2 V", "Rest for 10 min"]
    assert np.all(r.temperature_K == pytest.approx(301.15))
    assert r.voltage_V[r.step == 1][-1] == pytest.approx(3.2, abs=1e-9)
    assert r.profiles == []
    assert r.summary["inputs"]["cell.temperature"]["at"] == "--set"


def test_protocol_replaces_an_experiment():
    """The issue's example: a rate-capability case run with a protocol of one's own. The
    case's experiment is left out (a case has one or the other); the outputs name the case."""
    before = set(os.listdir(ROOT / "cases" / "paper"))
    case = "cases/paper/full_cell_LLZTO0.95F0.05@PP.yaml"
    r = cellsim.run(case, set={"cell.temperature": "0 degC"},
                    protocol=["Charge at 0.5C until 4.6 V", "Discharge at 1C until 3.0 V"])
    assert set(os.listdir(ROOT / "cases" / "paper")) == before  # the derived copy is gone
    assert list(r.steps["ended_by"]) == ["4.6 V", "3 V"]
    assert r.summary["case"] == case
    assert r.summary["inputs"]["cell.temperature"]["at"] == "--set"
    assert r.summary["inputs"]["mesh.positive"]["at"] == case + ":7"
    assert r.cycles["discharge_capacity_mAh_g"][0] > 50
    assert "c_e_surface_negative_mol_m3" in r.column_names
    assert r.c_e_surface_negative_mol_m3 is r["c_e_surface_negative_mol_m3"]


def test_progress_and_out(tmp_path):
    seen = []
    r = cellsim.run(CASE_1C, protocol=["Discharge at 1C for 10 min", "Rest for 5 min"],
                    set={"output.profile_times": []}, out=tmp_path / "run",
                    progress=lambda f, msg: seen.append((f, msg)))
    assert [f for f, _ in seen] == [0.5, 1.0]
    assert seen[0][1].startswith("step 1/2, discharge") and seen[1][1].startswith("step 2/2")
    assert sorted(os.listdir(tmp_path / "run")) == [  # the manifest names cellsim's files
        ".cellsim-files", "cycles.csv", "profiles.csv", "steps.csv", "summary.json", "timeseries.csv"]
    assert r.folder == str(tmp_path / "run")


def test_progress_exception_propagates():
    def fail(fraction, message):
        raise ZeroDivisionError("stop here")
    with pytest.raises(ZeroDivisionError, match="stop here"):
        cellsim.run(CASE_1C, protocol=["Discharge at 1C for 1 min", "Rest for 1 min"], progress=fail)


def test_warnings_become_python_warnings():
    # 10 degC is below the range of the Marquis electrolyte's property functions.
    with pytest.warns(cellsim.CellsimWarning, match="outside its validity range"):
        r = cellsim.run(CASE_1C, set={"output.profile_times": [], "cell.temperature": "10 degC"},
                        protocol=["Discharge at 1C for 1 min"])
    assert any("conductivity used outside its validity range" in w for w in r.warnings)


def test_ctrl_c_stops_a_run(tmp_path):
    """Ctrl-C (SIGINT) in the main thread interrupts a run between protocol steps."""
    import signal
    import sys
    import time
    script = tmp_path / "long.py"
    script.write_text(
        "import cellsim, time\n"
        "print('running', flush=True)\n"
        "t = time.time()\n"
        "try:\n"
        "    cellsim.run('cases/paper/cycling_LLZTO0.95F0.05@PP_0.5mA.yaml')\n"
        "    print('finished', flush=True)\n"
        "except KeyboardInterrupt:\n"
        "    print('interrupted after %.2f s' % (time.time() - t), flush=True)\n")
    p = subprocess.Popen([sys.executable, str(script)], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                         env=dict(os.environ))
    assert p.stdout.readline().strip() == "running"
    time.sleep(0.3)
    p.send_signal(signal.SIGINT)
    out, _ = p.communicate(timeout=60)
    assert out.startswith("interrupted"), out
