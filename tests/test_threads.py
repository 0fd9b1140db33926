"""The oracle side under threads: ``grade`` judges submissions from a thread pool.

TensorFlow must be imported once, its start-up quieting of file descriptor 2
must not leave stderr pointing at ``/dev/null``, and oracle outputs computed
from several threads at once must equal the ones computed one by one. Each
check runs in a fresh interpreter, where TensorFlow is not imported yet.
"""

from __future__ import annotations

import json
import subprocess
import sys

_SCRIPT = r"""
import json, os, threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from dlkata.autograder import oracle, registry, tfbridge
from dlkata.autograder.checking import draw_cases

THREADS = 4
before = os.fstat(2)
jobs = [(ex, c) for ex in registry.topic("activations").exercises for c in draw_cases(ex, 0)[:2]]
start = threading.Barrier(THREADS)


def work(i):
    start.wait()  # every thread reaches the first import at the same moment
    return [oracle.compute(ex, c) for ex, c in jobs[i::THREADS]]


with ThreadPoolExecutor(THREADS) as pool:
    together = [out for part in pool.map(work, range(THREADS)) for out in part]
order = [j for i in range(THREADS) for j in jobs[i::THREADS]]
alone = [oracle.compute(ex, c) for ex, c in order]
after = os.fstat(2)
os.write(2, b"stderr still reaches the parent\n")
print(json.dumps({
    "same_fd2": [before.st_dev, before.st_ino] == [after.st_dev, after.st_ino],
    "equal": all(np.array_equal(a, b, equal_nan=True) for a, b in zip(together, alone)),
    "count": len(together),
    "one_module": tfbridge.tf() is tfbridge.tf() and tfbridge.keras() is tfbridge.keras(),
}))
"""


def test_oracles_from_several_threads_at_once_keep_stderr_and_agree():
    r = subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    got = json.loads(r.stdout.strip().splitlines()[-1])
    assert got["same_fd2"], "file descriptor 2 no longer is the original stderr"
    assert "stderr still reaches the parent" in r.stderr
    assert got["equal"] and got["count"] > 4 and got["one_module"]
