"""Losses topic: bad input, properties against TensorFlow, teaching diagnoses."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlkata.autograder import registry
from dlkata.autograder.compare import compare
from dlkata.autograder.messages import t
from dlkata.autograder.registry.losses.cases import ctc_batch
from dlkata.autograder.registry.losses.oracles import ctc_tf
from dlkata.autograder.tfbridge import keras, tensor, tf
from dlkata.autograder.tolerances import input_scale
from dlkata.solutions import losses

from .helpers import failure_text, wrong_submission
from .strategies import float_dtypes, seeds

# ---------------------------------------------------------------- bad input

F32 = np.float32


def _registered(keep):
    """The losses of the registry whose name passes ``keep``, as reference functions."""
    names = [ex.name for ex in registry.topic("losses").exercises if keep(ex.name)]
    return pytest.mark.parametrize("fn", [getattr(losses, n) for n in names], ids=names)


@_registered(lambda n: not n.startswith(("sparse", "ctc")))  # y_true and y_pred of one shape
def test_shape_mismatch_names_both_arguments(fn):
    with pytest.raises(ValueError, match=r"y_true.*\(2, 3\).*y_pred.*\(2, 4\)"):
        fn(np.zeros((2, 3), F32), np.full((2, 4), 0.5, F32))


def test_integer_predictions_are_refused():
    with pytest.raises(ValueError, match="y_pred"):
        losses.binary_crossentropy(np.zeros((2, 3)), np.zeros((2, 3), np.int64))


@_registered(lambda n: n.startswith("sparse"))
def test_sparse_labels_are_checked(fn):
    p = np.full((3, 4), 0.25, F32)
    with pytest.raises(ValueError, match=r"y_true.*\(2,\).*\(3, 4\)"):
        fn(np.array([0, 1]), p)
    with pytest.raises(ValueError, match="y_true.*integer"):
        fn(np.array([0.0, 1.0, 2.0]), p)
    with pytest.raises(ValueError, match=r"y_true.*\[0, 4\].*4 classes"):
        fn(np.array([0, 1, 4]), p)
    # a trailing dim of 1 is squeezed, any int dtype
    a = fn(np.array([[0], [1], [3]], np.uint8), p)
    b = fn(np.array([0, 1, 3], np.int64), p)
    np.testing.assert_array_equal(a, b)


def test_from_logits_must_be_a_bool():
    with pytest.raises(ValueError, match="from_logits"):
        losses.categorical_crossentropy(np.eye(3, dtype=F32), np.eye(3, dtype=F32), from_logits="yes")


def test_inputs_are_not_modified():
    y = np.eye(3, dtype=F32)
    p = np.array([[0, 1, 0], [0.2, 0.3, 0.5], [2, 0, 0]], F32)
    y0, p0 = y.copy(), p.copy()
    for fn in (losses.categorical_crossentropy, losses.categorical_crossentropy_backward,
               losses.binary_crossentropy_backward):
        fn(y, p)
    np.testing.assert_array_equal(y, y0)
    np.testing.assert_array_equal(p, p0)


# ---------------------------------------------------------------- properties against TensorFlow


def _grad_of_mean(fn, y, p, **kw):
    pv = tf().Variable(p)
    with tf().GradientTape() as tape:
        loss = tf().reduce_mean(fn(tensor(y), pv, **kw))
    return tape.gradient(loss, pv).numpy()


@st.composite
def _prob_batch(draw):
    dt = draw(float_dtypes)
    b, c = draw(st.integers(1, 5)), draw(st.integers(2, 6))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    p = rng.uniform(0, 1, (b, c))
    # some exact zeros and ones, sometimes unnormalised rows
    p[rng.uniform(size=p.shape) < 0.15] = 0.0
    p[rng.uniform(size=p.shape) < 0.1] = 1.0
    p[:, 0] += 1e-3  # no all-zero row (0/0 in the renormalisation)
    if draw(st.booleans()):
        p = p / p.sum(axis=-1, keepdims=True)
    ids = rng.integers(0, c, b)
    return dt, p.astype(dt), ids, rng


@settings(max_examples=25, deadline=None)
@given(_prob_batch())
def test_crossentropies_match_tensorflow(data):
    dt, p, ids, rng = data
    c = p.shape[-1]
    onehot = np.eye(c, dtype=dt)[ids]
    soft = rng.uniform(0, 1, p.shape).astype(dt)
    pairs = [
        ("binary_crossentropy", soft, {}),
        ("categorical_crossentropy", onehot, {}),
        ("sparse_categorical_crossentropy", ids.astype(np.int32), {}),
    ]
    for name, y, kw in pairs:
        ref = getattr(keras().losses, name)
        got = getattr(losses, name)(y, p, **kw)
        v = compare(got, ref(tensor(y), tensor(p), **kw).numpy(), terms=c)
        assert v.passed, (name, v)
        got = getattr(losses, name + "_backward")(y, p, **kw)
        v = compare(got, _grad_of_mean(ref, y, p, **kw), terms=c)
        assert v.passed, (name + "_backward", v)


@settings(max_examples=20, deadline=None)
@given(float_dtypes, st.integers(1, 4), st.integers(2, 6), seeds,
       st.sampled_from([1.0, 10.0, 1e4]))
def test_logit_paths_match_tensorflow(dt, b, c, seed, scale):
    rng = np.random.default_rng(seed)
    z = (rng.standard_normal((b, c)) * scale).astype(dt)
    ids = rng.integers(0, c, b)
    for name, y in [("binary_crossentropy", rng.uniform(0, 1, (b, c)).astype(dt)),
                    ("categorical_crossentropy", np.eye(c, dtype=dt)[ids]),
                    ("sparse_categorical_crossentropy", ids)]:
        ref = getattr(keras().losses, name)
        v = compare(getattr(losses, name)(y, z, from_logits=True),
                    ref(tensor(y), tensor(z), from_logits=True).numpy(), terms=c)
        assert v.passed, (name, v)
        v = compare(getattr(losses, name + "_backward")(y, z, from_logits=True),
                    _grad_of_mean(ref, y, z, from_logits=True), terms=c)
        assert v.passed, (name + "_backward", v)


def test_clipped_probabilities_get_zero_gradient():
    y = np.array([[0, 1, 1, 0]], F32)
    p = np.array([[0, 1, 0.5, 0.5]], F32)
    g = losses.binary_crossentropy_backward(y, p)
    assert g[0, 0] == 0 and g[0, 1] == 0 and g[0, 2] != 0


# ---------------------------------------------------------------- teaching diagnoses


@pytest.mark.parametrize("exercise,old,new,key", [
    ("losses.binary_crossentropy", "        p, _ = _clip(y_pred)\n        per =", "        p = y_pred\n        per =",
     "diag_no_clip"),
    ("losses.binary_crossentropy", "per = -(y_true * np.log(p) + (1 - y_true) * np.log(1 - p))",
     "per = -(y_true * np.log(p + 1e-7) + (1 - y_true) * np.log(1 - p + 1e-7))", "diag_eps_added"),
    ("losses.binary_crossentropy_backward", "g = np.where(inside, -(y_true / p) + (1 - y_true) / (1 - p), 0)",
     "g = -(y_true / y_pred) + (1 - y_true) / (1 - y_pred)", "diag_no_clip"),
    ("losses.categorical_crossentropy", "q, _ = _clip(y_pred / y_pred.sum(axis=-1, keepdims=True))",
     "q, _ = _clip(y_pred)", "diag_no_normalize"),
    ("losses.categorical_crossentropy", "q, _ = _clip(y_pred / y_pred.sum(axis=-1, keepdims=True))",
     "q = y_pred / y_pred.sum(axis=-1, keepdims=True)", "diag_no_clip"),
    ("losses.sparse_categorical_crossentropy", "    logp, _ = _log_softmax(z)\n",
     "    logp = _log_softmax(z)[0] if from_logits else z\n", "diag_sparse_order"),
    ("losses.ctc_loss", "            lse = m + math.log(total)\n", "            lse = 0.0 * m\n",
     "diag_ctc_log_softmax"),
    ("losses.ctc_loss", "if s >= 2 and ext[s] != blank and ext[s] != ext[s - 2]:", "if s >= 2 and ext[s] != blank:",
     "diag_ctc_repeats"),
    ("losses.ctc_loss_backward", "grad[b, t, k] = math.exp(logp[t, k])", "grad[b, t, k] = 0.0",
     "diag_ctc_softmax_term"),
])
def test_diagnosis_fires(tmp_path, exercise, old, new, key):
    directory = wrong_submission(tmp_path, "losses", [(old, new)])
    text = failure_text(exercise, directory)
    assert t(key) in text, text


def test_batch_sum_instead_of_mean_is_diagnosed_as_scaled(tmp_path):
    directory = wrong_submission(tmp_path, "losses", [
        ("    return (2 * (y_pred - y_true) / y_pred.size)", "    return (2 * (y_pred - y_true) / y_pred.shape[-1])")])
    text = failure_text("losses.mean_squared_error_backward", directory)
    assert "a missing or extra mean/sum over the batch" in text, text


# ---------------------------------------------------------------- CTC


def _ctc_inputs(rng, batch=3, frames=6, classes=5, max_len=3, blank=0, dtype=np.float32):
    return ctc_batch(rng, dtype, batch, frames, classes, max_len, blank, repeats=bool(rng.integers(2)))


@_registered(lambda n: n.startswith("ctc"))
def test_ctc_bad_input_names_the_argument(fn):
    labels, logits, ll, tl = _ctc_inputs(np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"logits must have rank 3.*\(3, 6\)"):
        fn(labels, logits[:, :, 0], ll, tl)
    with pytest.raises(ValueError, match=r"labels has shape \(2, 3\).*\(3, 6, 5\)"):
        fn(labels[:2], logits, ll, tl)
    with pytest.raises(ValueError, match="labels must hold integer"):
        fn(labels.astype(np.float32), logits, ll, tl)
    with pytest.raises(ValueError, match=r"label_length must lie in \[1, 3\]"):
        fn(labels, logits, np.array([0, 1, 1]), tl)
    with pytest.raises(ValueError, match=r"logit_length must lie in \[1, 6\]"):
        fn(labels, logits, ll, np.array([7, 6, 6]))
    with pytest.raises(ValueError, match="logit_length must be 3 integers"):
        fn(labels, logits, ll, tl[:2])
    with pytest.raises(ValueError, match=r"blank_index=5"):
        fn(labels, logits, ll, tl, blank_index=5)
    bad = labels.copy()
    bad[1, 0] = 0
    with pytest.raises(ValueError, match=r"labels\[1, :\d\].*other than the blank \(0\)"):
        fn(bad, logits, ll, tl)
    with pytest.raises(ValueError, match=r"labels\[1, :\d\].*other than the blank \(4\)"):
        fn(np.where(bad == 0, 4, bad), logits, ll, tl, blank_index=-1)


def _tf_ctc(labels, logits, ll, tl, blank, dense=False):
    z = tf().Variable(logits)
    with tf().GradientTape() as tape:
        if dense:
            loss = tf().nn.ctc_loss(labels, z, ll, tl, logits_time_major=False, blank_index=blank)
        else:
            loss = ctc_tf(labels, z, ll, tl, blank)
        total = tf().reduce_sum(loss)
    return loss.numpy(), tape.gradient(total, z).numpy()


@settings(max_examples=20, deadline=None)
@given(seeds, st.integers(1, 4), st.integers(1, 9), st.integers(2, 7), st.integers(1, 4),
       st.sampled_from(["first", "last", "middle"]), st.booleans())
def test_ctc_matches_tensorflow(seed, batch, frames, classes, max_len, where, infeasible):
    rng = np.random.default_rng(seed)
    blank = {"first": 0, "last": classes - 1, "middle": classes // 2}[where]
    labels, logits, ll, tl = _ctc_inputs(rng, batch, frames, classes, max_len, blank)
    if infeasible and classes > 2 and max_len >= 2 and frames >= 2:
        # one label repeated: needs 2L - 1 frames, give it fewer
        label = [k for k in range(classes) if k != blank][0]
        labels[0, :] = label
        ll[0] = min(max_len, frames)
        tl[0] = max(int(ll[0]), 2 * int(ll[0]) - 2)
        tl[0] = min(tl[0], frames)
    expected_loss, expected_grad = _tf_ctc(labels, logits, ll, tl, blank)
    terms, floor = frames * classes, input_scale(logits)  # the registry's rule for CTC cases
    v = compare(losses.ctc_loss(labels, logits, ll, tl, blank_index=blank), expected_loss, terms, floor=floor)
    assert v.passed, v
    v = compare(losses.ctc_loss_backward(labels, logits, ll, tl, blank_index=blank), expected_grad, terms,
                floor=floor)
    assert v.passed, v


def test_ctc_negative_blank_counts_from_the_end():
    labels, logits, ll, tl = _ctc_inputs(np.random.default_rng(3), blank=4)
    np.testing.assert_array_equal(losses.ctc_loss(labels, logits, ll, tl, -1),
                                  losses.ctc_loss(labels, logits, ll, tl, 4))


def test_ctc_labels_longer_than_the_frames_give_inf_and_the_softmax():
    # TensorFlow's kernel refuses this input; the math says p = 0, as for an infeasible repeat.
    logits = np.random.default_rng(4).standard_normal((1, 2, 4)).astype(np.float32)
    labels, ll, tl = np.array([[1, 2, 3]]), np.array([3]), np.array([2])
    assert np.isposinf(losses.ctc_loss(labels, logits, ll, tl)).all()
    g = losses.ctc_loss_backward(labels, logits, ll, tl)
    e = np.exp(logits - logits.max(-1, keepdims=True))
    assert compare(g, (e / e.sum(-1, keepdims=True)).astype(np.float32), 4).passed


def test_ctc_float64_agrees_with_tensorflow_to_float32_accuracy():
    # TensorFlow's float64 CTC is only float32-accurate (float32 log1pf/expf inside), hence float32 tolerances.
    labels, logits, ll, tl = _ctc_inputs(np.random.default_rng(5), dtype=np.float64)
    loss, grad = _tf_ctc(labels, logits, ll, tl, 0)
    got_loss = losses.ctc_loss(labels, logits, ll, tl)
    got_grad = losses.ctc_loss_backward(labels, logits, ll, tl)
    assert got_loss.dtype == np.float64 and got_grad.dtype == np.float64
    assert compare(got_loss.astype(np.float32), loss.astype(np.float32), 30).passed
    assert compare(got_grad.astype(np.float32), grad.astype(np.float32), 30).passed


def test_tensorflow_dense_label_path_agrees_when_feasible_and_is_finite_when_not():
    """Why the oracle passes a SparseTensor: see autograder/registry/losses/__init__.py. Fails if TensorFlow changes."""
    rng = np.random.default_rng(6)
    labels, logits, ll, tl = _ctc_inputs(rng, batch=3, frames=7, classes=5, max_len=3)
    dense_loss, dense_grad = _tf_ctc(labels, logits, ll, tl, 0, dense=True)
    assert compare(losses.ctc_loss(labels, logits, ll, tl), dense_loss, 35).passed
    assert compare(losses.ctc_loss_backward(labels, logits, ll, tl), dense_grad, 35).passed
    labels[0, :2], ll[0], tl[0] = 2, 2, 2  # "2 2" needs 3 frames
    dense_loss, _ = _tf_ctc(labels, logits, ll, tl, 0, dense=True)
    assert np.isfinite(dense_loss[0]) and dense_loss[0] > 700
    assert np.isposinf(losses.ctc_loss(labels, logits, ll, tl)[0])
    with pytest.raises(Exception):
        _tf_ctc(labels, logits.astype(np.float64), ll, tl, 0, dense=True)
