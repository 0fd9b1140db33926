"""The check loop: cases in, verdicts out, for ``check``, ``grade`` and ``validate``.

For each exercise the cases are drawn from the registry with a seed, the
student's function is called in the sandbox, and its output is compared with
the oracle's (cached) output here, in the trusted process. Student code is
never imported in this process. Each reply is read with a cap derived from
the expected output's size; each case is judged at once and its arrays
dropped (only a small thumbnail of a few failing cases is kept, for the
feedback page's pictures). Hidden cases run after every public case, in a
fresh sandbox, so nothing recorded while they ran can reach a public report.

The verdicts are data (:class:`CaseResult`); :func:`autograder.report.report`
words them in the language asked for when they are shown.
"""

from __future__ import annotations

import re
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

import numpy as np

from . import codec, diagnose, public
from .cases import Case, rng_for
from .compare import Verdict, compare
from .exercise import Exercise
from .paths import ROOT, SOLUTIONS, cache_dir
from .pictures import thumbnail
from .safetext import clean
from .sandbox import DEFAULT_LIMITS, CallResult, Limits, Sandbox, make_sandbox
from .tracing import Shown, exercise_frames, uses

#: Default wall-clock budget for all the cases of one exercise, in seconds.
DEFAULT_TIMEOUT = DEFAULT_LIMITS.timeout
#: How much of an exception's text, its traceback and the printed output a verdict keeps
#: (a report quotes less unless it is verbose: :mod:`autograder.report`).
ERROR_CHARS, TRACEBACK_CHARS, OUTPUT_CHARS = 1500, 2500, 2000

if TYPE_CHECKING:  # the student edition ships no hidden-case module
    from .hidden import Hidden


@dataclass
class CaseResult:
    """The verdict on one case: data, in no language (:func:`autograder.report.report` words it).

    - ``problem``: a message key (``"ok"``, a comparison problem of
      :mod:`autograder.compare`, a call problem such as ``"raised"`` or
      ``"timeout"``, ``"stub"`` ...) and ``fields``, its JSON-safe fields
      (indices, numbers, shapes, dtypes, the error text);
    - ``diagnoses``: ``(message key, fields)`` pairs, recognised mistakes;
    - ``hint``: the id of the exercise whose hint applies (``""``: none);
    - ``source``: where the failure traces to, when it is another exercise:
      ``{"exercise": id, "inside": bool, "fails": bool | None}`` (it failed
      inside that exercise's function, or uses it; ``fails``: whether that
      exercise failed its own cases in the same run, ``None`` when not checked;
      ``"unfinished": True`` when that exercise still raises ``NotImplementedError``);
    - ``output`` and ``traceback``: what the call printed and raised, with the
      grading machine's paths already replaced (:class:`autograder.tracing.Shown`);
    - ``thumb``: a small ``(got, expected)`` thumbnail (:func:`pictures.thumbnail`)
      for the few failing cases a feedback page draws, until it is drawn;
    - ``picture``: what the drawn picture of the wrong output shows
      (:class:`autograder.pictures.Picture` without its bytes) and ``png``, its
      bytes (a gradebook keeps them in a column of their own).

    :meth:`verdict` and :meth:`from_verdict` carry all but the thumbnail and the bytes as JSON.
    """

    case: str
    passed: bool
    problem: str = "ok"
    fields: dict = field(default_factory=dict)
    diagnoses: list = field(default_factory=list)
    hint: str = ""
    source: dict | None = None
    exercise: str = ""
    seconds: float = 0.0
    hidden: bool = False
    shapes: str = ""
    note: str = ""
    output: str = ""
    traceback: str = ""
    thumb: object = None
    picture: dict | None = None
    png: bytes | None = None

    #: The attributes a stored verdict holds (everything but the thumbnail and the picture's bytes).
    STORED = ("case", "passed", "problem", "fields", "diagnoses", "hint", "source", "exercise", "seconds", "hidden",
              "shapes", "note", "output", "traceback", "picture")

    def verdict(self) -> dict:
        """The verdict as JSON-safe data (what the gradebook stores)."""
        return jsonable({k: getattr(self, k) for k in self.STORED})

    @classmethod
    def from_verdict(cls, data: dict) -> "CaseResult":
        """A result from :meth:`verdict`'s data (unknown keys ignored, missing ones defaulted)."""
        kept = {k: data[k] for k in cls.STORED if k in data}
        kept["diagnoses"] = [(str(k), dict(f)) for k, f in kept.get("diagnoses", [])]
        return cls(**kept)

    @property
    def message(self) -> str:
        """The report of this case in English (see :func:`autograder.report.report` for other languages)."""
        from .report import report

        return report(self)


def jsonable(value):
    """``value`` as JSON-safe data: NumPy scalars as numbers, tuples as lists, anything else unknown as text."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return jsonable(value.tolist()) if value.size <= 64 else f"array{list(value.shape)}"
    if isinstance(value, np.generic):
        return value.item()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, np.dtype):
        return value.name
    return str(value)


@dataclass
class ExerciseResult:
    """All cases of one exercise; points are all-or-nothing, as in nbgrader."""

    exercise: Exercise
    cases: list[CaseResult] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """Whether every case passed (no cases: not passed)."""
        return bool(self.cases) and all(c.passed for c in self.cases)

    @property
    def score(self) -> int:
        """The exercise's points if it passed, else 0."""
        return self.exercise.points if self.passed else 0

    @property
    def failures(self) -> list[CaseResult]:
        """The cases that failed, in the order run."""
        return [c for c in self.cases if not c.passed]


class PictureBudget:
    """How many failing cases may still keep a thumbnail (a feedback page draws at most a few)."""

    def __init__(self, n: int = 0):
        self.left = n

    def take(self) -> bool:
        """Whether one more failing case may keep a thumbnail (and count it)."""
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
    """The folder of the cached expected outputs (graded code may not read it)."""
    return cache_dir() / "oracle"


def numba_cache_for(directory: Path) -> str:
    """A persistent Numba cache per submission folder, so warm checks do not recompile."""
    import hashlib

    tag = hashlib.sha256(str(Path(directory).resolve()).encode()).hexdigest()[:16]
    path = cache_dir() / "numba" / tag
    path.mkdir(parents=True, exist_ok=True)
    return str(path)


def run(exercises: Iterable[Exercise], directory, seed: int = 0,
        limits: Limits = DEFAULT_LIMITS, hidden: Hidden | None = None, extra_protected: Iterable[Path] = (),
        prepared: dict | None = None, pictures: int = 0, numba_cache: bool | str | None = True,
        isolation: str | None = None, threads: int | None = None, info: dict | None = None,
        timeout: float | None = None, label: str = "exercises",
        own_topics: Iterable[str] | None = None) -> Iterator[ExerciseResult]:
    """Check ``exercises`` against the package in ``directory``; yields one result per exercise.

    - ``prepared`` maps an exercise id to its ``(case, hidden, expected)`` triples when the
      caller has drawn the cases and loaded the expected outputs already (a class grades
      every submission on the same ones);
    - ``pictures``: how many failing cases keep a thumbnail for a feedback page;
    - ``numba_cache``: True for the folder's persistent cache (a student's own check),
      None to keep it in the sandbox's capped scratch (graded submissions), or a path;
    - ``info``, when given, receives ``"isolation"``: the walls the sandbox stood in;
    - ``label``: how reports name ``directory`` (``exercises/activations.py:101``);
    - ``own_topics``: the topic modules of ``directory`` that are the student's (default:
      all); a failure traced into another of them is named as the student's
      (:func:`trace`), one in a module given by the course is not.

    Public cases run in one sandbox; hidden cases, if any, after all of them in a fresh one.
    Exercises run in the order given; callers give them in course order
    (:func:`autograder.registry.select`), so an exercise's failure can name the
    earlier exercise it builds on that failed in the same run.
    """
    from . import registry

    exercises = list(exercises)
    directory = Path(directory)
    if timeout is not None:
        limits = replace(limits, timeout=timeout)
    protected = [*protected_paths(directory), *extra_protected]
    cache = numba_cache_for(directory) if numba_cache is True else (numba_cache or None)
    draws = {ex.id: (prepared[ex.id] if prepared is not None else all_draws(ex, seed, hidden)) for ex in exercises}
    budget = PictureBudget(pictures)
    owned = None if own_topics is None else set(own_topics)
    ids = [e.id for e in registry.exercises() if owned is None or e.topic in owned]

    def phase(hidden_phase: bool, seed=None, carry=None) -> Iterator[ExerciseResult]:
        mine = {ex.id: [d for d in draws[ex.id] if bool(d[1]) == hidden_phase] for ex in exercises}
        if not any(mine.values()):
            yield from (ExerciseResult(ex) for ex in exercises)
            return
        with make_sandbox(directory, limits, protected, cache, isolation, threads, numba_seed=seed) as box:
            shown = Shown.of(box, label)
            outcomes: dict[str, bool] = {}  # exercise id -> passed, for those checked so far in this phase
            for ex in exercises:
                if not mine[ex.id]:
                    yield ExerciseResult(ex)
                    continue
                res = check_exercise(ex, mine[ex.id], box, limits.timeout, budget, shown)
                trace(res, directory, ids, outcomes)
                outcomes[ex.id] = res.passed
                yield res
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


def trace(res: ExerciseResult, directory, exercise_ids: list[str], outcomes: dict[str, bool]) -> None:
    """Name, on each failing case of ``res``, the other exercise its failure comes from.

    First choice: the innermost exercise of ``exercise_ids`` (the student's own)
    in the case's traceback ("failed inside your activations.relu"); else the
    first exercise, in course order, that ``res``'s function uses
    (:func:`autograder.tracing.uses`) and that failed earlier in this run
    (``outcomes``). When the exercise named fails its own cases, the hint is
    that exercise's business, not this one's: it is dropped. Points never change.
    """
    if res.passed:
        return
    used = None
    for cr in res.failures:
        inside = [e for e in exercise_frames(cr.traceback, exercise_ids) if e != res.exercise.id]
        if cr.source and cr.source.get("unfinished") and cr.source["exercise"] in exercise_ids:
            cr.source["fails"] = _failed(outcomes, cr.source["exercise"])
        elif cr.source and cr.source.get("unfinished"):  # not the student's module (a notebook's given topic)
            cr.source = None
            continue
        elif inside:
            cr.source = {"exercise": inside[0], "inside": True, "fails": _failed(outcomes, inside[0])}
        else:
            if used is None:
                used = [e for e in uses(directory, res.exercise.id, exercise_ids) if outcomes.get(e) is False]
            if not used:
                continue
            cr.source = {"exercise": used[0], "inside": False, "fails": True}
        if cr.source["fails"] or cr.source.get("unfinished"):
            cr.hint = ""


def _failed(outcomes: dict[str, bool], exercise_id: str) -> bool | None:
    return None if exercise_id not in outcomes else not outcomes[exercise_id]


def check_exercise(ex: Exercise, draws: list[tuple], sandbox: Sandbox, timeout: float,
                   pictures: PictureBudget | None = None, shown: Shown | None = None) -> ExerciseResult:
    """Run every case of one exercise within one shared time budget.

    ``draws``: ``(case, hidden)`` pairs, or ``(case, hidden, expected)`` triples when the
    expected outputs are already at hand (otherwise they come from the oracle cache).
    Each reply may be at most ``limits.reply_cap`` of the expected output's size.
    """
    exercise_run = ExerciseRun(ex, sandbox, timeout, pictures, stops=ExerciseRun.STOPS + ExerciseRun.KILLED,
                               shown=shown)
    return ExerciseResult(ex, [exercise_run.case(case, hidden, *known) for case, hidden, *known in draws])


_FROM_CACHE = object()


def expected_output(ex: Exercise, case: Case):
    """The expected output of a case: the oracle's (cached), or the shipped one where the public cases are
    data (:data:`autograder.public.MISSING` when the shipped set does not hold it)."""
    if public.in_use():
        for c, _, expected in public.draws(ex):
            if c.name == case.name:
                return expected
        return public.MISSING
    from . import oracle  # TensorFlow's side: not in the student edition

    return oracle.expected(ex, case)


def expected_size(ex: Exercise, case: Case, expected=_FROM_CACHE) -> int | None:
    """The size in bytes of a case's expected output when it is known without computing it (None otherwise)."""
    if expected is not _FROM_CACHE:
        return None if expected is public.MISSING else codec.size_of(expected)
    if public.in_use():
        return expected_size(ex, case, expected_output(ex, case))
    from . import oracle

    return oracle.cached_size(ex, case)


def compare_output(ex: Exercise, case: Case, value, expected) -> Verdict:
    """How a returned value compares with the expected output: the one rule of check, grade and mutants."""
    return compare(value, expected, case.terms, names=ex.outputs, floor=case.scale or 0.0, accuracy=case.accuracy)


def _head(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n] + f" ... ({len(text) - n} more characters)"


def _tail(text: str, n: int) -> str:
    return text if len(text) <= n else f"({len(text) - n} characters before) ..." + text[-n:]


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
    which failing cases keep a small thumbnail for a feedback page; ``shown``
    names the student's files as the student knows them.
    """

    #: Problems that end an exercise: later cases would only repeat them (or wait for them).
    STOPS = ("stub", "import", "missing", "timeout")
    #: Problems the sandbox was killed for: restarting it for every later case would only spend the
    #: grader's time when points are all or nothing per exercise (check and grade stop on them too).
    KILLED = ("crash", "too_large", "protocol")

    def __init__(self, ex: Exercise, sandbox, timeout: float, pictures: PictureBudget | None = None,
                 stops: tuple[str, ...] = STOPS, shown: Shown | None = None):
        self.ex, self.sandbox, self.timeout, self.pictures = ex, sandbox, timeout, pictures
        self.stops, self.shown = stops, shown
        self.spent = 0.0
        self.stop: CaseResult | None = None

    def case(self, case: Case, hidden: bool = False, expected=_FROM_CACHE) -> CaseResult:
        """The verdict on one case (``expected`` defaults to the cached oracle)."""
        if expected is public.MISSING:  # not in the shipped public cases: said plainly, nothing is run
            return CaseResult(case.name, False, "unavailable", {"case": case.name}, hidden=hidden,
                              shapes=case.shapes(), note=case.note, exercise=self.ex.id)
        if self.stop is not None:
            return replace(self.stop, case=case.name, hidden=hidden, shapes=case.shapes(), note=case.note,
                           seconds=0.0, output="", thumb=None)
        start = time.monotonic()
        left = self.timeout - self.spent
        if left <= 0:
            call = CallResult(False, error=f"did not finish within {self.timeout:g} s", stage="timeout")
        else:
            cap = {}
            limits = getattr(self.sandbox, "limits", None)
            if limits is not None:
                cap = {"reply_cap": limits.reply_cap(expected_size(self.ex, case, expected))}
            call = self.sandbox.call(self.ex.topic, self.ex.name, case.args, case.kwargs, timeout=left, **cap)
        judged = time.monotonic()
        keep = self.pictures is not None and self.pictures.left > 0 and not hidden
        if call.ok and not call.mutated and expected is _FROM_CACHE:
            expected = expected_output(self.ex, case)  # outside the guard below: a missing oracle is ours to say
        try:
            cr = judge(self.ex, case, call, expected, keep_picture=keep, shown=self.shown)
        except Exception as exc:  # noqa: BLE001 - a hostile value must cost its case, never the run
            cr = CaseResult(case.name, False, "error", {"error": clean(f"{type(exc).__name__}: {exc}", ERROR_CHARS)},
                            shapes=case.shapes(), note=case.note, exercise=self.ex.id, hint=self.ex.id)
        if cr.thumb is not None and not self.pictures.take():
            cr.thumb = None
        del call  # the reply's arrays go now, not when the run ends
        cr.hidden = hidden
        self.spent += judged - start  # the grader's own time (oracle, diagnoses) is not the student's
        if cr.problem in self.stops:
            self.stop = cr
        return cr


def reported(failures: list[CaseResult]) -> list[CaseResult]:
    """The failures worth a report: a problem that stopped the exercise (a stub, an import error, a missing
    function, a timeout, a crash) is reported once, at the case where it happened, not again for every case
    after it (those were never run: :class:`ExerciseRun` gave them its verdict); so is another exercise
    that is not written yet (every case that calls it says the same)."""
    kept, stops = [], set()
    for cr in failures:
        unfinished = cr.source.get("exercise") if cr.source and cr.source.get("unfinished") else None
        stop = cr.problem if cr.problem in ExerciseRun.STOPS + ExerciseRun.KILLED else None
        key = ("unfinished", unfinished) if unfinished else stop
        if key is not None:
            if key in stops:
                continue
            stops.add(key)
        kept.append(cr)
    return kept


_TIMEOUT = re.compile(r"did not finish within ([0-9.e+-]+) s")


def judge(ex: Exercise, case: Case, call: CallResult, expected=_FROM_CACHE, keep_picture: bool = False,
          shown: Shown | None = None) -> CaseResult:
    """Turn one call's outcome into a verdict (``expected`` defaults to the cached oracle).

    ``keep_picture``: keep a thumbnail of a wrong output for the feedback page;
    ``shown`` replaces the grading machine's paths in the error, traceback and
    printed output (all kept cleaned and cut: :mod:`autograder.safetext`). The
    verdict is data; :func:`autograder.report.report` words it.
    """
    def text(value: str, limit: int, keep_end: bool = False) -> str:
        value = shown.clean(value) if shown is not None else value
        return clean(_tail(value, limit) if keep_end else _head(value, limit))

    cr = CaseResult(case.name, False, shapes=case.shapes(), note=case.note, seconds=call.seconds,
                    output=text(call.output, OUTPUT_CHARS), exercise=ex.id, hint=ex.id)
    if not call.ok:
        cr.traceback = text(call.traceback.rstrip(), TRACEBACK_CHARS, keep_end=True) if call.stage == "" else ""
        if call.error.startswith("NotImplementedError"):
            inner = exercise_frames(cr.traceback, [e.id for e in _all_exercises()])
            if not inner or inner[0] == ex.id:
                cr.problem, cr.fields, cr.traceback = "stub", {"exercise": ex.id}, ""
                return cr
            # another exercise it calls is not written yet: that is what to say, not the traceback
            cr.source = {"exercise": inner[0], "inside": True, "fails": None, "unfinished": True}
            cr.traceback = ""
        cr.problem = call.stage or "raised"
        timed_out = _TIMEOUT.match(call.error) if cr.problem == "timeout" else None
        cr.fields = {"seconds": float(timed_out.group(1))} if timed_out else {"error": text(call.error, ERROR_CHARS)}
        if cr.problem == "missing":  # the names are the grader's own: the report says it in any language
            cr.fields.update(module=ex.topic, function=ex.name)
        cr.fields.update(jsonable(call.facts))
        return cr
    if call.mutated:
        cr.problem, cr.fields = "mutated", {"args": list(call.mutated)}
        return cr
    if expected is _FROM_CACHE:
        expected = expected_output(ex, case)
    if expected is public.MISSING:
        cr.problem, cr.fields, cr.hint = "unavailable", {"case": case.name}, ""
        return cr
    verdict = compare_output(ex, case, call.value, expected)
    if verdict.passed:
        cr.passed, cr.problem = True, "ok"
        return cr
    if keep_picture:
        cr.thumb = thumbnail(call.value, expected)
    cr.problem = verdict.problem
    fields = jsonable(dict(verdict.details, where=verdict.where))
    cr.fields = {k: clean(_head(v, ERROR_CHARS)) if isinstance(v, str) else v for k, v in fields.items()}
    cr.diagnoses = [(key, jsonable(extra)) for key, extra in diagnose.diagnoses(ex, case, call.value, expected, verdict.where)]
    return cr


def _all_exercises() -> list[Exercise]:
    from . import registry

    return registry.exercises()
