"""Dense topic: bad input, properties against Keras, the transposed-kernel diagnosis."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlkata.autograder import registry
from dlkata.autograder.compare import compare
from dlkata.autograder.messages import t
from dlkata.autograder.tfbridge import to_numpy
from dlkata.autograder.tolerances import input_scale
from dlkata.solutions import dense as D

from .helpers import failing_cases, wrong_submission
from .strategies import float_dtypes, seeds

F32 = np.float32


def _xkb(b=3, i=4, u=5, dt=F32):
    rng = np.random.default_rng(0)
    return (rng.standard_normal((b, i)).astype(dt), rng.standard_normal((i, u)).astype(dt),
            rng.standard_normal(u).astype(dt))


@pytest.mark.parametrize("fn", [ex.name for ex in registry.topic("dense").exercises])
def test_bad_shapes_name_the_argument(fn):
    x, k, b = _xkb()

    def call(x, k, b=None, act=None):
        if fn == "dense":
            return D.dense(x, k, b, act)
        return D.dense_backward(np.zeros(x.shape[:-1] + (k.shape[-1],), F32), x, k, b, act)

    with pytest.raises(ValueError, match=r"kernel must have rank 2.*\(4, 5, 1\)"):
        call(x, k[..., None], b)
    with pytest.raises(ValueError, match=r"x has shape \(3, 3\).*kernel has shape \(4, 5\)"):
        call(x[:, :3], k, b)
    with pytest.raises(ValueError, match=r"bias has shape \(4,\).*\(5,\)"):
        call(x, k, b[:4])
    with pytest.raises(ValueError, match="activation='gelu'"):
        call(x, k, b, "gelu")
    with pytest.raises(ValueError, match="x must have rank"):
        call(x[0], k, b)


def test_dout_shape_is_checked():
    x, k, b = _xkb()
    with pytest.raises(ValueError, match=r"dout has shape \(3, 4\).*\(3, 5\)"):
        D.dense_backward(np.zeros((3, 4), F32), x, k, b)


def test_no_bias_gives_no_dbias_and_inputs_stay_untouched():
    x, k, _ = _xkb()
    x0, k0 = x.copy(), k.copy()
    dx, dk, db = D.dense_backward(np.ones((3, 5), F32), x, k, None, "tanh")
    assert db is None and dx.shape == x.shape and dk.shape == k.shape
    np.testing.assert_array_equal(x, x0)
    np.testing.assert_array_equal(k, k0)


@settings(max_examples=25, deadline=None)
@given(float_dtypes, st.lists(st.integers(1, 4), min_size=1, max_size=3),
       st.integers(1, 6), st.integers(1, 6), st.booleans(),
       st.sampled_from([None, "linear", "relu", "sigmoid", "tanh", "softmax"]), seeds)
def test_forward_and_backward_match_keras(dt, lead, i, u, use_bias, act, seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((*lead, i)).astype(dt)
    k = rng.standard_normal((i, u)).astype(dt)
    b = rng.standard_normal(u).astype(dt) if use_bias else None
    dout = rng.standard_normal((*lead, u)).astype(dt)
    terms = max(i + 1, u, int(np.prod(lead)))
    v = compare(D.dense(x, k, b, act), to_numpy(registry.get("dense.dense").oracle(x, k, b, act)), terms)
    assert v.passed, v
    # the same floor as the registry's backward cases: each gradient is a sum of |dout| * |x or kernel| terms
    # (softmax over one unit has an exactly-zero gradient, which TensorFlow gives as rounding noise)
    floor = input_scale(dout) * max(1.0, input_scale(x, k))
    v = compare(D.dense_backward(dout, x, k, b, act),
                to_numpy(registry.get("dense.dense_backward").oracle(dout, x, k, b, act)), terms,
                names=("dx", "dkernel", "dbias"), floor=floor)
    assert v.passed, v


def test_transposed_kernel_is_diagnosed(tmp_path):
    old = "    z = x @ kernel\n    if bias is not None:\n        z = z + bias\n    if activation is None or " \
          "activation == \"linear\":\n        return z"  # the forward only
    directory = wrong_submission(tmp_path, "dense", [(old, old.replace("x @ kernel", "x @ kernel.T"))])
    failures = failing_cases("dense.dense", directory)
    square = [c for c in failures if "square" in c.case]
    assert square and all(t("diag_kernel_transposed") in c.message for c in square)
    assert not any(t("diag_kernel_transposed") in c.message for c in failures if "square" not in c.case)


def test_dx_with_untransposed_kernel_is_diagnosed(tmp_path):
    directory = wrong_submission(tmp_path, "dense", [("    dx = dz @ kernel.T\n", "    dx = dz @ kernel\n")])
    square = [c for c in failing_cases("dense.dense_backward", directory) if "square" in c.case]
    assert square and all(t("diag_kernel_transposed") in c.message for c in square)
