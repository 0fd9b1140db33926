"""The gradebook: one SQLite file per grading folder.

Tables: ``runs`` (each invocation), ``submissions`` (one row per student, with
the fingerprint and configuration it was graded under), ``exercise_scores``
(points per student and exercise) and ``results`` (one row per student,
exercise and case: its verdict as JSON data in no language,
:meth:`autograder.checking.CaseResult.verdict`, the picture of a wrong output
as PNG bytes, and its time). Reports and pages are worded from the verdicts
when they are written, in the language asked for then, so the gradebook alone
re-renders them (``dlkata feedback``).

A gradebook from before verdicts were stored (its ``results`` hold a
``message`` text) is migrated in place when opened: each old message becomes
a verdict that quotes it (``problem`` ``"text"``); its submissions regrade on
the next ``dlkata grade``, whose configuration no longer holds a language. A submission's rows
are replaced in ONE transaction, so a grader killed at any moment leaves
either the old complete grading or the new one, never a half, and a re-run
never counts anything twice. Every ``runs`` row records the isolation the run
had (which walls stood around the sandboxes).

All text is stored cleaned (:func:`safetext.clean`: lone surrogates escaped,
no NUL). A damaged or locked file is :class:`GradebookError`, a one-line
message saying what to do, raised before anything is written.
"""

from __future__ import annotations

import datetime as _dt
import json
import sqlite3
from pathlib import Path

from .safetext import clean

#: Seconds to wait for a gradebook another program holds, before saying so.
LOCK_SECONDS = 2.0
#: The longest submission-level error stored (a safety net: texts are cut before this).
MESSAGE_CHARS = 8000


class GradebookError(RuntimeError):
    """The gradebook cannot be used: damaged, locked, or not a gradebook (the message says what to do)."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started TEXT NOT NULL,
    finished TEXT,
    config TEXT NOT NULL,
    tf_version TEXT NOT NULL,
    isolation TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS submissions (
    student TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    config TEXT NOT NULL,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    graded_at TEXT NOT NULL,
    score INTEGER NOT NULL,
    max_score INTEGER NOT NULL,
    error TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS exercise_scores (
    student TEXT NOT NULL REFERENCES submissions(student),
    exercise TEXT NOT NULL,
    score INTEGER NOT NULL,
    max_score INTEGER NOT NULL,
    PRIMARY KEY (student, exercise)
);
CREATE TABLE IF NOT EXISTS results (
    student TEXT NOT NULL REFERENCES submissions(student),
    exercise TEXT NOT NULL,
    case_name TEXT NOT NULL,
    hidden INTEGER NOT NULL,
    passed INTEGER NOT NULL,
    problem TEXT NOT NULL,
    verdict TEXT NOT NULL,
    picture BLOB,
    seconds REAL NOT NULL,
    PRIMARY KEY (student, exercise, case_name, hidden)
);
"""

#: ``results`` as stored before verdicts: migrated by :meth:`Gradebook._migrate`.
_OLD_RESULTS = ("student", "exercise", "case_name", "hidden", "passed", "problem", "message", "seconds")


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


class Gradebook:
    """Open (or create) ``path``; all writes are transactional."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=LOCK_SECONDS)
        except sqlite3.Error as exc:
            raise GradebookError(f"{self.path} cannot be opened ({exc}): check the --out folder") from None
        try:
            self._open()
        except sqlite3.OperationalError as exc:
            self.db.close()
            if "locked" in str(exc) or "busy" in str(exc):
                raise GradebookError(f"{self.path} is locked by another program (another `dlkata grade` on the "
                                     "same --out?): wait for it to finish, or grade into another --out") from None
            raise GradebookError(self._damaged(exc)) from None
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise GradebookError(self._damaged(exc)) from None

    def _damaged(self, exc) -> str:
        return (f"{self.path} is damaged or not a dlkata gradebook ({exc}); nothing was written to it: move it "
                "away (keep it for the record) and grade again into this --out, which regrades every submission")

    def _open(self) -> None:
        if self.db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise sqlite3.DatabaseError("integrity check failed")
        self.db.execute("BEGIN IMMEDIATE")  # fails at once (after LOCK_SECONDS) if someone holds it
        self.db.execute("ROLLBACK")
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self._migrate()
        self.db.executescript(SCHEMA)
        columns = {r[1] for r in self.db.execute("PRAGMA table_info(runs)")}
        if "isolation" not in columns:  # a gradebook from before isolation levels were recorded
            self.db.execute("ALTER TABLE runs ADD COLUMN isolation TEXT NOT NULL DEFAULT ''")

    def _migrate(self) -> None:
        """Turn an old ``results`` table (message text) into verdicts, in one transaction."""
        columns = tuple(r[1] for r in self.db.execute("PRAGMA table_info(results)"))
        if not columns or "verdict" in columns:
            return
        if columns != _OLD_RESULTS:
            raise GradebookError(f"{self.path} is not a dlkata gradebook this version can read (results columns "
                             f"{', '.join(columns)}): grade into a new --out folder")
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute("ALTER TABLE results RENAME TO results_before_verdicts")
            self.db.execute(SCHEMA[SCHEMA.index("CREATE TABLE IF NOT EXISTS results"):].strip())
            rows = self.db.execute("SELECT * FROM results_before_verdicts").fetchall()
            self.db.executemany("INSERT INTO results VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?)", [
                (student, ex, case, hidden, passed, problem,
                 json.dumps({"case": case, "passed": bool(passed), "hidden": bool(hidden), "exercise": ex,
                             "problem": "ok" if passed else "text", "fields": {"text": message}}), seconds)
                for student, ex, case, hidden, passed, problem, message, seconds in rows])
            self.db.execute("DROP TABLE results_before_verdicts")

    def close(self) -> None:
        self.db.close()

    def start_run(self, config: dict, tf_version: str, isolation: dict | None = None) -> int:
        """A new ``runs`` row; ``isolation``: which walls stood (:meth:`sandbox.Isolation.as_dict`)."""
        cur = self.db.execute("INSERT INTO runs(started, config, tf_version, isolation) VALUES (?, ?, ?, ?)",
                              (_now(), json.dumps(config, sort_keys=True), tf_version,
                               json.dumps(isolation or {}, sort_keys=True)))
        return int(cur.lastrowid)

    def isolation(self, run_id: int) -> dict:
        row = self.db.execute("SELECT isolation FROM runs WHERE id=?", (run_id,)).fetchone()
        return json.loads(row[0]) if row and row[0] else {}

    def finish_run(self, run_id: int) -> None:
        self.db.execute("UPDATE runs SET finished=? WHERE id=?", (_now(), run_id))

    def is_current(self, student: str, fingerprint: str, config: dict) -> bool:
        """Whether ``student`` was already graded on this content under this configuration."""
        row = self.db.execute("SELECT fingerprint, config FROM submissions WHERE student=?",
                              (clean(student),)).fetchone()
        return row is not None and row[0] == fingerprint and row[1] == json.dumps(config, sort_keys=True)

    def record(self, run_id: int, student: str, source: str, fingerprint: str, config: dict,
               exercise_rows: list[tuple[str, int, int]], case_rows: list[tuple], error: str = "") -> None:
        """Replace everything known about ``student`` in one transaction.

        ``exercise_rows``: ``(exercise, score, max_score)``; ``case_rows``:
        ``(exercise, case_name, hidden, passed, problem, verdict JSON, picture PNG or None, seconds)``.
        """
        score = sum(r[1] for r in exercise_rows)
        max_score = sum(r[2] for r in exercise_rows)
        student, source, error = clean(student), clean(source, 4000), clean(error, MESSAGE_CHARS)
        case_rows = [(ex, clean(case, 500), int(hidden), int(passed), clean(problem, 64), clean(verdict),
                      bytes(picture) if picture else None, float(sec))
                     for ex, case, hidden, passed, problem, verdict, picture, sec in case_rows]
        with self.db:  # BEGIN ... COMMIT, or ROLLBACK on any error
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute("DELETE FROM results WHERE student=?", (student,))
            self.db.execute("DELETE FROM exercise_scores WHERE student=?", (student,))
            self.db.execute(
                "INSERT OR REPLACE INTO submissions(student, source, fingerprint, config, run_id, graded_at, "
                "score, max_score, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (student, source, fingerprint, json.dumps(config, sort_keys=True), run_id, _now(), score,
                 max_score, error))
            self.db.executemany("INSERT INTO exercise_scores VALUES (?, ?, ?, ?)",
                                [(student, *r) for r in exercise_rows])
            self.db.executemany("INSERT INTO results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                [(student, *r) for r in case_rows])

    def set_error(self, student: str, error: str) -> None:
        """Record a submission-level error after its results were stored (its page could not be written)."""
        self.db.execute("UPDATE submissions SET error=? WHERE student=?", (clean(error, MESSAGE_CHARS), clean(student)))

    # -- reading -----------------------------------------------------------
    def students(self) -> list[tuple[str, int, int]]:
        """``(student, score, max_score)`` for every graded submission, by name."""
        return [tuple(r) for r in self.db.execute(
            "SELECT student, score, max_score FROM submissions ORDER BY student")]

    def exercise_scores(self, student: str) -> dict[str, tuple[int, int]]:
        return {ex: (s, m) for ex, s, m in self.db.execute(
            "SELECT exercise, score, max_score FROM exercise_scores WHERE student=?", (student,))}

    def case_results(self, student: str) -> list[sqlite3.Row]:
        self.db.row_factory = sqlite3.Row
        try:
            return list(self.db.execute(
                "SELECT * FROM results WHERE student=? ORDER BY rowid", (student,)))
        finally:
            self.db.row_factory = None

    def runs(self) -> list[dict]:
        """Every run: ``{"id", "started", "finished", "config"}``, oldest first."""
        return [{"id": i, "started": a, "finished": b, "config": json.loads(c)} for i, a, b, c in self.db.execute(
            "SELECT id, started, finished, config FROM runs ORDER BY id")]

    def error(self, student: str) -> str:
        row = self.db.execute("SELECT error FROM submissions WHERE student=?", (student,)).fetchone()
        return row[0] if row else ""
