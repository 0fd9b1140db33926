"""Helpers the topic tests share: a copy of the references with a planted mistake, and checking it."""

from __future__ import annotations

import shutil
from pathlib import Path

from dlkata.autograder import checking, registry
from dlkata.autograder.paths import SOLUTIONS
from dlkata.autograder.report import report


def package_of(folder: Path, **modules: str) -> Path:
    """``folder`` made a package of ``modules`` (``name=source``) for a sandbox to load; returns it."""
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text("")
    for name, source in modules.items():
        (folder / f"{name}.py").write_text(source)
    return folder


def reference_copy(directory: Path) -> Path:
    """Every reference module copied into ``directory`` (a submission that passes everything)."""
    for f in SOLUTIONS.glob("*.py"):
        shutil.copy(f, Path(directory) / f.name)
    return Path(directory)


def wrong_submission(directory: Path, module: str, replacements=(), source: str | None = None,
                     copy: bool = True) -> Path:
    """A submission in ``directory`` whose ``module``.py is the reference edited by exact replacements.

    Each ``(old, new)`` of ``replacements`` must occur exactly once in the
    reference; ``source`` replaces the whole module instead. ``copy=False``
    leaves the other modules as they are (a module-scoped copy keeps its
    compiled Numba cache).
    """
    if copy:
        reference_copy(directory)
    if source is None:
        source = (SOLUTIONS / f"{module}.py").read_text(encoding="utf-8")
        for old, new in replacements:
            assert source.count(old) == 1, old
            source = source.replace(old, new)
    (Path(directory) / f"{module}.py").write_text(source, encoding="utf-8")
    return Path(directory)


def results(exercise_ids, directory: Path) -> list[checking.ExerciseResult]:
    """``dlkata check`` (public cases, seed 0) of ``exercise_ids`` on the submission in ``directory``."""
    return list(checking.run([registry.get(e) for e in exercise_ids], directory, seed=0))


def failing_cases(exercise_id: str, directory: Path) -> list[checking.CaseResult]:
    """The failing cases of one exercise on ``directory``; asserts that some case fails."""
    [result] = results([exercise_id], directory)
    assert not result.passed, f"{exercise_id} passed on a submission meant to fail it"
    return result.failures


def failure_text(exercise_id: str, directory: Path, lang: str = "en") -> str:
    """Every failing case's report of one exercise in ``lang``, joined; asserts that some case fails."""
    return "\n".join(report(c, lang=lang) for c in failing_cases(exercise_id, directory))
