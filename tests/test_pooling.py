"""Pooling topic: bad input, properties against TensorFlow, tie routing, and the pooling diagnoses."""

import inspect

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from dlkata.autograder import diagnose, registry
from dlkata.autograder.cases import Case
from dlkata.autograder.compare import compare
from dlkata.autograder.messages import t
from dlkata.autograder.paths import SOLUTIONS
from dlkata.autograder.registry.pooling.cases import terms
from dlkata.autograder.registry.pooling.diagnoses import avg_counting_padding
from dlkata.autograder.registry.pooling.windows import out_shape
from dlkata.autograder.tfbridge import to_numpy
from dlkata.solutions import pooling as P

from .helpers import results, wrong_submission
from .strategies import float_dtypes, seeds

F32 = np.float32
#: The registry's windowed pools (those taking pool_size), forward ones and their gradients.
WINDOWED = [ex.name for ex in registry.topic("pooling").exercises
            if "pool_size" in inspect.signature(getattr(P, ex.name)).parameters]
FORWARD = [n for n in WINDOWED if not n.endswith("_backward")]


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("name", WINDOWED)
def test_bad_pool_arguments_name_the_argument(name):
    x = np.zeros((2, 5, 4, 3), F32)
    fn = getattr(P, name)

    def call(x, **kw):
        if name.endswith("backward"):
            return fn(np.zeros((2, 2, 2, 3), F32), x, **kw)
        return fn(x, **kw)

    with pytest.raises(ValueError, match=r"x must have rank 4.*\(5, 4, 3\)"):
        call(x[0])
    with pytest.raises(ValueError, match=r"pool_size spans \(6, 2\) but x is only \(5, 4\) with padding='valid'"):
        call(x, pool_size=(6, 2))
    with pytest.raises(ValueError, match=r"strides must be >= 1"):
        call(x, strides=0)
    with pytest.raises(ValueError, match=r"pool_size must be >= 1"):
        call(x, pool_size=0)
    with pytest.raises(ValueError, match=r"pool_size must be an int or a tuple of 2 ints"):
        call(x, pool_size=2.5)
    with pytest.raises(ValueError, match=r"padding must be one of 'valid', 'same', got 'full'"):
        call(x, padding="full")
    with pytest.raises(ValueError, match=r"x must be a float32 or float64 array"):
        call(x.astype(np.int32))


def test_pool_larger_than_the_input_is_fine_with_same():
    x = np.arange(9, dtype=F32).reshape(1, 3, 3, 1)
    assert P.max_pool2d(x, 4, 1, "same").shape == (1, 3, 3, 1)


def test_backward_checks_dout():
    x = np.zeros((2, 5, 4, 3), F32)
    with pytest.raises(ValueError, match=r"dout must have the pooled shape \(2, 2, 2, 3\)"):
        P.max_pool2d_backward(np.zeros((2, 3, 2, 3), F32), x)
    with pytest.raises(ValueError, match=r"dout must have shape .* channels 3"):
        P.average_pool2d_backward(np.zeros((2, 2, 2, 4), F32), x)


def test_global_pools_and_flatten_refuse_bad_input():
    with pytest.raises(ValueError, match=r"x must have rank 4"):
        P.global_average_pool2d(np.zeros((2, 3, 4), F32))
    with pytest.raises(ValueError, match=r"x must have rank 4"):
        P.global_max_pool2d(np.zeros((2, 3, 4, 5, 6), F32))
    with pytest.raises(ValueError, match=r"x must have a batch axis"):
        P.flatten(np.float32(3.0))


def test_same_average_divides_by_real_elements_keras_example():
    x = np.arange(1, 10, dtype=np.float64).reshape(1, 3, 3, 1)  # KERAS_SEMANTICS §5
    np.testing.assert_allclose(P.average_pool2d(x, 2, 2, "same").ravel(), [3, 4.5, 7.5, 9])


# ---------------------------------------------------------------- properties against TensorFlow


@settings(max_examples=30, deadline=None)
@given(float_dtypes, st.sampled_from(FORWARD),
       st.integers(1, 3), st.integers(1, 9), st.integers(1, 9), st.integers(1, 3),
       st.tuples(st.integers(1, 4), st.integers(1, 4)), st.one_of(st.none(), st.tuples(st.integers(1, 4), st.integers(1, 4))),
       st.sampled_from(["valid", "same"]), st.booleans(), seeds)
def test_pools_and_gradients_match_tensorflow(dt, name, b, h, w, c, pool, strides, padding, ties, seed):
    if padding == "valid":
        assume(h >= pool[0] and w >= pool[1])
    rng = np.random.default_rng(seed)
    x = (rng.integers(-1, 2, (b, h, w, c)) if ties else rng.standard_normal((b, h, w, c))).astype(dt)
    kw = {"pool_size": pool, "strides": strides, "padding": padding}
    average = name.startswith("average")
    expected = to_numpy(registry.get(f"pooling.{name}").oracle(x, **kw))
    v = compare(getattr(P, name)(x, **kw), expected, terms(kw, False, average))
    assert v.passed, v
    if f"{name}_backward" in WINDOWED:
        dout = rng.standard_normal(expected.shape).astype(dt)
        want = to_numpy(registry.get(f"pooling.{name}_backward").oracle(dout, x, **kw))
        v = compare(getattr(P, f"{name}_backward")(dout, x, **kw), want, terms(kw, True, average))
        assert v.passed, v


@settings(max_examples=10, deadline=None)
@given(float_dtypes, st.lists(st.integers(1, 5), min_size=4, max_size=4), seeds)
def test_global_pools_and_flatten_match_keras(dt, shape, seed):
    x = np.random.default_rng(seed).standard_normal(shape).astype(dt)
    for name in (ex.name for ex in registry.topic("pooling").exercises if ex.name not in WINDOWED):
        v = compare(getattr(P, name)(x), to_numpy(registry.get(f"pooling.{name}").oracle(x)), shape[1] * shape[2])
        assert v.passed, (name, v)


def test_max_gradient_goes_to_the_first_maximum_once_per_window():
    x = np.array([[1, 1, 0, 2], [1, 1, 2, 2], [3, 0, 0, 0], [0, 3, 0, 0]], F32).reshape(1, 4, 4, 1)
    dout = np.arange(1, 10, dtype=F32).reshape(1, 3, 3, 1)
    want = to_numpy(registry.get("pooling.max_pool2d_backward").oracle(dout, x, pool_size=2, strides=1))
    np.testing.assert_array_equal(P.max_pool2d_backward(dout, x, 2, 1), want)
    # each window's value goes to exactly one input
    assert P.max_pool2d_backward(dout, x, 2, 1).sum() == dout.sum()


# ---------------------------------------------------------------- diagnoses


#: Plain-loop student answers with typical mistakes, written into the reference module: zero padding for
#: max pooling, average dividing by the full window, and a max gradient shared by every tied maximum.
_NAIVE_WINDOWS = (
    "@njit(cache=True, parallel=True)\ndef _pool_forward(", '''def _naive_windows(x, pool, strides, top, left, oh, ow, fill):
    """Every window of x padded with ``fill``, and the padded x (generous bottom/right padding)."""
    xp = np.pad(x, ((0, 0), (top, pool[0]), (left, pool[1]), (0, 0)), constant_values=fill)
    for i in range(oh):
        for j in range(ow):
            r, c = slice(i * strides[0], i * strides[0] + pool[0]), slice(j * strides[1], j * strides[1] + pool[1])
            yield i, j, r, c, xp


@njit(cache=True, parallel=True)
def _pool_forward(''')
_NAIVE_FORWARD = '''    oh, ow, top, left = _layout(x, pool, strides, padding)
    out = np.zeros((x.shape[0], oh, ow, x.shape[3]), x.dtype)
    for i, j, r, c, xp in _naive_windows(x, pool, strides, top, left, oh, ow, 0.0):
        out[:, i, j] = xp[:, r, c].{reduce}(axis=(1, 2))
    return out
'''
_NAIVE_MAX_BACKWARD = '''    oh, ow, top, left = _layout(x, pool, strides, padding, dout)
    dxp = None
    for i, j, r, c, xp in _naive_windows(x, pool, strides, top, left, oh, ow, -np.inf):
        dxp = np.zeros(xp.shape, x.dtype) if dxp is None else dxp
        win = xp[:, r, c]
        at_max = win == win.max(axis=(1, 2), keepdims=True)
        dxp[:, r, c] += at_max * dout[:, i, j][:, None, None, :]
    return dxp[:, top:top + x.shape[1], left:left + x.shape[2]]
'''


def _body(name):
    """The solution body of ``name`` in the reference module."""
    src = (SOLUTIONS / "pooling.py").read_text(encoding="utf-8")
    head = src.index(f"def {name}(")
    start = src.index("    ### BEGIN SOLUTION\n", head) + len("    ### BEGIN SOLUTION\n")
    return src[start:src.index("    ### END SOLUTION", start)]


def _result(tmp_path, name):
    directory = wrong_submission(tmp_path, "pooling", [
        _NAIVE_WINDOWS,
        (_body("max_pool2d"), _NAIVE_FORWARD.format(reduce="max")),
        (_body("average_pool2d"), _NAIVE_FORWARD.format(reduce="mean")),
        (_body("max_pool2d_backward"), _NAIVE_MAX_BACKWARD),
    ])
    [result] = results([f"pooling.{name}"], directory)
    return result


def test_zero_padding_in_max_pooling_is_diagnosed(tmp_path):
    failures = _result(tmp_path, "max_pool2d").failures
    assert failures and all("same" in c.case for c in failures)
    assert all(t("diag_pool_zero_padding", kind="max", fill="-inf") in c.message for c in failures), \
        [c.message for c in failures]


def test_average_counting_the_padding_is_diagnosed(tmp_path):
    failures = _result(tmp_path, "average_pool2d").failures
    assert failures and all("same" in c.case for c in failures)
    assert all(t("diag_pool_padding") in c.message for c in failures), [c.message for c in failures]


def test_gradient_to_every_tied_maximum_is_diagnosed(tmp_path):
    failures = _result(tmp_path, "max_pool2d_backward").failures
    assert {c.case for c in failures} == {"float32 ties, 2x2", "float32 ties, overlapping 3x3 same",
                                          "float64 ties, 2x2", "float64 ties, overlapping 3x3 same"}
    assert all(t("diag_pool_ties") in c.message for c in failures), [c.message for c in failures]


def test_average_backward_counting_the_padding_is_diagnosed():
    x = np.random.default_rng(0).standard_normal((2, 6, 8, 2))
    kw = {"pool_size": 3, "strides": 2, "padding": "same"}
    dout = np.random.default_rng(1).standard_normal(out_shape(x.shape, kw))
    case = Case("t", (dout, x), kw, terms=4)
    expected = P.average_pool2d_backward(dout, x, **kw)
    wrong = avg_counting_padding(x, kw, dout)
    ex = registry.get("pooling.average_pool2d_backward")
    assert [k for k, _ in diagnose.diagnoses(ex, case, wrong, expected)] == ["diag_pool_padding"]
    assert diagnose.diagnoses(ex, case, expected, expected) == []
