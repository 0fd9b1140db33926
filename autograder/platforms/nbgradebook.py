"""``dlkata grade --nbgrader COURSE --assignment NAME``: dlkata's scores in nbgrader's gradebook.

nbgrader (https://nbgrader.readthedocs.io/en/stable/api/gradebook.html)
grades a notebook by running its test cells in the student's own kernel,
after the student's cells: a solution cell can rebind what a test cell
calls (the weakness raised in https://github.com/jupyter/nbgrader/pull/1324),
and the test passes whatever the answer. dlkata grades the same notebooks
without running them (:mod:`autograder.nbsubmission`: the solution cells
rebuilt into the topic module, run in the sandbox), so the score is the
answer's.

This module plans such a run from the course folder (each
``submitted/<student>/<NAME>/`` is one submission named by the student;
the assignment's notebooks in nbgrader's ``gradebook.db`` say which topics
are graded), and afterwards writes each test cell's score into the gradebook
through nbgrader's own API.

Which field: nbgrader keeps two scores per grade cell. ``auto_score`` is
what ``nbgrader autograde`` measured in the kernel; ``manual_score`` is a
grader's score, and ``Grade.score`` (what ``nbgrader export``, the
formgrader and every total read) is ``manual_score`` whenever it is set.
dlkata writes ``manual_score``: ``nbgrader export`` and the formgrader then
show dlkata's score; a later ``nbgrader autograde`` (which rewrites
``auto_score`` and never ``manual_score``) cannot put the in-kernel score
back; and ``auto_score`` stays nbgrader's own measurement, which is how a
difference, that is tampering, is seen. A ``manual_score`` that a person
set (one that is not the score dlkata wrote last time) is left alone and
listed. Side effect: after a later ``nbgrader autograde``, the formgrader
marks those cells "needs manual grade" again (it does so for any cell with
a manual score); re-running this command clears the mark.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import registry
from ..exercise import Exercise
from ..gradebook import Gradebook as DlkataGradebook
from ..notebooks import grade_cell_id
from ..submissions import Submission

#: Scores closer than this are the same (nbgrader stores floats).
SAME = 1e-9


@dataclass
class NbgraderPlan:
    """What one ``dlkata grade --nbgrader`` run grades, and what the gradebook said before it."""

    course: Path
    assignment: str
    db_url: str
    notebooks: dict[str, list[Exercise]]
    submissions: list[Submission]
    #: student -> grade cell -> the in-kernel score ``nbgrader autograde`` recorded (students it never graded are absent)
    in_kernel: dict[str, dict[str, float]] = field(default_factory=dict)
    #: student -> exercise id -> the score dlkata recorded in ``--out`` before this run
    previous: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def exercises(self) -> list[Exercise]:
        return [ex for exs in self.notebooks.values() for ex in exs]


@dataclass
class WriteBack:
    """What was written into nbgrader's gradebook, and what looks wrong."""

    written: int = 0
    #: student -> [(grade cell, in-kernel score, dlkata's score)] where they differ
    tampered: dict[str, list[tuple[str, float, int]]] = field(default_factory=dict)
    #: student -> [(grade cell, a person's manual score left in place, dlkata's score)]
    kept: dict[str, list[tuple[str, float, int]]] = field(default_factory=dict)
    #: students ``nbgrader autograde`` has not graded (nothing to compare with)
    not_autograded: list[str] = field(default_factory=list)


def default_out(course: Path, assignment: str) -> Path:
    """Where the usual ``dlkata grade`` outputs go by default: ``COURSE/dlkata/<NAME>``."""
    return Path(course) / "dlkata" / assignment


def _open(db_url: str):
    from nbgrader.api import Gradebook

    return Gradebook(db_url)


def plan(course: Path, assignment: str, out: Path, selectors=()) -> NbgraderPlan:
    """Find the submissions and topics of ``assignment`` in the nbgrader ``course`` folder.

    ``ValueError`` says what is missing (no gradebook, an assignment nbgrader
    does not know, no notebook of a dlkata topic in it, no submissions).
    ``selectors`` (``TOPIC`` or ``TOPIC.FUNCTION``) narrow the exercises.
    """
    from nbgrader.api import MissingEntry

    course = Path(course)
    db = course / "gradebook.db"
    if not db.exists():
        raise ValueError(f"{course} has no nbgrader gradebook (gradebook.db): run "
                         f"`nbgrader generate_assignment {assignment}` there first")
    db_url = f"sqlite:///{db.resolve()}"
    try:
        chosen = {ex.id for ex in registry.select(list(selectors))}
    except KeyError as exc:
        raise ValueError(str(exc.args[0])) from None
    topics = {tp.name: tp for tp in registry.topics()}
    with _open(db_url) as gb:
        try:
            names = [nb.name for nb in gb.find_assignment(assignment).notebooks]
        except MissingEntry:
            raise ValueError(f"nbgrader's gradebook has no assignment {assignment!r}: run "
                             f"`nbgrader generate_assignment {assignment}` in {course}") from None
        notebooks = {n: [ex for ex in topics[n].exercises if ex.id in chosen] for n in names if n in topics}
        notebooks = {n: exs for n, exs in notebooks.items() if exs}
        if not notebooks:
            raise ValueError(f"assignment {assignment!r} has no notebook of a dlkata topic "
                             f"(its notebooks: {', '.join(names) or 'none'})")
        submitted = course / "submitted"
        folders = sorted(p for p in submitted.glob(f"*/{assignment}") if p.is_dir()) if submitted.is_dir() else []
        if not folders:
            raise ValueError(f"no submissions of {assignment!r} in {submitted} (expected submitted/<student>/{assignment}/)")
        subs = [Submission(p.parent.name, p) for p in folders]
        in_kernel = {}
        for sub in subs:
            try:
                sa = gb.find_submission(assignment, sub.student)
            except MissingEntry:
                continue
            in_kernel[sub.student] = {g.name: g.auto_score for nb in sa.notebooks for g in nb.grades
                                      if g.auto_score is not None}
    previous = {}
    if (Path(out) / "gradebook.sqlite").exists():
        book = DlkataGradebook(Path(out) / "gradebook.sqlite")
        try:
            previous = {s.student: {ex: sc for ex, (sc, _) in book.exercise_scores(s.student).items()} for s in subs}
        finally:
            book.close()
    return NbgraderPlan(course, assignment, db_url, notebooks, subs, in_kernel, previous)


def write_back(plan: NbgraderPlan, out: Path) -> WriteBack:
    """Write every submission's per-exercise score (from ``out``'s gradebook) into nbgrader's gradebook."""
    from nbgrader.api import MissingEntry

    book = DlkataGradebook(Path(out) / "gradebook.sqlite")
    try:
        scores = {s.student: book.exercise_scores(s.student) for s in plan.submissions}
    finally:
        book.close()
    done = WriteBack()
    with _open(plan.db_url) as gb:
        for sub in plan.submissions:
            student = sub.student
            gb.update_or_create_student(student)
            try:
                gb.find_submission(plan.assignment, student)
            except MissingEntry:
                gb.add_submission(plan.assignment, student)
            if student not in plan.in_kernel:
                done.not_autograded.append(student)
            for notebook, exercises in plan.notebooks.items():
                for ex in exercises:
                    cell = grade_cell_id(ex.name)
                    ours = scores[student].get(ex.id, (0, ex.points))[0]
                    try:
                        grade = gb.find_grade(cell, notebook, plan.assignment, student)
                    except MissingEntry:
                        continue  # the course's notebook has no such test cell
                    theirs = plan.in_kernel.get(student, {}).get(cell)
                    if theirs is not None and abs(theirs - ours) > SAME:
                        done.tampered.setdefault(student, []).append((cell, theirs, ours))
                    last = plan.previous.get(student, {}).get(ex.id)
                    if grade.manual_score is not None and (last is None or abs(grade.manual_score - last) > SAME):
                        done.kept.setdefault(student, []).append((cell, grade.manual_score, ours))
                        continue
                    grade.manual_score = float(ours)
                    grade.needs_manual_grade = False
                    done.written += 1
            gb.db.commit()
    return done
