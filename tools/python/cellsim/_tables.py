"""Tables: a dict of columns (numpy arrays) that can become a pandas DataFrame."""

import csv
import io
import math

import numpy as np

# Columns of cellsim's CSV files that hold counters (everything else numeric is a float).
INTEGER_COLUMNS = frozenset(("step", "cycle", "block", "repeat"))


class Table(dict):
    """Columns by name, in the order of the file they come from: numpy float64 arrays for
    numbers (NaN where the file has no value), int64 for counters (step, cycle, block,
    repeat) and arrays of str for text. ``to_pandas()`` gives a DataFrame."""

    @property
    def nrows(self):
        for column in self.values():
            return len(column)
        return 0

    def to_pandas(self):
        """A pandas DataFrame of the columns (pandas is optional: Debian python3-pandas)."""
        return _pandas().DataFrame(dict(self))

    def rows(self):
        """The rows as dicts (plain Python values)."""
        names = list(self)
        return [{n: _plain(self[n][i]) for n in names} for i in range(self.nrows)]

    def __repr__(self):
        return "Table(%d rows: %s)" % (self.nrows, ", ".join(self))


def _plain(v):
    return v.item() if isinstance(v, np.generic) else v


def _pandas():
    try:
        import pandas
    except ImportError as exc:  # pragma: no cover - depends on the machine
        raise ImportError("to_pandas() needs pandas (Debian: apt-get install python3-pandas); "
                          "without it, use the dict of numpy arrays") from exc
    return pandas


def _number(text):
    text = text.strip()
    if text == "" or text == "null":
        return math.nan
    return float(text)


def parse_csv(text, integer_columns=INTEGER_COLUMNS):
    """A CSV text with a header (as cellsim writes it) as a Table."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header:
        return Table()
    rows = [r for r in reader if r]
    table = Table()
    for j, name in enumerate(header):
        values = [r[j] if j < len(r) else "" for r in rows]
        if name in integer_columns:
            try:
                table[name] = np.array([int(v) for v in values], dtype=np.int64)
                continue
            except ValueError:
                pass
        try:
            table[name] = np.array([_number(v) for v in values], dtype=float)
        except ValueError:
            table[name] = np.array(values, dtype=str)
    return table
