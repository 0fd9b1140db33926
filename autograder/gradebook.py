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
never counts anything twice.
"""

from __future__ import annotations

import datetime as _dt
import json
import sqlite3
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started TEXT NOT NULL,
    finished TEXT,
    config TEXT NOT NULL,
    tf_version TEXT NOT NULL
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
        self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self._migrate()
        self.db.executescript(SCHEMA)

    def _migrate(self) -> None:
        """Turn an old ``results`` table (message text) into verdicts, in one transaction."""
        columns = tuple(r[1] for r in self.db.execute("PRAGMA table_info(results)"))
        if not columns or "verdict" in columns:
            return
        if columns != _OLD_RESULTS:
            raise ValueError(f"{self.path} is not a dlkata gradebook this version can read (results columns "
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

    def start_run(self, config: dict, tf_version: str) -> int:
        cur = self.db.execute("INSERT INTO runs(started, config, tf_version) VALUES (?, ?, ?)",
                              (_now(), json.dumps(config, sort_keys=True), tf_version))
        return int(cur.lastrowid)

    def finish_run(self, run_id: int) -> None:
        self.db.execute("UPDATE runs SET finished=? WHERE id=?", (_now(), run_id))

    def is_current(self, student: str, fingerprint: str, config: dict) -> bool:
        """Whether ``student`` was already graded on this content under this configuration."""
        row = self.db.execute("SELECT fingerprint, config FROM submissions WHERE student=?", (student,)).fetchone()
        return row is not None and row[0] == fingerprint and row[1] == json.dumps(config, sort_keys=True)

    def record(self, run_id: int, student: str, source: str, fingerprint: str, config: dict,
               exercise_rows: list[tuple[str, int, int]], case_rows: list[tuple], error: str = "") -> None:
        """Replace everything known about ``student`` in one transaction.

        ``exercise_rows``: ``(exercise, score, max_score)``; ``case_rows``:
        ``(exercise, case_name, hidden, passed, problem, verdict JSON, picture PNG or None, seconds)``.
        """
        score = sum(r[1] for r in exercise_rows)
        max_score = sum(r[2] for r in exercise_rows)
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
