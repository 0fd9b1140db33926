"""``dlkata grade``: a class of submissions, each in its own sandbox, into a gradebook.

Order of work: find the submissions, skip those already graded on the same
content and configuration (resume), compute every expected output once in
this process (TensorFlow at most once per run, and not at all when cached),
then grade submissions in parallel (each in its own child process) and write
each one's results in one gradebook transaction as it finishes, followed by
its JSON and HTML. The CSV is rebuilt from the gradebook at the end.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from . import exports, oracle, tfbridge
from .checking import CaseResult, ExerciseResult, all_draws, protected_paths, run
from .exercise import Exercise
from .gradebook import Gradebook
from .hidden import Hidden
from .paths import cache_dir
from .sandbox import Sandbox, usable_cpus
from .submissions import Submission, SubmissionError, discover, fingerprint, receipt_notes, unpack


@dataclass
class GradeOptions:
    """Everything that decides a grade (and so whether a resumed run may reuse one)."""

    exercises: list[Exercise]
    seed: int = 0
    timeout: float = 60.0
    memory_mb: int = 2048
    hidden: Hidden | None = None
    hidden_path: Path | None = None
    lang: str = "en"
    jobs: int = 1

    def threads_per_job(self) -> int:
        """Numba threads for each submission's child: the cores shared among the jobs."""
        return max(1, usable_cpus() // max(1, self.jobs))

    def fingerprint(self) -> dict:
        return {"exercises": [e.id for e in self.exercises], "seed": self.seed, "timeout": self.timeout,
                "memory_mb": self.memory_mb, "hidden": self.hidden.fingerprint() if self.hidden else None,
                "lang": self.lang, "tf": tfbridge.version()}


@dataclass
class GradeReport:
    """What a run did: who was graded, who was skipped as already current."""

    graded: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    results: dict[str, list[ExerciseResult]] = field(default_factory=dict)


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


#: The modification time given to every unpacked file. Numba's cache checks a
#: source file's path, size and mtime; the unpack folder is named by the
#: content's hash, so a fixed mtime makes the cache valid exactly when the
#: content is the same (re-runs and identical submissions skip compilation).
_FIXED_MTIME = 946684800  # 2000-01-01


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
    """Grade one submission in its own sandbox; returns its results and a submission-level error."""
    with _locked(work_dir(fp)) as where:
        return _grade_unpacked(sub, where, out, options, prepared)


def _grade_unpacked(sub: Submission, where: Path, out: Path, options: GradeOptions, prepared: dict | None):
    shutil.rmtree(where / "files", ignore_errors=True)
    shutil.rmtree(where / "notebooks", ignore_errors=True)
    try:
        try:
            homes = unpack(sub, where)
        except SubmissionError as exc:
            return [_zero(ex, str(exc)) for ex in options.exercises], str(exc)
        for f in where.rglob("*"):
            if "numba" not in f.relative_to(where).parts:
                os.utime(f, (_FIXED_MTIME, _FIXED_MTIME), follow_symlinks=False)
        # one sandbox per package folder (a course copy has one; notebooks have one per topic)
        groups: dict[Path, list[Exercise]] = {}
        for ex in options.exercises:
            groups.setdefault(homes.get(None) or homes[ex.topic], []).append(ex)
        by_id: dict[str, ExerciseResult] = {}
        for directory, exercises in groups.items():
            numba_cache = where / "numba" / directory.name
            numba_cache.mkdir(parents=True, exist_ok=True)
            protected = [*protected_paths(directory), out.resolve()]
            if options.hidden_path is not None:
                protected.append(Path(options.hidden_path).resolve())
            with Sandbox(directory, memory_mb=options.memory_mb, protected_paths=protected,
                         numba_cache=str(numba_cache), threads=options.threads_per_job()) as box:
                for res in run(exercises, directory, seed=options.seed, lang=options.lang, timeout=options.timeout,
                               hidden=options.hidden, keep_arrays=True, sandbox=box, prepared=prepared):
                    by_id[res.exercise.id] = res
        return [by_id[ex.id] for ex in options.exercises], receipt_notes(where / "files")
    finally:
        shutil.rmtree(where / "files", ignore_errors=True)
        shutil.rmtree(where / "notebooks", ignore_errors=True)


def _zero(ex: Exercise, why: str) -> ExerciseResult:
    return ExerciseResult(ex, [CaseResult("submission", False, "submission", why)])


def grade(paths, out: Path, options: GradeOptions, progress=None) -> GradeReport:
    """Grade every submission in ``paths`` into ``out``; resumes a previous run there.

    ``progress(event, **info)`` is called with ``"start"``, ``"oracle"``,
    ``"graded"`` and ``"skipped"`` events (the CLI draws its bar from them).
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    subs = discover(paths)
    book = Gradebook(out / "gradebook.sqlite")
    report = GradeReport()
    config = options.fingerprint()
    notify = progress or (lambda *a, **k: None)
    try:
        run_id = book.start_run(config, tfbridge.version())
        todo = []
        for sub in subs:
            fp = fingerprint(sub)
            if book.is_current(sub.student, fp, config) and exports.student_files_exist(out, sub.student):
                report.skipped.append(sub.student)
                notify("skipped", student=sub.student)
            else:
                todo.append((sub, fp))
        notify("start", total=len(todo), exercises=len(options.exercises))
        prepared = warm_oracle(options, lambda ex: notify("oracle", exercise=ex.id)) if todo else {}
        with ThreadPoolExecutor(max_workers=max(1, options.jobs)) as pool:
            futures = {pool.submit(grade_one, sub, fp, out, options, prepared): (sub, fp) for sub, fp in todo}
            for fut in as_completed(futures):
                sub, fp = futures[fut]
                try:
                    results, error = fut.result()
                except Exception as exc:  # noqa: BLE001 - one submission must never stop the class
                    error = f"grading failed: {type(exc).__name__}: {exc}"
                    results = [_zero(ex, error) for ex in options.exercises]
                book.record(run_id, sub.student, str(sub.source), fp, config,
                            [(r.exercise.id, r.score, r.exercise.points) for r in results],
                            [(r.exercise.id, c.case, int(c.hidden), int(c.passed), c.problem, c.message,
                              float(c.seconds)) for r in results for c in r.cases],
                            error)
                withhold = bool(options.hidden and options.hidden.withhold_feedback)
                exports.write_student(out, sub.student, results, withhold, options.lang, error)
                report.graded.append(sub.student)
                report.results[sub.student] = results
                notify("graded", student=sub.student, score=sum(r.score for r in results),
                       total=sum(r.exercise.points for r in results))
        exports.write_csv(out, book, options.exercises)
        book.finish_run(run_id)
    finally:
        book.close()
    return report
