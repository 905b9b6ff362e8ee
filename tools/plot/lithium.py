"""What the lithium-metal plots share: which runs are symmetric cells
(Li | separator | Li), current densities from step texts, half-cycles and
current levels."""

import math
import re

import numpy as np

from .data import nrows

# Electrolyte concentration at each lithium foil.  cellsim writes these
# columns only for the sides that have a foil (older versions wrote both,
# empty where there is none).
CE_NEG = "c_e_surface_negative_mol_m3"
CE_POS = "c_e_surface_positive_mol_m3"
_CURRENT_RE = re.compile(
    r"([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*mA\s*/\s*cm\^?2")


def parse_current_mA_cm2(text):
    """'Discharge at 0.5 mA/cm2 until ...' -> 0.5; None without mA/cm2."""
    m = _CURRENT_RE.search(text or "")
    return float(m.group(1)) if m else None


def is_symmetric(run):
    """Li | separator | Li: both lithium-surface concentration columns, at
    least one with values.  (Older cellsim versions wrote both columns for
    any cell with a foil, one of them empty, so their Li | LiCoO2 runs pass
    too; current versions write only the foil sides.)"""
    ts = run.ts
    return (nrows(ts) > 0 and CE_NEG in ts and CE_POS in ts
            and (np.isfinite(ts[CE_NEG]).any()
                 or np.isfinite(ts[CE_POS]).any()))


def separator_name(run):
    """'Li | LLZTO0.95F0.05@PP | Li' -> 'LLZTO0.95F0.05@PP' (or '')."""
    cell = run.summary.get("cell")
    name = cell.get("name", "") if isinstance(cell, dict) else ""
    parts = [p.strip() for p in str(name).split("|")]
    return parts[1] if len(parts) == 3 else ""


def half_cycles(run):
    """Steps of cycles.csv that pass charge, as a dict of arrays:
    index (1-based half-cycle), t_end_s, overpotential_mV, direction (+1
    discharge, -1 charge), current_mA_cm2 (|current| from the step text or
    i_end_A_m2) and `fallback` (True when overpotential_mV was missing and
    |v_end_V| is used instead)."""
    cyc = run.cycles
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
