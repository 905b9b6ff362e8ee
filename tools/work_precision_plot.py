"""Pareto fronts, the printed table and the figure of tools/work_precision.py."""
import math

import matplotlib

matplotlib.use("Agg")  # headless: the figure goes to a file
import matplotlib.pyplot as plt  # noqa: E402

# The COMSOL 1C target: the model itself differs from COMSOL by ~0.3 mV on a fine mesh, so
# 1 mV leaves ~0.7 mV for the discretisation and the time integration.
COMSOL_LIMIT_MV = 1.0


def _cost_error(row, cost):
    c = row.get(cost)
    if c is None or not math.isfinite(row["error"]):
        return None
    return float(c), row["error"]


def mark_front(rows, cost, flag):
    """Flags the points that no other point beats in both cost and error (ties kept)."""
    pts = [(i, _cost_error(r, cost)) for i, r in enumerate(rows)]
    pts = [(i, ce) for i, ce in pts if ce is not None]
    for row in rows:
        row[flag] = False
    for i, (c, e) in pts:
        dominated = any(c2 <= c and e2 <= e and (c2 < c or e2 < e) for _, (c2, e2) in pts)
        rows[i][flag] = not dominated


def _fmt_instr(n):
    return "-" if n is None else f"{n / 1e6:.0f} M"


def cheapest_within(rows, limit, cost="instructions"):
    ok = [r for r in rows if r.get(cost) is not None and r["error"] <= limit]
    return min(ok, key=lambda r: r[cost]) if ok else None


def print_front(name, case, label, rows):
    """The Pareto front by instructions (points counted) and the recipe default, as a table."""
    default = next(r for r in rows if r["default"])
    # Without callgrind (--quick) the front by wall time is all there is.
    by = "instructions" if any(r["instructions"] is not None for r in rows) else "wall_s"
    flag = "pareto_instructions" if by == "instructions" else "pareto_wall"
    front = sorted((r for r in rows if r[flag] or r["default"]), key=lambda r: r[by])
    print(f"\n{name} ({case})\nerror: {label}; * = recipe default; front by {by}")
    print(f"{'settings':62s} {'unknowns':>8s} {'wall':>7s} {'solve':>7s} {'instr':>7s} {'error':>9s} {'vs conv':>9s}")
    for r in front:
        mark = "*" if r["default"] else " "
        print(f"{mark}{r['settings']:61s} {r['unknowns']:8d} {r['wall_s']:6.3f}s {r['solve_s']:6.3f}s "
              f"{_fmt_instr(r['instructions']):>7s} {r['error']:9.4g} {r['error_vs_converged']:9.4g}")
    if name == "comsol_1C":
        best = cheapest_within(rows, COMSOL_LIMIT_MV)
        if best is not None and default["instructions"]:
            print(f"cheapest with RMSE <= {COMSOL_LIMIT_MV} mV: {best['settings']} "
                  f"({_fmt_instr(best['instructions'])}, {best['error']:.3f} mV): "
                  f"{default['instructions'] / best['instructions']:.2f}x fewer instructions "
                  f"than the recipe default ({_fmt_instr(default['instructions'])}, "
                  f"{default['error']:.3f} mV)")
        else:
            print(f"no point with instructions and RMSE <= {COMSOL_LIMIT_MV} mV")


def _panel(ax, rows, cost, flag, xlabel, ylabel, title):
    pts = [r for r in rows if r.get(cost) is not None]
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.scatter([r[cost] for r in pts], [r["error"] for r in pts], s=14, color="0.6",
               label="sweep points")
    front = sorted((r for r in pts if r[flag]), key=lambda r: r[cost])
    ax.plot([r[cost] for r in front], [r["error"] for r in front], "o-", color="C3", ms=5,
            label="Pareto front")
    for r in pts:
        if r["default"]:
            ax.plot(r[cost], r["error"], "*", color="C0", ms=14, label="recipe default")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=9)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7)


def plot(panels, path):
    """Two panels per case (error vs wall time, error vs instructions), one case per row."""
    fig, axes = plt.subplots(len(panels), 2, figsize=(11, 4.2 * len(panels)), squeeze=False)
    for (name, case, label, rows), (ax_w, ax_i) in zip(panels, axes):
        _panel(ax_w, rows, "wall_s", "pareto_wall", "wall time per run [s]", label,
               f"{name}: error vs wall time")
        _panel(ax_i, rows, "instructions", "pareto_instructions",
               "instructions per run (callgrind)", label, f"{name}: error vs instructions")
        if name == "comsol_1C":
            for ax in (ax_w, ax_i):
                ax.axhline(COMSOL_LIMIT_MV, color="C2", ls="--", lw=1)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
