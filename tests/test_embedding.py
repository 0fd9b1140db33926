"""Embedding topic: bad input, properties against TensorFlow, pretrained vectors, and the diagnoses."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlkata.autograder import registry
from dlkata.autograder.compare import compare
from dlkata.autograder.messages import t
from dlkata.autograder.registry.embedding.cases import lattice_table, shipped_vectors
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


# ---------------------------------------------------------------- pretrained vectors

VOCAB = ["", "[UNK]", "great", "movie", "zebra", "boring"]
VECTORS = {"great": np.array([1.0, 0.0], F32), "movie": np.array([0.0, 2.0], F32),
           "boring": np.array([-1.0, 0.5], F32), "film": np.array([0.1, 1.9], F32)}


@pytest.mark.parametrize("call,pattern", [
    (lambda: embedding.pretrained_matrix("great movie", VECTORS), "vocabulary must be a list of str"),
    (lambda: embedding.pretrained_matrix(["great", "movie"], VECTORS), r"vocabulary must start with '' .*'\[UNK\]'"),
    (lambda: embedding.pretrained_matrix(VOCAB, [("great", [1.0])]), "vectors must be a non-empty dict"),
    (lambda: embedding.pretrained_matrix(VOCAB, {}), r"vectors must be a non-empty dict.*\(empty\)"),
    (lambda: embedding.pretrained_matrix(VOCAB, {"great": np.ones((1, 2), F32)}), r"vectors\['great'\] must have rank 1"),
    (lambda: embedding.pretrained_matrix(VOCAB, {"great": np.ones(2, F32), "movie": np.ones(3, F32)}),
     r"vectors\['movie'\] has shape \(3,\) but the vectors before it have \(2,\)"),
    (lambda: embedding.pretrained_matrix(VOCAB, {"great": np.ones(2, np.int64)}), r"vectors\['great'\] must be a float"),
    (lambda: embedding.pretrained_matrix(VOCAB, {1: np.ones(2, F32)}), "every key of vectors"),
    (lambda: embedding.pretrained_matrix(VOCAB, {"great": np.ones(0, F32)}), "at least one number"),
    (lambda: embedding.pretrained_matrix(VOCAB, VECTORS, dtype="int32"), "dtype must be 'float32' or 'float64'"),
    (lambda: embedding.pretrained_matrix(VOCAB, VECTORS, dtype="vector"), "dtype must be 'float32' or 'float64'.*'vector'"),
    (lambda: embedding.pretrained_matrix(VOCAB, VECTORS, dtype=None), "dtype must be 'float32' or 'float64'.*None"),
])
def test_pretrained_matrix_bad_input_names_the_argument(call, pattern):
    with pytest.raises(ValueError, match=pattern):
        call()


def _table():
    return embedding.pretrained_matrix(VOCAB, VECTORS)


@pytest.mark.parametrize("call,pattern", [
    (lambda: embedding.nearest_words(_table()[0], VOCAB, "great", 1), r"table must have rank 2.*\(2,\)"),
    (lambda: embedding.nearest_words(_table().astype(np.int32), VOCAB, "great", 1), "table must be a float"),
    (lambda: embedding.nearest_words(_table(), VOCAB[:-1], "great", 1), r"table has 6 rows.*vocabulary has 5 words"),
    (lambda: embedding.nearest_words(_table(), VOCAB, "film", 1), r"word 'film' is not a word of the vocabulary"),
    (lambda: embedding.nearest_words(_table(), VOCAB, "[UNK]", 1), r"word '\[UNK\]' is not a word.*indices 2 to 5"),
    (lambda: embedding.nearest_words(_table(), VOCAB, "", 1), "word '' is not a word"),
    (lambda: embedding.nearest_words(_table(), VOCAB, 3, 1), "word must be a str"),
    (lambda: embedding.nearest_words(_table(), VOCAB, "great", 0), r"k must be an int in \[1, 3\].*got 0"),
    (lambda: embedding.nearest_words(_table(), VOCAB, "great", 4), r"k must be an int in \[1, 3\].*got 4"),
    (lambda: embedding.nearest_words(_table(), VOCAB, "great", 2.0), r"k must be an int.*got 2.0"),
    (lambda: embedding.nearest_words(_table(), VOCAB, "great", True), r"k must be an int.*got True"),
    (lambda: embedding.nearest_words(_table(), VOCAB, "great", 1, metric="dot"), "metric must be one of 'cosine', 'l2'"),
])
def test_nearest_words_bad_input_names_the_argument(call, pattern):
    with pytest.raises(ValueError, match=pattern):
        call()


def test_pretrained_matrix_rows_and_dtype():
    vectors = dict(VECTORS, **{"": np.ones(2, F32), "[UNK]": np.ones(2, F32)})
    m = embedding.pretrained_matrix(VOCAB, vectors, dtype="float64")
    assert m.dtype == np.float64 and m.shape == (6, 2)
    np.testing.assert_array_equal(m, [[0, 0], [0, 0], [1, 0], [0, 2], [0, 0], [-1, 0.5]])
    assert embedding.pretrained_matrix(["", "[UNK]"], VECTORS).shape == (2, 2)
    assert embedding.pretrained_matrix(VOCAB, VECTORS, np.float32).dtype == np.float32
    assert VECTORS["great"].tolist() == [1.0, 0.0]  # inputs untouched


def test_pretrained_matrix_is_the_oracles_and_initialises_a_frozen_keras_embedding():
    k = keras()
    vectors = shipped_vectors()
    vocab = ["", "[UNK]", *list(vectors)[:30], "zebra", "Great"]
    matrix = embedding.pretrained_matrix(vocab, vectors)
    oracle = registry.get("embedding.pretrained_matrix").oracle(vocab, vectors)
    np.testing.assert_array_equal(matrix, oracle.numpy())
    layer = k.layers.Embedding(len(vocab), matrix.shape[1], embeddings_initializer=k.initializers.Constant(matrix),
                               trainable=False)
    ids = np.array([[2, 5, 0, len(vocab) - 1]])
    np.testing.assert_array_equal(layer(ids).numpy(), matrix[ids])
    assert layer.trainable_weights == [] and len(layer.non_trainable_weights) == 1


def test_nearest_words_by_cosine_and_by_distance():
    # "film" is nearest to "movie" by both; "great" (1, 0) and "boring" (-1, 0.5) differ in order by metric
    vocab = ["", "[UNK]", "great", "movie", "film", "boring", "far"]
    vectors = dict(VECTORS, far=np.array([10.0, 0.0], F32))
    table = embedding.pretrained_matrix(vocab, vectors)
    assert embedding.nearest_words(table, vocab, "movie", 1) == ["film"]
    assert embedding.nearest_words(table, vocab, "great", 4) == ["far", "film", "movie", "boring"]
    assert embedding.nearest_words(table, vocab, "great", 4, "l2") == ["boring", "film", "movie", "far"]


def test_equal_scores_go_to_the_lower_index_and_zero_rows_score_zero():
    vocab = ["", "[UNK]", "a", "b", "c", "d", "e", "f"]
    table = np.array([[1, 0], [1, 0], [0, 1], [0, 0], [2, 0], [1, 0], [0, 0], [-1, 0]], F32)
    # cosine with "d" (1, 0): "c" and "d"'s equal twin tie at 1; zero rows "b", "e" and the orthogonal "a" tie at 0
    assert embedding.nearest_words(table, vocab, "d", 5) == ["c", "a", "b", "e", "f"]
    # a zero row has cosine 0 with everything: the lower indices win
    assert embedding.nearest_words(table, vocab, "b", 3) == ["a", "c", "d"]
    assert embedding.nearest_words(table, vocab, "d", 5, "l2") == ["b", "c", "e", "a", "f"]


def test_tensorflow_keeps_a_zero_row_zero_and_top_k_keeps_the_lower_index():
    """The facts the contract rests on; fails if TensorFlow changes them."""
    t = tf()
    np.testing.assert_array_equal(t.math.l2_normalize(np.zeros((1, 3), F32), axis=1).numpy(), np.zeros((1, 3)))
    np.testing.assert_array_equal(t.math.top_k(np.array([0.5, 1.0, 0.5, 1.0], F32), 4).indices.numpy(), [1, 3, 0, 2])


@st.composite
def _lattice(draw):
    """A table whose every score is exact (see the registry's cases), a word, k and a metric."""
    rng = np.random.default_rng(draw(seeds))
    rows, dim = draw(st.integers(6, 14)), draw(st.integers(4, 7))
    w = draw(st.integers(2, rows - 1))
    table = lattice_table(rng, rows, dim, w, copies=1, zeros=1, specials_like_word=draw(st.booleans()))
    vocab = ["", "[UNK]", *[f"w{i}" for i in range(2, rows)]]
    return table.astype(draw(float_dtypes)), vocab, vocab[w], draw(st.integers(1, rows - 3)), \
        draw(st.sampled_from(["cosine", "l2"]))


@settings(max_examples=40, deadline=None)
@given(_lattice())
def test_nearest_words_matches_top_k_with_every_tie(case):
    table, vocab, word, k, metric = case
    want = registry.get("embedding.nearest_words").oracle(table, vocab, word, k, metric=metric)
    assert embedding.nearest_words(table, vocab, word, k, metric) == want


@pytest.mark.parametrize("exercise,old,new,key", [
    ("embedding.pretrained_matrix", "        if i >= 2 and word in vectors:", "        if word in vectors:",
     "diag_pretrained_specials"),
    ("embedding.nearest_words", "    scores[[0, 1, w]] = -np.inf", "    scores[[0, 1]] = -np.inf", "diag_nearest_self"),
    ("embedding.nearest_words", "    scores[[0, 1, w]] = -np.inf", "    scores[[w]] = -np.inf", "diag_nearest_specials"),
    ("embedding.nearest_words", '    if metric == "cosine":\n        unit', '    if metric == "l2":\n        unit',
     "diag_nearest_metric"),
    ("embedding.nearest_words", '    order = np.argsort(-scores, kind="stable")',
     '    order = np.argsort(np.where(np.isfinite(scores), scores, np.inf), kind="stable")', "diag_nearest_direction"),
    ("embedding.nearest_words", "np.sqrt(np.maximum((table * table).sum(axis=1), 1e-12))",
     "np.sqrt((table * table).sum(axis=1))", "diag_nearest_zero_rows"),
    ("embedding.nearest_words", '    order = np.argsort(-scores, kind="stable")',
     '    order = len(scores) - 1 - np.argsort(-scores[::-1], kind="stable")', "diag_nearest_ties"),
])
def test_pretrained_diagnoses_fire(tmp_path, exercise, old, new, key):
    messages = failure_text(exercise, wrong_submission(tmp_path, "embedding", [(old, new)]))
    opening = {k: v["en"].split("{")[0] for k, v in registry.topic("embedding").messages.items()}
    assert opening[key] in messages, messages
    assert not [k for k, text in opening.items() if k != key and text in messages], messages  # only the right one
