"""``dlkata grade`` on a class of hostile and broken submissions.

Every submission is the reference ``activations`` module with ONE thing
tampered; each attack must cost exactly the exercise it touches (or the whole
module, for attacks at import time), and the gradebook, CSV, JSON and HTML
must agree.
"""

from __future__ import annotations

import csv
import json
import os
import secrets
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from dlkata.autograder import oracle, registry
from dlkata.autograder.checking import CaseResult, draw_cases, run
from dlkata.autograder.grading import GradeOptions, grade, warm_oracle
from dlkata.autograder.hidden import Hidden
from dlkata.autograder.hidden import load as load_hidden
from dlkata.autograder.hidden import new as new_hidden
from dlkata.autograder.paths import SOLUTIONS, cache_dir
from dlkata.autograder.report import report

from .hostile import make_submission

TOPIC = registry.topic("activations")
TOTAL = TOPIC.points
POINTS = {e.name: e.points for e in TOPIC.exercises}
# the reference's backward passes reuse their forward (as students are told to),
# so breaking a forward function costs its backward too
_USERS = {"sigmoid": ["sigmoid_backward"], "softmax": ["softmax_backward"]}
COST = {name: POINTS[name] + sum(POINTS[u] for u in _USERS.get(name, [])) for name in POINTS}

#: The process name (``/proc/PID/comm``, at most 15 bytes) a forked-away grandchild gives itself.
ESCAPEE = f"dlkesc{os.getpid() % 100000}"

# (student, function, replacement, points lost)
ATTACKS = [
    ("sys_exit", "relu", "def relu(x):\n    import sys; sys.exit(0)\n", COST["relu"]),
    ("os_exit", "relu_backward", "def relu_backward(dout, x):\n    import os; os._exit(7)\n", COST["relu_backward"]),
    ("segfault", "sigmoid", "def sigmoid(x):\n    import ctypes; ctypes.string_at(0)\n", COST["sigmoid"]),
    ("infinite_loop", "sigmoid_backward", "def sigmoid_backward(dout, x):\n    while True:\n        pass\n",
     COST["sigmoid_backward"]),
    ("memory_bomb", "tanh", "def tanh(x):\n    import numpy as np\n    b = [np.ones(10**8) for _ in range(100)]\n"
     "    return np.tanh(x)\n", COST["tanh"]),
    ("imports_tf", "tanh_backward", "def tanh_backward(dout, x):\n    import tensorflow as tf\n"
     "    return tf.zeros(1)\n", COST["tanh_backward"]),
    ("reads_reference", "softmax", f"def softmax(x, axis=-1):\n    src = open({str(SOLUTIONS / 'activations.py')!r}).read()\n"
     "    ns = {}\n    exec(src, ns)\n    return ns['softmax'](x, axis)\n", COST["softmax"]),
    ("reads_oracle_cache", "softmax", "def softmax(x, axis=-1):\n    import os\n"
     f"    for r, d, f in os.walk({str(cache_dir() / 'oracle')!r}):\n        pass\n"
     f"    open(os.path.join({str(cache_dir() / 'oracle')!r}, 'x'))\n", COST["softmax"]),
    ("ctypes_open", "softmax_backward", "def softmax_backward(dout, x, axis=-1):\n    import ctypes\n"
     f"    fd = ctypes.CDLL(None).open({str(SOLUTIONS / 'activations.py')!r}.encode(), 0)\n"
     "    assert fd >= 0, 'the kernel refused to open the reference'\n", COST["softmax_backward"]),
    ("returns_list", "relu", "def relu(x):\n    return [max(v, 0) for v in x.ravel().tolist()]\n", COST["relu"]),
    ("wrong_shape", "relu", "def relu(x):\n    import numpy as np\n    return np.maximum(x, 0).ravel()\n",
     COST["relu"]),
    ("returns_nan", "tanh", "def tanh(x):\n    import numpy as np\n    return np.full_like(x, np.nan)\n",
     COST["tanh"]),
    ("mutates_input", "relu", "def relu(x):\n    import numpy as np\n    np.maximum(x, 0, out=x)\n    return x.copy()\n",
     COST["relu"]),
    ("prints_50mb", "tanh", "def tanh(x):\n    import numpy as np\n    print('x' * 50_000_000)\n    return np.tanh(x)\n",
     0),
    ("network", "sigmoid", "def sigmoid(x):\n    import socket\n    socket.create_connection(('127.0.0.1', 9))\n",
     COST["sigmoid"]),
    ("kills_parent", "sigmoid", "def sigmoid(x):\n    import os, signal\n    os.kill(os.getppid(), signal.SIGKILL)\n",
     COST["sigmoid"]),
    # a raw fork() skips the audit hook; the grandchild leaves the process group and waits forever
    ("forks_away", "tanh_backward", "def tanh_backward(dout, x):\n    import ctypes\n    import numpy as np\n"
     "    libc = ctypes.CDLL(None)\n    pid = libc.fork()\n    if pid == 0:\n        libc.setsid()\n"
     f"        libc.prctl(15, {ESCAPEE.encode()!r}, 0, 0, 0)\n        while True:\n            libc.sleep(100)\n"
     "    assert pid > 0, 'the kernel refused to fork'\n    return dout * (1 - np.tanh(x) ** 2)\n",
     COST["tanh_backward"]),
]


def _numpy_patch_module() -> str:
    # monkeypatching NumPy in the child cannot fool the parent's comparison
    src = (SOLUTIONS / "activations.py").read_text()
    src = src.replace("import numpy as np\n", "import numpy as np\nnp.allclose = lambda *a, **k: True\n"
                      "np.testing.assert_allclose = lambda *a, **k: None\n", 1)
    from .hostile import replace_function
    return replace_function(src, "relu", "def relu(x):\n    return x * 0 + 123.0\n")


WHOLE_MODULE = [
    ("syntax_error", "def relu(x:\n", TOTAL),
    ("raises_at_import", "raise RuntimeError('boom at import')\n", TOTAL),
    ("exits_at_import", "import sys\nsys.exit(3)\n", TOTAL),
]


@pytest.fixture(scope="module")
def hostile_class(tmp_path_factory):
    root = tmp_path_factory.mktemp("class")
    expected = {}
    for student, fn, new_def, lost in ATTACKS:
        make_submission(root, student, function=fn, new_def=new_def)
        expected[student] = TOTAL - lost
    for student, text, lost in WHOLE_MODULE:
        make_submission(root, student, module_text=text)
        expected[student] = TOTAL - lost
    make_submission(root, "numpy_patch", module_text=_numpy_patch_module())
    expected["numpy_patch"] = TOTAL - COST["relu"]
    make_submission(root, "honest student", module_text=None)
    expected["honest student"] = TOTAL
    (root / "학생 김").mkdir()
    make_submission(root / "학생 김", "x")
    with zipfile.ZipFile(root / "학생 김.zip", "w") as zf:
        for f in (root / "학생 김" / "x" / "exercises").iterdir():
            zf.write(f, f"exercises/{f.name}")
    expected["학생 김"] = TOTAL
    with zipfile.ZipFile(root / "zipslip.zip", "w") as zf:
        zf.writestr("../../evil.py", "x = 1\n")
    expected["zipslip"] = 0
    paths = [root / s for s in expected if s not in ("학생 김", "zipslip")]
    paths += [root / "학생 김.zip", root / "zipslip.zip"]
    return root, paths, expected


@pytest.fixture(scope="module")
def graded(hostile_class, tmp_path_factory):
    root, paths, expected = hostile_class
    out = tmp_path_factory.mktemp("out")
    hidden_file = tmp_path_factory.mktemp("instructor") / "hidden.json"
    new_hidden(hidden_file)
    options = GradeOptions(list(TOPIC.exercises), timeout=4.0, memory_mb=1024, jobs=2,
                           hidden=load_hidden(hidden_file), hidden_path=hidden_file)
    report = grade(paths, out, options)
    return out, report, expected, hidden_file


@pytest.mark.slow
def test_every_attack_costs_exactly_its_exercise(graded):
    out, report, expected, _ = graded
    db = sqlite3.connect(out / "gradebook.sqlite")
    scores = dict(db.execute("SELECT student, score FROM submissions"))
    assert scores == expected


def _escapees() -> list[int]:
    """Live (not zombie) processes named ``ESCAPEE``."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if (proc / "comm").read_text().strip() == ESCAPEE and \
                    (proc / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
                found.append(int(proc.name))
        except (OSError, ValueError):
            continue
    return found


@pytest.mark.slow
def test_no_forked_process_outlives_grading(graded):
    left = _escapees()
    for pid in left:  # our own escapees: end them before failing
        os.kill(pid, signal.SIGKILL)
    assert left == [], "a process forked by graded code survived grading"


@pytest.mark.slow
def test_gradebook_csv_json_and_html_agree(graded):
    out, report, expected, _ = graded
    db = sqlite3.connect(out / "gradebook.sqlite")
    with open(out / "grades.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["student"] for r in rows] == sorted(expected)
    ids = [e.id for e in TOPIC.exercises]
    assert list(rows[0].keys()) == ["student", "total", "max", *ids]
    for row in rows:
        s = row["student"]
        per = dict(db.execute("SELECT exercise, score FROM exercise_scores WHERE student=?", (s,)))
        assert int(row["total"]) == expected[s] == sum(int(row[i]) for i in ids)
        assert {i: int(row[i]) for i in ids} == per
        gs = json.loads((out / "results" / f"{s}.json").read_text(encoding="utf-8"))
        assert gs["score"] == expected[s]
        assert {t["name"]: t["score"] for t in gs["tests"]} == per
        page = (out / "feedback" / f"{s}.html").read_text(encoding="utf-8")
        assert f"<p class='score' id='score'>{expected[s]} / {TOTAL}</p>" in page
        # one row per (exercise, case), public and hidden
        n_cases = db.execute("SELECT COUNT(*) FROM results WHERE student=?", (s,)).fetchone()[0]
        if s != "zipslip":
            assert n_cases > 2 * len(ids)
            assert db.execute("SELECT COUNT(*) FROM results WHERE student=? AND hidden=1", (s,)).fetchone()[0] > 0


@pytest.mark.slow
def test_messages_say_why(graded):
    out, _, _, _ = graded
    db = sqlite3.connect(out / "gradebook.sqlite")

    def msg(student, exercise):  # the stored verdicts, worded
        return " ".join(report(CaseResult.from_verdict(json.loads(v))) for (v,) in db.execute(
            "SELECT verdict FROM results WHERE student=? AND exercise=? AND passed=0", (student, exercise)))

    assert "SystemExit" in msg("sys_exit", "activations.relu")
    assert "exited with status 7" in msg("os_exit", "activations.relu_backward")
    assert "SIGSEGV" in msg("segfault", "activations.sigmoid")
    assert "did not finish within" in msg("infinite_loop", "activations.sigmoid_backward")
    assert "MemoryError" in msg("memory_bomb", "activations.tanh")
    assert "not allowed" in msg("imports_tf", "activations.tanh_backward")
    assert "may not read" in msg("reads_reference", "activations.softmax")
    assert "may not read" in msg("reads_oracle_cache", "activations.softmax")
    assert "refused to open" in msg("ctypes_open", "activations.softmax_backward")
    assert "returned list" in msg("returns_list", "activations.relu")
    assert "shape" in msg("wrong_shape", "activations.relu")
    assert "inf/NaN" in msg("returns_nan", "activations.tanh")
    assert "modified its input" in msg("mutates_input", "activations.relu")
    assert "network" in msg("network", "activations.sigmoid")
    assert "refused to fork" in msg("forks_away", "activations.tanh_backward")
    assert "SyntaxError" in msg("syntax_error", "activations.relu")
    assert "boom at import" in msg("raises_at_import", "activations.softmax")
    assert "unsafe path" in msg("zipslip", "activations.relu")


@pytest.mark.slow
def test_hidden_feedback_is_withheld_and_hidden_file_unreadable(graded, tmp_path):
    out, _, _, hidden_file = graded
    page = (out / "feedback" / "returns_nan.html").read_text(encoding="utf-8")
    assert "hidden case failed (details are withheld)" in page
    assert "hidden 1:" not in page
    assert str(load_hidden(hidden_file).seed) not in page


@pytest.mark.slow
def test_rerun_resumes_and_regrades_only_changed(graded, hostile_class):
    out, _, expected, hidden_file = graded
    root, paths, _ = hostile_class
    options = GradeOptions(list(TOPIC.exercises), timeout=4.0, memory_mb=1024, jobs=2,
                           hidden=load_hidden(hidden_file), hidden_path=hidden_file)
    before = sqlite3.connect(out / "gradebook.sqlite").execute("SELECT COUNT(*) FROM results").fetchone()[0]
    report = grade(paths, out, options)
    assert report.graded == [] and sorted(report.skipped) == sorted(expected)
    after = sqlite3.connect(out / "gradebook.sqlite").execute("SELECT COUNT(*) FROM results").fetchone()[0]
    assert after == before


def _snapshot(db_path: Path):
    db = sqlite3.connect(db_path)
    subs = sorted(db.execute("SELECT student, score, max_score, fingerprint FROM submissions"))
    rows = sorted(db.execute("SELECT student, exercise, case_name, hidden, passed, problem FROM results"))
    return subs, rows


@pytest.mark.slow
def test_sigkill_midway_then_resume_equals_uninterrupted_run(tmp_path):
    root = tmp_path / "class"
    students = []
    for i, (student, fn, new_def, _) in enumerate(ATTACKS[:6]):
        make_submission(root, student, function=fn, new_def=new_def)
        students.append(str(root / student))
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
