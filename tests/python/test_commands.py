"""cellsim.sweep, cellsim.fit, cellsim.check."""

import numpy as np
import pytest

import cellsim
from conftest import CASE_1C


def test_sweep_of_a_case_returns_its_table(tmp_path):
    res = cellsim.sweep(CASE_1C, grid={"cell.temperature": ["10 degC", "25 degC"],
                                       "protocol": [["Discharge at 2C until 3.2 V"]]},
                        set={"output.profile_times": []}, out=tmp_path, jobs=2)
    t = res.table
    assert res.ok == 2 and res.failed == 0 and t.nrows == 2
    assert list(t["status"]) == ["ok", "ok"]
    assert list(t["cell.temperature"]) == ["10 degC", "25 degC"]
    assert "last_discharge_capacity_mAh_m2 [mAh/m2]" in t
    assert (tmp_path / "sweep.csv").read_text() == res.csv
    for name, v_end in zip(res.cases, t["final_voltage_V"]):
        assert (tmp_path / name / "timeseries.csv").exists()
        assert v_end == pytest.approx(3.2, abs=1e-9)
    # The same case run alone gives the sweep's numbers (to the table's 12 digits).
    r = cellsim.run(CASE_1C, set={"output.profile_times": [], "cell.temperature": "25 degC",
                                  "protocol": ["Discharge at 2C until 3.2 V"]})
    assert t["final_capacity_mAh_m2"][1] == float("%.12g" % r.capacity_mAh_m2[-1])


def test_sweep_file(tmp_path):
    res = cellsim.sweep("cases/sweeps/comsol_rates.yaml", set={"mesh.particle": 8}, out=tmp_path, jobs=2)
    assert res.ok == 12 and len(res.cases) == 12
    assert set(res.table["status"]) == {"ok"}
    assert np.all(res.table["final_voltage_V"] == pytest.approx(3.0, abs=1e-9))
    try:
        import pandas  # noqa: F401  (optional)
    except ImportError:
        return
    assert len(res.to_pandas()) == 12


def test_failed_case_in_a_sweep(tmp_path):
    res = cellsim.sweep(CASE_1C, cases=[{"name": "bad", "set": {"cell.positive.thickness": "-1 um"}},
                                        {"name": "good", "set": {"protocol": ["Discharge at 1C for 1 min"]}}],
                        set={"output.profile_times": []}, out=tmp_path)
    assert list(res.table["status"]) == ["failed", "ok"] and res.failed == 1
    assert "thickness" in res.table["message"][0]


def test_fit(tmp_path):
    """A one-parameter fit: find the positive electrode's thickness that gives the capacity
    of a 90 um electrode."""
    target = cellsim.run(CASE_1C, set={"cell.positive.thickness": "90 um", "output.profile_times": [],
                                       "mesh.particle": 8}).figure("last_discharge_capacity_mAh_m2")
    case = tmp_path / "case.yaml"
    cellsim.Recipe.load(CASE_1C, set={"output.profile_times": [], "mesh.particle": 8}).save(case)
    fit_file = tmp_path / "fit.yaml"
    fit_file.write_text(
        "parameters:\n"
        "  - {name: thickness, set: [cell.positive.thickness], initial: 80, bounds: [50, 120], unit: um}\n"
        "targets:\n"
        "  - {case: case.yaml, figure: last_discharge_capacity_mAh_m2, measured: %r, sigma: 10}\n" % target)
    f = cellsim.fit(fit_file)
    assert f.converged, f
    assert f.values["thickness"] == pytest.approx(90, rel=2e-3)
    assert f.targets[0]["simulated"] == pytest.approx(target, rel=1e-4)
    assert '"converged": true' in f.json


def test_check_errors_and_info():
    info = cellsim.check(CASE_1C, set={"mesh.negative": 20})
    assert info["unknowns"] == 237 + 12 * 14 and info["volumes"] == 33  # 12 more volumes of 10 shells + 4
