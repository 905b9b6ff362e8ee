"""What the lithium-metal plots share: which runs are symmetric cells
(Li | separator | Li), current densities from step texts, half-cycles and
current levels."""

import math

import numpy as np

from .data import cell_parts, nrows
from .protocol import parse_current_mA_cm2

# Electrolyte concentration at each lithium foil.  cellsim writes these
# columns only for the sides that have a foil (older versions wrote both,
# empty where there is none).
CE_NEG = "c_e_surface_negative_mol_m3"
CE_POS = "c_e_surface_positive_mol_m3"
_LITHIUM_NAMES = ("li", "li metal", "lithium", "lithium metal")


def has_porous_electrode(run):
    """True if summary.json lists a region that is neither a separator nor
    a foil (a porous electrode: "negative" or "positive")."""
    cell = run.summary.get("cell")
    regions = cell.get("regions") if isinstance(cell, dict) else None
    if not isinstance(regions, list):
        return False
    return any(isinstance(r, dict) and str(r.get("name", "")).split(":")[0]
               in ("negative", "positive") for r in regions)


def is_symmetric(run):
    """Li | separator | Li.  Decided by cell.name when the summary has one
    ('Li | PP | Li' yes; 'Li | PP | LiCoO2' or a graphite | LiCoO2 cell no).
    Without a name: no porous electrode, and both lithium-surface
    concentration columns, at least one with values (older cellsim versions
    wrote both columns for any cell with a foil, one of them empty, so the
    columns alone would also accept their Li | LiCoO2 runs)."""
    parts = cell_parts(run)
    if len(parts) >= 2:
        return all(p.lower() in _LITHIUM_NAMES for p in (parts[0], parts[-1]))
    if has_porous_electrode(run):
        return False
    ts = run.ts
    return (nrows(ts) > 0 and CE_NEG in ts and CE_POS in ts
            and (np.isfinite(ts[CE_NEG]).any()
                 or np.isfinite(ts[CE_POS]).any()))


def half_cycles(run):
    """Steps of cycles.csv that pass charge, as a dict of arrays:
    index (1-based half-cycle), t_end_s, overpotential_mV, direction (+1
    discharge, -1 charge), current_mA_cm2 (|current| from the step text or
    i_end_A_m2) and `fallback` (True when overpotential_mV was missing and
    |v_end_V| is used instead)."""
    cyc = run.step_table
    n = nrows(cyc)
    if not n:
        return None

    def col(name):
        return cyc[name] if name in cyc else np.full(n, math.nan)

    charge, i_end = col("charge_mAh_m2"), col("i_end_A_m2")
    over, fallback = col("overpotential_mV"), False
    if not np.isfinite(over).any():
        over, fallback = np.abs(col("v_end_V")) * 1e3, True
    texts = cyc["text"] if "text" in cyc else [""] * n
    rows = []
    for k in range(n):
        q, i = charge[k], i_end[k]
        if np.isfinite(q) and abs(q) > 1e-9:
            d = 1 if q > 0 else -1
        elif np.isfinite(i) and abs(i) > 1e-12:
            d = 1 if i > 0 else -1
        else:
            continue  # rest
        c = parse_current_mA_cm2(texts[k])
        if c is None and np.isfinite(i):
            c = abs(i) / 10.0
        rows.append((col("t_end_s")[k], over[k], d,
                     abs(c) if c is not None else math.nan))
    if not rows:
        return None
    t, o, d, c = (np.array(v, dtype=float) for v in zip(*rows))
    return {"index": np.arange(1, len(rows) + 1), "t_end_s": t,
            "overpotential_mV": o, "direction": d, "current_mA_cm2": c,
            "fallback": fallback}


def current_groups(run):
    """Consecutive steps at the same |current| (mA/cm2, from the step text):
    [{"current", "t0", "t1"}]."""
    groups = []
    for s in run.steps:
        c = parse_current_mA_cm2(s.get("text"))
        if c is None or not (np.isfinite(s["t0"]) and np.isfinite(s["t1"])):
            continue
        c = abs(c)
        if groups and abs(groups[-1]["current"] - c) <= 1e-9 * max(c, 1.0):
            groups[-1]["t1"] = max(groups[-1]["t1"], s["t1"])
        else:
            groups.append({"current": c, "t0": s["t0"], "t1": s["t1"]})
    return groups
