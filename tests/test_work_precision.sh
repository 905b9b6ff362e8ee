#!/usr/bin/env bash
# Smoke test for tools/bench --work-precision (tools/work_precision.py).
#
#   tests/test_work_precision.sh CELLSIM_BINARY TMP_DIR
#
# Runs the --quick sweep (two settings of the COMSOL 1C case, one run each, ~2 s, no
# callgrind) into TMP_DIR and checks that the CSV has both rows with finite, positive RMSEs
# (below 20 mV: a broken error computation, e.g. the wrong columns, gives volts) and a PNG.
# Skips (exit 0) when the Debian /usr/bin/python3 lacks numpy or matplotlib.
set -euo pipefail
. "$(dirname "$0")/shell_support.sh"
require_python_modules "numpy, matplotlib" "python3-numpy python3-matplotlib"

rm -rf "$tmp" && mkdir -p "$tmp"
/usr/bin/python3 "$root/tools/work_precision.py" --quick --cellsim "$cellsim" --out "$tmp" \
  > "$tmp/stdout.txt" || fail "tools/work_precision.py --quick exited $?"
[ -s "$tmp/work_precision.png" ] || fail "no work_precision.png"
/usr/bin/python3 - "$tmp/work_precision.csv" <<'PY' || fail "bad work_precision.csv"
import csv, math, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert len(rows) == 2, rows
for r in rows:
    e = float(r["error"])
    assert math.isfinite(e) and 0 < e < 20, r
    assert int(r["unknowns"]) > 0 and float(r["wall_s"]) > 0, r
assert sum(r["default"] == "True" for r in rows) == 1, rows
PY
grep -q "comsol_1C" "$tmp/stdout.txt" || fail "no Pareto table printed"
echo "PASS: tools/bench --work-precision --quick"
