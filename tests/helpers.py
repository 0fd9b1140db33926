"""Helpers the topic tests share: a copy of the references with a planted mistake, and checking it (in the
sandbox, or in-process for a mistake written as the test's own function)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from dlkata.autograder import checking, codec, diagnose, oracle, registry
from dlkata.autograder.mutation_run import load
from dlkata.autograder.paths import SOLUTIONS
from dlkata.autograder.sandbox import CallResult
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
        source = edited_source(module, replacements)
    (Path(directory) / f"{module}.py").write_text(source, encoding="utf-8")
    return Path(directory)


def edited_source(module: str, replacements=()) -> str:
    """The reference ``module``'s source with exact replacements (each ``old`` must occur once)."""
    source = (SOLUTIONS / f"{module}.py").read_text(encoding="utf-8")
    for old, new in replacements:
        assert source.count(old) == 1, old
        source = source.replace(old, new)
    return source


def edited_module(module: str, *replacements):
    """The reference ``module`` with exact replacements, loaded fresh in this process (its Numba kernels
    interpreted): a planted mistake to judge with :func:`judged`, without the sandbox."""
    return load(module, edited_source(module, replacements), f"<edited solutions/{module}.py>")


@dataclass
class Judged:
    """One failing public case of a wrong answer judged in-process: the diagnosis keys and the report."""

    case: str
    keys: list[str]
    message: str


def judged(exercise_id: str, fn, lang: str = "en") -> list[Judged]:
    """Every public case (seed 0) that ``fn`` fails, judged as ``dlkata check`` judges it.

    ``fn`` is the test's own code (a planted mistake), so it runs here, without the sandbox; its inputs
    and result cross the same wire format, and everything after the call (the comparison, the
    diagnoses, the report) is the grader's.
    """
    ex = registry.get(exercise_id)
    out = []
    for case in checking.draw_cases(ex, 0):
        try:
            args, kwargs = codec.decode(codec.encode((list(case.args), dict(case.kwargs))))
            call = CallResult(True, value=codec.decode(codec.encode(fn(*args, **kwargs))))
        except Exception as exc:  # noqa: BLE001 - a wrong answer may raise
            call = CallResult(False, error=f"{type(exc).__name__}: {exc}")
        expected = oracle.expected(ex, case)
        cr = checking.judge(ex, case, call, expected=expected)
        if cr.passed:
            continue
        keys = []
        if call.ok:
            verdict = checking.compare_output(ex, case, call.value, expected)
            keys = [k for k, _ in diagnose.diagnoses(ex, case, call.value, expected, verdict.where)]
        out.append(Judged(case.name, keys, report(cr, ex, lang)))
    return out


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
