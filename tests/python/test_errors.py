"""InputError with the CLI's file:line message; SolverError naming the variable and place."""

import subprocess

import pytest

import cellsim
from conftest import CASE_1C, ROOT

CLI_PREFIX = "cellsim: input error: "


def cli_error(cli, *args):
    p = subprocess.run([cli, *args], cwd=ROOT, capture_output=True, text=True)
    assert p.returncode == 1, p.stderr
    line = p.stderr.strip().splitlines()[0]
    assert line.startswith(CLI_PREFIX)
    return line[len(CLI_PREFIX):]


def broken_case(tmp_path, source, old, new):
    """A copy of `source` in tmp_path (references rewritten) with `old` replaced by `new`."""
    path = tmp_path / "broken.yaml"
    cellsim.Recipe.load(source).save(path)
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def test_input_error_carries_file_and_line(cli, tmp_path):
    case = broken_case(tmp_path, CASE_1C, "porosity: 0.3", "porosty: 0.3")
    expected = cli_error(cli, "check", case)
    line = next(i for i, t in enumerate(open(case), 1) if "porosty" in t)
    assert expected.startswith("%s:%d: " % (case, line)) and "did you mean 'porosity'" in expected
    for call in (lambda: cellsim.run(case), lambda: cellsim.check(case), lambda: cellsim.Recipe.load(case).check()):
        with pytest.raises(cellsim.InputError) as info:
            call()
        assert str(info.value) == expected
        assert info.value.file == case and info.value.line == line
        assert info.value.key_path == "cell.negative.porosty"
    assert isinstance(info.value, ValueError) and isinstance(info.value, cellsim.Error)


def test_input_error_in_a_parameter_file_and_a_value(cli, tmp_path):
    case = broken_case(tmp_path, CASE_1C, "thickness: 100 um", "thickness: 100")
    expected = cli_error(cli, "check", case)
    with pytest.raises(cellsim.InputError) as info:
        cellsim.run(case)
    assert str(info.value) == expected and "missing unit" in expected


def test_override_errors_as_the_cli(cli):
    expected = cli_error(cli, "check", CASE_1C, "--set", "cell.positive.porosty=0.3")
    with pytest.raises(cellsim.InputError) as info:
        cellsim.run(CASE_1C, set={"cell.positive.porosty": 0.3})
    assert str(info.value) == expected and info.value.file == "--set"
    expected = cli_error(cli, "check", CASE_1C, "--set", 'protocol=["Discharge at 1C until 3 Q"]')
    with pytest.raises(cellsim.InputError) as info:
        cellsim.run(CASE_1C, protocol=["Discharge at 1C until 3 Q"])
    assert str(info.value) == expected


def test_errors_in_a_case_run_with_its_own_protocol_name_the_case(cli, tmp_path):
    """A protocol instead of the experiment loads a copy of the case with the experiment's
    lines blanked: errors still name the case and its lines."""
    case = broken_case(tmp_path, "cases/paper/full_cell_PP.yaml", "positive: 20", "positiv: 20")
    expected = cli_error(cli, "check", case)
    with pytest.raises(cellsim.InputError) as info:
        cellsim.run(case, protocol=["Rest for 1 h"])
    assert str(info.value) == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.yaml"]


def test_missing_file(cli):
    expected = cli_error(cli, "check", "cases/nowhere.yaml")
    with pytest.raises(cellsim.InputError) as info:
        cellsim.Recipe.load("cases/nowhere.yaml")
    assert str(info.value) == expected


def test_solver_error_names_variable_and_place(cli):
    """A run the solver cannot follow (discharging the COMSOL cell at 10C on past the
    depletion of its pores, as the recipe asks) raises SolverError with the CLI's message,
    which names the time and the unknowns with the largest errors with their place."""
    sets = {"protocol": ["Discharge at 10C until 2.0 V"], "output.profile_times": [],
            "safety.on_depletion": "continue"}
    p = subprocess.run([cli, "run", CASE_1C, "--out", "/nonexistent", "--quiet",
                        "--set", 'protocol=["Discharge at 10C until 2.0 V"]', "--set", "output.profile_times=[]",
                        "--set", "safety.on_depletion=continue"],
                       cwd=ROOT, capture_output=True, text=True)
    assert p.returncode == 3, p.stderr  # the CLI's exit code for a solver error
    expected = p.stderr.splitlines()[0][len("cellsim: solver error: "):]
    with pytest.raises(cellsim.SolverError) as info:
        cellsim.run(CASE_1C, set=sets)
    message = str(info.value)
    assert message == expected
    # IDA's own failure, or a stall (the steps shrink to nothing): both name the time.
    assert ("IDA failed at t = " in message or "stalled at t = " in message), message
    assert "largest weighted errors:" in message
    assert " electrode" in message and ", x = " in message and " um]=" in message
    assert isinstance(info.value, RuntimeError) and isinstance(info.value, cellsim.Error)
