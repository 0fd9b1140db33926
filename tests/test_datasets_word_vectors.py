"""The shipped word vectors: their format, their loader, the script that trained them, and what they mean."""

import numpy as np
import pytest

from dlkata.datasets import text_corpus, train_word_vectors
from dlkata.datasets.word_vectors import WORD_VECTORS, load_word_vectors, parse_word_vectors, save_word_vectors


def _nearest(vectors, word, n=5):
    words = list(vectors)
    m = np.stack([vectors[w] for w in words]).astype(np.float64)
    unit = m / np.linalg.norm(m, axis=1, keepdims=True)
    order = np.argsort(-(unit @ unit[words.index(word)]), kind="stable")
    return [words[i] for i in order if words[i] != word][:n]


def test_every_corpus_word_has_a_float32_vector_of_16():
    vectors = load_word_vectors()
    texts, _ = text_corpus.load_reviews(2000)
    corpus = {w for t in texts for w in train_word_vectors.tokenize(t)}
    assert set(vectors) == corpus
    assert all(v.dtype == np.float32 and v.shape == (16,) and np.isfinite(v).all() for v in vectors.values())
    assert load_word_vectors(dtype=np.float64)["great"].dtype == np.float64
    assert WORD_VECTORS.stat().st_size < 100_000
    assert list(vectors)[:3] == ["was", "the", "not"]  # most frequent first, as written


def test_the_script_reproduces_the_shipped_file():
    words, vectors = train_word_vectors.train()
    shipped = load_word_vectors(dtype=np.float64)
    assert words == list(shipped)
    np.testing.assert_allclose(vectors, np.stack(list(shipped.values())), atol=2e-6)


def test_the_vectors_carry_the_reviews_meaning():
    vectors = load_word_vectors()
    assert len(set(_nearest(vectors, "great")) & set(text_corpus.POSITIVE)) >= 4
    assert len(set(_nearest(vectors, "boring")) & set(text_corpus.NEGATIVE)) >= 4
    things = {w for s in text_corpus.SUBJECTS for w in s.split()} - {"the", "this"}
    assert len(set(_nearest(vectors, "movie")) & things) >= 4


def test_save_and_load_round_trip(tmp_path):
    path = tmp_path / "v.txt"
    m = np.array([[0.5, -1.25], [1e-7, 3.0]])
    save_word_vectors(path, ["a", "é"], m)
    back = load_word_vectors(path, np.float64)
    assert list(back) == ["a", "é"] and np.allclose(np.stack(list(back.values())), m, atol=1e-6)
    with pytest.raises(ValueError, match=r"matrix must have shape \(len\(words\), dim\) = \(3, dim\)"):
        save_word_vectors(path, ["a", "b", "c"], m)


@pytest.mark.parametrize("lines,pattern", [
    (["a 1 2", "b 1"], r"<vectors>:2: 'b' has 1 numbers, the vectors before it 2"),
    (["a 1 x"], r"<vectors>:1: the numbers after 'a' do not parse"),
    (["a 1", "", "a 2"], r"<vectors>:3: 'a' is given twice"),
    (["a"], r"<vectors>:1: expected a word and its numbers"),
    ([" 1 2"], r"<vectors>:1: expected a word"),
])
def test_malformed_lines_are_named(lines, pattern):
    with pytest.raises(ValueError, match=pattern):
        parse_word_vectors(lines)
