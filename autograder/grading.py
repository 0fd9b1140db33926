"""``dlkata grade``: a class of submissions, each in its own sandbox, into a gradebook.

Order of work: find the submissions, open the gradebook (a damaged or locked
one stops the run before anything is written), check which walls stand here
(:func:`sandbox.probe`; ``--isolation strict`` refuses to go on without the
bubblewrap wall), skip those already graded on the same content and
configuration (resume), compute every expected output once in this process
(TensorFlow at most once per run, and not at all when cached), then grade
submissions in parallel (each in its own sandboxes: its public cases, then
its hidden cases in a fresh one) and write each one's results in one
gradebook transaction as it finishes, followed by its JSON and HTML. The CSV
is rebuilt from the gradebook at the end.

What came back from a sandbox is hostile until written: a failure while
judging, drawing, storing or writing one submission's results becomes that
submission's "grading error", and the run goes on.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import shutil
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import classpage, exports, oracle, tfbridge
from .checking import CaseResult, ExerciseResult, all_draws, run
from .exercise import Exercise
from .gradebook import Gradebook
from .hidden import Hidden
from .nbsubmission import ignored_notebooks
from .paths import cache_dir
from .safetext import clean
from .sandbox import DEFAULT_LIMITS, Isolation, Limits, grading_level, harden_grader, probe, usable_cpus
from .submissions import Submission, SubmissionError, discover, fingerprint, receipt_notes, unpack


@dataclass
class GradeOptions:
    """Everything that decides a grade (and so whether a resumed run may reuse one)."""

    exercises: list[Exercise]
    seed: int = 0
    timeout: float = DEFAULT_LIMITS.timeout
    memory_mb: int = DEFAULT_LIMITS.memory_mb
    hidden: Hidden | None = None
    hidden_path: Path | None = None
    lang: str = "en"  # the pages' language; not part of the grade
    jobs: int = 1
    isolation: str | None = None  # "auto" (default), "strict" or "fallback"

    def threads_per_job(self) -> int:
        """Numba threads for each submission's child: the cores shared among the jobs."""
        return max(1, usable_cpus() // max(1, self.jobs))

    def limits(self) -> Limits:
        """The sandbox limits of this run: the defaults with this run's timeout and memory."""
        return replace(DEFAULT_LIMITS, timeout=self.timeout, memory_mb=self.memory_mb)

    @property
    def withhold(self) -> bool:
        """Whether hidden failures' details are kept from the students' pages."""
        return bool(self.hidden and self.hidden.withhold_feedback)

    def fingerprint(self) -> dict:
        """What decides the grades (the language does not: pages are worded when written)."""
        return {"exercises": [e.id for e in self.exercises], "seed": self.seed, "timeout": self.timeout,
                "memory_mb": self.memory_mb, "hidden": self.hidden.fingerprint() if self.hidden else None,
                "withhold": self.withhold, "tf": tfbridge.version()}


@dataclass(frozen=True)
class ExerciseScore:
    """What a run remembers of one graded exercise once its results are written."""

    exercise: Exercise
    score: int


@dataclass
class GradeReport:
    """What a run did: who was graded, who was skipped as already current, what stood around them."""

    graded: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    results: dict[str, list[ExerciseScore]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    isolation: Isolation | None = None


def warm_oracle(options: GradeOptions, on_exercise=None) -> dict[str, list[tuple]]:
    """Draw every case and compute (or load) its expected output once, before any student runs.

    Returns ``{exercise id: [(case, hidden, expected), ...]}``, what :func:`checking.run`
    takes as ``prepared``: the whole class is judged on these, with no per-student draws.
    """
    prepared = {}
    for ex in options.exercises:
        prepared[ex.id] = [(case, hidden, oracle.expected(ex, case))
                           for case, hidden in all_draws(ex, options.seed, options.hidden)]
        if on_exercise:
            on_exercise(ex)
    return prepared


def work_dir(fp: str) -> Path:
    """Where a submission with content hash ``fp`` is unpacked, outside the grading folder."""
    return cache_dir() / "work" / fp[:32]


@contextlib.contextmanager
def _locked(path: Path):
    """Exclusive use of ``path`` (two identical submissions graded at once take turns)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield path
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def grade_one(sub: Submission, fp: str, out: Path, options: GradeOptions,
              prepared: dict | None = None) -> tuple[list[ExerciseResult], str]:
    """Grade one submission in its own sandboxes; returns its results and a submission-level error or notices
    (text, or a JSON list of ``[message key, fields]``: :func:`autograder.exports.submission_text`)."""
    with _locked(work_dir(fp)) as where:
        try:
            return _grade_unpacked(sub, where, out, options, prepared)
        finally:
            shutil.rmtree(where, ignore_errors=True)


def _grade_unpacked(sub: Submission, where: Path, out: Path, options: GradeOptions, prepared: dict | None):
    shutil.rmtree(where, ignore_errors=True)
    try:
        homes = unpack(sub, where)
    except SubmissionError as exc:
        return [ungraded(ex, str(exc)) for ex in options.exercises], str(exc)
    # one sandbox per package folder (a course copy has one; notebooks have one per topic)
    groups: dict[Path, list[Exercise]] = {}
    for ex in options.exercises:
        groups.setdefault(homes.get(None) or homes[ex.topic], []).append(ex)
    protected = [out.resolve(), *([Path(options.hidden_path).resolve()] if options.hidden_path else [])]
    by_id: dict[str, ExerciseResult] = {}
    level = grading_level(options.isolation)  # never the plain level: this is other people's code
    for directory, exercises in groups.items():
        for res in run(exercises, directory, seed=options.seed, limits=options.limits(),
                       hidden=options.hidden, extra_protected=protected, prepared=prepared,
                       pictures=exports.MAX_PICTURES, numba_cache=None, isolation=level,
                       threads=options.threads_per_job(), label="exercises" if None in homes else ""):
            by_id[res.exercise.id] = res
    notices = receipt_notes(where / "files") + ([] if None in homes else ignored_notebooks(where / "files"))
    return [by_id[ex.id] for ex in options.exercises], json.dumps(notices, ensure_ascii=False) if notices else ""


def ungraded(ex: Exercise, why: str) -> ExerciseResult:
    """``ex`` without points because the submission could not be graded at all (``why``: what stopped it)."""
    return ExerciseResult(ex, [CaseResult("submission", False, "submission", {"error": why}, exercise=ex.id)])


def _bare(res: ExerciseResult, why: str) -> ExerciseResult:
    """The same score, without the cases' reports (what a page can still show when the full one failed)."""
    return ExerciseResult(res.exercise, [CaseResult("summary", res.passed, "ok" if res.passed else "error",
                                                    {} if res.passed else {"error": why}, exercise=res.exercise.id)])


def grade(paths, out: Path, options: GradeOptions, progress=None,
          submissions: list[Submission] | None = None) -> GradeReport:
    """Grade every submission in ``paths`` into ``out``; resumes a previous run there.

    ``progress(event, **info)`` is called with ``"start"``, ``"oracle"``,
    ``"graded"`` and ``"skipped"`` events (the CLI draws its bar from them).
    Raises :class:`gradebook.GradebookError` for a damaged or locked gradebook and
    :class:`sandbox.IsolationUnavailable` for ``isolation="strict"`` without the wall (or at the plain level),
    before anything is graded.
    ``submissions``, given instead of ``paths``, are already found and named
    (nbgrader's ``submitted/<student>/<assignment>/`` is named by the student).
    """
    harden_grader()
    out = Path(out)
    subs = discover(paths) if submissions is None else list(submissions)
    out.mkdir(parents=True, exist_ok=True)
    book = Gradebook(out / "gradebook.sqlite")
    report = GradeReport()
    config = options.fingerprint()
    notify = progress or (lambda *a, **k: None)
    try:
        report.isolation = probe(grading_level(options.isolation), options.limits())
        run_id = book.start_run(config, tfbridge.version(), report.isolation.as_dict())
        names = exports.file_names([s.student for s in subs] + [s for s, _, _ in book.students()])
        todo = []
        for sub in subs:
            fp = fingerprint(sub)
            if book.is_current(sub.student, fp, config) and exports.student_files_exist(out, names[sub.student]):
                # graded already: its pages are worded again, in this run's language, from the stored verdicts
                exports.write_student(out, names[sub.student], sub.student, exports.stored_results(book, sub.student),
                                      options.withhold, options.lang, book.error(sub.student))
                report.skipped.append(sub.student)
                notify("skipped", student=sub.student)
            else:
                todo.append((sub, fp))
        notify("start", total=len(todo), exercises=len(options.exercises), isolation=report.isolation)
        prepared = warm_oracle(options, lambda ex: notify("oracle", exercise=ex.id)) if todo else {}
        with ThreadPoolExecutor(max_workers=max(1, options.jobs)) as pool:
            futures = {pool.submit(grade_one, sub, fp, out, options, prepared): (sub, fp) for sub, fp in todo}
            for fut in as_completed(futures):
                sub, fp = futures[fut]
                try:
                    results, error = fut.result()
                except Exception as exc:  # noqa: BLE001 - one submission must never stop the class
                    error = clean(f"grading failed: {type(exc).__name__}: {exc}", 2000)
                    results = [ungraded(ex, error) for ex in options.exercises]
                del futures[fut]  # its results are written below and then dropped
                error = _write_results(book, run_id, out, sub, fp, config, results, error, names[sub.student],
                                       options)
                report.graded.append(sub.student)
                report.results[sub.student] = [ExerciseScore(r.exercise, r.score) for r in results]
                if error:
                    report.errors[sub.student] = error
                notify("graded", student=sub.student, score=sum(r.score for r in results),
                       total=sum(r.exercise.points for r in results), error=error)
        exports.write_csv(out, book, options.exercises)
        classpage.write(out, book, options.exercises, options.lang)
        book.finish_run(run_id)
    finally:
        book.close()
    return report


def _write_results(book: Gradebook, run_id: int, out: Path, sub: Submission, fp: str, config: dict,
                   results: list[ExerciseResult], error: str, name: str, options: GradeOptions) -> str:
    """The gradebook row (verdicts and pictures), then the JSON and the page; a failure in any becomes this
    submission's error."""
    withhold = options.withhold
    try:
        exports.attach_pictures(results)
        book.record(run_id, sub.student, str(sub.source), fp, config,
                    [(r.exercise.id, r.score, r.exercise.points) for r in results],
                    [(r.exercise.id, c.case, int(c.hidden), int(c.passed), c.problem,
                      json.dumps(c.verdict(), ensure_ascii=False), c.png, float(c.seconds))
                     for r in results for c in r.cases], error)
    except Exception as exc:  # noqa: BLE001
        error = clean(f"grading error: the gradebook could not store these results ({type(exc).__name__}: {exc})",
                      2000)
        results = [ungraded(r.exercise, error) for r in results]
        try:
            book.record(run_id, sub.student, str(sub.source), fp, config,
                        [(r.exercise.id, 0, r.exercise.points) for r in results], [], error)
        except Exception:  # noqa: BLE001 - the gradebook itself is failing: the CSV at the end says so
            pass
    try:
        exports.write_student(out, name, sub.student, results, withhold, options.lang, error)
    except Exception as exc:  # noqa: BLE001
        error = clean(f"grading error: the feedback could not be written ({type(exc).__name__}: {exc})", 2000)
        try:
            exports.write_student(out, name, sub.student, [_bare(r, error) for r in results], withhold,
                                  options.lang, error)
            book.set_error(sub.student, error)
        except Exception:  # noqa: BLE001 - nothing more can be written for this one; the others go on
            pass
    return error
