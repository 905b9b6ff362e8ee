"""Recipes as objects: a case file plus overrides, reached by the dotted paths of ``--set``."""

import contextlib
import json
import numbers
import os
import re
import tempfile

from . import _core


def value_text(value):
    """A Python value as the text that follows ``--set key=`` (YAML): str as it is (so
    "25 um" or "[0.5C, 2C]" mean what they mean on the command line), numbers, booleans and
    None as YAML scalars, lists and dicts as flow YAML with their strings quoted."""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple, dict)):
        return _flow(value)
    return _scalar(value)


def _scalar(value):
    if value is None:
        return "null"
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "true" if value else "false"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return repr(float(value))
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    raise TypeError("cannot give %r (%s) as a recipe value: use a str, number, bool, list or dict"
                    % (value, type(value).__name__))


def _flow(value):
    if isinstance(value, dict):
        return "{" + ", ".join("%s: %s" % (_flow(str(k)), _flow(v)) for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return _scalar(value)


def _steps(protocol):
    if isinstance(protocol, str):
        return [protocol]
    return list(protocol)


def _top_level_block(text, key):
    """(first, end) line indices of the top-level `key:` entry of a YAML file written in block
    style (its value runs to the next line that starts in column 0), or None."""
    lines = text.splitlines(keepends=True)
    start = None
    for i, line in enumerate(lines):
        if start is None:
            if re.match(r"%s\s*:" % re.escape(key), line):
                start = i
        elif line.strip() and not line[0].isspace() and not line.startswith("#"):
            return start, i
    return None if start is None else (start, len(lines))


class Recipe:
    """A case file and the values changed in it.

    ``recipe["cell.positive.thickness"]`` reads a value by the dotted path that
    ``cellsim run --set`` takes (through the parameter files the case refers to, ``[i]`` for
    list elements); ``recipe["cell.temperature"] = "0 degC"`` changes one (the value is
    written as after ``--set key=``). ``recipe.protocol = [...]`` runs the cell with that
    protocol instead of the case's protocol or experiment. The file itself is never changed;
    each run loads it afresh (with the changes), so one Recipe can be run from many threads.
    """

    def __init__(self, path, set=None, protocol=None):
        self._path = os.fspath(path)
        self._overrides = {}
        self._protocol = None
        if set:
            self.update(set)
        if protocol is not None:
            self.protocol = protocol

    # Construction -----------------------------------------------------------------------
    @classmethod
    def load(cls, path, set=None, protocol=None):
        """Reads the case file at `path` (InputError with file:line for a missing file or a
        YAML mistake; ``check()`` checks everything else)."""
        recipe = cls(path, set=set, protocol=protocol)
        _core.recipe_get(recipe._path, [], "")
        return recipe

    @classmethod
    def from_yaml(cls, text, path):
        """Writes `text` to the case file `path` (relative file references in it are
        relative to that folder) and loads it."""
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        return cls.load(path)

    def copy(self):
        other = Recipe(self._path)
        other._overrides = dict(self._overrides)
        other._protocol = None if self._protocol is None else list(self._protocol)
        return other

    # Values -----------------------------------------------------------------------------
    @property
    def path(self):
        """The case file, as given."""
        return self._path

    @property
    def overrides(self):
        """{key path: value text}: what ``--set`` would be given, in order."""
        return dict(self._overrides)

    def __getitem__(self, key):
        """The value at a dotted path, with the changes applied: numbers, booleans and None as
        Python values, values with units as str ("100 um"), maps as dicts and lists as lists.
        A file reference is its path; a path through it reads inside the file."""
        if self._protocol is not None and (key == "experiment" or key.startswith("experiment.")):
            raise KeyError("'%s': this recipe runs its own protocol, not the case's experiment" % key)
        return _core.recipe_get(self._path, self._override_list(protocol=True), key)

    def __setitem__(self, key, value):
        text = value_text(value)
        _core.check_override("%s=%s" % (key, text))
        self._overrides.pop(key, None)
        self._overrides[key] = text

    def __delitem__(self, key):
        """Forgets a change (KeyError if `key` was not changed)."""
        del self._overrides[key]

    def __contains__(self, key):
        try:
            self[key]
        except KeyError:
            return False
        return True

    def get(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            return default

    def update(self, values):
        """Changes several values: a dict {key path: value} (or pairs)."""
        items = values.items() if hasattr(values, "items") else values
        for key, value in items:
            self[key] = value
        return self

    @property
    def protocol(self):
        """The protocol this recipe runs instead of the case's protocol or experiment (a list
        of steps as in a case file), or None to run the case as written."""
        return None if self._protocol is None else list(self._protocol)

    @protocol.setter
    def protocol(self, steps):
        self._protocol = None if steps is None else _steps(steps)

    def to_dict(self):
        """The whole case as Python values (file references as paths)."""
        return self[""]

    # Commands ---------------------------------------------------------------------------
    def check(self):
        """Loads and checks everything (InputError otherwise) and builds the cell; returns
        {case, description, unknowns, volumes, experiment, protocol_steps}."""
        with self._case_file() as (path, overrides, shown):
            return _core.check(path, overrides, shown)

    def run(self, **kwargs):
        """cellsim.run(self, ...)."""
        from ._commands import run
        return run(self, **kwargs)

    # YAML -------------------------------------------------------------------------------
    def to_yaml(self, relative_to=None):
        """The case as YAML with the changes applied. Unchanged, it is the file's own text.
        Relative file references are written relative to the folder `relative_to` (default:
        the case's folder), and a parameter file that a change reaches into is written in
        place, so the text loads to the same recipe from there (see save())."""
        base = os.path.dirname(os.path.abspath(self._path))
        target = base if relative_to is None else os.path.abspath(os.fspath(relative_to))
        if not self._overrides and self._protocol is None and os.path.normpath(target) == os.path.normpath(base):
            with open(self._path, encoding="utf-8") as fh:
                return fh.read()
        drop = ["experiment"] if self._protocol is not None else []
        overrides = self._override_list(protocol=True)
        header = "# cellsim.Recipe.to_yaml() of %s%s\n" % (
            self._path, "".join("\n#   --set %s" % o for o in overrides))
        return header + _core.recipe_yaml(self._path, overrides, target, drop)

    def save(self, path):
        """Writes to_yaml() to `path` (references relative to its folder, which is made if
        missing); returns path."""
        path = os.fspath(path)
        folder = os.path.dirname(os.path.abspath(path))
        os.makedirs(folder, exist_ok=True)
        text = self.to_yaml(relative_to=folder)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        return path

    def __repr__(self):
        parts = [repr(self._path)]
        if self._overrides:
            parts.append("set=%r" % self._overrides)
        if self._protocol is not None:
            parts.append("protocol=%r" % self._protocol)
        return "Recipe(%s)" % ", ".join(parts)

    # Internals --------------------------------------------------------------------------
    def _override_list(self, protocol=False):
        out = ["%s=%s" % kv for kv in self._overrides.items()]
        if protocol and self._protocol is not None:
            out.append("protocol=" + _flow(self._protocol))
        return out

    @contextlib.contextmanager
    def _case_file(self):
        """(file to load, overrides, name to report it by): the case itself, or, when a
        protocol replaces a case's experiment, a copy of the case without its `experiment:`
        lines (blanked, so every line keeps its number) next to it, reported as the case."""
        overrides = self._override_list(protocol=True)
        if self._protocol is None:
            yield self._path, overrides, ""
            return
        with open(self._path, encoding="utf-8") as fh:
            text = fh.read()
        span = _top_level_block(text, "experiment")
        if span is None:
            yield self._path, overrides, ""
            return
        lines = text.splitlines(keepends=True)
        for i in range(*span):
            lines[i] = "\n"
        folder = os.path.dirname(self._path)
        try:
            fd, tmp = tempfile.mkstemp(prefix=".cellsim-", suffix="-" + os.path.basename(self._path),
                                       dir=folder or ".")
        except OSError:
            # A read-only folder: the whole case as YAML in a temporary folder instead
            # (references rewritten; messages then name the copy).
            with tempfile.TemporaryDirectory(prefix="cellsim-") as tmpdir:
                copy = os.path.join(tmpdir, os.path.basename(self._path))
                with open(copy, "w", encoding="utf-8") as fh:
                    fh.write(_core.recipe_yaml(self._path, overrides, tmpdir, ["experiment"]))
                yield copy, [], ""
            return
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write("".join(lines))
            yield os.path.join(folder, os.path.basename(tmp)), overrides, self._path
        finally:
            os.unlink(tmp)
