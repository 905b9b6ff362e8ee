"""Measured values to compare with (--measured): a CSV of overpotential vs
current, the layout of cases/paper/comparison.csv, or
cases/paper/targets.yaml.  All three become records (figure, separator,
condition, value) named like the summary's figures, so that each plot
looks up its own figure for the run's separator; the DRT bands of
targets.yaml become drt_band_from_s / drt_band_to_s records (drt_bands)."""

import functools
import importlib.util
import math
import os

import numpy as np

from .data import nrows, read_table, separator_name, warn
from .style import REFERENCE_COLOR

# targets.yaml gives some measurements as bare lists and names their
# separator only in a comment ("first plating polarization,
# LLZTO0.95F0.05@PP"); those lists belong to this separator.
TARGETS_LIST_SEPARATOR = "LLZTO0.95F0.05@PP"
# Scan rate of the measured CV peak separation when targets.yaml omits it.
TARGETS_CV_SCAN_RATE = 0.1
# The paper's measured figures in this repository (for the DRT bands when
# --measured does not give them): tools/plot/../../cases/paper/targets.yaml.
REPOSITORY_TARGETS = os.path.normpath(os.path.join(
    os.path.dirname(os.path.abspath(__file__)), os.pardir, os.pardir,
    "cases", "paper", "targets.yaml"))


def read_measured(path):
    """{"name": file name, "records": [(figure, separator, condition,
    value)]} from a CSV or YAML file; separator "" applies to every run.
    None (with a warning) when nothing usable is found."""
    name = os.path.splitext(os.path.basename(path))[0]
    if path.lower().endswith((".yaml", ".yml")):
        records = _records_from_targets(path)
    else:
        records = _records_from_csv(path)
    records = [r for r in records if np.isfinite(r[3])]
    if not records:
        warn("%s: no measured values found; ignored" % path)
        return None
    return {"name": name, "records": records}


def _records_from_csv(path):
    table = read_table(path, string_columns=(
        "figure", "separator", "condition", "unit", "kind"))
    if table is None:
        warn("%s: cannot read" % path)
        return []
    n = nrows(table)
    if "current_mA_cm2" in table and "overpotential_mV" in table:
        return [("rate_polarisation_mV", "",
                 "%g mA/cm2" % table["current_mA_cm2"][k],
                 table["overpotential_mV"][k]) for k in range(n)]
    if all(c in table for c in ("figure", "condition", "measured")):
        seps = table["separator"] if "separator" in table else [""] * n
        return [(table["figure"][k], seps[k], table["condition"][k],
                 table["measured"][k]) for k in range(n)]
    warn("%s: expected columns current_mA_cm2,overpotential_mV or "
         "figure,separator,condition,measured" % path)
    return []


def _per_separator(block, keys):
    """[(separator, dict with `keys`)] from a targets.yaml block that is
    either such a dict (for TARGETS_LIST_SEPARATOR) or one per separator."""
    if not isinstance(block, dict):
        return []
    if all(k in block for k in keys):
        return [(TARGETS_LIST_SEPARATOR, block)]
    return [(str(sep), sub) for sep, sub in block.items()
            if isinstance(sub, dict) and all(k in sub for k in keys)]


def _pairs(sub, xkey, ykey):
    xs, ys = sub.get(xkey), sub.get(ykey)
    if not (isinstance(xs, list) and isinstance(ys, list)):
        return []
    return [(x, y) for x, y in zip(xs, ys)
            if isinstance(x, (int, float)) and isinstance(y, (int, float))]


def _records_from_targets(path):
    try:
        import yaml  # Debian python3-yaml; only needed for YAML files
        with open(path) as fh:
            data = yaml.safe_load(fh)
    except (ImportError, OSError, ValueError) as exc:
        warn("%s: cannot read: %s" % (path, exc))
        return []
    if not isinstance(data, dict):
        return []
    sym = data.get("symmetric_cell") or {}
    full = data.get("full_cell") or {}
    records = []
    for sep, sub in _per_separator(sym.get("rate_polarization_mV"),
                                   ("current_mA_cm2", "overpotential_mV")):
        records += [("rate_polarisation_mV", sep, "%g mA/cm2" % x, float(y))
                    for x, y in _pairs(sub, "current_mA_cm2",
                                       "overpotential_mV")]
    for sep, sub in _per_separator(full.get("rate_capability_mAh_g"),
                                   ("c_rate", "capacity")):
        records += [("rate_capacity_mAh_g", sep, "%gC" % x, float(y))
                    for x, y in _pairs(sub, "c_rate", "capacity")]
    return (records + _cv_records(full.get("cyclic_voltammetry"))
            + _cycling_records(full.get("cycling"))
            + _drt_band_records(data.get("impedance")))


def _cycling_records(block):
    """Long cycling of full cells: capacity_retention and
    capacity_after_mAh_g, conditioned like cases/paper/comparison.csv
    ("1C, 500 cycles, 0 degC"; no temperature when the entry has none)."""
    records = []
    for c in block if isinstance(block, list) else []:
        if not (isinstance(c, dict) and "sep" in c
                and all(isinstance(c.get(k), (int, float))
                        for k in ("c_rate", "cycles"))):
            continue
        cond = "%gC, %d cycles" % (c["c_rate"], c["cycles"])
        if isinstance(c.get("temperature_C"), (int, float)):
            cond += ", %g degC" % c["temperature_C"]
        records += [(name, str(c["sep"]), cond, float(c[name]))
                    for name in ("capacity_retention", "capacity_after_mAh_g")
                    if isinstance(c.get(name), (int, float))]
    return records


def _cv_records(cv):
    """The CV peak separation, at the block's scan rate."""
    if not isinstance(cv, dict):
        return []
    rate = cv.get("scan_rate_mV_s", TARGETS_CV_SCAN_RATE)
    seps = cv.get("redox_peak_separation_mV")
    if not isinstance(seps, dict):
        return []
    return [("cv_peak_separation_mV", str(sep), "%g mV/s" % rate,
             float(value)) for sep, value in seps.items()
            if isinstance(value, (int, float))]


def _drt_band_records(block):
    """The paper's DRT time-constant bands (targets.yaml impedance, for
    Li | sep | Li) as two records each, drt_band_from_s and drt_band_to_s,
    with the band's name as condition ("interfacial_transfer_s" ->
    "interfacial transfer"), so that they travel with the other records."""
    if not isinstance(block, dict):
        return []
    records = []
    for key, pair in block.items():
        try:
            lo, hi = sorted(float(v) for v in pair)
        except (TypeError, ValueError):
            continue
        name = str(key)
        name = (name[:-2] if name.endswith("_s") else name).replace("_", " ")
        records += [("drt_band_from_s", "", name, lo),
                    ("drt_band_to_s", "", name, hi)]
    return records


@functools.lru_cache(maxsize=1)
def _repository_drt_bands():
    """The bands of the repository's cases/paper/targets.yaml (next to this
    package), read once; () when the file or python3-yaml is missing, so
    that plotting without them stays quiet."""
    if (not os.path.isfile(REPOSITORY_TARGETS)
            or importlib.util.find_spec("yaml") is None):
        return ()
    return tuple(_bands_of(_records_from_targets(REPOSITORY_TARGETS)))


def _bands_of(records):
    lo = {c: v for f, _, c, v in records if f == "drt_band_from_s"}
    hi = {c: v for f, _, c, v in records if f == "drt_band_to_s"}
    return sorted((lo[c], hi[c], c) for c in lo.keys() & hi.keys())


def drt_bands(measured=None):
    """[(tau_from_s, tau_to_s, name)] of the paper's DRT bands, by tau:
    from the --measured values when they have bands, else from the
    repository's cases/paper/targets.yaml; [] when neither has them."""
    bands = _bands_of(measured["records"]) if measured else []
    return bands or list(_repository_drt_bands())


def measured_points(measured, fig, run, parse):
    """The measured values of figure `fig` for the run's separator (records
    without a separator apply to every run) as (x, y, label): x parsed from
    the condition by `parse`, sorted.  None if there are none."""
    if not measured:
        return None
    sep = separator_name(run)
    pts = []
    for name, rec_sep, cond, value in measured["records"]:
        # Another separator's data, or a separator's data for a run whose
        # separator is unknown, does not apply.
        if name != fig or (rec_sep and rec_sep != sep):
            continue
        x = parse(cond)
        if x is not None:
            pts.append((x, value))
    if not pts:
        return None
    pts.sort()
    label = measured["name"] + (", " + sep if sep else "")
    return (np.array([p[0] for p in pts]), np.array([p[1] for p in pts]),
            label)


def draw_measured(ax, meas, x, y, unit, what, color=REFERENCE_COLOR):
    """Measured points `meas` (from measured_points) as open circles,
    labelled with the RMS difference from the simulated (x, y) at the x
    values that both have (`what` names them: "currents", "rates")."""
    mx, my, mname = meas
    label = "measured (%s)" % mname
    diffs = []
    for a, v in zip(mx, my):
        hit = np.nonzero(np.abs(np.asarray(x) - a) <= 1e-6 * max(a, 1e-9))[0]
        if hit.size:
            diffs.append(y[hit[0]] - v)
    if diffs:
        label += ", RMS diff %.1f %s (%d %s)" % (math.sqrt(
            sum(d * d for d in diffs) / len(diffs)), unit, len(diffs), what)
    ax.plot(mx, my, "o", mfc="none", mec=color, mew=1.6, ms=9,
            ls="none", zorder=4, label=label)
