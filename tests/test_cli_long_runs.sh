#!/usr/bin/env bash
# The command line around long runs: output paths checked before any computation, and a run
# killed with SIGINT that keeps its completed steps and, resumed, writes exactly the files of
# the same run uninterrupted; a result set is replaced as a whole.
#
#   tests/test_cli_long_runs.sh CELLSIM_BINARY TMP_DIR
set -euo pipefail
cellsim=$1
tmp=$2
root=$(cd "$(dirname "$0")/.." && pwd)
fail() { echo "FAIL: $*" >&2; exit 1; }
rm -rf "$tmp" && mkdir -p "$tmp"
case_file=$root/cases/paper/cycling_LLZTO1.00@PP_0.5mA.yaml

touch "$tmp/a_file"
if "$cellsim" run "$case_file" --out "$tmp/a_file" 2> "$tmp/err"; then fail "--out naming a file was accepted"; fi
grep -q "is a file" "$tmp/err" || fail "--out naming a file: $(cat "$tmp/err")"
if "$cellsim" fit "$root/cases/paper/fits/ccd_hot_spot.yaml" --out "$tmp/" 2> "$tmp/err"; then fail "fit --out DIR/ was accepted"; fi
grep -q "give a file name" "$tmp/err" || fail "fit --out DIR/: $(cat "$tmp/err")"

"$cellsim" run "$case_file" --out "$tmp/whole" --quiet 2> /dev/null
"$cellsim" run "$case_file" --out "$tmp/killed" --quiet 2> "$tmp/killed.err" &
pid=$!
sleep 0.7
kill -INT $pid
rc=0
wait $pid || rc=$?
[ "$rc" = 130 ] || fail "an interrupted run exits 130, got $rc (did it end before the signal?)"
[ -f "$tmp/killed/checkpoint.bin" ] || fail "no checkpoint after SIGINT"
grep -q "interrupted by signal 2" "$tmp/killed/summary.json" || fail "summary.json does not say where the run stopped"
"$cellsim" run "$case_file" --out "$tmp/killed" --resume --quiet 2> /dev/null
[ ! -f "$tmp/killed/checkpoint.bin" ] || fail "a finished run left its checkpoint behind"
for f in cycles.csv steps.csv timeseries.csv; do
  cmp -s "$tmp/whole/$f" "$tmp/killed/$f" || fail "$f of the resumed run differs from the uninterrupted run's"
done
# A step that fails after others finished (a 10C discharge continued past the depletion of
# the positive pores, as the recipe may ask: the solver cannot follow): those are
# written, the error says which step.
rc=0
"$cellsim" run "$root/cases/validation/comsol_marquis2019_1C.yaml" --out "$tmp/failed" --quiet \
  --set 'protocol=["Discharge at 1C for 10 min", "Rest for 10 min", "Discharge at 10C until 2.0 V"]' \
  --set safety.on_depletion=continue 2> "$tmp/failed.err" || rc=$?
[ "$rc" = 3 ] || fail "a failed step exits 3, got $rc: $(cat "$tmp/failed.err")"
grep -q "2 steps completed" "$tmp/failed.err" || fail "the error does not say what was kept: $(cat "$tmp/failed.err")"
[ "$(wc -l < "$tmp/failed/steps.csv")" = 3 ] || fail "steps.csv should hold the 2 completed steps"
grep -q '"stop_reason": "step 3 failed' "$tmp/failed/summary.json" || fail "summary.json does not say which step failed"
# A result set is replaced as a whole: the user's files stay, a folder in the way of a
# result file is an error naming it that leaves the previous set, nothing hidden is left.
comsol=$root/cases/validation/comsol_marquis2019_1C.yaml
"$cellsim" run "$comsol" --out "$tmp/set" --quiet --set 'protocol=["Discharge at 1C for 10 min"]'
echo mine > "$tmp/set/notes.txt"
cp "$tmp/set/timeseries.csv" "$tmp/old_timeseries.csv"
rm "$tmp/set/summary.json" && mkdir "$tmp/set/summary.json"
rc=0
"$cellsim" run "$comsol" --out "$tmp/set" --quiet --set 'protocol=["Discharge at 1C for 20 min"]' 2> "$tmp/set.err" || rc=$?
[ "$rc" = 4 ] || fail "a folder in the way should exit 4, got $rc"
grep -q "$tmp/set/summary.json: a folder is in the way" "$tmp/set.err" || fail "the error does not name the folder: $(cat "$tmp/set.err")"
cmp -s "$tmp/old_timeseries.csv" "$tmp/set/timeseries.csv" || fail "a failed write changed the previous results"
rmdir "$tmp/set/summary.json"
"$cellsim" run "$comsol" --out "$tmp/set" --quiet --set 'protocol=["Discharge at 1C for 20 min"]'
[ "$(cat "$tmp/set/notes.txt")" = mine ] || fail "a user's file in --out did not survive a run"
[ -f "$tmp/set/summary.json" ] && ! cmp -s "$tmp/old_timeseries.csv" "$tmp/set/timeseries.csv" || fail "the new results are not in place"
leftovers=$(find "$tmp" -name '.*' ! -name .cellsim-files)
[ -z "$leftovers" ] || fail "hidden leftovers: $leftovers"
echo "OK: output paths checked first; SIGINT + --resume = the uninterrupted run; a failed step keeps the others;"
echo "    result sets replaced as a whole, user files kept"
