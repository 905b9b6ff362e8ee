# Sourced by the shell tests that ctest calls as `TEST CELLSIM_BINARY TMP_DIR`: reads those two
# arguments into $cellsim and $tmp, sets $root to the project, and gives fail() and
# require_python_modules (a test skips, exit 0, where Debian's python3 lacks what it needs).
if [ $# -ne 2 ]; then
  echo "usage: $0 CELLSIM_BINARY TMP_DIR" >&2
  exit 2
fi
cellsim=$1
tmp=$2
root=$(cd "$(dirname "$0")/.." && pwd)
fail() { echo "FAIL: $*" >&2; exit 1; }
# require_python_modules "numpy, matplotlib" "python3-numpy python3-matplotlib"
require_python_modules() {
  if ! /usr/bin/python3 -c "import $1" >/dev/null 2>&1; then
    echo "SKIP: /usr/bin/python3 lacks $1 (apt-get install $2)"
    exit 0
  fi
}
