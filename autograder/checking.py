"""The check loop: cases in, verdicts out, for ``check``, ``grade`` and ``validate``.

For each exercise the cases are drawn from the registry with a seed, the
student's function is called in the sandbox, and its output is compared with
the oracle's (cached) output here, in the trusted process. Student code is
never imported in this process.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

import numpy as np

from . import diagnose, public
from .cases import Case, rng_for
from .compare import compare
from .exercise import Exercise
from .messages import pick, t
from .paths import ROOT, SOLUTIONS, cache_dir
from .sandbox import CallResult, Sandbox

#: Default wall-clock budget for all the cases of one exercise, in seconds.
DEFAULT_TIMEOUT = 60.0
#: Default address-space cap of the child, in MB.
DEFAULT_MEMORY_MB = 4096

if TYPE_CHECKING:  # the student edition ships no hidden-case module
    from .hidden import Hidden


@dataclass
class CaseResult:
    """The outcome of one case; ``message`` is the full report in one language."""

    case: str
    passed: bool
    problem: str = "ok"
    message: str = ""
    seconds: float = 0.0
    hidden: bool = False
    shapes: str = ""
    note: str = ""
    output: str = ""
    got: object = None
    expected: object = None


@dataclass
class ExerciseResult:
    """All cases of one exercise; points are all-or-nothing, as in nbgrader."""

    exercise: Exercise
    cases: list[CaseResult] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return bool(self.cases) and all(c.passed for c in self.cases)

    @property
    def score(self) -> int:
        return self.exercise.points if self.passed else 0

    @property
    def failures(self) -> list[CaseResult]:
        return [c for c in self.cases if not c.passed]


def draw_cases(exercise: Exercise, seed: int, salt: str = "") -> list[Case]:
    """The cases of ``exercise`` for ``seed`` (the salt separates hidden draws); names made unique."""
    cases = exercise.cases(rng_for(seed, exercise.id, salt))
    seen: dict[str, int] = {}
    for i, c in enumerate(cases):
        n = seen.get(c.name, 0)
        seen[c.name] = n + 1
        if n:
            cases[i] = replace(c, name=f"{c.name} #{n + 1}")
    return cases


def hidden_draws(exercise: Exercise, hidden: Hidden) -> list[tuple[Case, bool]]:
    """The hidden cases of every round, renamed "hidden N: ...", each flagged hidden."""
    return [(replace(c, name=f"hidden {r + 1}: {c.name}"), True)
            for r in range(hidden.rounds) for c in draw_cases(exercise, hidden.seed + r, "hidden")]


def all_draws(exercise: Exercise, seed: int, hidden: Hidden | None = None) -> list[tuple]:
    """The public cases, then the hidden ones (when ``hidden`` applies), each with its hidden flag.

    Where the public cases are shipped as data (the student edition), they come with their
    expected outputs: ``(case, False, expected)``.
    """
    if public.in_use():
        return public.draws(exercise, seed, hidden)
    draws = [(c, False) for c in draw_cases(exercise, seed)]
    if hidden is not None and hidden.applies_to(exercise.id):
        draws += hidden_draws(exercise, hidden)
    return draws


def protected_paths(directory: Path) -> list[Path]:
    """What graded code may not read: the grader, the references, the oracle cache."""
    paths = [ROOT / "autograder", oracle_root()]
    if Path(directory).resolve() != SOLUTIONS.resolve():
        paths.append(SOLUTIONS)
    return paths


def oracle_root() -> Path:
    return cache_dir() / "oracle"


def numba_cache_for(directory: Path) -> str:
    """A persistent Numba cache per submission folder, so warm checks do not recompile."""
    import hashlib

    tag = hashlib.sha256(str(Path(directory).resolve()).encode()).hexdigest()[:16]
    path = cache_dir() / "numba" / tag
    path.mkdir(parents=True, exist_ok=True)
    return str(path)


def open_sandbox(directory, memory_mb: int = DEFAULT_MEMORY_MB, extra_protected: Iterable[Path] = ()):
    """Where a check runs ``directory``'s code: the full sandbox where this OS gives its walls (Linux),
    else a plain child process with the time limit (a student's own Windows or macOS laptop)."""
    from .sandbox.plain import os_isolation_available, plain_process_sandbox

    if not os_isolation_available():
        return plain_process_sandbox(directory, numba_cache=numba_cache_for(directory))
    return Sandbox(directory, memory_mb=memory_mb, protected_paths=[*protected_paths(directory), *extra_protected],
                   numba_cache=numba_cache_for(directory))


def run(exercises: Iterable[Exercise], directory, seed: int = 0, lang: str = "en",
        timeout: float = DEFAULT_TIMEOUT, memory_mb: int = DEFAULT_MEMORY_MB,
        hidden: Hidden | None = None, extra_protected: Iterable[Path] = (),
        keep_arrays: bool = False, sandbox: Sandbox | None = None,
        prepared: dict | None = None) -> Iterator[ExerciseResult]:
    """Check ``exercises`` against the package in ``directory``; yields one result per exercise.

    ``prepared`` maps an exercise id to its ``(case, hidden, expected)`` triples when the
    caller has drawn the cases and loaded the expected outputs already (a class grades
    every submission on the same ones).
    """
    directory = Path(directory)
    own = sandbox is None
    if own:
        sandbox = open_sandbox(directory, memory_mb, extra_protected)
    try:
        for ex in exercises:
            draws = prepared[ex.id] if prepared is not None else all_draws(ex, seed, hidden)
            yield check_exercise(ex, draws, sandbox, lang, timeout, keep_arrays)
    finally:
        if own:
            sandbox.close()


def check_exercise(ex: Exercise, draws: list[tuple], sandbox: Sandbox, lang: str,
                   timeout: float, keep_arrays: bool = False) -> ExerciseResult:
    """Run every case of one exercise within one shared time budget.

    ``draws``: ``(case, hidden)`` pairs, or ``(case, hidden, expected)`` triples when the
    expected outputs are already at hand (otherwise they come from the oracle cache).
    """
    run = ExerciseRun(ex, sandbox, lang, timeout, keep_arrays)
    return ExerciseResult(ex, [run.case(case, hidden, *known) for case, hidden, *known in draws])


_FROM_CACHE = object()


def expected_output(ex: Exercise, case: Case):
    """The expected output of a case: the oracle's (cached), or the shipped one where the public cases are data."""
    if public.in_use():
        for c, _, expected in public.draws(ex):
            if c.name == case.name:
                return expected
        return public.MISSING
    from . import oracle  # TensorFlow's side: not in the student edition

    return oracle.expected(ex, case)


def judge(ex: Exercise, case: Case, call: CallResult, lang: str, keep_arrays: bool = False,
          expected=_FROM_CACHE) -> CaseResult:
    """Turn one call's outcome into a verdict and a report (``expected`` defaults to the cached oracle)."""
    cr = CaseResult(case.name, False, shapes=case.shapes(), note=case.note, seconds=call.seconds,
                    output=call.output)
    lines: list[str] = []
    if not call.ok:
        if call.error.startswith("NotImplementedError"):
            cr.problem = "stub"
            cr.message = t("stub", lang, exercise=ex.id)
            return cr
        cr.problem = call.stage or "raised"
        lines.append(t(cr.problem, lang, error=call.error))
        if call.stage == "" and call.traceback:
            lines.append(call.traceback.rstrip())
    elif call.mutated:
        cr.problem = "mutated"
        lines.append(t("mutated", lang, args=", ".join(call.mutated)))
    else:
        if expected is _FROM_CACHE:
            expected = expected_output(ex, case)
        if expected is public.MISSING:
            cr.problem = "unavailable"
            cr.message = t("unavailable", lang, case=case.name)
            return cr
        verdict = compare(call.value, expected, case.terms, names=ex.outputs, floor=case.scale or 0.0)
        if keep_arrays:
            cr.got, cr.expected = call.value, expected
        if verdict.passed:
            cr.passed = True
            cr.problem = "ok"
            return cr
        cr.problem = verdict.problem
        fields = dict(verdict.details, where=verdict.where)
        if verdict.problem == "exact" and "index" in fields:
            fields["at"] = f" at index {fields['index']}" if lang == "en" else f" (인덱스 {fields['index']})"
        fields.setdefault("at", "")
        lines.append(t(verdict.problem, lang, **fields))
        for key, extra in diagnoses(ex, case, call.value, expected, verdict.where):
            lines.append(t(key, lang, **extra))
    lines.insert(0, f"{t('case', lang)} '{case.name}'" + (f" ({case.note})" if case.note else "")
                 + f" — {t('inputs', lang)}: {case.shapes()}")
    hint = pick(ex.hint, lang)
    if hint:
        lines.append(f"{t('hint', lang)}: {hint}")
    if call.output.strip():
        lines.append(f"{t('output', lang)}: {call.output.strip()[:500]}")
    cr.message = "\n".join(lines)
    return cr


class ExerciseRun:
    """The cases of one exercise, run one at a time in ``sandbox`` within one time budget.

    ``check`` runs them in a row; the pytest plugin runs one per test item, in
    whatever order pytest picks, so the budget counts the seconds spent on this
    exercise (the same as a deadline when the cases run in a row). After a stub,
    a missing function, an import error or a timeout, every later case gets that
    verdict without another call. ``sandbox`` is anything with the sandbox's ``call``.
    """

    #: Problems that end an exercise: later cases would only repeat them (or wait for them).
    STOPS = ("stub", "import", "missing", "timeout")

    def __init__(self, ex: Exercise, sandbox, lang: str, timeout: float, keep_arrays: bool = False):
        self.ex, self.sandbox, self.lang, self.timeout, self.keep_arrays = ex, sandbox, lang, timeout, keep_arrays
        self.spent = 0.0
        self.stop: CaseResult | None = None

    def case(self, case: Case, hidden: bool = False, expected=_FROM_CACHE) -> CaseResult:
        """The verdict and report of one case (``expected`` defaults to the cached oracle)."""
        if expected is public.MISSING:  # not in the shipped public cases: said plainly, nothing is run
            return CaseResult(case.name, False, "unavailable", t("unavailable", self.lang, case=case.name),
                              hidden=hidden, shapes=case.shapes(), note=case.note)
        if self.stop is not None:
            return CaseResult(case.name, False, self.stop.problem, self.stop.message,
                              hidden=hidden, shapes=case.shapes(), note=case.note)
        start = time.monotonic()
        left = self.timeout - self.spent
        if left <= 0:
            call = CallResult(False, error=f"did not finish within {self.timeout:g} s", stage="timeout")
        else:
            call = self.sandbox.call(self.ex.topic, self.ex.name, case.args, case.kwargs, timeout=left)
        judged = time.monotonic()
        cr = judge(self.ex, case, call, self.lang, self.keep_arrays, expected)
        cr.hidden = hidden
        self.spent += judged - start  # the grader's own time (oracle, diagnoses) is not the student's
        if cr.problem in self.STOPS:
            self.stop = cr
        return cr


def diagnoses(ex: Exercise, case: Case, got, expected, where: str = "output") -> list[tuple[str, dict]]:
    """Teaching messages for a wrong output: the exercise's candidate mistakes it is, else what its
    answer-free checks find, then the generic diagnoses."""
    found: list[tuple[str, dict]] = []
    if ex.mistakes is not None:  # a diagnosis must never break grading
        try:
            found += diagnose.recognise(ex.mistakes(case, expected), got, expected)
        except Exception:  # noqa: BLE001
            pass
    for check in ex.checks if not found else ():  # a recognised slip is the more precise message
        try:
            found += [item for item in check(case, got, expected) if item not in found]
        except Exception:  # noqa: BLE001
            pass
    part_got, part_exp = got, expected
    if isinstance(expected, tuple) and isinstance(got, (tuple, list)) and where in ex.outputs:
        i = ex.outputs.index(where)
        if i < len(got):
            part_got, part_exp = got[i], expected[i]
    if isinstance(part_got, np.ndarray):
        found += diagnose.generic(part_got, part_exp, case.terms)
    return found
