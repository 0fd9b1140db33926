"""Submitted nbgrader notebooks, graded without running them in the grader.

``dlkata grade`` accepts a notebook (``<topic>.ipynb``, as ``dlkata
notebooks`` made it and nbgrader collected it) or a folder of them. The
notebook is never executed here: its solution cells (nbgrader metadata
``solution: true``) are put back into the topic module's layout, the given
code coming from the reference exactly as the notebook's locked cells and
:mod:`autograder.nbcheck` do. Each topic gets its own package folder holding
the modules it imports built the same way from the student's OWN notebooks of
those topics in the same submission (as an ``exercises/`` submission holds the
student's own earlier topics): a reference module never enters a student's
sandbox. A module without solution markers (``_validate``, the shared
argument checks) is given code and is copied as is; an earlier topic whose
notebook is missing becomes a module that raises ``ImportError`` saying so.

A solution cell that does not parse is left out (nbgrader would fail that
cell alone, not the whole notebook): its functions are then missing.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

from . import chunking, registry
from .paths import EXERCISES
from .stubs import BEGIN


def topic_of(path: Path, nb: dict) -> str | None:
    """The topic a notebook belongs to: its ``dlkata`` metadata, else its file name."""
    names = {tp.name for tp in registry.topics()}
    meta = nb.get("metadata") or {}
    meta = meta.get("dlkata") or {} if isinstance(meta, dict) else {}
    if isinstance(meta, dict) and meta.get("topic") in names:
        return meta["topic"]
    return path.stem if path.stem in names else None


def _solution_cells(nb: dict) -> list[str]:
    cells = []
    for cell in nb.get("cells", []) if isinstance(nb.get("cells"), list) else []:
        if not isinstance(cell, dict) or not isinstance(cell.get("metadata") or {}, dict):
            continue
        meta = (cell.get("metadata") or {}).get("nbgrader") or {}
        if not isinstance(meta, dict):
            continue
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


def choose_notebooks(root: Path, recursive: bool = True) -> tuple[dict[str, Path], list[tuple[Path, Path]]]:
    """The notebook graded for each topic under ``root`` (or only in it), and the others of a topic, ignored.

    ``<topic>.ipynb`` is the one graded; another notebook of the same topic
    (Jupyter's ``<topic>-Copy1.ipynb``, an ``Untitled.ipynb`` made from it) is
    ignored and listed as ``(ignored, graded)`` so that the feedback can say so.
    Without a ``<topic>.ipynb``, the first such notebook (in name order) is
    graded. Checkpoints are skipped.
    """
    candidates: dict[str, list[Path]] = {}
    for path in sorted(root.rglob("*.ipynb") if recursive else root.glob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        nb = _notebook(path)
        topic = topic_of(path, nb) if nb is not None else None
        if topic is not None:
            candidates.setdefault(topic, []).append(path)
    chosen, ignored = {}, []
    for topic, paths in candidates.items():
        graded = next((p for p in paths if p.name == f"{topic}.ipynb"), paths[0])
        chosen[topic] = graded
        ignored += [(p, graded) for p in paths if p != graded]
    return chosen, ignored


def find_notebooks(root: Path, recursive: bool = True) -> dict[str, Path]:
    """The notebook graded for each topic under ``root`` (see :func:`choose_notebooks`)."""
    return choose_notebooks(root, recursive)[0]


def ignored_notebooks(root: Path) -> list[list]:
    """Notices for the notebooks of ``root`` that were not graded: ``["notebook_ignored", fields]`` each
    (:func:`autograder.exports.submission_text` words them)."""
    return [["notebook_ignored", {"ignored": str(p.relative_to(root)), "graded": str(g.relative_to(root))}]
            for p, g in choose_notebooks(root)[1]]


def _notebook(path: Path) -> dict | None:
    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return None
    return nb if isinstance(nb, dict) else None


def missing_module(topic: str, dep: str) -> str:
    """A module standing for an earlier topic whose notebook is not in the submission."""
    why = f"{topic} needs your {dep} notebook ({dep}.ipynb), which is not in the submission"
    return f'"""{dep}: missing."""\n\nraise ImportError({why!r})\n'


def given_source(module: str) -> str | None:
    """The source of a module that holds no solution (given code, e.g. ``_validate``), else None."""
    src = chunking.reference_source(module)
    if BEGIN in src:
        return None
    stub = EXERCISES / f"{module}.py"  # the student edition's copy: the same text, and never a reference
    return stub.read_text(encoding="utf-8") if stub.exists() else src


def dependency_sources(topic: str, notebooks: dict[str, Path]) -> dict[str, str]:
    """``{module: source}`` for every module ``topic`` imports: given code as is, earlier topics
    rebuilt from the student's own notebooks (:func:`module_source`), or :func:`missing_module`."""
    out = {}
    for dep in chunking.dependencies(topic):
        given = given_source(dep)
        if given is not None:
            out[dep] = given
            continue
        nb = _notebook(notebooks[dep]) if dep in notebooks else None
        out[dep] = module_source(dep, nb) if nb is not None else missing_module(topic, dep)
    return out


def build_packages(notebooks: dict[str, Path], target: Path) -> dict[str, Path]:
    """One package folder per registered topic under ``target``: the notebook's module and the student's
    own modules it imports (:func:`dependency_sources`).

    Topics without a notebook get an empty package (their exercises are reported missing).
    """
    out: dict[str, Path] = {}
    for tp in registry.topics():
        pkg = target / tp.name
        pkg.mkdir(parents=True, exist_ok=True)
        (pkg / "__init__.py").write_text("", encoding="utf-8")
        nb = _notebook(notebooks[tp.name]) if tp.name in notebooks else None
        if nb is not None:
            for dep, src in dependency_sources(tp.name, notebooks).items():
                (pkg / f"{dep}.py").write_text(src, encoding="utf-8")
            (pkg / f"{tp.name}.py").write_text(module_source(tp.name, nb), encoding="utf-8")
        out[tp.name] = pkg
    return out
