"""``dlkata grade``: resuming, the oracle cache, and what the grader does with hostile values and files.

The hostile class itself (attacks on the sandbox, graded beside an innocent
student) is :mod:`tests.test_hostile_class`; here: a grader killed midway
resumes exactly, a damaged or locked gradebook is a one-line error that
overwrites nothing, ``--isolation strict`` refuses without the wall, names
and messages cannot inject into the terminal or the CSV, folders are capped
like zips, and hostile values (NaN, inf, 0-d and huge arrays, control
characters, lone surrogates, enormous texts) pass through judging, pictures,
the gradebook and the pages without stopping the run.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from dlkata.autograder import exports, oracle, registry
from dlkata.autograder.checking import CaseResult, ExerciseResult, draw_cases, run
from dlkata.autograder.grading import GradeOptions, grade, warm_oracle
from dlkata.autograder.hidden import Hidden
from dlkata.autograder.paths import SOLUTIONS
from dlkata.autograder.pictures import Thumbnail
from dlkata.autograder.submissions import MAX_FILES, Submission, SubmissionError, fingerprint, unpack
from dlkata.cli.main import main

from .hostile_class import Attacker, Secrets, attackers, make_folder

TOPIC = registry.topic("activations")


def _snapshot(db_path: Path):
    db = sqlite3.connect(db_path)
    subs = sorted(db.execute("SELECT student, score, max_score, fingerprint FROM submissions"))
    rows = sorted(db.execute("SELECT student, exercise, case_name, hidden, passed, problem FROM results"))
    return subs, rows


@pytest.mark.slow
def test_sigkill_midway_then_resume_equals_uninterrupted_run(tmp_path):
    root = tmp_path / "class"
    root.mkdir()
    chosen = [a for a in attackers(Secrets.unused(tmp_path), tmp_path) if a.student in
              ("honest student", "sys_exit", "os_exit", "segfault", "infinite_loop", "returns_nan")]
    students = [str(make_folder(root, a)) for a in chosen]
    args = [sys.executable, "-m", "dlkata.cli", "grade", *students, "--topics", "activations",
            "--timeout", "3", "--memory", "1024"]
    clean = tmp_path / "clean"
    subprocess.run([*args, "--out", str(clean)], check=True, capture_output=True)

    killed = tmp_path / "killed"
    proc = subprocess.Popen([*args, "--out", str(killed)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    db_path = killed / "gradebook.sqlite"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            n = sqlite3.connect(db_path).execute("SELECT COUNT(*) FROM submissions").fetchone()[0]
        except sqlite3.Error:
            n = 0
        if n >= 2:
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = _snapshot(db_path)
    assert 0 < len(partial[0]) < len(students), "the kill should land midway"
    subprocess.run([*args, "--out", str(killed)], check=True, capture_output=True)
    (resumed_subs, resumed), (clean_subs, reference) = _snapshot(db_path), _snapshot(clean / "gradebook.sqlite")
    assert resumed_subs == clean_subs  # every student once, same scores and fingerprints
    # every case once, with the same verdict. Why a failing case failed may differ only where timing
    # decides it: slow failures (a memory bomb filling 800 MB per case) can use up the exercise's
    # shared time budget a case earlier or later, so one side says "timeout".
    verdicts = lambda rows: sorted(r[:5] for r in rows)  # noqa: E731
    assert verdicts(resumed) == verdicts(reference), sorted(set(resumed) ^ set(reference))[:10]
    problems = {r[:5]: r[5] for r in reference}
    differ = [(r, problems[r[:5]]) for r in resumed if r[5] != problems[r[:5]]]
    assert all("timeout" in (r[5], theirs) and not r[4] for r, theirs in differ), differ[:10]


def test_oracle_key_is_the_case_content_not_its_display_name():
    ex = TOPIC.exercises[0]
    case = draw_cases(ex, 0)[0]
    assert oracle.case_key(ex, replace(case, name=f"hidden 1: {case.name}")) == oracle.case_key(ex, case)


def test_judging_hidden_cases_after_warming_computes_nothing():
    exercises = [e for e in TOPIC.exercises if e.name in ("relu", "relu_backward")]
    options = GradeOptions(exercises, hidden=Hidden(secrets.randbits(62), rounds=2))  # never drawn before
    warm_oracle(options)
    computed = oracle.computations()
    results = list(run(exercises, SOLUTIONS, seed=options.seed, hidden=options.hidden))
    assert oracle.computations() == computed, "judging missed the warmed cache"
    assert all(r.passed for r in results) and all(any(c.hidden for c in r.cases) for r in results)


# ---------------------------------------------------------------------------
# The gradebook, the terminal, the CSV: nothing a name or a broken file can turn
# ---------------------------------------------------------------------------
def _one_student(root: Path, name: str = "student") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    return make_folder(root, Attacker(name))


def _grade_cli(args, env=None):
    return CliRunner().invoke(main, ["grade", *map(str, args)], env=env, catch_exceptions=False)


def test_a_damaged_gradebook_is_one_line_exit_2_and_nothing_is_overwritten(tmp_path):
    student = _one_student(tmp_path / "class")
    out = tmp_path / "out"
    out.mkdir()
    garbage = os.urandom(5000)
    (out / "gradebook.sqlite").write_bytes(garbage)
    res = _grade_cli([student, "--out", out, "--topics", "activations.relu"])
    assert res.exit_code == 2
    assert "damaged" in res.output and "move it away" in res.output and len(res.output.strip().splitlines()) == 1
    assert "Traceback" not in res.output
    assert (out / "gradebook.sqlite").read_bytes() == garbage
    assert sorted(p.name for p in out.iterdir()) == ["gradebook.sqlite"]


def test_a_locked_gradebook_is_one_line_exit_2_at_once(tmp_path):
    student = _one_student(tmp_path / "class")
    out = tmp_path / "out"
    out.mkdir()
    holder = sqlite3.connect(out / "gradebook.sqlite", isolation_level=None)
    holder.execute("CREATE TABLE other(x)")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        res = _grade_cli([student, "--out", out, "--topics", "activations.relu"])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert res.exit_code == 2
    assert "locked" in res.output and len(res.output.strip().splitlines()) == 1


def test_isolation_strict_refuses_without_the_wall_and_says_how_to_get_it(tmp_path):
    student = _one_student(tmp_path / "class")
    env = {**os.environ, "PATH": str(tmp_path)}  # no bwrap on this PATH
    r = subprocess.run([sys.executable, "-m", "dlkata.cli", "grade", str(student), "--out", str(tmp_path / "out"),
                        "--topics", "activations.relu", "--isolation", "strict"], capture_output=True, text=True,
                       env=env, timeout=300)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "apt-get install bubblewrap" in r.stderr and "seccomp=unconfined" in r.stderr
    assert not (tmp_path / "out" / "results").exists()
    auto = subprocess.run([sys.executable, "-m", "dlkata.cli", "grade", str(student), "--out", str(tmp_path / "auto"),
                           "--topics", "activations.relu"], capture_output=True, text=True, env=env, timeout=300)
    assert auto.returncode == 0, auto.stderr[-2000:]
    assert "isolation fallback" in auto.stdout and "not installed" in auto.stdout
    row = sqlite3.connect(tmp_path / "auto" / "gradebook.sqlite").execute("SELECT isolation FROM runs").fetchone()
    assert json.loads(row[0])["level"] == "fallback"


def test_names_and_messages_cannot_drive_the_terminal(tmp_path):
    root = tmp_path / "class"
    forged = "x\n\x1b[31mFORGED LINE\u202e"
    markup = "[reverse]markup"
    paths = [_one_student(root, forged), _one_student(root, markup)]
    r = subprocess.run([sys.executable, "-m", "dlkata.cli", "grade", *map(str, paths), "--out", str(tmp_path / "out"),
                        "--topics", "activations.relu"], capture_output=True, text=True, timeout=300,
                       env={**os.environ, "COLUMNS": "200"})
    assert r.returncode == 0, r.stderr[-2000:]
    assert "\x1b" not in r.stdout and "\u202e" not in r.stdout
    assert not [ln for ln in r.stdout.splitlines() if ln.startswith(("\x1b[31mFORGED", "FORGED"))]
    assert "x\\x0a\\x1b[31mFORGED LINE\\u202e: 1/1" in r.stdout
    assert "[reverse]markup: 1/1" in r.stdout


# ---------------------------------------------------------------------------
# Folders are capped like zips, counted while copying
# ---------------------------------------------------------------------------
def test_folder_submissions_are_capped_while_copying_and_never_follow_links(tmp_path):
    many = _one_student(tmp_path / "a", "many")
    for i in range(MAX_FILES + 1):
        (many / "exercises" / f"f{i}.txt").write_text("")
    with pytest.raises(SubmissionError, match="more than"):
        unpack(Submission("many", many), tmp_path / "work-many")
    big = _one_student(tmp_path / "b", "big")
    with open(big / "exercises" / "big.bin", "wb") as f:
        f.truncate(2 * 1024**3)  # sparse: 2 GB to read
    with pytest.raises(SubmissionError, match="more than 64 MB"):
        unpack(Submission("big", big), tmp_path / "work-big")
    assert len(fingerprint(Submission("big", big))) == 64
    odd = _one_student(tmp_path / "c", "odd")
    os.mkfifo(odd / "exercises" / "pipe.py")  # opening it would wait forever
    (odd / "exercises" / "link.py").symlink_to(SOLUTIONS / "activations.py")
    homes = unpack(Submission("odd", odd), tmp_path / "work-odd")
    copied = sorted(p.name for p in homes[None].iterdir())
    assert "pipe.py" not in copied and "link.py" not in copied and "activations.py" in copied


# ---------------------------------------------------------------------------
# Hostile values after the sandbox: judged, drawn, stored, written; the run goes on
# ---------------------------------------------------------------------------
_HOSTILE_TEXT = ["nul\0byte", "lone \udcff surrogate", "rtl \u202e override", "esc \x1b[2J clear", "x" * 10**6,
                 "<script>alert(1)</script>", "=cmd|' /C calc'!A0"]

_HOSTILE_VALUES_MODULE = """
import numpy as np

from ._validate import as_float_array

_VALUES = [np.float64("nan"), np.array(np.inf), np.full((64, 64), np.inf), np.full((3, 3), np.nan, np.float32),
           [["deep"] * 3] * 3, {"\\u202e": "\\udcff"}, 2**100, "\\x1b[2J", (np.zeros(0),), True, None,
           np.zeros((2, 0, 3)), np.arange(10**5, dtype=np.float64)]
_n = [0]


def relu(x):
    v = _VALUES[_n[0] % len(_VALUES)]
    _n[0] += 1
    if _n[0] % 4 == 0:
        raise ValueError("\\udcff\\x00\\u202e" + "y" * 300000)
    return v
"""


def test_hostile_values_pass_through_every_step_after_the_sandbox(tmp_path):
    root = tmp_path / "class"
    root.mkdir()
    honest = make_folder(root, Attacker("honest"))
    hostile = make_folder(root, Attacker("hostile", module=_HOSTILE_VALUES_MODULE))
    hostile_id = "\udcff name \u202e\n" + "z" * 300  # a name no file system takes as is
    weird = root / "weird"
    weird.mkdir()
    os.rename(hostile, weird / os.fsdecode(os.fsencode(hostile_id)[:250]))
    out = tmp_path / "out"
    exercises = [registry.get("activations.relu"), registry.get("activations.tanh")]
    report = grade([honest, *(weird.iterdir())], out, GradeOptions(exercises, timeout=30))
    assert len(report.graded) == 2 and not report.errors
    book = sqlite3.connect(out / "gradebook.sqlite")
    rows = dict(book.execute("SELECT student, score FROM submissions"))
    assert rows["honest"] == 2 and len(rows) == 2
    assert len(list((out / "feedback").iterdir())) == 2 and len(list((out / "results").iterdir())) == 2
    # and the same values straight into the exports, the gradebook and the pictures
    ex = exercises[0]
    cases = [CaseResult(f"case {t[:20]}", False, "raised", {"error": t}, thumb=p and Thumbnail(*p)) for t, p in zip(
        _HOSTILE_TEXT, [(np.full((2, 2), np.nan), np.zeros((2, 2))), (np.array(np.inf), np.array(1.0)),
                        ({"loss": ["a", None]}, {"loss": [1.0, 2.0]}), None, (np.ones((5000, 5000)), np.ones(3)),
                        ("text", b"bytes"), (np.full((3, 3), np.inf), np.full((3, 3), -np.inf))])]
    results = [ExerciseResult(ex, cases)]
    exports.attach_pictures(results)  # a value that cannot be drawn costs only its picture
    assert sum(c.png is not None for c in cases) >= 2
    names = exports.file_names([hostile_id])
    exports.write_student(tmp_path / "direct", names[hostile_id], hostile_id, results, False, "en",
                          _HOSTILE_TEXT[1])
    page = (tmp_path / "direct" / "feedback" / f"{names[hostile_id]}.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and len(page) < 3_000_000
