"""Mutants of the references: small wrong versions of what students write, made by cosmic-ray's operators.

A mutant is the reference module ``solutions/<topic>.py`` with one operator
of `cosmic-ray <https://cosmic-ray.readthedocs.io>`_ applied once (``+`` to
``-``, ``<`` to ``<=``, a number plus or minus one, ``not`` added, a loop
that never runs ...), and only inside the ``### BEGIN SOLUTION`` /
``### END SOLUTION`` regions: the code a student writes. The public cases
should tell every mutant from the reference, unless it is *equivalent* (no
input can tell them apart); equivalent mutants are listed, each with its
reason, in ``autograder/registry/<topic>/equivalent_mutants.toml``.

A mutant is named by its :attr:`Mutant.key`, ``"function: old statement =>
new statement"``, which survives edits elsewhere in the file (line numbers
do not). :mod:`autograder.mutation_run` judges mutants against the public
cases, ``dlkata mutants`` reports them.
"""

from __future__ import annotations

import copy
import difflib
import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path

import cosmic_ray.plugins
from cosmic_ray.ast import ast_nodes, get_ast
from cosmic_ray.ast.ast_query import ASTQuery

from .paths import SOLUTIONS
from .stubs import solution_regions

#: cosmic-ray's operators that are not applied, and why.
SKIPPED_OPERATORS = {
    "core/RemoveDecorator": "the references' only decorators are Numba's @njit, and the mutation run interprets "
                            "the kernels (NUMBA_DISABLE_JIT=1): removing one changes nothing",
    "decorator arguments": "the same reason: @njit(cache=True, parallel=True) options change speed, not results",
    "core/VariableReplacer": "takes arguments; cosmic-ray applies it only when configured with some",
    "core/VariableInserter": "takes arguments; cosmic-ray applies it only when configured with some",
}

EQUIVALENTS_FILE = "equivalent_mutants.toml"


@dataclass(frozen=True)
class Mutant:
    """One mutant of ``solutions/<topic>.py``.

    ``lines`` is the span ``(first, last)`` of the statement the mutation
    touches (original numbering): only a case that runs one of those lines can
    see the mutant. ``at_import`` is set when that statement runs when the
    module is imported (a ``def`` line, a module constant).
    """

    topic: str
    operator: str
    occurrence: int
    lines: tuple[int, int]
    definition: str
    key: str
    diff: str
    source: str

    @property
    def name(self) -> str:
        """``topic/operator#occurrence``: the mutant within this version of the file."""
        return f"{self.topic}/{self.operator.split('/')[-1]}#{self.occurrence}"


def operators() -> list[tuple[str, object]]:
    """``(name, operator instance)`` of every cosmic-ray core operator that is applied."""
    out = []
    for name in cosmic_ray.plugins.operator_names():
        if name in SKIPPED_OPERATORS:
            continue
        cls = cosmic_ray.plugins.get_operator(name)
        if cls.arguments():
            continue
        out.append((name, cls()))
    return out


def _offsets(source: str) -> list[int]:
    """Offset of the start of each line (index 1 = line 1)."""
    starts, pos = [0, 0], 0
    for line in source.splitlines(keepends=True):
        pos += len(line)
        starts.append(pos)
    return starts


def _statement_lines(node) -> tuple[int, int]:
    """Lines of the simple statement holding ``node`` (or of ``node`` itself in a compound header)."""
    n = node
    while n is not None:
        if n.type == "simple_stmt":
            return n.start_pos[0], n.end_pos[0] - (n.end_pos[1] == 0)
        if n.type in ("if_stmt", "for_stmt", "while_stmt", "with_stmt", "try_stmt", "funcdef", "classdef",
                      "decorated", "file_input"):
            break
        n = n.parent
    return node.start_pos[0], node.end_pos[0]


def _mutated_node_code(node, operator, index) -> str:
    """The code of ``node``, prefix included, after ``operator.mutate`` (applied to a copy; the tree is left
    as it was), exactly as cosmic-ray's own ``mutate_code`` would write it."""
    parent = node.parent
    node.parent = None
    try:
        clone = copy.deepcopy(node)
    finally:
        node.parent = parent
    clone.parent = parent
    new = operator.mutate(clone, index)
    return "" if new is None else new.get_code(include_prefix=True)


def _joined(lines: list[str]) -> str:
    return " ".join(part.strip() for part in lines if part.strip())


def mutants(topic: str, source: str | None = None, path: Path | None = None) -> list[Mutant]:
    """Every mutant of the solution regions of ``solutions/<topic>.py`` (or of ``source``)."""
    path = path or SOLUTIONS / f"{topic}.py"
    source = path.read_text(encoding="utf-8") if source is None else source
    regions = solution_regions(source)
    inside = {line for first, last in regions for line in range(first, last + 1)}
    tree = get_ast(source)
    nodes = list(ast_nodes(tree))
    starts = _offsets(source)
    old_lines = source.splitlines(keepends=True)
    rel = f"solutions/{path.name}"
    out: list[Mutant] = []
    seen: dict[str, int] = {}
    for name, operator in operators():
        occurrence = 0
        for node in nodes:
            for index, (start, end) in enumerate(operator.mutation_positions(node)):
                occ, occurrence = occurrence, occurrence + 1
                if start[0] not in inside or _in_decorator(node):
                    continue
                prefix_line, prefix_col = node.get_start_pos_of_prefix()
                a = starts[prefix_line] + prefix_col
                b = starts[node.end_pos[0]] + node.end_pos[1]
                new_source = source[:a] + _mutated_node_code(node, operator, index) + source[b:]
                first, last = _statement_lines(_leaf_at(tree, start) or node)
                new_lines = new_source.splitlines(keepends=True)
                shift = len(new_lines) - len(old_lines)
                before = _joined(old_lines[first - 1: last])
                after = _joined(new_lines[first - 1: last + shift])
                definition = ASTQuery(node).get_definition_name() or "<module>"
                key = f"{definition}: {before} => {after}"
                seen[key] = seen.get(key, 0) + 1
                if seen[key] > 1:
                    key += f" #{seen[key]}"
                diff = "".join(difflib.unified_diff(old_lines, new_lines, f"a/{rel}", f"b/{rel}", n=1))
                out.append(Mutant(topic, name, occ, (first, last), definition, key, diff, new_source))
    return out


def _in_decorator(node) -> bool:
    while node is not None:
        if node.type == "decorator":
            return True
        node = node.parent
    return False


def _leaf_at(tree, pos):
    try:
        return tree.get_leaf_for_position(pos)
    except ValueError:
        return None


def in_sample(key: str, every: int) -> bool:
    """Whether the mutant with stable ``key`` is in a one-in-``every`` sample (the same on every run and machine)."""
    return every <= 1 or int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big") % every == 0


def equivalents_path(topic: str) -> Path:
    from . import registry

    return registry.folder(topic) / EQUIVALENTS_FILE


def equivalents(topic: str) -> dict[str, str]:
    """``{mutant key: reason}`` of the mutants marked equivalent for ``topic`` (empty without a file).

    ``ValueError`` for an entry without a key or a reason, or a key listed twice.
    """
    path = equivalents_path(topic)
    if not path.exists():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for i, entry in enumerate(data.get("mutant", [])):
        key, reason = entry.get("key"), entry.get("reason")
        if not isinstance(key, str) or not key or not isinstance(reason, str) or not reason.strip():
            raise ValueError(f"{path}: entry {i + 1} needs a non-empty 'key' and 'reason'")
        if key in out:
            raise ValueError(f"{path}: mutant {key!r} is listed twice")
        out[key] = reason.strip()
    return out


def toml_entries(items: list[tuple[str, str]]) -> str:
    """``[[mutant]]`` entries for :data:`EQUIVALENTS_FILE` (key, reason) — for a maintainer to paste."""
    def q(s: str) -> str:
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return "".join(f"\n[[mutant]]\nkey = {q(key)}\nreason = {q(reason)}\n" for key, reason in items)
