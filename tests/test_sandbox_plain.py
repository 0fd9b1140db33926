"""The plain level of the sandbox: a student's own check, a plain child process with the time limit.

On Linux these tests ask the factory for that level (``isolation="plain"``, or
``DLKATA_NO_OS_ISOLATION=1``: as if resource limits, Landlock, seccomp and
bubblewrap were all unavailable); the code is the portable path that Windows
and macOS take. Grading never runs at it.
"""

from __future__ import annotations

import shutil
import time


import pytest

from dlkata.autograder import checking, edition, registry
from dlkata.autograder.grading import GradeOptions, grade
from dlkata.autograder.sandbox import (NO_ISOLATION_ENV, IsolationUnavailable, Limits, Sandbox, grading_level,
                                       make_sandbox, portable_only)
from dlkata.autograder.sandbox.plain import PlainSandbox
from dlkata.autograder.submissions import Submission, unpack
from dlkata.autograder.paths import DATASETS

from .helpers import package_of

MODULE = '''
import os
import sys
import time

import numpy as np


def double(x):
    print("doubling", x.shape)
    return x * 2


def noisy(x):
    os.write(1, b"raw bytes on fd 1 from C-like code\\n")
    os.write(2, b"and on fd 2\\n")
    sys.stdout.write("and through sys.stdout\\n")
    return x + 1


def spin(x):
    while True:
        time.sleep(0.01)


def leave(x):
    os._exit(3)


def fail(x):
    raise ValueError("x must be positive")


def tf():
    import tensorflow  # noqa: F401
'''


@pytest.fixture
def package(tmp_path):
    return package_of(tmp_path / "pkg", mod=MODULE)


def test_calls_print_and_raise_as_in_the_full_sandbox(package):
    import numpy as np

    with make_sandbox(package, isolation="plain") as box:
        res = box.call("mod", "double", (np.arange(3.0),), timeout=60)
        assert res.ok and res.value.tolist() == [0.0, 2.0, 4.0] and "doubling (3,)" in res.output
        res = box.call("mod", "noisy", (np.zeros(2),), timeout=60)  # stray bytes on fd 1 do not break the frames
        assert res.ok and res.value.tolist() == [1.0, 1.0] and "sys.stdout" in res.output
        res = box.call("mod", "fail", (1,), timeout=60)
        assert not res.ok and res.error == "ValueError: x must be positive" and "mod.py" in res.traceback
        res = box.call("mod", "nothing_here", (1,), timeout=60)
        assert not res.ok and res.stage == "missing"
        res = box.call("mod", "tf", (), timeout=60)  # the grader's import rules hold here too
        assert not res.ok and "not allowed" in res.error


def test_a_call_past_its_time_is_killed_and_the_next_call_gets_a_new_child(package):
    import numpy as np

    with make_sandbox(package, isolation="plain") as box:
        t0 = time.monotonic()
        res = box.call("mod", "spin", (1,), timeout=1.5)
        assert not res.ok and res.stage == "timeout"
        assert time.monotonic() - t0 < 15
        assert box.proc is None
        assert box.call("mod", "double", (np.ones(1),), timeout=60).ok


def test_a_child_that_exits_is_a_crash_of_that_call_only(package):
    import numpy as np

    with make_sandbox(package, isolation="plain") as box:
        res = box.call("mod", "leave", (1,), timeout=60)
        assert not res.ok and res.stage == "crash" and "status 3" in res.error
        assert box.call("mod", "double", (np.ones(1),), timeout=60).ok


def test_a_reply_past_the_limits_cap_is_never_read(package):
    import numpy as np

    with make_sandbox(package, limits=Limits(reply_unknown_mb=1), isolation="plain") as box:
        res = box.call("mod", "double", (np.zeros(1 << 18),), timeout=60)  # 2 MB back
        assert not res.ok and res.stage == "too_large"
        assert box.call("mod", "double", (np.ones(1),), timeout=60).ok


def test_the_student_edition_and_the_environment_variable_choose_the_plain_level(package, monkeypatch):
    monkeypatch.delenv(NO_ISOLATION_ENV, raising=False)
    monkeypatch.delenv("DLKATA_ISOLATION", raising=False)
    with make_sandbox(package) as box:
        assert type(box) is (PlainSandbox if portable_only() else Sandbox)
    monkeypatch.setenv(NO_ISOLATION_ENV, "1")
    with make_sandbox(package) as box:
        assert isinstance(box, PlainSandbox)
        box.start()
        assert box.isolation.level == "plain"
    with make_sandbox(package, isolation="fallback") as box:  # a level asked for by name is that level
        assert type(box) is Sandbox
    monkeypatch.delenv(NO_ISOLATION_ENV)
    monkeypatch.setattr(edition, "EDITION", "student")
    with make_sandbox(package) as box:
        assert isinstance(box, PlainSandbox)


def test_grading_never_runs_at_the_plain_level(package, monkeypatch, tmp_path):
    monkeypatch.delenv("DLKATA_ISOLATION", raising=False)
    for level in ("auto", "strict", "fallback"):
        monkeypatch.setenv(NO_ISOLATION_ENV, "1")
        if level == "auto":
            with pytest.raises(IsolationUnavailable, match=NO_ISOLATION_ENV):
                grading_level(level)
        else:
            assert grading_level(level) == level
    with pytest.raises(IsolationUnavailable, match="plain level"):
        grading_level("plain")
    zip_path = DATASETS / "submissions" / "ada.zip"
    with pytest.raises(IsolationUnavailable):
        grade([zip_path], tmp_path / "grades", GradeOptions([registry.get("activations.relu")]))
    assert not (tmp_path / "grades" / "grades.csv").exists()


@pytest.mark.slow
def test_plain_level_gives_the_full_sandbox_verdicts_on_the_sample_class(tmp_path, monkeypatch):
    """Every case of every exercise of the sample class: the same verdict and problem at both levels."""
    monkeypatch.delenv(NO_ISOLATION_ENV, raising=False)
    if portable_only():
        pytest.skip("the full sandbox needs Linux")
    exercises = registry.exercises()
    passed = {}
    for zip_path in sorted((DATASETS / "submissions").glob("*.zip")):
        where = tmp_path / zip_path.stem
        folder = unpack(Submission(zip_path.stem, zip_path), where)[None]
        verdicts = {}
        for level in ("full", "plain"):
            if level == "plain":
                monkeypatch.setenv(NO_ISOLATION_ENV, "1")
            else:
                monkeypatch.delenv(NO_ISOLATION_ENV, raising=False)
            verdicts[level] = [(r.exercise.id, c.case, c.passed, c.problem)
                               for r in checking.run(exercises, folder) for c in r.cases]
        assert verdicts["plain"] == verdicts["full"], zip_path.name
        passed[zip_path.stem] = sum(ok for *_, ok, _ in verdicts["full"]) / len(verdicts["full"])
        shutil.rmtree(where, ignore_errors=True)
    assert passed["ada"] == 1 and passed["chen"] == 0 and 0 < passed["bora"] < 1, passed  # the class as designed
