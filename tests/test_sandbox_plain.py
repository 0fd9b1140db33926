"""The student-laptop level of the sandbox: a plain child process with the time limit only.

On Linux these tests force that level (``DLKATA_NO_OS_ISOLATION=1``: as if
resource limits, Landlock, seccomp and bubblewrap were all unavailable); the
code is the portable path that Windows and macOS take.
"""

from __future__ import annotations

import shutil
import time


import pytest

from dlkata.autograder import checking, registry
from dlkata.autograder.sandbox import Sandbox
from dlkata.autograder.sandbox.plain import NO_ISOLATION_ENV, PlainSandbox, os_isolation_available
from dlkata.autograder.submissions import Submission, unpack
from dlkata.autograder.paths import DATASETS

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
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "mod.py").write_text(MODULE)
    return pkg


def test_calls_print_and_raise_as_in_the_full_sandbox(package):
    import numpy as np

    with PlainSandbox(package) as box:
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

    with PlainSandbox(package) as box:
        t0 = time.monotonic()
        res = box.call("mod", "spin", (1,), timeout=1.5)
        assert not res.ok and res.stage == "timeout"
        assert time.monotonic() - t0 < 15
        assert box.proc is None
        assert box.call("mod", "double", (np.ones(1),), timeout=60).ok


def test_a_child_that_exits_is_a_crash_of_that_call_only(package):
    import numpy as np

    with PlainSandbox(package) as box:
        res = box.call("mod", "leave", (1,), timeout=60)
        assert not res.ok and res.stage == "crash" and "status 3" in res.error
        assert box.call("mod", "double", (np.ones(1),), timeout=60).ok


def test_the_environment_variable_chooses_the_plain_level(package, monkeypatch):
    monkeypatch.delenv(NO_ISOLATION_ENV, raising=False)
    with checking.open_sandbox(package) as box:
        assert isinstance(box, Sandbox if os_isolation_available() else PlainSandbox)
    monkeypatch.setenv(NO_ISOLATION_ENV, "1")
    assert not os_isolation_available()
    with checking.open_sandbox(package) as box:
        assert isinstance(box, PlainSandbox)


@pytest.mark.slow
def test_plain_level_gives_the_full_sandbox_verdicts_on_the_sample_class(tmp_path, monkeypatch):
    """Every case of every exercise of the sample class: the same verdict and problem at both levels."""
    if not os_isolation_available():
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
