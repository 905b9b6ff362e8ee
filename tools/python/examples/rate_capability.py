# %% [markdown]
# # Rate capability of Li | separator | LiCoO2 from Python (the paper's Fig. 4d,e)
#
# The three full cells of `cases/paper/` differ only in their separator: bare polypropylene
# (PP), LLZTO-coated PP and fluorinated-LLZTO-coated PP. Each recipe runs the
# `rate_capability` experiment: at 0.1C ... 4C a CC-CV charge to 4.6 V and a discharge to
# 3.0 V, then back to 0.2C. This reproduces the discharge capacity against C-rate, with the
# measured values of the LLZTO0.95F0.05@PP cell (`cases/paper/targets.yaml`; the LiCoO2
# diffusivity and rate constant were calibrated on them, the other two cells are predicted).
#
# Run it as a script (`PYTHONPATH=build/python /usr/bin/python3
# tools/python/examples/rate_capability.py`) or cell by cell (`# %%`) in VS Code, Spyder or
# Jupyter (jupytext). It takes about two seconds.

# %%
import concurrent.futures
import os
import pathlib

import matplotlib.pyplot as plt

import cellsim

ROOT = pathlib.Path(cellsim.SOURCE_DIR or ".")  # the cellsim source tree (cases/, params/)
OUT = pathlib.Path(os.environ.get("CELLSIM_EXAMPLE_OUT", ROOT / "out" / "python_rate_capability"))
SEPARATORS = ["PP", "LLZTO1.00@PP", "LLZTO0.95F0.05@PP"]


# %% [markdown]
# ## Run the three cells at once
# `cellsim.run` releases the GIL while it solves, so a thread pool runs the cells in
# parallel. `out=` also writes each run folder, as `cellsim run --out` does.

# %%
def run(separator):
    case = ROOT / "cases" / "paper" / ("full_cell_%s.yaml" % separator)
    return cellsim.run(case, out=OUT / ("full_cell_%s" % separator))


with concurrent.futures.ThreadPoolExecutor(max_workers=len(SEPARATORS)) as pool:
    results = dict(zip(SEPARATORS, pool.map(run, SEPARATORS)))

for separator, r in results.items():
    print("%-18s %d rows, %d steps, solved in %.2f s" % (separator, len(r.time_s), r.steps.nrows, r.wall_time_s))

# %% [markdown]
# ## Figures of merit against the measured values
# Each run reports `rate_capacity_mAh_g` at every C-rate (`r.figures`). The measured values
# live only in `cases/paper/targets.yaml`; any YAML file reads by dotted path as a Recipe.

# %%
targets = cellsim.Recipe.load(ROOT / "cases" / "paper" / "targets.yaml")
measured = dict(zip(targets["full_cell.rate_capability_mAh_g.c_rate"],
                    targets["full_cell.rate_capability_mAh_g.capacity"]))  # LLZTO0.95F0.05@PP


def c_rate(condition):
    return float(condition.rstrip("C"))


capacity = {}
for separator, r in results.items():
    figs = [f for f in r.figures if f.name == "rate_capacity_mAh_g"]
    capacity[separator] = {c_rate(f.condition): f.value for f in figs}

rates = sorted(capacity[SEPARATORS[0]])
print("%-6s" % "rate" + "".join("%20s" % s for s in SEPARATORS) + "%12s%9s" % ("measured", "error"))
for rate in rates:
    row = "%-6s" % ("%gC" % rate) + "".join("%16.1f mAh/g" % capacity[s][rate] for s in SEPARATORS)
    if rate in measured:
        sim = capacity["LLZTO0.95F0.05@PP"][rate]
        row += "%12.1f%+8.1f %%" % (measured[rate], 100 * (sim - measured[rate]) / measured[rate])
    print(row)

# %% [markdown]
# ## The figure
# Discharge capacity against C-rate: lines for the model, open circles for the measurements.

# %%
OUT.mkdir(parents=True, exist_ok=True)
fig, ax = plt.subplots(figsize=(6.0, 4.2))
for separator, marker in zip(SEPARATORS, "sD^"):
    ax.plot(rates, [capacity[separator][x] for x in rates], marker=marker, label="%s (model)" % separator)
ax.plot(sorted(measured), [measured[x] for x in sorted(measured)], "o", mfc="none", mec="k", ms=8,
        label="LLZTO0.95F0.05@PP (measured)")
ax.set_xscale("log")
ax.set_xticks(rates)
ax.set_xticklabels(["%g" % x for x in rates])
ax.set_xlabel("C-rate (1C = 220 mAh/g)")
ax.set_ylabel("discharge capacity [mAh/g LiCoO$_2$]")
ax.set_title("Li | separator | LiCoO$_2$, 3.0-4.6 V, 30 °C")
ax.grid(True, which="both", alpha=0.3)
ax.legend()
fig.tight_layout()
figure = OUT / "rate_capability_from_python.png"
fig.savefig(figure, dpi=120)
print("figure:", figure)

# %% [markdown]
# ## The same plots as `tools/plot`
# `cellsim.plot` draws what `tools/plot RUN... --measured cases/paper/targets.yaml` draws
# (discharge curves per rate, capacity per cycle, dQ/dV, and with several runs the
# comparisons); in a notebook it shows them.

# %%
pngs = cellsim.plot(*results.values(), out=OUT / "png", measured=ROOT / "cases" / "paper" / "targets.yaml")
print("\n".join(str(p) for p in pngs if "comparison" in str(p)))

# %% [markdown]
# ## As a DataFrame (pandas is optional)

# %%
try:
    import pandas as pd
except ImportError:
    pd = None
if pd is not None:
    frame = pd.DataFrame({s: capacity[s] for s in SEPARATORS})
    frame.index.name = "C-rate"
    print(frame.round(1))
