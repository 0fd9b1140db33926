"""Where a failure comes from, and how a student sees the files involved.

Two jobs, both done in the trusted process on text and source files (student
code is never imported here):

- :class:`Shown`: tracebacks, warnings and printed output name the student's
  files as the student knows them (``exercises/activations.py:101``), never
  the folder the grader unpacked them into or the sandbox's scratch folder;
- :func:`frames`, :func:`exercise_frames` and :func:`uses`: which other
  exercise a failing one ran into, from the traceback's frames (it failed
  inside ``activations.relu``) or from the student's source (``dense`` calls
  ``relu``, directly or through helpers and module-level tables), so a report
  can say "fix that one first".
"""

from __future__ import annotations

import ast
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .paths import cache_dir

#: Source files larger than this are not parsed for :func:`uses` (a hostile submission gains nothing).
MAX_SOURCE_BYTES = 2_000_000

_FRAME = re.compile(r'^\s*File "(?P<file>[^"]+)", line (?P<line>\d+), in (?P<function>[^\s]+)', re.M)


@dataclass
class Shown:
    """How the package folder ``directory`` is named to the student (``label``, e.g. ``exercises``;
    ``""`` shows its files by their names alone).

    ``aliases``: other names of that folder (where graded code sees it);
    ``hidden``: other folders of the grading machine (the sandbox's scratch);
    a path under one of them is shown without that folder.
    """

    directory: str
    label: str = "exercises"
    hidden: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    sandbox: object = field(default=None, repr=False, compare=False)

    @classmethod
    def of(cls, sandbox, label: str = "exercises") -> "Shown":
        """How reports name the folders of ``sandbox`` (:meth:`autograder.sandbox.Sandbox.names_seen`)."""
        return cls(sandbox.directory, label, sandbox=sandbox)

    def clean(self, text: str) -> str:
        """``text`` with every path of the grading machine replaced by what the student knows."""
        if not text:
            return text
        package, hidden = [self.directory, *self.aliases], list(self.hidden)
        if self.sandbox is not None:  # asked now: a restarted sandbox has a new scratch folder
            more_package, more_hidden = self.sandbox.names_seen()
            package, hidden = package + more_package, hidden + more_hidden
        prefix = self.label.rstrip("/") + "/" if self.label else ""
        for roots, shown in ((package, prefix), (hidden, "")):
            for root in sorted({p for r in roots if r for p in (r, os.path.realpath(r))}, key=len, reverse=True):
                text = text.replace(root.rstrip("/") + "/", shown)
        # anything else under the grader's cache (another unpacked copy, a notebook's package): the file name only
        for root in {str(cache_dir()), os.path.realpath(cache_dir()), "~/.cache/dlkata"}:
            text = re.sub(re.escape(root.rstrip("/")) + r"/(?:[^\s\"':]*/)?", "", text)
        # the sandbox reports the student's frames relative to the package folder
        return re.sub(r'File "(?![/<~])([^"/]+\.py)"', lambda m: f'File "{prefix}{m.group(1)}"', text)


@dataclass(frozen=True)
class Frame:
    """One line of a traceback: ``file`` as printed, ``line``, ``function``."""

    file: str
    line: int
    function: str

    @property
    def module(self) -> str:
        """The module name of a file (``exercises/activations.py`` -> ``activations``)."""
        return Path(self.file).stem


def frames(traceback_text: str) -> list[Frame]:
    """The frames of a formatted traceback, outermost first."""
    return [Frame(m["file"], int(m["line"]), m["function"]) for m in _FRAME.finditer(traceback_text or "")]


def exercise_frames(traceback_text: str, exercise_ids) -> list[str]:
    """The exercises whose functions appear in a traceback, innermost first, each once.

    A frame counts when its file is a topic module of the package (not a path
    outside it: NumPy's own frames are absolute paths) and its function is an
    exercise of that topic.
    """
    ids = set(exercise_ids)
    found: list[str] = []
    for fr in reversed(frames(traceback_text)):
        if fr.file.startswith("/") or fr.file.startswith("<"):
            continue
        eid = f"{fr.module}.{fr.function}"
        if eid in ids and eid not in found:
            found.append(eid)
    return found


def origin(traceback_text: str, called: str) -> str:
    """The exercise a failed call of ``called`` comes from: the innermost registered exercise in its traceback."""
    from . import registry

    inner = exercise_frames(traceback_text, [e.id for e in registry.exercises()])
    return inner[0] if inner else called


class _Module:
    """A student module's top-level names: definitions and what each import binds."""

    def __init__(self, path: Path):
        self.defs: dict[str, list[ast.AST]] = {}
        self.imports: dict[str, tuple[str, str | None]] = {}  # name -> (sibling module, attribute or None)
        try:
            if path.stat().st_size > MAX_SOURCE_BYTES:
                return
            tree = ast.parse(path.read_text(encoding="utf-8", errors="replace"))
        except (OSError, SyntaxError, ValueError, RecursionError):
            return
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                for a in node.names:
                    if node.module:  # from .activations import relu as r
                        self.imports[a.asname or a.name] = (node.module.split(".")[0], a.name)
                    else:  # from . import activations as act
                        self.imports[a.asname or a.name] = (a.name, None)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.defs.setdefault(node.name, []).append(node)
            elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for t in targets:
                    for sub in ast.walk(t):
                        if isinstance(sub, ast.Name):
                            self.defs.setdefault(sub.id, []).append(node)


def uses(directory, exercise_id: str, exercise_ids) -> list[str]:
    """The other exercises that ``exercise_id``'s function in ``directory`` can reach, in course order.

    Followed through the student's own source: names the function reads, the
    module-level helpers and tables those read, sibling modules' functions
    imported by name (``from .activations import relu``) or reached through a
    module (``from . import activations``; ``activations.relu``). Unparsable
    or missing files reach nothing.
    """
    directory = Path(directory)
    ids = list(exercise_ids)
    modules: dict[str, _Module] = {}

    def module(name: str) -> _Module:
        if name not in modules:
            modules[name] = _Module(directory / f"{name}.py")
        return modules[name]

    start_topic, start_name = exercise_id.split(".", 1)
    seen: set[tuple[str, str]] = set()
    todo = [(start_topic, start_name)]
    while todo:
        mod_name, name = todo.pop()
        if (mod_name, name) in seen:
            continue
        seen.add((mod_name, name))
        mod = module(mod_name)
        if name in mod.imports:
            target, attr = mod.imports[name]
            if attr is not None:
                todo.append((target, attr))
            continue
        for node in mod.defs.get(name, []):
            for sub in ast.walk(node):
                if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Load):
                    todo.append((mod_name, sub.id))
                elif isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name):
                    bound = mod.imports.get(sub.value.id)
                    if bound is not None and bound[1] is None:
                        todo.append((bound[0], sub.attr))
    reached = {f"{m}.{n}" for m, n in seen}
    return [e for e in ids if e in reached and e != exercise_id]
