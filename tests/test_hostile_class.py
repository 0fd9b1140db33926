"""``dlkata grade`` on a hostile class (:mod:`tests.hostile_class`), in one run beside an innocent student.

The class is graded once inside the bubblewrap wall (skipped, with the reason,
where it does not stand) and once with the fallback sandbox (every attack
that depends on the sandbox; the attacks on the grader's own parsing and
naming are the same at both levels). What must hold, at each level:

- the innocent keeps full marks, and each attacker loses exactly what it attacked;
- no secret (an environment variable of the grader, a file in its home, a
  line typed into a terminal) is in any output, and nothing reached the
  grader's sockets;
- hidden cases' inputs appear in no feedback;
- the grader's memory stays bounded, no process outlives the run, and no
  scratch is left behind;
- names never share a file, and the CSV has no live formula;
- the gradebook, CSV, JSON and HTML agree, and a re-run resumes.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import secrets as _secrets
import socket
import sqlite3
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from dlkata.autograder import exports
from dlkata.autograder.checking import CaseResult, draw_cases
from dlkata.autograder.grading import GradeOptions, GradeReport, grade, warm_oracle
from dlkata.autograder.hidden import load as load_hidden
from dlkata.autograder.hidden import new as new_hidden
from dlkata.autograder.paths import cache_dir
from dlkata.autograder.report import report
from dlkata.autograder.sandbox import uids

from .hostile_class import ESCAPEE, EXERCISES, TOPIC, TOTAL, Attacker, Secrets, build_class
from .isolation_levels import LEVELS, WALL_PROBLEM

pytestmark = pytest.mark.slow


def _status(field: str) -> int:
    """A ``kB`` field of this process's /proc status, in bytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise KeyError(field)


def _survivors() -> list[str]:
    """Live processes a sandbox left: a child, an escaped grandchild, anything run by a sandbox user id."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text()
            if stat.rsplit(")", 1)[1].split()[0] == "Z":
                continue
            cmdline = (proc / "cmdline").read_bytes()
            uid = int((proc / "status").read_text().split("Uid:")[1].split()[0])
            comm = (proc / "comm").read_text().strip()
        except (OSError, IndexError, ValueError):
            continue
        ours = cmdline.startswith(sys.executable.encode() + b"\0") and b"child.py" in cmdline
        if comm == ESCAPEE or ours or uids.UID_BASE <= uid < uids.UID_BASE + uids.UID_COUNT:
            found.append(f"{proc.name}: {comm} uid {uid}")
    return found


class Listeners:
    """Sockets an exfiltrating attacker aims at; :meth:`received` says what arrived."""

    def __init__(self, folder: Path):
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", 0))
        self.tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.tcp.bind(("127.0.0.1", 0))
        self.tcp.listen(8)
        self.unix_path = str(folder / "agent.sock")
        self.unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.unix.bind(self.unix_path)
        self.unix.listen(8)
        self.abstract_name = f"dlkata-test-{_secrets.token_hex(6)}"
        self.abstract = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.abstract.bind("\0" + self.abstract_name)
        self.abstract.listen(8)
        for s in (self.udp, self.tcp, self.unix, self.abstract):
            s.setblocking(False)

    def received(self) -> list[str]:
        got = []
        try:
            got.append(f"udp {self.udp.recv(100)!r}")
        except OSError:
            pass
        for name, s in (("tcp", self.tcp), ("unix", self.unix), ("abstract", self.abstract)):
            try:
                s.accept()
                got.append(f"{name} connection")
            except OSError:
                pass
        return got

    def close(self):
        for s in (self.udp, self.tcp, self.unix, self.abstract):
            s.close()


@dataclass
class Graded:
    level: str
    out: Path
    report: GradeReport
    attackers: dict[str, Attacker]
    secrets: Secrets
    hidden_file: Path
    memory_growth: int
    survivors: list[str]
    received: list[str]
    scratch_left: list[str]


@pytest.fixture(scope="module", params=LEVELS)
def graded(request, tmp_path_factory):
    level = request.param
    base = tmp_path_factory.mktemp(f"class-{level}")
    home = base / "home"
    home.mkdir()
    listeners = Listeners(base)
    master, slave = os.openpty()
    sec = Secrets(env_name="DLKATA_TEST_TOKEN", env_value=f"ENV-{_secrets.token_hex(8)}", home_file=home / "token",
                  home_value=f"HOME-{_secrets.token_hex(8)}", tty=os.ttyname(slave),
                  tty_value=f"TYPED-{_secrets.token_hex(8)}", udp_port=listeners.udp.getsockname()[1],
                  tcp_port=listeners.tcp.getsockname()[1], unix_path=listeners.unix_path,
                  abstract=listeners.abstract_name)
    sec.home_file.write_text(sec.home_value)
    os.write(master, (sec.tty_value + "\n").encode())  # what the instructor typed, waiting to be read
    # the attacks on the grader's own parsing and naming are graded once: with the wall where it stands
    every = level == "strict" or WALL_PROBLEM is not None
    paths, by_id = build_class(base / "class", sec, cache_dir() / "work", every=every, wall=level == "strict")
    out = base / "out"
    hidden_file = base / "instructor" / "hidden.json"
    hidden_file.parent.mkdir()
    new_hidden(hidden_file)
    options = GradeOptions(list(EXERCISES), timeout=4.0, jobs=2, hidden=load_hidden(hidden_file),
                           hidden_path=hidden_file, isolation=level)
    warm_oracle(options)  # TensorFlow (if anything is not cached yet) before the memory is measured
    scratch = base / "tmp"  # the grader's own temporary folder: the fallback's scratches go there
    scratch.mkdir()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(tempfile, "tempdir", str(scratch))
        mp.setenv("DLKATA_CACHE", str(cache_dir()))  # the cache stays where it is when HOME moves
        mp.setenv("HOME", str(home))
        mp.setenv(sec.env_name, sec.env_value)
        Path("/proc/self/clear_refs").write_text("5")  # the peak resident size starts again from now
        before = _status("VmRSS")
        report = grade(paths, out, options)
        growth = _status("VmHWM") - before
    survivors = _survivors()
    received = listeners.received()
    listeners.close()
    os.close(master)
    os.close(slave)
    scratch_left = sorted(os.listdir(scratch))
    yield Graded(level, out, report, by_id, sec, hidden_file, growth, survivors, received, scratch_left)


def _db(g: Graded):
    return sqlite3.connect(g.out / "gradebook.sqlite")


def test_the_innocent_keeps_full_marks_and_each_attacker_loses_only_what_it_attacked(graded):
    db = _db(graded)
    got = {}
    for student, exercise, score in db.execute("SELECT student, exercise, score FROM exercise_scores"):
        got.setdefault(student, {})[exercise] = score
    expected = {s: a.expected() for s, a in graded.attackers.items()}
    assert got["honest student"] == expected["honest student"] and sum(expected["honest student"].values()) == TOTAL
    wrong = {s: {e: (got.get(s, {}).get(e), v) for e, v in exp.items() if got.get(s, {}).get(e) != v}
             for s, exp in expected.items()}
    assert {s: w for s, w in wrong.items() if w} == {}


def test_each_report_says_why(graded):
    db = _db(graded)
    missing = {}
    for student, a in graded.attackers.items():
        for name, phrase in a.says.items():
            ex = "dense.dense" if name == "dense" else f"activations.{name}"
            text = " ".join(report(CaseResult.from_verdict(json.loads(v))) for (v,) in db.execute(
                "SELECT verdict FROM results WHERE student=? AND exercise=? AND passed=0", (student, ex)))
            error = db.execute("SELECT error FROM submissions WHERE student=?", (student,)).fetchone()[0]
            if phrase not in text + error:
                missing[(student, ex)] = (phrase, (text or error)[:300])
    assert missing == {}


def _outputs(g: Graded) -> dict[str, bytes]:
    return {str(p.relative_to(g.out)): p.read_bytes() for p in g.out.rglob("*") if p.is_file()}


def test_no_secret_reaches_any_output_and_nothing_reaches_a_socket(graded):
    leaks = {(name, v) for name, data in _outputs(graded).items() for v in graded.secrets.values if v.encode() in data}
    assert leaks == set()
    assert graded.received == []


def test_hidden_inputs_appear_in_no_feedback(graded):
    spec = load_hidden(graded.hidden_file)
    relu = TOPIC.exercises[0]
    digest = lambda c: hashlib.sha1(np.ascontiguousarray(c.args[0]).tobytes()).hexdigest()[:12]  # noqa: E731
    public = {digest(c) for c in draw_cases(relu, 0)}
    # (edge cases with fixed inputs are drawn in both: only the hidden draws' own inputs are secret)
    hidden = {digest(c) for r in range(spec.rounds) for c in draw_cases(relu, spec.seed + r, "hidden")} - public
    assert hidden
    name = exports.file_names(graded.attackers)["records_hidden"]
    page = (graded.out / "feedback" / f"{name}.html").read_text(encoding="utf-8")
    assert public & set(page.split()), "the attacker's channel must work (its public report names public inputs)"
    for path, data in _outputs(graded).items():
        if not path.endswith(".sqlite") and not path.endswith(("-wal", "-shm")):
            text = data.decode("utf-8", "replace")
            assert not {h for h in hidden if h in text}, path


def test_the_grader_stays_small_and_leaves_nothing_behind(graded):
    # Replies are capped from the expected outputs' size (the attackers send 100-150 MB), arrays are
    # dropped once judged, and a feedback page keeps at most a few small thumbnails.
    assert graded.memory_growth < 400 * 2**20, f"the grader grew by {graded.memory_growth >> 20} MB"
    assert graded.survivors == []
    assert graded.scratch_left == []
    work = cache_dir() / "work"
    assert not list(work.glob("*/files")) and not list(work.glob("*/fill*")), "a submission's copy stayed"


def test_reports_are_bounded(graded):
    db = _db(graded)
    longest = db.execute("SELECT MAX(LENGTH(verdict)) FROM results").fetchone()[0]
    assert longest < 10_000
    if "huge_exception" in graded.attackers:
        assert "THE-END" not in " ".join(v for (v,) in db.execute(
            "SELECT verdict FROM results WHERE student='huge_exception'"))
    assert max(p.stat().st_size for p in (graded.out / "feedback").iterdir()) < 2_000_000
    assert (graded.out / "gradebook.sqlite").stat().st_size < 30_000_000


def test_the_run_records_its_isolation(graded):
    assert graded.report.isolation.level == graded.level
    row = _db(graded).execute("SELECT isolation FROM runs ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert json.loads(row)["level"] == graded.level
    assert json.loads(row)["seccomp"] is True


def test_names_never_share_a_file_and_csv_cells_are_text(graded):
    if "collide" not in graded.attackers:
        pytest.skip("the naming attacks are graded with the wall")
    names = exports.file_names(graded.attackers)
    assert len(set(names.values())) == len(names)
    for student, name in names.items():
        data = json.loads((graded.out / "results" / f"{name}.json").read_text(encoding="utf-8"))
        assert data["extra_data"]["student"] == student
        page = (graded.out / "feedback" / f"{name}.html").read_text(encoding="utf-8")
        assert "<script>alert" not in page
    with open(graded.out / "grades.csv", newline="", encoding="utf-8") as f:
        cells = [row[0] for row in csv.reader(f)]
    assert "'=1+1" in cells and "'@SUM(A1)" in cells and "=1+1" not in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_reference_code_never_reaches_a_notebook_submission(graded):
    if "nb_pair" not in graded.attackers:
        pytest.skip("the notebook attacks are graded with the wall")
    names = exports.file_names(graded.attackers)
    alone = (graded.out / "feedback" / f"{names['nb_dense_only']}.html").read_text(encoding="utf-8")
    assert "def relu" not in alone and "needs your activations notebook" in alone
    pair = (graded.out / "feedback" / f"{names['nb_pair']}.html").read_text(encoding="utf-8")
    assert "MY OWN RELU" in pair  # its dense was graded beside its own activations, not the reference


def test_gradebook_csv_json_and_html_agree(graded):
    db = _db(graded)
    names = exports.file_names(graded.attackers)
    with open(graded.out / "grades.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    ids = [e.id for e in EXERCISES]
    assert len(rows) == len(graded.attackers)
    for row in rows:
        s = row["student"][1:] if row["student"][:1] == "'" else row["student"]
        per = dict(db.execute("SELECT exercise, score FROM exercise_scores WHERE student=?", (s,)))
        assert {i: int(row[i]) for i in ids} == per
        gs = json.loads((graded.out / "results" / f"{names[s]}.json").read_text(encoding="utf-8"))
        assert gs["score"] == int(row["total"]) == sum(per.values())
        page = (graded.out / "feedback" / f"{names[s]}.html").read_text(encoding="utf-8")
        assert f"<p class='score' id='score'>{row['total']} / {TOTAL}</p>" in page


def test_a_rerun_resumes_and_grades_nothing_again(graded, tmp_path):
    options = GradeOptions(list(EXERCISES), timeout=4.0, jobs=2, hidden=load_hidden(graded.hidden_file),
                           hidden_path=graded.hidden_file, isolation=graded.level)
    before = _db(graded).execute("SELECT COUNT(*) FROM results").fetchone()[0]
    paths = [Path(r[0]) for r in _db(graded).execute("SELECT source FROM submissions")]
    report = grade(paths, graded.out, options)
    assert report.graded == [] and sorted(report.skipped) == sorted(graded.attackers)
    assert _db(graded).execute("SELECT COUNT(*) FROM results").fetchone()[0] == before
