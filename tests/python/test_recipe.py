"""cellsim.Recipe: values by --set paths, changes, check, run, YAML that round-trips."""

import numpy as np
import pytest

import cellsim
from conftest import CASE_1C, ROOT

FULL_CELL = "cases/paper/full_cell_LLZTO0.95F0.05@PP.yaml"


def test_values_by_dotted_path():
    r = cellsim.Recipe.load(CASE_1C)
    assert r["cell.positive.thickness"] == "100 um"
    assert r["mesh.negative"] == 8
    assert r["solver.rtol"] == 1e-4
    assert r["cell.separator[0].thickness"] == "25 um"
    assert r["protocol"] == ["Discharge at 1C until 3.105 V"]
    assert r["mesh"] == {"negative": 8, "separator": 5, "positive": 8, "particle": 10}
    # A file reference is its path; a path through it reads the file.
    assert r["cell.electrolyte"] == "../../params/electrolytes/LiPF6_EC_DMC_Marquis2019.yaml"
    assert isinstance(r["cell.electrolyte.diffusivity"], (str, dict))
    with pytest.raises(KeyError):
        r["cell.positive.thicknes"]
    assert "cell.negative.porosity" in r and "cell.negative.porosty" not in r
    # Through the cell file of a full cell, the separator stack file and keys with dots.
    f = cellsim.Recipe.load(FULL_CELL)
    assert f["cell.temperature"] == "30 degC"
    assert f["cell.separator.layers[0].thickness"] == "5 um"
    assert f["experiment.rates"] == ["0.1C", "0.2C", "0.5C", "1C", "2C", "3C", "4C"]
    t = cellsim.Recipe.load("cases/paper/targets.yaml")
    assert t["full_cell.back_to_0p2C_at_cycle_36_mAh_g.LLZTO0.95F0.05@PP"] == 198.8


def test_changes_are_overrides():
    r = cellsim.Recipe.load(CASE_1C)
    r["cell.positive.thickness"] = "80 um"
    r["mesh.positive"] = 20
    r["solver.rtol"] = 1e-5
    r["protocol"] = ["Discharge at 2C until 3.0 V"]
    r["cell.positive.material.diffusivity"] = "5e-14 m2/s"   # inside a parameter file
    assert r["cell.positive.thickness"] == "80 um" and r["mesh.positive"] == 20
    assert r["solver.rtol"] == 1e-5 and r["protocol"] == ["Discharge at 2C until 3.0 V"]
    assert r["cell.positive.material.diffusivity"] == "5e-14 m2/s"
    assert r.overrides == {"cell.positive.thickness": "80 um", "mesh.positive": "20", "solver.rtol": "1e-05",
                           "protocol": '["Discharge at 2C until 3.0 V"]',
                           "cell.positive.material.diffusivity": "5e-14 m2/s"}
    del r["mesh.positive"]
    assert r["mesh.positive"] == 8
    info = r.check()
    assert info["unknowns"] == 237 and info["protocol_steps"] == 1 and info["experiment"] is None
    with pytest.raises(cellsim.InputError, match="malformed override"):
        r["bad key"] = 1


def test_check():
    assert cellsim.check(CASE_1C)["unknowns"] == 237
    info = cellsim.check(FULL_CELL)
    assert info["experiment"] == "rate_capability" and info["protocol_steps"] is None
    info = cellsim.check(FULL_CELL, protocol=["Rest for 1 h"])
    assert info["experiment"] is None and info["protocol_steps"] == 1 and info["case"] == FULL_CELL


def test_run_a_recipe_equals_run_with_set():
    r = cellsim.Recipe.load(CASE_1C)
    r["cell.temperature"] = "22 degC"
    r["output.profile_times"] = []
    a = cellsim.run(r)
    b = cellsim.run(CASE_1C, set={"cell.temperature": "22 degC", "output.profile_times": []})
    c = r.run()
    for name in a.column_names:
        assert np.array_equal(a[name], b[name]) and np.array_equal(a[name], c[name])


def same_inputs(a, b):
    """summary.json inputs: the same key paths, values as given and SI values."""
    strip = {k: (v.get("given"), v.get("value")) for k, v in a.summary["inputs"].items()}
    other = {k: (v.get("given"), v.get("value")) for k, v in b.summary["inputs"].items()}
    return strip == other


def test_to_yaml_round_trips(tmp_path):
    # Unchanged: the file's own text (comments kept).
    assert cellsim.Recipe.load(CASE_1C).to_yaml() == (ROOT / CASE_1C).read_text()
    r = cellsim.Recipe.load(CASE_1C)
    r["cell.temperature"] = "28 degC"
    r["output.profile_times"] = ["600 s"]
    r["protocol"] = ["Discharge at 2C until 3.2 V", "Rest for 5 min"]
    r["cell.positive.material.diffusivity"] = "5e-14 m2/s"   # writes that file in place
    (tmp_path / "sub").mkdir()
    saved = r.save(tmp_path / "sub" / "case.yaml")
    again = cellsim.Recipe.load(saved)
    assert again["cell.temperature"] == "28 degC"
    assert again["cell.positive.material.diffusivity"] == "5e-14 m2/s"
    assert again["cell.negative.material"].endswith("params/materials/graphite_MCMB2528_Marquis2019.yaml")
    a, b = cellsim.run(r), cellsim.run(again)
    for name in a.column_names:
        assert np.array_equal(a[name], b[name]), name
    assert same_inputs(a, b)
    # Written back next to the original, the text is the same as the recipe's own.
    assert again.to_yaml(relative_to=ROOT / "cases" / "validation").split("\n", 1)[1] == \
        r.to_yaml().split("\n", 5)[5]
    # from_yaml: text as a case file at a path.
    third = cellsim.Recipe.from_yaml(r.to_yaml(relative_to=tmp_path), tmp_path / "third.yaml")
    assert third["cell.temperature"] == "28 degC"


def test_to_yaml_with_a_protocol_instead_of_the_experiment(tmp_path):
    r = cellsim.Recipe.load(FULL_CELL, set={"cell.temperature": "0 degC"},
                            protocol=["Charge at 0.5C until 4.6 V", "Discharge at 1C until 3.0 V"])
    assert "experiment" not in r and r["protocol"] == r.protocol
    again = cellsim.Recipe.load(r.save(tmp_path / "case.yaml"))
    assert "experiment" not in again and again["cell.temperature"] == "0 degC"
    a, b = cellsim.run(r), cellsim.run(again)
    assert np.array_equal(a.voltage_V, b.voltage_V) and same_inputs(a, b)
