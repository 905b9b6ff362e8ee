#!/usr/bin/env bash
# A run stopped at a random point (issue 11): SIGKILL leaves --out absent, empty or holding a
# whole result set (the previous one or the finished new one, never a mix or a half-written
# file); SIGINT/SIGTERM leave valid CSV and JSON, summary.json saying where the run stopped and
# cycles.csv holding exactly the completed cycles. The next run into the same folder succeeds
# and leaves no staging leftovers. The kill points are random but seeded (CELLSIM_KILL_SEED)
# and printed, so a failure can be replayed; no assertion depends on how long anything took.
#
#   tests/test_cli_interrupts.sh CELLSIM_BINARY TMP_DIR
set -euo pipefail
cellsim=$1
tmp=$2
root=$(cd "$(dirname "$0")/.." && pwd)
py=/usr/bin/python3
fail() { echo "FAIL (seed $seed): $*" >&2; exit 1; }
seed=${CELLSIM_KILL_SEED:-11}
RANDOM=$seed
rm -rf "$tmp" && mkdir -p "$tmp"
case_file=$root/cases/paper/cycling_LLZTO1.00@PP_0.5mA.yaml
# 100 Li | Li cycles of 1 min plating / 1 min stripping, a row every 10 min: a few seconds.
sets=(--set 'protocol=[{repeat: 100, steps: ["Discharge at 0.5 mA/cm2 for 1 min", "Charge at 0.5 mA/cm2 for 1 min"]}]'
      --set 'output.record_interval=10 min')
previous_sets=(--set 'protocol=[{repeat: 3, steps: ["Discharge at 0.5 mA/cm2 for 1 min", "Charge at 0.5 mA/cm2 for 1 min"]}]')
run=("$cellsim" run "$case_file" --quiet "${sets[@]}")  # started directly, so that a signal reaches cellsim itself
results=(timeseries.csv steps.csv cycles.csv)

# Every CSV row has the header's column count, every JSON parses; prints the set's state.
check_files() {
  "$py" - "$1" <<'EOF'
import csv, json, os, sys
d = sys.argv[1]
listed = open(os.path.join(d, ".cellsim-files")).read().split()
for name in listed:
    path = os.path.join(d, name)
    if not os.path.isfile(path):
        sys.exit(f"{name} is listed in .cellsim-files but missing")
    if name.endswith(".csv"):
        rows = list(csv.reader(open(path, newline="")))
        if not rows:
            sys.exit(f"{name} is empty")
        bad = [i + 1 for i, r in enumerate(rows) if len(r) != len(rows[0])]
        if bad:
            sys.exit(f"{name}: line {bad[0]} has not the header's {len(rows[0])} columns")
    elif name.endswith(".json"):
        try:
            json.load(open(path))
        except ValueError as e:
            sys.exit(f"{name} is not valid JSON: {e}")
EOF
}
same_set() { for f in "${results[@]}"; do cmp -s "$1/$f" "$2/$f" || return 1; done; }
no_leftovers() {
  local left
  left=$(find "$tmp" -name '.*cellsim-new-*' -o -name '.*cellsim-old-*' -o -name '*.tmp*')
  [ -z "$left" ] || fail "staging leftovers after a successful run: $left"
}

# The reference: the whole run, and how long it takes here (only to spread the kill points).
start=$(date +%s%N)
"${run[@]}" --out "$tmp/whole"
length_ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$(($(wc -l < "$tmp/whole/cycles.csv") - 1))" = 100 ] || fail "the reference run has not 100 cycles"
"$cellsim" run "$case_file" --quiet "${previous_sets[@]}" --out "$tmp/previous"
kill_point() { echo "$(( 200 + RANDOM * (length_ms > 200 ? length_ms - 200 : 1) / 32768 ))"; }
sleep_ms() { sleep "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))"; }

# SIGKILL into a fresh folder and into one holding a previous set.
for trial in 1 2 3; do
  out=$tmp/kill$trial
  [ "$trial" = 1 ] || cp -a "$tmp/previous" "$out"
  at=$(kill_point)
  "${run[@]}" --out "$out" 2> /dev/null &
  pid=$!
  sleep_ms "$at"
  kill -KILL $pid 2> /dev/null || true
  wait $pid 2> /dev/null || true
  if [ ! -e "$out" ] || [ -z "$(ls -A "$out")" ]; then state="absent or empty"
  else
    check_files "$out" || fail "SIGKILL at $at ms left a broken set in $out"
    if same_set "$out" "$tmp/whole"; then state="the new set"
    elif same_set "$out" "$tmp/previous"; then state="the previous set"
    else fail "SIGKILL at $at ms left a mix in $out"; fi
  fi
  [ "$trial" = 1 ] || [ "$state" != "absent or empty" ] || fail "SIGKILL at $at ms lost the previous set"
  echo "SIGKILL at $at ms of ~$length_ms ms: $out holds $state"
  "${run[@]}" --out "$out"
  same_set "$out" "$tmp/whole" || fail "the run after SIGKILL differs from the reference"
  no_leftovers
done

# SIGINT and SIGTERM: a whole set of what was completed; --resume finishes it.
for trial in 1 2 3; do
  sig=$([ $((trial % 2)) = 1 ] && echo INT || echo TERM)
  out=$tmp/stop$trial
  at=$(kill_point)
  rc=0
  "${run[@]}" --out "$out" 2> "$tmp/stop.err" &
  pid=$!
  sleep_ms "$at"
  kill -$sig $pid 2> /dev/null || true
  wait $pid || rc=$?
  if [ "$rc" = 0 ]; then
    same_set "$out" "$tmp/whole" || fail "SIG$sig at $at ms: a run that finished differs from the reference"
    echo "SIG$sig at $at ms: the run had finished"
  elif [ ! -f "$out/summary.json" ]; then
    # Only before the handler is installed (still reading the recipe) may a signal end the
    # process with nothing written.
    [ ! -e "$out" ] || [ -z "$(ls -A "$out")" ] || fail "SIG$sig at $at ms: no summary.json but files in $out"
    echo "SIG$sig at $at ms: stopped before the run began"
  else
    check_files "$out" || fail "SIG$sig at $at ms: invalid files in $out"
    "$py" - "$out" "$tmp/whole" "$sig" "$rc" <<'EOF' || fail "SIG$sig at $at ms: $(cat "$tmp/stop.err")"
import csv, json, signal, sys
out, whole, sig, rc = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
number = int(getattr(signal, "SIG" + sig))
s = json.load(open(out + "/summary.json"))
reason = s["stop_reason"]
if rc != 128 + number or not s["stopped_early"] or f"interrupted by signal {number} in step" not in reason:
    sys.exit(f"exit {rc}, stop_reason {reason!r}: does not say where the run stopped")
steps = list(csv.DictReader(open(out + "/steps.csv")))
done = sum(1 for r in steps if r["ended_by"] != "interrupted")
# Steps alternate plating/stripping, two to a cycle: cycles.csv holds every completed cycle,
# with the numbers of the uninterrupted run.
cycles = open(out + "/cycles.csv").read().splitlines()
reference = open(whole + "/cycles.csv").read().splitlines()
complete = done // 2
if open(out + "/steps.csv").read().splitlines()[1:1 + done] != open(whole + "/steps.csv").read().splitlines()[1:1 + done]:
    sys.exit(f"steps.csv differs from the reference within the {done} completed steps")
if cycles[1:1 + complete] != reference[1:1 + complete]:
    sys.exit(f"cycles.csv differs from the reference within the {complete} completed cycles")
if len(cycles) - 1 not in (complete, complete + 1):
    sys.exit(f"cycles.csv has {len(cycles) - 1} rows for {complete} completed cycles ({done} steps)")
print(f"  {done} steps, {complete} whole cycles, cycles.csv {len(cycles) - 1} rows; {reason[:70]}...")
EOF
    [ -f "$out/checkpoint.bin" ] || fail "SIG$sig at $at ms: no checkpoint"
    echo "SIG$sig at $at ms: stopped with exit $rc"
  fi
  resume=()
  [ -f "$out/checkpoint.bin" ] && resume=(--resume)
  "${run[@]}" --out "$out" "${resume[@]}"
  same_set "$out" "$tmp/whole" && [ ! -f "$out/checkpoint.bin" ] || fail "the run after SIG$sig differs or kept its checkpoint"
  no_leftovers
done
echo "OK: SIGKILL leaves no set or a whole one; SIGINT/SIGTERM leave valid files with every completed cycle"
