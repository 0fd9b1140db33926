"""One submission, as a course platform hands it over, into one result per exercise.

Gradescope puts a student's upload in ``/autograder/submission``, PrairieLearn
in ``/grade/student``: a folder that may hold a copy of the course (with
``exercises/``), loose topic modules, a zip (``dlkata submit`` writes one) or
the course's notebooks. :func:`stage` turns it into one submission that
``dlkata grade`` accepts, :func:`grade_folder` grades it with the engine of
``dlkata grade`` (the same sandbox, cases and expected outputs), and
:func:`exercise_feedback` renders one exercise's feedback text. Every
platform's results file is built from these, and :func:`write_results`
makes sure one is always written, even when grading crashes.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .. import oracle, registry
from ..checking import CaseResult, ExerciseResult
from ..exercise import Exercise
from ..exports import MAX_CASES_SHOWN, submission_text
from ..grading import grade_one, warm_oracle
from ..messages import t
from ..report import report
from ..paths import EXERCISES
from ..submissions import Submission, SubmissionError, exercises_dir, fingerprint
from . import settings as bundle
from .settings import PlatformSettings

#: The id a platform's single submission is graded under (the platform knows who it is).
STUDENT = "submission"
#: Longest feedback text of one exercise (PrairieLearn refuses results over 1 MB in all).
MAX_FEEDBACK_CHARS = 8000


@dataclass
class Graded:
    """One graded submission: a result per exercise, or why it could not be graded at all."""

    results: list[ExerciseResult]
    error: str = ""
    seconds: float = 0.0
    facts: dict = field(default_factory=dict)

    @property
    def earned(self) -> int:
        return sum(r.score for r in self.results)

    @property
    def total(self) -> int:
        return sum(r.exercise.points for r in self.results)


def stage(folder: Path, work: Path) -> Submission:
    """The one submission in a platform's upload ``folder``; copies it under ``work`` when needed.

    A lone zip (as ``dlkata submit`` writes it) is graded as it is. Otherwise
    the folder is copied (links and caches left out), and when it holds topic
    modules but lacks the course's given ones (``__init__.py``,
    ``_validate.py``: a student who uploaded only ``activations.py``), those
    are added from the course, as the student's own copy of it has them.
    Raises :class:`SubmissionError` for an empty upload or several zips.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise SubmissionError(f"no submission was found ({folder} is missing)")
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    code = [p for p in files if p.suffix.lower() in (".py", ".ipynb")]
    zips = [p for p in files if p.suffix.lower() == ".zip"]
    if not code and len(zips) == 1:
        return Submission(STUDENT, zips[0])
    if not code and len(zips) > 1:
        raise SubmissionError(f"the submission holds {len(zips)} zip files; submit one "
                              f"({', '.join(sorted(p.name for p in zips))})")
    if not code:
        raise SubmissionError("the submission holds no topic module (.py), notebook (.ipynb) or zip")
    copy = Path(work) / STUDENT
    shutil.copytree(folder, copy, symlinks=True,
                    ignore=lambda d, names: {n for n in names if n == "__pycache__" or os.path.islink(os.path.join(d, n))})
    home = exercises_dir(copy)
    if home is not None:
        topics = {tp.name for tp in registry.topics()}
        for given in EXERCISES.glob("*.py"):
            if given.stem not in topics and not (home / given.name).exists():
                shutil.copy(given, home / given.name)
    return Submission(STUDENT, copy)


def grade_folder(folder: Path, settings: PlatformSettings, settings_dir: Path, protect: Path) -> Graded:
    """Grade the upload in ``folder`` on the bundle's exercises, in the sandbox of ``dlkata grade``.

    ``settings_dir`` holds the settings and the hidden-case file; ``protect``
    (the folder the results are written to) is kept unreadable and
    unwritable to graded code. Expected outputs come from the cache the
    image was warmed with (:mod:`.warm`); ``facts`` records how many had to be
    computed here and whether TensorFlow was imported.
    """
    started = time.monotonic()
    computed_before = oracle.computations()
    options = settings.grade_options(Path(settings_dir))
    try:
        prepared = warm_oracle(options)
        with tempfile.TemporaryDirectory(prefix="dlkata-upload-") as tmp:
            sub = stage(Path(folder), Path(tmp))
            results, error = grade_one(sub, fingerprint(sub), Path(protect), options, prepared)
    except SubmissionError as exc:
        results, error = [_ungraded(ex, str(exc)) for ex in options.exercises], str(exc)
    return Graded(results, error, time.monotonic() - started,
                  {"oracle_computed": oracle.computations() - computed_before,
                   "tensorflow_imported": "tensorflow" in sys.modules})


def _ungraded(ex: Exercise, why: str) -> ExerciseResult:
    return ExerciseResult(ex, [CaseResult("submission", False, "submission", {"error": why}, exercise=ex.id)])


def exercise_feedback(res: ExerciseResult, lang: str, withhold_hidden: bool, which: str = "all",
                      limit: int = MAX_FEEDBACK_CHARS) -> str:
    """One exercise's feedback: cases passed, then each distinct failure's report.

    ``which`` is ``"all"``, ``"public"`` or ``"hidden"`` cases. Hidden cases'
    reports are replaced by one withheld line when ``withhold_hidden``. At
    most a few failures, and ``limit`` characters, are shown.
    """
    if which not in ("all", "public", "hidden"):
        raise ValueError(f"which must be 'all', 'public' or 'hidden', got {which!r}")
    cases = [c for c in res.cases if which == "all" or c.hidden == (which == "hidden")]
    if cases and all(c.problem == "submission" for c in cases):  # nothing was run: only why
        return report(cases[0], res.exercise, lang)[:limit]
    lines = [t("platform_cases", lang, passed=sum(c.passed for c in cases), count=len(cases))]
    shown: list[str] = []
    failures = [c for c in cases if not c.passed]
    for c in failures:
        if c.hidden and withhold_hidden:
            continue
        text = report(c, res.exercise, lang)
        if text and text not in shown:
            shown.append(text)
    lines += shown[:MAX_CASES_SHOWN]
    if len(shown) > MAX_CASES_SHOWN:
        lines.append(t("platform_more_cases", lang, more=len(shown) - MAX_CASES_SHOWN))
    hidden_cases = [c for c in cases if c.hidden]
    hidden_failed = sum(not c.passed for c in hidden_cases)
    if withhold_hidden and hidden_failed:
        lines.append(t("platform_hidden_withheld", lang, failed=hidden_failed, count=len(hidden_cases)))
    text = "\n\n".join(lines)
    return text if len(text) <= limit else text[:max(0, limit - 4)] + "\n..."


def not_graded_text(lang: str, reason: str = "") -> str:
    """Why a submission has no grades: what failed, or (no ``reason``) that grading stopped midway."""
    return t("platform_failed", lang, error=reason) if reason else t("platform_unfinished", lang)


def summary(graded: Graded, settings: PlatformSettings, lang: str) -> str:
    """The submission's one-line summary, or what stopped it from being graded."""
    line = t("platform_summary", lang, version=settings.version, earned=graded.earned, total=graded.total,
             passed=sum(r.passed for r in graded.results), count=len(graded.results))
    return f"{submission_text(graded.error, lang)}\n\n{line}" if graded.error else line


def write_json(path: Path, data: dict) -> None:
    """Write ``data`` to ``path`` atomically (a reader never sees half a file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".results-")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
    os.replace(tmp, path)


def write_results(path: Path, unfinished: dict, produce: Callable[[], dict], failed: Callable[[str], dict]) -> bool:
    """Always leave a results file at ``path``: ``unfinished`` first, then what ``produce`` returns.

    If ``produce`` raises, ``failed(reason)`` is written instead (and the
    traceback goes to stderr, which the platforms show only to instructors);
    if this process is killed midway, ``unfinished`` stays. Returns whether
    grading finished.
    """
    write_json(path, unfinished)
    try:
        data = produce()
    except Exception as exc:  # noqa: BLE001 - a results file must be written whatever went wrong
        traceback.print_exc()
        write_json(path, failed(f"{type(exc).__name__}: {exc}"))
        return False
    write_json(path, data)
    return True


def grade_and_record(upload: Path, settings_path: Path, results_dir: Path,
                     render: Callable[[Graded, PlatformSettings, bool], dict],
                     not_graded: Callable[[str, str], dict]) -> bool:
    """Grade the platform's ``upload`` folder with the bundle whose settings are at ``settings_path``.

    ``render(graded, settings, withhold_hidden)`` makes the platform's results
    file, ``not_graded(lang, reason)`` the file that says why there are no
    grades (``reason`` empty: grading stopped midway). ``results_dir`` gets
    ``results.json`` in every case, and graded code can neither read nor
    write it. Returns whether grading finished.
    """
    settings_path, results_dir = Path(settings_path), Path(results_dir)
    path = results_dir / "results.json"
    try:
        settings = bundle.load(settings_path)
        hidden, _ = settings.hidden_spec(settings_path.parent)
    except ValueError as exc:
        write_json(path, not_graded("en", str(exc)))
        return False

    def produce() -> dict:
        graded = grade_folder(upload, settings, settings_path.parent, results_dir)
        return render(graded, settings, bool(hidden and hidden.withhold_feedback))

    return write_results(path, not_graded(settings.lang, ""), produce, lambda why: not_graded(settings.lang, why))
