"""Convolution topic: bad input, properties against TensorFlow, the border and flipped-kernel diagnoses."""

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
from dlkata.autograder.registry.convolution.cases import layout
from dlkata.autograder.report import report
from dlkata.autograder.tfbridge import to_numpy
from dlkata.solutions import convolution as C

from .helpers import results, wrong_submission
from .strategies import float_dtypes, seeds

F32 = np.float32


def _xkb(h=6, w=5, c=3, f=4, kh=3, kw=3, dt=F32):
    rng = np.random.default_rng(0)
    return (rng.standard_normal((2, h, w, c)).astype(dt), rng.standard_normal((kh, kw, c, f)).astype(dt),
            rng.standard_normal(f).astype(dt))


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("fn", [ex.name for ex in registry.topic("convolution").exercises
                                if ex.name.startswith("conv2d") and "x" in inspect.signature(getattr(C, ex.name)).parameters])
def test_bad_conv2d_arguments_name_the_argument(fn):
    x, k, b = _xkb()

    def call(x, k, b=None, **kw):
        if fn == "conv2d":
            return C.conv2d(x, k, b, **kw)
        return C.conv2d_backward(np.zeros((2, 4, 3, 4), F32), x, k, b, **kw)

    with pytest.raises(ValueError, match=r"kernel has 2 input channels.*x has 3 channels"):
        call(x, k[:, :, :2], b)
    with pytest.raises(ValueError, match=r"x must have rank 4.*\(6, 5, 3\)"):
        call(x[0], k, b)
    with pytest.raises(ValueError, match=r"kernel must have rank 4"):
        call(x, k[0], b)
    with pytest.raises(ValueError, match=r"strides must be >= 1"):
        call(x, k, b, strides=0)
    with pytest.raises(ValueError, match=r"strides must be an int or a tuple of 2"):
        call(x, k, b, strides=(1, 2, 3))
    with pytest.raises(ValueError, match=r"padding must be one of 'valid', 'same', got 'full'"):
        call(x, k, b, padding="full")
    with pytest.raises(ValueError, match=r"padding must be one of"):
        call(x, k, b, padding="causal")
    with pytest.raises(ValueError, match=r"strides > 1 and dilation_rate > 1"):
        call(x, k, b, strides=2, dilation_rate=(1, 2))
    with pytest.raises(ValueError, match=r"dilation_rate must be >= 1"):
        call(x, k, b, dilation_rate=0)
    with pytest.raises(ValueError, match=r"bias must have shape \(filters,\) = \(4,\).*\(3,\)"):
        call(x, k, b[:3])
    with pytest.raises(ValueError, match=r"kernel \(dilated\) spans \(7, 7\) but x is only \(6, 5\)"):
        call(x, k, b, dilation_rate=3)


def test_kernel_larger_than_the_input_is_refused_with_valid_only():
    x, k, b = _xkb(h=2, w=2)
    with pytest.raises(ValueError, match=r"kernel \(dilated\) spans \(3, 3\) but x is only \(2, 2\)"):
        C.conv2d(x, k, b)
    assert C.conv2d(x, k, b, padding="same").shape == (2, 2, 2, 4)


def test_backward_checks_dout_and_returns_no_dbias_without_bias():
    x, k, b = _xkb()
    with pytest.raises(ValueError, match=r"dout must have the shape of conv2d's output \(2, 4, 3, 4\)"):
        C.conv2d_backward(np.zeros((2, 5, 3, 4), F32), x, k, b)
    with pytest.raises(ValueError, match=r"dout must have shape .* filters 4"):
        C.conv2d_backward(np.zeros((2, 4, 3, 5), F32), x, k, b)
    x0, k0 = x.copy(), k.copy()
    dx, dk, db = C.conv2d_backward(np.ones((2, 4, 3, 4), F32), x, k)
    assert db is None and dx.shape == x.shape and dk.shape == k.shape and dx.dtype == F32
    np.testing.assert_array_equal(x, x0)
    np.testing.assert_array_equal(k, k0)


def test_output_shape_and_conv1d_refuse_bad_input():
    with pytest.raises(ValueError, match=r"input_shape must have 4 entries"):
        C.conv2d_output_shape((5, 5, 3), (3, 3, 3, 4))
    with pytest.raises(ValueError, match=r"kernel_shape \(3, 3, 2, 4\) has 2 input channels"):
        C.conv2d_output_shape((1, 5, 5, 3), (3, 3, 2, 4))
    with pytest.raises(ValueError, match=r"strides must be >= 1"):
        C.conv2d_output_shape((1, 5, 5, 3), (3, 3, 3, 4), strides=(1, 0))
    with pytest.raises(ValueError, match=r"padding must be one of"):
        C.conv2d_output_shape((1, 5, 5, 3), (3, 3, 3, 4), padding="SAMEISH")
    x = np.zeros((2, 7, 3), F32)
    with pytest.raises(ValueError, match=r"x must have rank 3"):
        C.conv1d(x[None], np.zeros((3, 3, 2), F32))
    with pytest.raises(ValueError, match=r"kernel has 2 input channels"):
        C.conv1d(x, np.zeros((3, 2, 2), F32))
    with pytest.raises(ValueError, match=r"strides must be >= 1"):
        C.conv1d(x, np.zeros((3, 3, 2), F32), strides=0)
    assert C.conv1d(x, np.zeros((3, 3, 2), F32), padding="causal").shape == (2, 7, 2)


def test_output_shape_returns_python_ints():
    shape = C.conv2d_output_shape(np.array([2, 9, 7, 3]), (4, 2, 3, 5), strides=(3, 2), padding="same")
    assert shape == (2, 3, 4, 5) and all(type(n) is int for n in shape)


# ---------------------------------------------------------------- properties against TensorFlow

_geometry = st.tuples(
    float_dtypes,
    st.integers(1, 3), st.integers(1, 9), st.integers(1, 9), st.integers(1, 3), st.integers(1, 4),  # b h w c f
    st.integers(1, 4), st.integers(1, 4),  # kh kw
    st.sampled_from(["valid", "same"]),
    st.one_of(st.tuples(st.integers(1, 4), st.integers(1, 4)), st.tuples(st.just(1), st.just(1))),  # strides
    st.one_of(st.tuples(st.just(1), st.just(1)), st.tuples(st.integers(1, 3), st.integers(1, 3))),  # dilation
    st.booleans(), seeds)


@settings(max_examples=30, deadline=None)
@given(_geometry)
def test_conv2d_and_backward_match_tensorflow(g):
    dt, b, h, w, c, f, kh, kw, padding, strides, dilation, use_bias, seed = g
    assume(not (max(strides) > 1 and max(dilation) > 1))
    if padding == "valid":
        assume(h >= dilation[0] * (kh - 1) + 1 and w >= dilation[1] * (kw - 1) + 1)
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((b, h, w, c)).astype(dt)
    k = rng.standard_normal((kh, kw, c, f)).astype(dt)
    bias = rng.standard_normal(f).astype(dt) if use_bias else None
    kwargs = {"strides": strides, "padding": padding, "dilation_rate": dilation}
    expected = to_numpy(registry.get("convolution.conv2d").oracle(x, k, bias, **kwargs))
    assert C.conv2d_output_shape(x.shape, k.shape, **kwargs) == expected.shape
    v = compare(C.conv2d(x, k, bias, **kwargs), expected, kh * kw * c + 1)
    assert v.passed, v
    dout = rng.standard_normal(expected.shape).astype(dt)
    got = C.conv2d_backward(dout, x, k, bias, **kwargs)
    want = to_numpy(registry.get("convolution.conv2d_backward").oracle(dout, x, k, bias, **kwargs))
    v = compare(got, want, max(kh * kw * f, b * expected.shape[1] * expected.shape[2]), names=("dx", "dkernel", "dbias"))
    assert v.passed, v


@settings(max_examples=15, deadline=None)
@given(float_dtypes, st.integers(1, 12), st.integers(1, 4), st.integers(1, 3),
       st.sampled_from(["valid", "same", "causal"]), st.integers(1, 3), st.integers(1, 3), seeds)
def test_conv1d_matches_keras(dt, steps, k, c, padding, stride, dilation, seed):
    assume(not (stride > 1 and dilation > 1))
    if padding == "valid":
        assume(steps >= dilation * (k - 1) + 1)
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((2, steps, c)).astype(dt)
    kernel = rng.standard_normal((k, c, 3)).astype(dt)
    bias = rng.standard_normal(3).astype(dt)
    kwargs = {"strides": stride, "padding": padding, "dilation_rate": dilation}
    v = compare(C.conv1d(x, kernel, bias, **kwargs), to_numpy(registry.get("convolution.conv1d").oracle(x, kernel, bias, **kwargs)), k * c + 1)
    assert v.passed, v


def test_causal_output_depends_only_on_the_past():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((1, 10, 2)).astype(np.float64)
    k = rng.standard_normal((3, 2, 2))
    y = C.conv1d(x, k, padding="causal", dilation_rate=2)
    x2 = x.copy()
    x2[:, 6:] += 1.0
    y2 = C.conv1d(x2, k, padding="causal", dilation_rate=2)
    np.testing.assert_array_equal(y[:, :6], y2[:, :6])
    assert not np.allclose(y[:, 6:], y2[:, 6:])


# ---------------------------------------------------------------- diagnoses


#: A plain-loop student answer, written into the reference module in place of conv2d's body, with two
#: switches: flip the kernel, and put the odd 'same' row/column top/left.
_NAIVE = '''    kh, kw, _, nf = kernel.shape
    if {flip}:
        kernel = kernel[::-1, ::-1]
    oh, top, bottom = _geometry(x.shape[1], kh, strides[0], dilation[0], padding)
    ow, left, right = _geometry(x.shape[2], kw, strides[1], dilation[1], padding)
    if {swap}:
        top, bottom, left, right = bottom, top, right, left
    xp = np.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0)))
    y = np.zeros((x.shape[0], oh, ow, nf), x.dtype)
    for i in range(oh):
        for j in range(ow):
            for a in range(kh):
                for b in range(kw):
                    y[:, i, j] += xp[:, i * strides[0] + a * dilation[0], j * strides[1] + b * dilation[1]] @ kernel[a, b]
    return y if bias is None else y + bias
'''


def _conv2d_body():
    src = (SOLUTIONS / "convolution.py").read_text(encoding="utf-8")
    start = src.index("    ### BEGIN SOLUTION\n", src.index("def conv2d(")) + len("    ### BEGIN SOLUTION\n")
    return src[start:src.index("    ### END SOLUTION", start)]


def _conv2d_failures(tmp_path, flip, swap):
    directory = wrong_submission(tmp_path, "convolution", [(_conv2d_body(), _NAIVE.format(flip=flip, swap=swap))])
    [result] = results(["convolution.conv2d"], directory)
    return result


def test_the_naive_loop_answer_passes(tmp_path):
    result = _conv2d_failures(tmp_path, False, False)
    assert result.passed, "\n".join(c.message for c in result.failures)


def test_flipped_kernel_is_diagnosed(tmp_path):
    failures = _conv2d_failures(tmp_path, True, False).failures
    assert failures and all(t("diag_flipped") in c.message for c in failures), failures[0].message
    assert "1x1 kernel" not in " ".join(c.case for c in failures)  # a 1x1 kernel flips into itself


def test_extra_padding_on_the_wrong_side_is_diagnosed(tmp_path):
    failures = _conv2d_failures(tmp_path, False, True).failures
    names = {c.case for c in failures}
    assert "float32 4x4 same, odd total" in names and "float32 3x3 valid" not in names
    assert all(t("diag_padding_side") in c.message for c in failures), [c.message for c in failures]
    assert not any(t("diag_flipped") in c.message or t("diag_border") in c.message for c in failures)


def test_korean_hint_uses_the_course_terms(tmp_path):
    msg = report(_conv2d_failures(tmp_path, True, False).failures[0], lang="ko")
    assert "합성곱" in msg and "패딩" in msg and "커널을 뒤집은" in msg


def _backward_case(padding="same", k=(4, 4)):
    x, kernel, b = _xkb(h=10, w=9, kh=k[0], kw=k[1], dt=np.float64)
    kw = {"padding": padding}
    (oh, _, _), (ow, _, _), _, _, _ = layout(x.shape, kernel.shape, kw)
    dout = np.random.default_rng(3).standard_normal((2, oh, ow, 4))
    case = Case("t", (dout, x, kernel, b), kw, terms=max(16 * 4, 2 * oh * ow))
    return case, C.conv2d_backward(dout, x, kernel, b, **kw)


def _keys(case, got, expected):
    ex = registry.get("convolution.conv2d_backward")
    return [k for k, _ in diagnose.diagnoses(ex, case, got, expected)]


def test_backward_diagnoses_flipped_dkernel_and_dx():
    case, (dx, dk, db) = _backward_case()
    assert _keys(case, (dx, dk[::-1, ::-1].copy(), db), (dx, dk, db)) == ["diag_dkernel_flipped"]
    dx_flip = C.conv2d_backward(*case.args[:2], case.args[2][::-1, ::-1].copy(), case.args[3], **case.kwargs)[0]
    assert _keys(case, (dx_flip, dk, db), (dx, dk, db)) == ["diag_dx_kernel_not_rotated"]


def test_backward_diagnoses_a_wrong_border():
    case, (dx, dk, db) = _backward_case()
    wrong = dx.copy()
    wrong[:, 0] += 1.0
    assert _keys(case, (wrong, dk, db), (dx, dk, db)) == ["diag_border"]
    wrong = dx.copy()
    wrong[:, 5, 4] += 1.0  # the middle: not a padding problem
    assert "diag_border" not in _keys(case, (wrong, dk, db), (dx, dk, db))


def test_the_oracle_computes_the_definition_where_onednn_does_not():
    """One input channel, one output column, 'same' with a width stride: TF 2.21's oneDNN kernel
    returns a row of zeros here; the oracle runs TensorFlow's reference kernels and must not."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 2, 2, 1)).astype(F32)
    k = rng.standard_normal((1, 3, 1, 3)).astype(F32)
    expected = np.zeros((3, 2, 1, 3))
    for c in range(2):  # width 2, kernel 3, stride 3, 'same': pads (0, 1); the one window reads columns 0 and 1
        expected[:, :, 0, :] += x[:, :, c, 0, None].astype(np.float64) * k[0, c, 0]
    oracle = registry.get("convolution.conv2d").oracle
    got = to_numpy(oracle(x, k, strides=(1, 3), padding="same"))
    assert compare(got, expected.astype(F32), terms=3).passed
    assert compare(C.conv2d(x, k, strides=(1, 3), padding="same"), expected.astype(F32), terms=3).passed
