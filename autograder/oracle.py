"""Expected outputs: TensorFlow computes them once, the disk remembers.

The key of a cached output is a hash of the exercise, the case's inputs, the
oracle's revision and TensorFlow's version, so a different TensorFlow or an
edited oracle never serves a stale answer, and a warm ``dlkata check`` never
imports TensorFlow.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from pathlib import Path

from . import codec, tfbridge
from .cases import Case
from .exercise import Exercise
from .paths import cache_dir


def case_key(exercise: Exercise, case: Case) -> str:
    """Stable hash naming one expected output.

    Only what the oracle sees goes in: a case's name is for display (hidden
    cases are renamed "hidden N: ..." when graded), so it is left out.
    """
    h = hashlib.sha256()
    h.update(f"{exercise.id}|{exercise.oracle_revision}|{tfbridge.version()}|".encode())
    h.update(codec.encode((tuple(case.args), dict(case.kwargs))))
    return h.hexdigest()[:40]


def cache_path(exercise: Exercise, case: Case) -> Path:
    """Where the expected output of ``case`` is cached (under ``$DLKATA_CACHE/oracle``)."""
    return cache_dir() / "oracle" / f"tf-{tfbridge.version()}" / exercise.id / f"{case_key(exercise, case)}.bin"


_computed = 0
_computed_lock = threading.Lock()


def computations() -> int:
    """How many oracle outputs this process has computed (cache misses included); for tests and stats."""
    return _computed


def compute(exercise: Exercise, case: Case):
    """Run the oracle now (imports TensorFlow)."""
    global _computed
    with _computed_lock:
        _computed += 1
    return tfbridge.to_numpy(exercise.oracle(*case.args, **case.kwargs))


def cached_size(exercise: Exercise, case: Case) -> int | None:
    """The size in bytes of the cached expected output, or None when it is not cached yet."""
    try:
        return cache_path(exercise, case).stat().st_size
    except OSError:
        return None


def expected(exercise: Exercise, case: Case, use_cache: bool = True):
    """The oracle's output for ``case``, from the cache when present."""
    path = cache_path(exercise, case)
    if use_cache and path.exists():
        try:
            return codec.decode(path.read_bytes())
        except (codec.CodecError, OSError):
            pass  # a damaged entry is recomputed below
    data = codec.encode(compute(exercise, case))
    if use_cache:
        _store(path, data)
    return codec.decode(data)  # what a cache hit returns too (a NumPy scalar becomes a 0-d array)


def _store(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(tmp, path)  # atomic: concurrent graders never read half a file


def variant(exercise: Exercise, name: str, case: Case, compute):
    """``compute(case)`` for a mistake that runs the oracle with other arguments, cached on disk like the
    expected outputs (under ``<exercise>/<name>/``): a class failing the same public case pays for
    TensorFlow once."""
    path = cache_path(exercise, case)
    path = path.parent / name / path.name
    if path.exists():
        try:
            return codec.decode(path.read_bytes())
        except (codec.CodecError, OSError):
            pass
    data = codec.encode(tfbridge.to_numpy(compute(case)))
    _store(path, data)
    return codec.decode(data)
