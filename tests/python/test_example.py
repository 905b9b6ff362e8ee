"""tools/python/examples/rate_capability.py runs and reproduces the rate-capability figure."""

import os
import re
import subprocess
import sys

import pytest

from conftest import ROOT

pytest.importorskip("matplotlib")


def test_rate_capability_example(tmp_path):
    env = dict(os.environ, CELLSIM_EXAMPLE_OUT=str(tmp_path), MPLBACKEND="Agg")
    p = subprocess.run([sys.executable, str(ROOT / "tools" / "python" / "examples" / "rate_capability.py")],
                       cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    # One line per C-rate with the three simulated capacities, the measured one and the error.
    rows = re.findall(r"^(\S+C)\s+([\d.]+) mAh/g\s+([\d.]+) mAh/g\s+([\d.]+) mAh/g\s+([\d.]+)\s+([-+][\d.]+) %$",
                      p.stdout, re.M)
    assert [r[0] for r in rows] == ["0.1C", "0.2C", "0.5C", "1C", "2C", "3C", "4C"]
    for rate, pp, llzto, llzto_f, measured, error in rows:
        assert abs(float(error)) < 5, (rate, error)  # calibrated to these within 2.4 %
        assert float(llzto_f) >= float(llzto) >= float(pp)  # the paper's order
    assert (tmp_path / "rate_capability_from_python.png").stat().st_size > 10000
    assert (tmp_path / "png" / "comparison_rate_capability.png").exists()
    for sep in ("PP", "LLZTO1.00@PP", "LLZTO0.95F0.05@PP"):
        assert (tmp_path / ("full_cell_" + sep) / "summary.json").exists()
