"""The sandbox child's kernel limits: CPU time per call, no new processes, death with the parent.

Each test runs a real child on a small probe package, inside the bubblewrap
wall and in the fallback sandbox; nothing is mocked.
"""

from __future__ import annotations

import errno
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dlkata.autograder.sandbox import CPU_GRACE, make_sandbox, usable_cpus

from .helpers import package_of
from .isolation_levels import LEVELS

PROBE = '''
import ctypes
import os
import resource
import threading


def cpu_limit():
    """This process's soft RLIMIT_CPU and the CPU seconds it has used."""
    use = resource.getrusage(resource.RUSAGE_SELF)
    return resource.getrlimit(resource.RLIMIT_CPU)[0], use.ru_utime + use.ru_stime


def fork_away(name):
    """Fork past the audit hook; the grandchild leaves the session and waits forever."""
    libc = ctypes.CDLL(None, use_errno=True)
    pid = libc.fork()
    if pid == 0:
        libc.setsid()
        libc.prctl(15, name.encode(), 0, 0, 0)  # PR_SET_NAME, so the test can find it
        while True:
            libc.sleep(100)
    return pid, ctypes.get_errno()


def threads_work():
    import numba
    import numpy as np

    @numba.njit(parallel=True)
    def total(x):
        s = 0.0
        for i in numba.prange(x.size):
            s += x[i]
        return s

    box = []
    t = threading.Thread(target=box.append, args=(1,))
    t.start()
    t.join()
    return float(total(np.arange(10000.0))), numba.get_num_threads(), box


def spin():
    while True:
        pass
'''


@pytest.fixture()
def probe(tmp_path):
    return package_of(tmp_path / "pkg", probe=PROBE)


def _alive(pid: int) -> bool:
    """Whether ``pid`` is a sandbox child still running (not a zombie, not a reused pid)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return state != "Z" and b"child.py" in cmdline


@pytest.mark.parametrize("level", LEVELS)
def test_each_call_gets_a_cpu_limit_a_little_past_its_budget(probe, level):
    with make_sandbox(probe, isolation=level) as box:
        for timeout in (30.0, 100.0):
            r = box.call("probe", "cpu_limit", timeout=timeout)
            assert r.ok, r.error
            soft, used = r.value
            assert soft != resource.RLIM_INFINITY
            assert used + timeout < soft <= used + (timeout + CPU_GRACE) * usable_cpus() + 2


@pytest.mark.parametrize("level", LEVELS)
def test_fork_through_ctypes_is_refused_and_threads_still_work(probe, monkeypatch, level):
    monkeypatch.setenv("NUMBA_NUM_THREADS", "2")
    name = f"dlk{os.getpid() % 100000}f"
    with make_sandbox(probe, isolation=level) as box:
        r = box.call("probe", "fork_away", (name,), timeout=30.0)
        assert r.ok, r.error
        pid, err = r.value
        if pid > 0:  # without the filter: end our own escapee before failing
            os.kill(pid, signal.SIGKILL)
        assert (pid, err) == (-1, errno.EPERM)
        r = box.call("probe", "threads_work", timeout=120.0)
        assert r.ok, r.error
        assert r.value == (sum(range(10000)) * 1.0, 2, [1])


_ORPHAN = r"""
import os, sys, threading, time
from dlkata.autograder.sandbox import make_sandbox, cpu_seconds

box = make_sandbox(sys.argv[1], isolation=sys.argv[2])
assert box.call("probe", "cpu_limit", timeout=30.0).ok  # the child is up
pid = box.child_pid
start = cpu_seconds(pid)
threading.Thread(target=box.call, args=("probe", "spin"), kwargs={"timeout": 1.0}, daemon=True).start()
while cpu_seconds(pid) < start + 0.2:  # the child is spinning in its call
    time.sleep(0.01)
print(pid, flush=True)
os._exit(0)  # the parent dies mid-call and never kills its child
"""


@pytest.mark.parametrize("level", LEVELS)
def test_a_spinning_child_dies_when_the_parent_is_gone(probe, level):
    """The parent-death signal ends it at once (the CPU-time limit is the backstop behind it)."""
    env = {**os.environ, "NUMBA_NUM_THREADS": "1"}
    r = subprocess.run([sys.executable, "-c", _ORPHAN, str(probe), level], capture_output=True, text=True, env=env,
                       timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    pid = int(r.stdout.split()[-1])
    try:
        deadline = time.monotonic() + 240  # a bound on waiting, generous for a busy machine
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(pid), "the orphaned child is still spinning"
    finally:
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
