"""What the plots read from the protocol: rates in step texts and figure
conditions, the steps of each block repetition, and the capacity basis."""

import math
import re

import numpy as np

from .data import active_mass_g_m2

_NUM = r"([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)"
_CURRENT_RE = re.compile(_NUM + r"\s*mA\s*/\s*cm\^?2")
_SCAN_RATE_RE = re.compile(_NUM + r"\s*mV\s*/\s*s\b")
# "0.5C" / "C/5" at the start of a figure condition, or after "at " in a
# step text: anywhere else a C could be a cut-off ("until C/20").
_C_RATE_RE = re.compile(r"(?:^|\bat\s+)(?:%s\s*C\b|C\s*/\s*%s)"
                        % (_NUM, _NUM))


def parse_current_mA_cm2(text):
    """'Discharge at 0.5 mA/cm2 until ...' -> 0.5; None without mA/cm2."""
    m = _CURRENT_RE.search(text or "")
    return float(m.group(1)) if m else None


def parse_scan_rate(text):
    """'Sweep from 3 V to 4.6 V at 0.1 mV/s' or '0.1 mV/s' -> 0.1 (mV/s);
    None without one."""
    m = _SCAN_RATE_RE.search(text or "")
    return float(m.group(1)) if m else None


def parse_c_rate(text):
    """'Charge at 0.5C until 4.6 V' or '0.5C' -> 0.5, 'at C/5' -> 0.2;
    None without one ('Hold at 4.6 V until C/20' has none)."""
    m = _C_RATE_RE.search(text or "")
    if not m:
        return None
    if m.group(1) is not None:
        return float(m.group(1))
    divisor = float(m.group(2))
    return 1.0 / divisor if divisor else None


def c_rate_label(rate):
    """0.5 -> '0.5C', 1 -> '1C'."""
    return "%gC" % rate


def figures_by_rate(pairs, parse):
    """[(condition, value)] -> sorted [(rate, value)] for the conditions that
    `parse` turns into a rate."""
    out = []
    for cond, value in pairs:
        rate = parse(cond)
        if rate is not None and rate > 0:
            out.append((rate, value))
    return sorted(out)


def block_repeats(run):
    """The steps grouped by repetition of a protocol block, in order:
    [{"block", "repeat", "steps"}].  Steps without a block (older run
    folders) each form their own group."""
    groups = []
    for s in run.steps:
        key = (s.get("block", math.nan), s.get("repeat", math.nan))
        known = all(np.isfinite(k) for k in key)
        if known and groups and groups[-1]["key"] == key:
            groups[-1]["steps"].append(s)
        else:
            groups.append({"key": key, "block": key[0], "repeat": key[1],
                           "steps": [s]})
    return groups


def capacity_basis(run):
    """(factor, unit): capacity in mAh/m2 times factor is in mAh/g of
    positive active material when the mass is known, else in mAh/cm2."""
    mass = active_mass_g_m2(run)
    if mass > 0:
        return 1.0 / mass, "mAh/g"
    return 1e-4, "mAh/cm$^2$"
