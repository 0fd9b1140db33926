"""The check loop: cases in, verdicts out, for ``check``, ``grade`` and ``validate``.

For each exercise the cases are drawn from the registry with a seed, the
student's function is called in the sandbox, and its output is compared with
the oracle's (cached) output here, in the trusted process. Student code is
never imported in this process. Each reply is read with a cap derived from
the expected output's size; each case is judged at once and its arrays
dropped (only a small thumbnail of a few failing cases is kept, for the
feedback page's pictures). Hidden cases run after every public case, in a
fresh sandbox, so nothing recorded while they ran can reach a public report.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np

from . import codec, diagnose, oracle
from .cases import Case, rng_for
from .compare import compare
from .exercise import Exercise
from .hidden import Hidden
from .messages import pick, t
from .paths import ROOT, SOLUTIONS, cache_dir
from .pictures import thumbnail
from .safetext import clean
from .sandbox import DEFAULT_LIMITS, CallResult, Limits, Sandbox, make_sandbox

#: Default wall-clock budget for all the cases of one exercise, in seconds.
DEFAULT_TIMEOUT = DEFAULT_LIMITS.timeout
#: Default address-space cap of the child, in MB.
DEFAULT_MEMORY_MB = DEFAULT_LIMITS.memory_mb
#: How much of an exception's text, its traceback and the printed output a report quotes.
ERROR_CHARS, TRACEBACK_CHARS, OUTPUT_CHARS = 1500, 2500, 500


@dataclass
class CaseResult:
    """The outcome of one case; ``message`` is the full report in one language.

    ``picture``: a small ``(got, expected)`` thumbnail (:func:`pictures.thumbnail`)
    for a failing case whose picture a feedback page may show, else None.
    """

    case: str
    passed: bool
    problem: str = "ok"
    message: str = ""
    seconds: float = 0.0
    hidden: bool = False
    shapes: str = ""
    note: str = ""
    picture: object = None


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


class PictureBudget:
    """How many failing cases may still keep a thumbnail (a feedback page draws at most a few)."""

    def __init__(self, n: int = 0):
        self.left = n

    def take(self) -> bool:
        if self.left <= 0:
            return False
        self.left -= 1
        return True


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


def all_draws(exercise: Exercise, seed: int, hidden: Hidden | None = None) -> list[tuple[Case, bool]]:
    """The public cases, then the hidden ones (when ``hidden`` applies), each with its hidden flag."""
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


def run(exercises: Iterable[Exercise], directory, seed: int = 0, lang: str = "en",
        limits: Limits = DEFAULT_LIMITS, hidden: Hidden | None = None, extra_protected: Iterable[Path] = (),
        prepared: dict | None = None, pictures: int = 0, numba_cache: bool | str | None = True,
        isolation: str | None = None, threads: int | None = None, info: dict | None = None,
        timeout: float | None = None) -> Iterator[ExerciseResult]:
    """Check ``exercises`` against the package in ``directory``; yields one result per exercise.

    - ``prepared`` maps an exercise id to its ``(case, hidden, expected)`` triples when the
      caller has drawn the cases and loaded the expected outputs already (a class grades
      every submission on the same ones);
    - ``pictures``: how many failing cases keep a thumbnail for a feedback page;
    - ``numba_cache``: True for the folder's persistent cache (a student's own check),
      None to keep it in the sandbox's capped scratch (graded submissions), or a path;
    - ``info``, when given, receives ``"isolation"``: the walls the sandbox stood in.

    Public cases run in one sandbox; hidden cases, if any, after all of them in a fresh one.
    """
    exercises = list(exercises)
    directory = Path(directory)
    if timeout is not None:
        limits = replace(limits, timeout=timeout)
    protected = [*protected_paths(directory), *extra_protected]
    cache = numba_cache_for(directory) if numba_cache is True else (numba_cache or None)
    draws = {ex.id: (prepared[ex.id] if prepared is not None else all_draws(ex, seed, hidden)) for ex in exercises}
    budget = PictureBudget(pictures)

    def phase(hidden_phase: bool, seed=None, carry=None) -> Iterator[ExerciseResult]:
        mine = {ex.id: [d for d in draws[ex.id] if bool(d[1]) == hidden_phase] for ex in exercises}
        if not any(mine.values()):
            yield from (ExerciseResult(ex) for ex in exercises)
            return
        with make_sandbox(directory, limits, protected, cache, isolation, threads, numba_seed=seed) as box:
            for ex in exercises:
                yield check_exercise(ex, mine[ex.id], box, lang, limits.timeout, budget) if mine[ex.id] \
                    else ExerciseResult(ex)
            if info is not None and box.isolation is not None:
                info.setdefault("isolation", box.isolation)
            if carry is not None:
                box.carry_numba_cache(carry)

    if not any(d[1] for ds in draws.values() for d in ds):
        yield from phase(False)
        return
    # every public case first, and that sandbox closed, before any hidden one; what Numba compiled for
    # the public cases (a scratch cache otherwise gone with its sandbox) goes along, read-only
    with tempfile.TemporaryDirectory(prefix="dlkata-numba-") as carried:
        public = list(phase(False, carry=None if cache else carried))
        for res, more in zip(public, phase(True, seed=None if cache else carried)):
            res.cases += more.cases
            yield res


def check_exercise(ex: Exercise, draws: list[tuple], sandbox: Sandbox, lang: str,
                   timeout: float, pictures: PictureBudget | None = None) -> ExerciseResult:
    """Run every case of one exercise within one shared time budget.

    ``draws``: ``(case, hidden)`` pairs, or ``(case, hidden, expected)`` triples when the
    expected outputs are already at hand (otherwise they come from the oracle cache).
    Each reply may be at most ``limits.reply_cap`` of the expected output's size.
    """
    run = ExerciseRun(ex, sandbox, lang, timeout, pictures, stops=ExerciseRun.STOPS + ExerciseRun.KILLED)
    return ExerciseResult(ex, [run.case(case, hidden, *known) for case, hidden, *known in draws])


_FROM_CACHE = object()


def _head(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n] + f" ... ({len(text) - n} more characters)"


def _tail(text: str, n: int) -> str:
    return text if len(text) <= n else f"({len(text) - n} characters before) ..." + text[-n:]


def judge(ex: Exercise, case: Case, call: CallResult, lang: str, expected=_FROM_CACHE,
          keep_picture: bool = False) -> CaseResult:
    """Turn one call's outcome into a verdict and a report (``expected`` defaults to the cached oracle).

    ``keep_picture``: keep a thumbnail of a wrong output for the feedback page.
    """
    cr = CaseResult(case.name, False, shapes=case.shapes(), note=case.note, seconds=call.seconds)
    lines: list[str] = []
    if not call.ok:
        if call.error.startswith("NotImplementedError"):
            cr.problem = "stub"
            cr.message = t("stub", lang, exercise=ex.id)
            return cr
        cr.problem = call.stage or "raised"
        lines.append(t(cr.problem, lang, error=_head(call.error, ERROR_CHARS)))
        if call.stage == "" and call.traceback:
            lines.append(_tail(call.traceback.rstrip(), TRACEBACK_CHARS))
    elif call.mutated:
        cr.problem = "mutated"
        lines.append(t("mutated", lang, args=", ".join(call.mutated)))
    else:
        if expected is _FROM_CACHE:
            expected = oracle.expected(ex, case)
        verdict = compare(call.value, expected, case.terms, names=ex.outputs, floor=case.scale or 0.0)
        if verdict.passed:
            cr.passed = True
            cr.problem = "ok"
            return cr
        if keep_picture:
            cr.picture = thumbnail(call.value, expected)
        cr.problem = verdict.problem
        fields = dict(verdict.details, where=verdict.where)
        if verdict.problem == "exact" and "index" in fields:
            fields["at"] = f" at index {fields['index']}" if lang == "en" else f" (인덱스 {fields['index']})"
        fields.setdefault("at", "")
        lines.append(_head(t(verdict.problem, lang, **fields), ERROR_CHARS))
        for key, extra in _diagnoses(ex, case, call.value, expected, verdict.where):
            lines.append(t(key, lang, **extra))
    lines.insert(0, f"{t('case', lang)} '{case.name}'" + (f" ({case.note})" if case.note else "")
                 + f" — {t('inputs', lang)}: {case.shapes()}")
    hint = pick(ex.hint, lang)
    if hint:
        lines.append(f"{t('hint', lang)}: {hint}")
    if call.output.strip():
        lines.append(f"{t('output', lang)}: {call.output.strip()[:OUTPUT_CHARS]}")
    cr.message = clean("\n".join(lines))
    return cr


class ExerciseRun:
    """The cases of one exercise, run one at a time in ``sandbox`` within one time budget.

    ``check`` runs them in a row; the pytest plugin runs one per test item, in
    whatever order pytest picks, so the budget counts the seconds spent on this
    exercise (the same as a deadline when the cases run in a row). After a
    problem in ``stops`` (by default a stub, a missing function, an import error
    or a timeout), every later case gets that verdict without another call.
    ``sandbox`` is anything with the sandbox's ``call``; when it has ``limits``
    (a real sandbox), each reply is capped from the expected output's size.
    Each case is judged at once and its arrays dropped; ``pictures`` decides
    which failing cases keep a small thumbnail for a feedback page.
    """

    #: Problems that end an exercise: later cases would only repeat them (or wait for them).
    STOPS = ("stub", "import", "missing", "timeout")
    #: Problems the sandbox was killed for: restarting it for every later case would only spend the
    #: grader's time when points are all or nothing per exercise (check and grade stop on them too).
    KILLED = ("crash", "too_large", "protocol")

    def __init__(self, ex: Exercise, sandbox, lang: str, timeout: float, pictures: PictureBudget | None = None,
                 stops: tuple[str, ...] = STOPS):
        self.ex, self.sandbox, self.lang, self.timeout, self.pictures = ex, sandbox, lang, timeout, pictures
        self.stops = stops
        self.spent = 0.0
        self.stop: CaseResult | None = None

    def case(self, case: Case, hidden: bool = False, expected=_FROM_CACHE) -> CaseResult:
        """The verdict and report of one case (``expected`` defaults to the cached oracle)."""
        if self.stop is not None:
            return CaseResult(case.name, False, self.stop.problem, self.stop.message,
                              hidden=hidden, shapes=case.shapes(), note=case.note)
        start = time.monotonic()
        left = self.timeout - self.spent
        if left <= 0:
            call = CallResult(False, error=f"did not finish within {self.timeout:g} s", stage="timeout")
        else:
            cap = {}
            limits = getattr(self.sandbox, "limits", None)
            if limits is not None:
                size = codec.size_of(expected) if expected is not _FROM_CACHE else oracle.cached_size(self.ex, case)
                cap = {"reply_cap": limits.reply_cap(size)}
            call = self.sandbox.call(self.ex.topic, self.ex.name, case.args, case.kwargs, timeout=left, **cap)
        keep = self.pictures is not None and self.pictures.left > 0 and not hidden
        if call.ok and not call.mutated and expected is _FROM_CACHE:
            expected = oracle.expected(self.ex, case)  # outside the guard below: a missing oracle is ours to say
        try:
            cr = judge(self.ex, case, call, self.lang, expected, keep_picture=keep)
        except Exception as exc:  # noqa: BLE001 - a hostile value must cost its case, never the run
            cr = CaseResult(case.name, False, "error", clean(f"grading error: the output could not be judged "
                                                             f"({type(exc).__name__}: {exc})", ERROR_CHARS),
                            shapes=case.shapes(), note=case.note)
        if cr.picture is not None and not self.pictures.take():
            cr.picture = None
        del call  # the reply's arrays go now, not when the run ends
        cr.hidden = hidden
        self.spent += time.monotonic() - start
        if cr.problem in self.stops:
            self.stop = cr
        return cr


def _diagnoses(ex: Exercise, case: Case, got, expected, where: str) -> list[tuple[str, dict]]:
    found: list[tuple[str, dict]] = []
    if ex.diagnose is not None:
        try:
            found += list(ex.diagnose(case, got, expected))
        except Exception:  # noqa: BLE001 - a diagnosis must never break grading
            pass
    part_got, part_exp = got, expected
    if isinstance(expected, tuple) and isinstance(got, (tuple, list)) and where in ex.outputs:
        i = ex.outputs.index(where)
        if i < len(got):
            part_got, part_exp = got[i], expected[i]
    if isinstance(part_got, np.ndarray):
        found += diagnose.generic(part_got, part_exp, case.terms)
    return found
