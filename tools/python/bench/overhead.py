"""The cost of calling cellsim through Python, side by side with the CLI.

    PYTHONPATH=build/python /usr/bin/python3 tools/python/bench/overhead.py [CASE] [ROUNDS] [--threads]

Runs CASE (default: the COMSOL 1C discharge) ROUNDS times (default 20), alternating:
  - the CLI, `build/cellsim run CASE --out TMP --quiet`: its own solve time is summary.json's
    wall_time_s (from the start of the run, solver set-up included, recipe loading excluded);
  - cellsim.run(CASE) in this process: the time of the whole call (perf_counter), and inside
    it the same wall_time_s, the recipe loading (load_time_s) and all the C++ work
    (call_time_s);
  - build/cellsim_bench CASE 1 (load + build + solve in one C++ process, no files written).
Prints the medians, the overhead of the Python call over the C++ work it wraps, and the
import time. With --threads also the speed-up of 4 cases on a ThreadPoolExecutor over the
same 4 cases run one after the other, next to what 2 processes of pure Python get on this
machine at that moment (the machine is shared: the other core may be busy).
"""

import concurrent.futures
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time

import cellsim

ROOT = cellsim.SOURCE_DIR or os.getcwd()
BUILD = os.environ.get("CELLSIM_BUILD_DIR") or os.path.join(ROOT, "build")


def median_ms(values):
    return 1e3 * statistics.median(values)


def overhead(case, rounds):
    cli = os.path.join(BUILD, "cellsim")
    bench = os.path.join(BUILD, "cellsim_bench")
    have_bench = os.access(bench, os.X_OK)
    cli_solve, bench_total = [], []
    py_call, py_solve, py_load, py_cpp, py_call_np = [], [], [], [], []
    no_profiles = {"output.profile_times": []}  # as cellsim_bench runs the case
    cellsim.run(case)  # warm up
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(rounds):
            subprocess.run([cli, "run", case, "--out", tmp, "--quiet"], check=True, cwd=ROOT)
            with open(os.path.join(tmp, "summary.json")) as fh:
                cli_solve.append(json.load(fh)["wall_time_s"])

            t0 = time.perf_counter()
            r = cellsim.run(case)
            py_call.append(time.perf_counter() - t0)
            py_solve.append(r.wall_time_s)
            py_load.append(r.load_time_s)
            py_cpp.append(r.call_time_s)

            if have_bench:
                out = subprocess.run([bench, case, "5"], check=True, cwd=ROOT, capture_output=True, text=True).stdout
                for line in out.splitlines():
                    if "set-up included" in line:
                        bench_total.append(float(line.rsplit(":", 1)[1].split()[0]) / 1e3)
                t0 = time.perf_counter()
                cellsim.run(case, set=no_profiles)
                py_call_np.append(time.perf_counter() - t0)
    binding = [a - b for a, b in zip(py_call, py_cpp)]
    solve = statistics.median(cli_solve)
    print("case: %s, %d rounds alternating CLI and Python (medians)" % (case, rounds))
    print("  CLI solve (summary.json wall_time_s, fresh process):  %6.2f ms" % median_ms(cli_solve))
    print("  cellsim.run(): the same wall_time_s                    %6.2f ms" % median_ms(py_solve))
    print("  cellsim.run(): recipe load + cell build (load_time_s)  %6.2f ms" % median_ms(py_load))
    print("  cellsim.run(): all its C++ work (call_time_s)          %6.2f ms" % median_ms(py_cpp))
    print("  cellsim.run(): the whole call                          %6.2f ms" % median_ms(py_call))
    print("  overhead of Python (whole call - its C++ work)         %6.3f ms = %.1f %% of the CLI's solve time"
          % (median_ms(binding), 100 * statistics.median(binding) / solve))
    if have_bench:
        diff = statistics.median(py_call_np) - statistics.median(bench_total)
        print("  without profiles: cellsim_bench (C++ load+build+solve, median of 5 per round) %6.2f ms, "
              "cellsim.run() %6.2f ms: difference %.2f ms = %.1f %% of the CLI's solve time"
              % (median_ms(bench_total), median_ms(py_call_np), 1e3 * diff, 100 * diff / solve))
    t = []
    for _ in range(5):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import cellsim"], check=True, env=dict(os.environ))
        t1 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        t.append((t1 - t0) - (time.perf_counter() - t1))
    print("import cellsim (once per process, numpy included): %.0f ms" % median_ms(t))


def _burn(n):
    s = 0
    for i in range(n):
        s += i
    return s


def threads(case):
    cases = [{"output.profile_times": [], "solver.rtol": 1e-6, "cell.temperature": t,
              "protocol": ["Discharge at %s until 3.2 V" % rate, "Charge at 1C until 4.1 V"]}
             for t, rate in (("20 degC", "1C"), ("25 degC", "2C"), ("30 degC", "0.5C"), ("25 degC", "1.5C"))]

    def run(c):
        return cellsim.run(case, set=c)

    run(cases[0])
    serial, parallel, control = [], [], []
    n = 3_000_000
    for _ in range(5):
        t0 = time.perf_counter()
        a = [run(c) for c in cases]
        serial.append(time.perf_counter() - t0)
        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            t0 = time.perf_counter()
            b = list(pool.map(run, cases))
            parallel.append(time.perf_counter() - t0)
        assert all((x.voltage_V == y.voltage_V).all() for x, y in zip(a, b))
        t0 = time.perf_counter()
        _burn(n), _burn(n)
        t1 = time.perf_counter()
        with multiprocessing.Pool(2) as pool:
            t2 = time.perf_counter()
            pool.map(_burn, [n, n])
            control.append((t1 - t0) / (time.perf_counter() - t2))
    s, p = statistics.median(serial), statistics.median(parallel)
    print("4 cases: one after the other %.3f s, on 4 threads %.3f s: speed-up %.2fx (medians of 5; "
          "2 processes of pure Python get %.2fx on this machine meanwhile)" % (s, p, s / p, statistics.median(control)))


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    case = args[0] if args else "cases/validation/comsol_marquis2019_1C.yaml"
    rounds = int(args[1]) if len(args) > 1 else 20
    os.chdir(ROOT)
    overhead(case, rounds)
    if "--threads" in sys.argv:
        threads(case)
