"""Submitted nbgrader notebooks, graded without running them in the grader.

``dlkata grade`` accepts a notebook (``<topic>.ipynb``, as ``dlkata
notebooks`` made it and nbgrader collected it) or a folder of them. The
notebook is never executed here: its solution cells (nbgrader metadata
``solution: true``) are put back into the topic module's layout, the given
code coming from the reference exactly as the notebook's locked cells and
:mod:`autograder.nbcheck` do. Each topic gets its own package folder with the
reference versions of the modules it imports, because that is what the
notebook's test cells grade against; so one topic's package never holds
another topic's reference for a student to read.

A solution cell that does not parse is left out (nbgrader would fail that
cell alone, not the whole notebook): its functions are then missing.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

from . import chunking, registry
from .paths import SOLUTIONS


def topic_of(path: Path, nb: dict) -> str | None:
    """The topic a notebook belongs to: its ``dlkata`` metadata, else its file name."""
    names = {tp.name for tp in registry.topics()}
    meta = (nb.get("metadata") or {}).get("dlkata") or {}
    if isinstance(meta, dict) and meta.get("topic") in names:
        return meta["topic"]
    return path.stem if path.stem in names else None


def _solution_cells(nb: dict) -> list[str]:
    cells = []
    for cell in nb.get("cells", []):
        meta = (cell.get("metadata") or {}).get("nbgrader") or {}
        if cell.get("cell_type") == "code" and meta.get("solution"):
            src = cell.get("source", "")
            cells.append("".join(src) if isinstance(src, list) else str(src))
    return cells


def _defined(src: str) -> set[str]:
    names = set()
    for node in ast.parse(src).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def module_source(topic: str, nb: dict) -> str:
    """``<topic>.py`` from a notebook's solution cells placed in the reference module's layout."""
    cells = []
    for i, src in enumerate(_solution_cells(nb)):
        try:
            cells.append((src, _defined(src)))
        except SyntaxError as exc:
            cells.append((f"# solution cell {i + 1} does not parse ({exc.msg}, line {exc.lineno}): left out\n",
                          set()))
    pieces = chunking.chunks(chunking.reference_source(topic))
    slots = [i for i, ch in enumerate(pieces) if ch.kind in ("solution", "region")]
    placed: dict[int, list[str]] = {}
    for src, names in cells:
        home = next((i for i in slots if names & set(pieces[i].names)), slots[0] if slots else len(pieces))
        placed.setdefault(home, []).append(src)
    parts = []
    for i, ch in enumerate(pieces):
        if i in placed:
            parts.append("\n\n" + "\n\n".join(s.rstrip("\n") + "\n" for s in placed[i]))
        if ch.kind not in ("solution", "region"):
            parts.append(ch.text)
    if len(pieces) in placed:
        parts.append("\n\n" + "\n\n".join(placed[len(pieces)]))
    return "".join(parts)


def find_notebooks(root: Path) -> dict[str, Path]:
    """Notebooks under ``root`` by topic (checkpoints skipped; the first found wins)."""
    found: dict[str, Path] = {}
    for path in sorted(root.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        try:
            nb = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            continue
        topic = topic_of(path, nb)
        if topic is not None and topic not in found:
            found[topic] = path
    return found


def build_packages(notebooks: dict[str, Path], target: Path) -> dict[str, Path]:
    """One package folder per registered topic under ``target``: the notebook's module and its references.

    Topics without a notebook get an empty package (their exercises are reported missing).
    """
    out: dict[str, Path] = {}
    for tp in registry.topics():
        pkg = target / tp.name
        pkg.mkdir(parents=True, exist_ok=True)
        (pkg / "__init__.py").write_text("", encoding="utf-8")
        if tp.name in notebooks:
            nb = json.loads(notebooks[tp.name].read_text(encoding="utf-8"))
            for dep in chunking.dependencies(tp.name):
                (pkg / f"{dep}.py").write_text((SOLUTIONS / f"{dep}.py").read_text(encoding="utf-8"),
                                               encoding="utf-8")
            (pkg / f"{tp.name}.py").write_text(module_source(tp.name, nb), encoding="utf-8")
        out[tp.name] = pkg
    return out
