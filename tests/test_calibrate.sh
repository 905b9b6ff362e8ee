#!/usr/bin/env bash
# tools/calibrate is transactional: when one fit of the plan fails, no params file changes,
# not even those of the fits that succeeded before it; when all succeed, the values are
# written (a perturbed transference number is restored by its fit).
#
#   tests/test_calibrate.sh CELLSIM_BINARY TMP_DIR
set -euo pipefail
. "$(dirname "$0")/shell_support.sh"
require_python_modules "yaml" "python3-yaml"

rm -rf "$tmp"
mkdir -p "$tmp/tree"
cp -r "$root/params" "$root/cases" "$tmp/tree/"
pp=$tmp/tree/params/separators/PP.yaml
sed -i -E 's/^(effective_transference_number:) [0-9.]+/\1 0.2/' "$pp"
grep -q '^effective_transference_number: 0.2' "$pp" || fail "test setup: could not perturb $pp"
cp -r "$tmp/tree/params" "$tmp/params_before"

# A fit that cannot succeed: its target figure does not exist.
cat > "$tmp/tree/cases/paper/fits/broken.yaml" <<'YAML'
description: injected failure for the transactional test
parameters:
  - {name: effective_transference_number, set: [cell.separator.effective_transference_number], initial: 0.3}
targets:
  - {case: ../bruce_vincent_PP.yaml, figure: no_such_figure, measured: 1.0}
YAML
cat > "$tmp/failing_plan.yaml" <<'YAML'
order: [transference_PP, broken]
fits:
  transference_PP: [{parameter: effective_transference_number, file: params/separators/PP.yaml, key: effective_transference_number}]
  broken: [{parameter: effective_transference_number, file: params/separators/LLZTO1.00@PP.yaml, key: effective_transference_number}]
YAML
if /usr/bin/python3 "$root/tools/calibrate" --root "$tmp/tree" --plan "$tmp/failing_plan.yaml" --cellsim "$cellsim" \
     > "$tmp/failing.log" 2>&1; then
  fail "calibrate succeeded although a fit failed"
fi
grep -q "fit 'broken' failed" "$tmp/failing.log" || { cat "$tmp/failing.log"; fail "no message naming the failed fit"; }
diff -r "$tmp/params_before" "$tmp/tree/params" > /dev/null || fail "a params file changed although a fit failed"
ls "$tmp/tree/params/separators" | grep -q tmp && fail "temporary files left behind"

# The same plan without the broken fit writes the fitted value back.
cat > "$tmp/good_plan.yaml" <<'YAML'
order: [transference_PP]
fits:
  transference_PP: [{parameter: effective_transference_number, file: params/separators/PP.yaml, key: effective_transference_number}]
YAML
/usr/bin/python3 "$root/tools/calibrate" --root "$tmp/tree" --plan "$tmp/good_plan.yaml" --cellsim "$cellsim" \
  > "$tmp/good.log" 2>&1 || { cat "$tmp/good.log"; fail "calibrate failed on a good plan"; }
value=$(sed -n -E 's/^effective_transference_number: ([0-9.]+).*/\1/p' "$pp")
expected=$(sed -n -E 's/^effective_transference_number: ([0-9.]+).*/\1/p' "$root/params/separators/PP.yaml")
/usr/bin/python3 -c "import sys; a, b = float('$value'), float('$expected'); sys.exit(0 if abs(a - b) < 2e-3 else 1)" \
  || fail "fitted PP transference number $value, expected $expected (restored from the perturbed 0.2)"
grep -q "FITTED" "$pp" || fail "the comment on the fitted line was lost"
echo "calibrate: failing fit left params untouched; good fit restored t+ = $value (shipped $expected)"
