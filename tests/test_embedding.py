"""Embedding topic: bad input, properties against TensorFlow, the repeated-ids diagnosis."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlkata.autograder.compare import compare
from dlkata.autograder.messages import t
from dlkata.autograder.tfbridge import keras, tf
from dlkata.solutions import embedding

from .helpers import failure_text, wrong_submission
from .strategies import float_dtypes, seeds

F32 = np.float32
TABLE = np.arange(12, dtype=F32).reshape(4, 3)


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("call,pattern", [
    (lambda: embedding.embedding(np.array([[0, 4]]), TABLE), r"ids.*\[0, 4\).*\(4, 3\)"),
    (lambda: embedding.embedding(np.array([-1, 2]), TABLE), r"ids.*\[0, 4\)"),
    (lambda: embedding.embedding(np.array([0.0, 1.0]), TABLE), "ids.*integers"),
    (lambda: embedding.embedding(np.array([0, 1]), TABLE[0]), r"table.*rank 2.*\(3,\)"),
    (lambda: embedding.embedding(np.array([0, 1]), TABLE[None]), r"table.*rank 2.*\(1, 4, 3\)"),
    (lambda: embedding.embedding(np.array([0, 1]), TABLE.astype(np.int32)), "table.*float"),
    (lambda: embedding.embedding_mask(np.array([0.5])), "ids.*integers"),
    (lambda: embedding.embedding_backward(np.ones((2, 3), F32), np.array([0, 5]), 4), r"ids.*\[0, 4\)"),
    (lambda: embedding.embedding_backward(np.ones((2, 3), F32), np.array([0.0, 1.0]), 4), "ids.*integers"),
    (lambda: embedding.embedding_backward(np.ones((3, 3), F32), np.array([0, 1]), 4), r"dout.*\(2,\).*\(3, 3\)"),
    (lambda: embedding.embedding_backward(np.ones((2,), F32), np.array([0, 1]), 4), "dout"),
    (lambda: embedding.embedding_backward(np.ones((2, 3), F32), np.array([0, 1]), 0), "vocab_size"),
    (lambda: embedding.embedding_backward(np.ones((2, 3), F32), np.array([0, 1]), 4.0), "vocab_size"),
])
def test_bad_input_raises_value_error_naming_the_argument(call, pattern):
    with pytest.raises(ValueError, match=pattern):
        call()


def test_inputs_are_not_modified():
    ids = np.array([[1, 1, 0], [3, 1, 2]])
    dout = np.ones((2, 3, 3), F32)
    before = ids.copy(), dout.copy(), TABLE.copy()
    embedding.embedding(ids, TABLE)
    embedding.embedding_mask(ids)
    embedding.embedding_backward(dout, ids, 4)
    for a, b in zip((ids, dout, TABLE), before):
        np.testing.assert_array_equal(a, b)


def test_outputs_keep_the_float_dtype_and_the_mask_is_bool():
    ids = np.array([[0, 2]], np.uint8)
    t64 = TABLE.astype(np.float64)
    assert embedding.embedding(ids, t64).dtype == np.float64
    assert embedding.embedding(ids, TABLE).shape == (1, 2, 3)
    assert embedding.embedding_mask(ids).dtype == np.bool_
    assert embedding.embedding_backward(np.ones((1, 2, 3)), ids, 4).dtype == np.float64


# ---------------------------------------------------------------- properties against TensorFlow


@st.composite
def _lookup(draw):
    dt = draw(float_dtypes)
    idt = draw(st.sampled_from([np.int32, np.int64, np.uint8]))
    vocab = draw(st.integers(1, 6))
    shape = tuple(draw(st.lists(st.integers(0, 5), min_size=1, max_size=3)))
    dim = draw(st.integers(1, 4))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    ids = rng.integers(0, vocab, shape).astype(idt)
    return ids, rng.standard_normal((vocab, dim)).astype(dt), rng.standard_normal(shape + (dim,)).astype(dt)


@settings(max_examples=30, deadline=None)
@given(case=_lookup())
def test_forward_and_mask_match_keras(case):
    ids, table, _ = case
    layer = keras().layers.Embedding(table.shape[0], table.shape[1], mask_zero=True, dtype=table.dtype.name)
    layer.build()
    layer.set_weights([table])
    out = embedding.embedding(ids, table)
    assert out.dtype == table.dtype
    np.testing.assert_array_equal(out, layer(ids).numpy())
    np.testing.assert_array_equal(embedding.embedding_mask(ids), layer.compute_mask(ids).numpy())


@settings(max_examples=30, deadline=None)
@given(case=_lookup())
def test_backward_matches_gradient_tape_through_the_layer(case):
    ids, table, dout = case
    layer = keras().layers.Embedding(table.shape[0], table.shape[1], dtype=table.dtype.name)
    layer.build()
    layer.set_weights([table])
    with tf().GradientTape() as tape:
        target = tf().reduce_sum(layer(ids) * dout)
    [grad] = tape.gradient(target, layer.trainable_variables)
    expected = tf().convert_to_tensor(grad).numpy() if grad is not None else np.zeros_like(table)
    got = embedding.embedding_backward(dout, ids, table.shape[0])
    repeats = int(np.bincount(ids.reshape(-1).astype(np.int64)).max()) if ids.size else 1
    verdict = compare(got, expected, terms=repeats)
    assert verdict.passed, verdict


def test_repeated_ids_add_up():
    ids = np.array([2, 2, 2, 0])
    dout = np.array([[1.0], [2.0], [4.0], [8.0]])
    np.testing.assert_array_equal(embedding.embedding_backward(dout, ids, 3), [[8.0], [0.0], [7.0]])


# ---------------------------------------------------------------- teaching diagnosis


def test_buffered_fancy_index_add_is_diagnosed(tmp_path):
    old = "    return _scatter_add_rows(flat_ids, flat, int(vocab_size))\n"
    new = ("    out = np.zeros((vocab_size, flat.shape[1]), flat.dtype)\n"
           "    out[flat_ids] += flat\n"
           "    return out\n")
    messages = failure_text("embedding.embedding_backward", wrong_submission(tmp_path, "embedding", [(old, new)]))
    assert t("diag_embedding_repeated_ids") in messages, messages
