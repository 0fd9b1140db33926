"""``dlkata bench``: the reference kernels against TensorFlow, side by side, in one process.

For each benchmark: the reference (from ``solutions/``, trusted code, called
in-process), TensorFlow on the same inputs with the same thread count, and a
first-attempt NumPy loop (:mod:`autograder.bench_naive`); each the median of
several runs after a warm-up. Numba's compile time and its cached-load time
are measured apart, in fresh interpreters. Targets are ratios
reference/TensorFlow, lower is better.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from . import bench_naive as naive
from .paths import cache_dir
from .tfbridge import keras, tf


@dataclass(frozen=True)
class Bench:
    """One timed kernel: ``exercise`` is the registry id of the reference it times."""

    exercise: str
    shape: str
    make: Callable[[np.random.Generator], tuple]  # -> (args, kwargs)
    tf_fn: Callable[..., Callable[[], object]]  # (args, kwargs) -> a no-argument TF call
    naive_fn: Callable | None = None
    target: float = 1.0


def _conv_inputs(rng):
    x = rng.standard_normal((32, 32, 32, 16)).astype(np.float32)
    k = (rng.standard_normal((3, 3, 16, 32)) * 0.1).astype(np.float32)
    b = rng.standard_normal(32).astype(np.float32)
    return (x, k, b), {"padding": "same"}


def _conv_backward_inputs(rng):
    (x, k, b), kw = _conv_inputs(rng)
    dout = rng.standard_normal((32, 32, 32, 32)).astype(np.float32)
    return (dout, x, k, b), kw


def _tf_conv(args, kw):
    x, k, b = (tf().constant(a) for a in args)
    return lambda: tf().nn.bias_add(tf().nn.conv2d(x, k, 1, "SAME"), b).numpy()


def _tf_conv_backward(args, kw):
    t = tf()
    dout, x, k, b = (t.constant(a) for a in args)

    def call():
        dx = t.raw_ops.Conv2DBackpropInput(input_sizes=t.shape(x), filter=k, out_backprop=dout,
                                           strides=[1, 1, 1, 1], padding="SAME")
        dk = t.raw_ops.Conv2DBackpropFilter(input=x, filter_sizes=t.shape(k), out_backprop=dout,
                                            strides=[1, 1, 1, 1], padding="SAME")
        return dx.numpy(), dk.numpy(), t.reduce_sum(dout, axis=(0, 1, 2)).numpy()
    return call


def _pool_inputs(rng):
    return (rng.standard_normal((32, 32, 32, 16)).astype(np.float32),), {"pool_size": 2}


def _tf_pool(args, kw):
    x = tf().constant(args[0])
    return lambda: tf().nn.max_pool2d(x, 2, 2, "VALID").numpy()


def _lstm_inputs(rng):
    x = rng.standard_normal((64, 50, 32)).astype(np.float32)
    k = (rng.standard_normal((32, 256)) * 0.1).astype(np.float32)
    r = (rng.standard_normal((64, 256)) * 0.1).astype(np.float32)
    b = (rng.standard_normal(256) * 0.1).astype(np.float32)
    return (x, k, r, b), {}


def _tf_lstm(args, kw):
    x, k, r, b = args
    layer = keras().layers.LSTM(64)
    layer.build(x.shape)
    layer.set_weights([k, r, b])
    xt = tf().constant(x)
    graph = tf().function(layer)  # the layer as Keras runs it in fit/predict: one traced graph
    return lambda: graph(xt).numpy()


def _ctc_inputs(rng):
    batch, frames, classes, length = 16, 60, 20, 12
    logits = rng.standard_normal((batch, frames, classes)).astype(np.float32)
    labels = rng.integers(1, classes, (batch, length)).astype(np.int32)
    return (labels, logits, np.full(batch, length, np.int32), np.full(batch, frames, np.int32)), {}


def _tf_ctc(args, kw):
    # Sparse labels: TensorFlow's C++ CTC kernel (the oracle's path, and much faster than dense labels).
    t = tf()
    labels, logits, ll, tl = args
    sparse = t.sparse.from_dense(t.constant(labels))
    lg, tlt = t.constant(logits), t.constant(tl)
    return lambda: t.nn.ctc_loss(sparse, lg, None, tlt, logits_time_major=False, blank_index=0).numpy()


def _embedding_inputs(rng):
    ids = rng.integers(0, 5000, (128, 100)).astype(np.int32)
    dout = rng.standard_normal((128, 100, 64)).astype(np.float32)
    return (dout, ids, 5000), {}


def _tf_embedding(args, kw):
    dout, ids, vocab = args
    d, i = tf().constant(dout.reshape(-1, 64)), tf().constant(ids.reshape(-1))
    # what the gradient of tf.gather becomes when made dense
    return lambda: tf().math.unsorted_segment_sum(d, i, vocab).numpy()


BENCHES = (
    Bench("convolution.conv2d", "(32,32,32,16), 32 3x3, same", _conv_inputs, _tf_conv,
          lambda x, k, b, **kw: naive.conv2d_same(x, k, b)),
    Bench("convolution.conv2d_backward", "(32,32,32,16), 32 3x3, same", _conv_backward_inputs, _tf_conv_backward,
          lambda d, x, k, b, **kw: naive.conv2d_same_backward(d, x, k, b)),
    Bench("pooling.max_pool2d", "(32,32,32,16), 2x2", _pool_inputs, _tf_pool, lambda x, **kw: naive.max_pool2x2(x)),
    Bench("recurrent.lstm", "(64,50,32) -> 64 units, vs keras LSTM in tf.function", _lstm_inputs,
          _tf_lstm, naive.lstm_last),
    Bench("losses.ctc_loss", "(16,60,20), labels of 12", _ctc_inputs, _tf_ctc, naive.ctc),
    Bench("embedding.embedding_backward", "128x100 ids, 5000x64 table", _embedding_inputs, _tf_embedding,
          naive.embedding_backward),
)


def reference(exercise: str) -> Callable:
    topic, name = exercise.split(".")
    return getattr(importlib.import_module(f"dlkata.solutions.{topic}"), name)


def _median_ms(fn: Callable[[], object], repeats: int, min_seconds: float = 0.2) -> float:
    fn()  # warm-up (compilation, caches, thread pools)
    times = []
    start = time.perf_counter()
    while len(times) < repeats or (time.perf_counter() - start < min_seconds and len(times) < 200):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return 1000 * statistics.median(times)


def _close(a, b) -> bool:
    if isinstance(a, (tuple, list)):
        return all(_close(x, y) for x, y in zip(a, b))
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-3, atol=1e-3 * max(1.0, float(np.abs(b).max()))))


def first_call_seconds(exercise: str, numba_cache: str) -> float:
    """Import + first call of a reference in a fresh interpreter with ``numba_cache``."""
    code = ("import time, numpy as np; t = time.perf_counter()\n"
            "from dlkata.autograder.bench import BENCHES, reference\n"
            f"b = [b for b in BENCHES if b.exercise == {exercise!r}][0]\n"
            "args, kw = b.make(np.random.default_rng(0)); t = time.perf_counter()\n"
            f"reference({exercise!r})(*args, **kw); print(time.perf_counter() - t)\n")
    env = dict(os.environ, NUMBA_CACHE_DIR=numba_cache, TF_CPP_MIN_LOG_LEVEL="3")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=900)
    if r.returncode != 0:
        raise RuntimeError(r.stderr[-2000:])
    return float(r.stdout.strip().splitlines()[-1])


@dataclass
class Row:
    exercise: str
    shape: str
    reference_ms: float
    tensorflow_ms: float
    naive_ms: float | None
    ratio: float
    naive_ratio: float | None
    compile_s: float | None
    cached_load_s: float | None
    target: float
    matches_tf: bool

    @property
    def meets_target(self) -> bool:
        return self.ratio <= self.target


def run(topics=(), repeats: int = 7, threads: int | None = None, compile_times: bool = True,
        with_naive: bool = True, on_row=None) -> list[Row]:
    """Time every benchmark whose topic is in ``topics`` (all when empty)."""
    threads = threads or os.cpu_count() or 1
    t = tf()
    try:
        t.config.threading.set_intra_op_parallelism_threads(threads)
        t.config.threading.set_inter_op_parallelism_threads(threads)
    except RuntimeError:
        pass  # already initialised in this process
    import numba

    numba.set_num_threads(min(threads, numba.config.NUMBA_NUM_THREADS))
    rows = []
    for b in BENCHES:
        if topics and b.exercise.split(".")[0] not in topics:
            continue
        try:
            ref = reference(b.exercise)
        except (ImportError, AttributeError):
            continue  # this topic's reference is not in the course yet
        args, kw = b.make(np.random.default_rng(0))
        tf_call = b.tf_fn(args, kw)
        ok = _close(ref(*args, **kw), tf_call())
        ref_ms = _median_ms(lambda: ref(*args, **kw), repeats)
        tf_ms = _median_ms(tf_call, repeats)
        naive_ms = _median_ms(lambda: b.naive_fn(*args, **kw), 1, 0) if (with_naive and b.naive_fn) else None
        compile_s = cached_s = None
        if compile_times:
            with tempfile.TemporaryDirectory() as cache:
                compile_s = first_call_seconds(b.exercise, cache)
                cached_s = first_call_seconds(b.exercise, cache)
        row = Row(b.exercise, b.shape, ref_ms, tf_ms, naive_ms, ref_ms / tf_ms,
                  (naive_ms / ref_ms) if naive_ms else None, compile_s, cached_s, b.target, ok)
        rows.append(row)
        if on_row:
            on_row(row)
    return rows


def _child_env(**extra) -> dict:
    """The environment for a timed ``dlkata`` child: this one, but with the oracle's own TF kernels."""
    env = {k: v for k, v in os.environ.items() if k != "TF_ENABLE_ONEDNN_OPTS"}
    return env | extra


def check_timing(topic: str, cache: str) -> float:
    """Wall-clock seconds of ``dlkata check --solutions TOPIC`` with ``DLKATA_CACHE=cache``."""
    env = _child_env(DLKATA_CACHE=cache)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "dlkata.cli", "check", "--solutions", topic], env=env,
                   capture_output=True, timeout=1800)
    return time.perf_counter() - t0


def _seed_cache(cache: Path) -> None:
    """Copy the user's expected outputs into the private ``cache`` (the oracle's own kernels only:
    the timed children compute with them)."""
    ours = cache_dir() / "oracle"
    for versions in ours.glob("tf-*") if ours.is_dir() else ():
        if "+onednn" not in versions.name:
            shutil.copytree(versions, cache / "oracle" / versions.name)


def _complete_copies(folder: Path, n: int) -> list[Path]:
    """``n`` complete submissions that differ in content (a comment in one file), so none reuses another's
    Numba cache: what a class of distinct complete answers costs."""
    import zipfile

    from .sample_class import SUBMISSIONS

    paths = []
    with zipfile.ZipFile(SUBMISSIONS / "ada.zip") as src:
        members = [(info, src.read(info)) for info in src.infolist()]
    for i in range(n):
        path = folder / f"complete{i:03d}.zip"
        with zipfile.ZipFile(path, "w") as dst:
            for info, data in members:
                if info.filename.endswith("activations.py"):
                    data += f"\n# student {i}\n".encode()
                dst.writestr(info, data)
        paths.append(path)
    return paths


def grading_throughput(copies: int = 0, jobs: int = 2) -> dict:
    """Submissions per minute for ``dlkata grade --jobs JOBS`` on the sample class plus ``copies``
    distinct complete submissions: a first grading (every distinct submission's Numba kernels
    compile) and a re-grade (compiled kernels cached). The expected outputs are computed before
    either is timed, in a private cache seeded from the user's."""
    from .sample_class import SUBMISSIONS

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        cache = tmp / "cache"
        env = _child_env(DLKATA_CACHE=str(cache))
        _seed_cache(cache)
        paths = sorted(str(p) for p in SUBMISSIONS.glob("*.zip")) + [str(p) for p in _complete_copies(tmp, copies)]

        def grade(out: str, which: list[str]) -> float:
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "dlkata.cli", "grade", *which, "--out", str(tmp / out),
                            "--jobs", str(jobs)], env=env, capture_output=True, timeout=3600, check=True)
            return time.perf_counter() - t0

        grade("oracle", [str(SUBMISSIONS / "chen.zip")])  # only fills the oracle cache
        shutil.rmtree(cache / "work", ignore_errors=True)  # ... and compiles nothing for the timed runs
        first, again = grade("first", paths), grade("again", paths)
    n = len(paths)
    return {"submissions": n, "complete_copies": copies, "jobs": jobs, "first_s": first, "regrade_s": again,
            "first_per_minute": 60 * n / first, "regrade_per_minute": 60 * n / again}


def platform_seconds() -> dict:
    """What one submission costs inside a Gradescope bundle's ``run_autograder``, for the whole course.

    The bundle is exported from this checkout and its warming step run (in a
    private cache seeded from the user's); then the sample class's complete
    submission (``ada.zip``: Numba compiles its kernels) and its all-stub one
    (``chen.zip``) are graded, each with nothing compiled before. Returns, per
    submission, wall-clock and CPU seconds (this process's children, the
    sandbox included) and the score.
    """
    import resource
    import zipfile

    from . import registry
    from .platforms import gradescope
    from .platforms.settings import FILE_NAME
    from .sample_class import SUBMISSIONS

    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        cache = tmp / "cache"
        _seed_cache(cache)
        with zipfile.ZipFile(gradescope.export(tmp / "autograder.zip", registry.exercises())) as zf:
            zf.extractall(tmp / "source")
        env = _child_env(DLKATA_CACHE=str(cache), DLKATA_PYTHON=sys.executable)
        subprocess.run([sys.executable, "-m", "dlkata.autograder.platforms.warm", str(tmp / "source" / FILE_NAME)],
                       env=env, capture_output=True, timeout=3600, check=True)
        for label, name in (("complete", "ada"), ("stubs", "chen")):
            root = tmp / label
            shutil.copytree(tmp / "source", root / "source")
            (root / "submission").mkdir()
            shutil.copy(SUBMISSIONS / f"{name}.zip", root / "submission")
            shutil.rmtree(cache / "work", ignore_errors=True)  # no kernel compiled for an earlier submission
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env | {"AUTOGRADER_ROOT": str(root)},
                           capture_output=True, timeout=3600, check=True)
            wall = time.perf_counter() - t0
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            results = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
            out[label] = {"submission": f"{name}.zip", "wall_s": wall,
                          "cpu_s": after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime,
                          "score": results["score"], "max_score": sum(e.points for e in registry.exercises()),
                          "tensorflow_imported": results.get("extra_data", {}).get("tensorflow_imported")}
    return out


def to_json(rows: list[Row], extra: dict) -> str:
    return json.dumps({"rows": [asdict(r) | {"meets_target": r.meets_target} for r in rows], **extra}, indent=2)
