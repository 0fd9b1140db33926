"""Lazy, quiet access to TensorFlow and Keras for the oracles.

TensorFlow is imported only when an oracle output is not in the cache, and
with its C++ and Python logging turned down so that its start-up chatter
never reaches a student's report or an nbgrader cell's stderr.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import threading
from importlib import metadata

import numpy as np

_TF = None
#: The oracle runs TensorFlow's reference (Eigen) CPU kernels, not oneDNN's: TF 2.21's oneDNN
#: convolution was measured wrong on 2 of 345 random conv2d calls (one input channel, one output
#: column, width stride > 1, 'same': a whole output row of zeros, and ``tf.nn.conv2d`` returned
#: uninitialised memory), where the Eigen kernels agree with the definition. ``dlkata bench``
#: turns oneDNN back on to time TensorFlow's fast path.
ONEDNN_DEFAULT = "0"
_KERAS = None
#: Held while TensorFlow/Keras are first imported: grading threads may ask at
#: once, and the quieting of file descriptor 2 must happen exactly once.
_IMPORT_LOCK = threading.Lock()


def tf():
    """The ``tensorflow`` module, imported once, quietly, on the CPU (thread-safe)."""
    if _TF is None:
        with _IMPORT_LOCK:
            if _TF is None:
                _import_tf()
    return _TF


def _import_tf() -> None:
    global _TF
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", ONEDNN_DEFAULT)
    import logging

    with _quiet_stderr():
        import tensorflow

    tensorflow.get_logger().setLevel(logging.ERROR)
    _TF = tensorflow


@contextlib.contextmanager
def _quiet_stderr():
    """Silence file descriptor 2 (absl/oneDNN banners are written there from C++).

    Process-wide: callers hold ``_IMPORT_LOCK``, since two overlapping uses
    would restore each other's ``/dev/null`` and lose stderr for good.
    """
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def keras():
    """The Keras 3 package, on the TensorFlow backend (imported once, thread-safe)."""
    global _KERAS
    if _KERAS is None:
        tf()
        with _IMPORT_LOCK:
            if _KERAS is None:
                with _quiet_stderr():
                    import keras as _keras
                _KERAS = _keras
    return _KERAS


@functools.cache
def version() -> str:
    """TensorFlow's version without importing it, and which CPU kernels it runs, ``+eigen`` or
    ``+onednn`` (it keys the oracle cache: outputs of other kernels are never mixed in)."""
    onednn = os.environ.get("TF_ENABLE_ONEDNN_OPTS", ONEDNN_DEFAULT).lower() not in ("0", "false")
    for dist in ("tensorflow", "tensorflow-cpu", "tensorflow_cpu"):
        try:
            return metadata.version(dist) + ("+onednn" if onednn else "+eigen")
        except metadata.PackageNotFoundError:
            continue
    return "unknown"


def to_numpy(value):
    """Tensors (and nested tuples/lists/dicts of them) to NumPy values."""
    if isinstance(value, dict):
        return {k: to_numpy(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return tuple(to_numpy(v) for v in value)
    if isinstance(value, list):
        return [to_numpy(v) for v in value]
    if hasattr(value, "numpy"):
        return np.asarray(value.numpy())
    return value


def tensor(x):
    """A constant tensor keeping the NumPy dtype."""
    return tf().convert_to_tensor(x)


def gradients(fn, dout, *wrt, extra=()):
    """``d sum(fn(*wrt, *extra) * dout) / d wrt`` via ``tf.GradientTape``.

    This is how every ``*_backward`` oracle is built: the upstream gradient
    ``dout`` is contracted with the forward output, so the result is the
    vector-Jacobian product a backward pass returns.
    """
    t = tf()
    variables = [t.Variable(w) for w in wrt]
    with t.GradientTape() as tape:
        out = fn(*variables, *extra)
        target = t.reduce_sum(out * t.constant(dout))
    grads = tape.gradient(target, variables)
    return tuple(
        np.zeros_like(w) if g is None else np.asarray(t.convert_to_tensor(g).numpy()) for w, g in zip(wrt, grads)
    )
