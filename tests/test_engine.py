"""The engine's own parts: codec, comparison, tolerances, hidden files, the check command."""

from __future__ import annotations

import shutil
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from dlkata.autograder import codec, diagnose, geometry, hidden
from dlkata.autograder.compare import compare
from dlkata.autograder.messages import t
from dlkata.autograder.paths import EXERCISES, SOLUTIONS
from dlkata.autograder.tolerances import rtol_for

# ---------------------------------------------------------------- codec
arrays = hnp.arrays(st.sampled_from([np.float32, np.float64, np.int64, np.bool_, np.uint8]),
                    hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4))
values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**60, 2**60) | st.floats(allow_nan=False) | st.text(max_size=5) | arrays,
    lambda inner: st.lists(inner, max_size=3) | st.tuples(inner, inner)
    | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=8)


def _same(a, b):
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a, b, equal_nan=a.dtype.kind == "f")
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


@settings(max_examples=150, deadline=None)
@given(values)
def test_codec_round_trips(v):
    assert _same(codec.decode(codec.encode(v)), v)


@pytest.mark.parametrize("bad", [object(), np.array(["a"]), np.array([None], dtype=object), {1: 2}, lambda: 0])
def test_codec_refuses_what_it_cannot_carry(bad):
    with pytest.raises(codec.CodecError):
        codec.encode(bad)


@pytest.mark.parametrize("data", [
    b"", b"\x05\x00\x00\x00\x00\x00\x00\x00abc",
    codec.encode(np.zeros(4))[:-3],  # truncated array bytes
    b"\x1a\x00\x00\x00\x00\x00\x00\x00" + b'{"__nd__":["|O8",[1],0,8]}',  # object dtype
    b"\x12\x00\x00\x00\x00\x00\x00\x00" + b'{"__pickle__": 1}\x00',
])
def test_codec_rejects_malformed_or_dangerous_bytes(data):
    with pytest.raises(codec.CodecError):
        codec.decode(data)


# ---------------------------------------------------------------- compare
def test_compare_checks_kind_shape_dtype_then_values():
    e = np.linspace(-1, 1, 12, dtype=np.float32).reshape(3, 4)
    assert compare(e.copy(), e).passed
    assert compare(e.tolist(), e).problem == "type"
    assert compare(e.T.copy(), e).problem == "shape"
    assert compare(e.astype(np.float64), e).problem == "dtype"
    bad = e.copy()
    bad[1, 2] += 1e-3
    v = compare(bad, e)
    assert v.problem == "values" and v.details["index"] == (1, 2) and v.details["count"] == 1
    nan = e.copy()
    nan[0, 0] = np.nan
    assert compare(nan, e).problem == "nonfinite"


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_tolerance_accepts_rounding_and_rejects_real_errors(dtype):
    rng = np.random.default_rng(0)
    e = rng.standard_normal(1000).astype(dtype)
    eps = np.finfo(dtype).eps
    assert compare((e * (1 + 4 * eps)).astype(dtype), e).passed  # a few ulps: rounding
    assert not compare((e * (1 + 1e3 * rtol_for(dtype))).astype(dtype), e).passed  # well past the tolerance
    assert rtol_for(dtype, 100) == pytest.approx(10 * rtol_for(dtype, 1))


# ---------------------------------------------------------------- diagnoses' variant test, window geometry


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_matches_a_variant_within_four_tolerances_only(dtype):
    rng = np.random.default_rng(1)
    want = rng.standard_normal((5, 7)).astype(dtype)
    unit = rtol_for(dtype, 3) * np.abs(want).max()  # one tolerance near 0; at most 2 at the largest element
    assert diagnose.matches(want + dtype(3 * unit), want, 3)
    assert not diagnose.matches(want + dtype(9 * unit), want, 3)
    assert diagnose.matches(want.astype(np.float64) + 3 * unit, want, 3)  # the coarser dtype's tolerance
    bad = want.copy()
    bad[2, 3] += 1
    assert diagnose.misfit(bad, want, 3).nonzero() == (np.array([2]), np.array([3]))
    assert diagnose.misfit(want[:, :6], want) is None and diagnose.misfit([1.0], np.ones(1)) is None
    assert not diagnose.matches(want[:0], want[:0])


def test_matches_requires_the_same_infinities_and_nans():
    want = np.array([np.inf, -np.inf, np.nan, 1.0], np.float32)
    assert diagnose.matches(want.copy(), want)
    assert diagnose.matches(np.full(2, np.inf), np.full(2, np.inf))  # nothing finite, the same infinities
    for other in ([-np.inf, -np.inf, np.nan, 1.0], [np.inf, -np.inf, 0.0, 1.0], [np.inf, -np.inf, np.nan, np.nan]):
        assert not diagnose.matches(np.array(other, np.float32), want), other


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 12), st.integers(1, 5), st.integers(1, 4), st.integers(1, 3), st.sampled_from(["valid", "same"]))
def test_window_geometry_is_keras_and_tensorflows(n, k, s, d, padding):
    """Output sizes as Keras computes them, and 'same' padding split as TensorFlow pads."""
    from dlkata.autograder.tfbridge import keras, tf

    span = d * (k - 1) + 1
    if padding == "valid" and n < span or (s > 1 and d > 1):
        return
    out, before, after = geometry.axis(n, k, s, d, padding)
    conv = keras().layers.Conv2D(1, (k, 1), strides=(s, 1), dilation_rate=(d, 1), padding=padding)
    assert conv.compute_output_shape((1, n, 1, 1))[1] == out
    if d == 1:
        pool = keras().layers.MaxPooling2D((k, 1), strides=(s, 1), padding=padding)
        assert pool.compute_output_shape((1, n, 1, 1))[1] == out
    x = np.arange(1.0, n + 1, dtype=np.float32).reshape(1, n, 1, 1)
    kernel = np.random.default_rng(n * 31 + k).standard_normal((k, 1, 1, 1)).astype(np.float32)
    padded = np.pad(x, ((0, 0), (before, after), (0, 0), (0, 0)))
    same = tf().nn.conv2d(x, kernel, (1, s, 1, 1), padding.upper(), dilations=(1, d, 1, 1)).numpy()
    explicit = tf().nn.conv2d(padded, kernel, (1, s, 1, 1), "VALID", dilations=(1, d, 1, 1)).numpy()
    np.testing.assert_allclose(same, explicit, rtol=1e-6, atol=1e-6)
    assert geometry.pair(3) == (3, 3) and geometry.pair([2, 5]) == (2, 5)


def test_compare_structures():
    e = (np.ones(2), None, [1, 2], {"loss": [0.5]})
    assert compare((np.ones(2), None, [1, 2], {"loss": [0.5]}), e).passed
    assert compare([np.ones(2), None, [1, 2], {"loss": [0.5]}], e).passed  # a list for a tuple is fine
    assert compare((np.ones(2), None, [1, 2]), e).problem == "length"
    assert compare((np.ones(2), None, [1, 3], {"loss": [0.5]}), e).problem == "exact"
    assert compare((np.ones(2), None, [1, 2], {"acc": [0.5]}), e).problem == "keys"
    assert compare((np.ones(2), None, [1, 2], {"loss": [0.6]}), e).problem == "values"


@pytest.mark.parametrize("got, expected, problem", [
    (np.array([True, False]), np.array([1, 0]), "kind"),  # a mask where counts are expected
    (np.array([1, 0]), np.array([True, False]), "kind"),
    (np.array([1.0, 0.0]), np.array([1, 0]), "kind"),
    (np.array([1, 0]), np.array([1.0, 0.0]), "dtype"),  # a float result keeps the inputs' float dtype
    (np.array([1.0], np.float32), np.array([1.0]), "dtype"),
    (True, 1, "kind"), (1, True, "kind"), (np.bool_(True), 1, "kind"), (np.int64(1), True, "kind"),
    (1.0, 1, "kind"), (np.float64(1.0), 1, "kind"),
])
def test_compare_refuses_a_value_of_another_kind(got, expected, problem):
    v = compare(got, expected)
    assert not v.passed and v.problem == problem, v
    assert all("{" not in t(v.problem, lang, where=v.where, **v.details) for lang in ("en", "ko"))


def test_compare_scalar_kinds_that_do_match():
    assert compare(3, 3).passed and compare(np.int64(3), 3).passed
    assert compare(True, True).passed and compare(np.bool_(False), False).passed
    assert compare(2, 2.0).passed and compare(np.float32(0.5), 0.5).passed  # a whole number is a fine float
    assert compare(True, 1.0).problem == "type"
    assert compare(4, 3).problem == "exact" and compare(False, True).problem == "exact"


# ---------------------------------------------------------------- hidden files
def test_hidden_file_round_trip_and_refusals(tmp_path):
    f = tmp_path / "h.json"
    h = hidden.new(f, rounds=2, exercises=["activations"])
    assert hidden.load(f) == h and h.applies_to("activations.relu") and not h.applies_to("dense.dense")
    assert oct(f.stat().st_mode & 0o777) == "0o600"
    with pytest.raises(FileExistsError):
        hidden.new(f)
    (tmp_path / "bad.json").write_text('{"seed": "x"}')
    with pytest.raises(ValueError):
        hidden.load(tmp_path / "bad.json")


# ---------------------------------------------------------------- the check command
def _dlkata(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "dlkata.cli", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=600)


def test_check_on_stubs_fails_readably_and_on_references_passes():
    r = _dlkata("check", "activations")
    assert r.returncode == 1, r.stdout + r.stderr
    assert "not implemented yet" in r.stdout and "0/10 points" in r.stdout
    r = _dlkata("check", "activations", "--lang", "ko")
    assert r.returncode == 1 and "아직 구현되지 않았습니다" in r.stdout
    r = _dlkata("check", "--solutions", "activations")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "10/10 points" in r.stdout


def test_check_usage_errors_exit_2():
    assert _dlkata("check", "no_such_topic").returncode == 2
    assert _dlkata("check", "activations.no_such_fn").returncode == 2
    assert _dlkata("check", "--path", str(EXERCISES), "--solutions").returncode == 2


def test_check_reports_per_exercise_and_goes_on(tmp_path):
    work = tmp_path / "mine"
    shutil.copytree(SOLUTIONS, work, ignore=shutil.ignore_patterns("__pycache__"))
    src = (work / "activations.py").read_text()
    src = src.replace("return np.tanh(x)\n", "return np.full_like(x, np.nan)\n", 1)
    src = src.replace("def relu_backward(", "def relu_backward_renamed(", 1)
    (work / "activations.py").write_text(src)
    r = _dlkata("check", "activations", "--path", str(work))
    assert r.returncode == 1
    out = r.stdout
    assert "has no function relu_backward()" in out
    assert "inf/NaN" in out
    assert "✓ sigmoid" in out and "✓ softmax_backward" in out
    (work / "activations.py").write_text("def relu(:\n")
    r = _dlkata("check", "activations", "--path", str(work))
    assert r.returncode == 1 and "SyntaxError" in r.stdout


def test_sync_check_passes_on_the_committed_tree():
    r = _dlkata("sync", "--check")
    assert r.returncode == 0, r.stdout


def test_list_shows_stubs():
    r = _dlkata("list")
    assert r.returncode == 0 and "stub" in r.stdout and "relu" in r.stdout
