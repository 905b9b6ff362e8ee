"""The GIL is released while a case loads and solves: threads run cases in parallel and give
the same numbers as serial runs. The speed-up is printed (pytest -s), not asserted: the
machine is shared."""

import concurrent.futures
import threading
import time

import numpy as np

import cellsim
from conftest import CASE_1C

# Four different cases of about 0.1 s each (a discharge and a charge of the COMSOL cell).
CASES = [
    # The former default mesh: a solve long enough (> 30 ms) for the GIL test to mean something.
    {"cell.temperature": t, "output.profile_times": [], "solver.rtol": 1e-6,
     "mesh.negative": 30, "mesh.positive": 30, "mesh.particle": 20,
     "protocol": ["Discharge at %s until 3.2 V" % rate, "Charge at 1C until 4.1 V"]}
    for t, rate in (("20 degC", "1C"), ("25 degC", "2C"), ("30 degC", "0.5C"), ("25 degC", "1.5C"))
]


def run(overrides):
    return cellsim.run(CASE_1C, set=overrides)


def test_four_threads_same_numbers_and_parallel():
    run(CASES[0])  # warm up (page cache, allocator)
    t0 = time.perf_counter()
    serial = [run(c) for c in CASES]
    t_serial = time.perf_counter() - t0
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        t0 = time.perf_counter()
        threaded = list(pool.map(run, CASES))
        t_threads = time.perf_counter() - t0
    for a, b in zip(serial, threaded):
        assert a.column_names == b.column_names
        for name in a.column_names:
            assert np.array_equal(a[name], b[name]), name
        assert a.stats == b.stats
    assert len({len(r.time_s) for r in serial}) > 1  # four different cases
    solve = sum(r.call_time_s for r in serial)
    print("\n4 cases: serial %.3f s, 4 threads %.3f s: speed-up %.2fx (C++ time per case %.3f s)"
          % (t_serial, t_threads, t_serial / t_threads, solve / 4))


def test_python_runs_while_a_case_solves():
    """While one thread is inside the solver, the main thread keeps running Python: the
    longest pause between its steps stays well below the solve (it would be the whole solve
    if the GIL were held)."""
    result = {}
    thread = threading.Thread(target=lambda: result.setdefault("r", run(CASES[2])))
    stamps = [time.perf_counter()]
    thread.start()
    while thread.is_alive():
        time.sleep(0.001)
        stamps.append(time.perf_counter())
    thread.join()
    solve = result["r"].call_time_s
    assert solve > 0.03
    longest = max(np.diff(stamps))
    print("\nsolve %.3f s in a thread; the main thread's longest pause %.4f s" % (solve, longest))
    assert longest < 0.5 * solve
