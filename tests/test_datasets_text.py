"""The course's review corpus: deterministic, balanced, offline, and usable by the text topic."""

import subprocess
import sys

import numpy as np
import pytest

from dlkata.datasets import text_corpus
from dlkata.datasets.text_corpus import load_reviews
from dlkata.solutions import text


def test_shapes_types_and_balance():
    texts, labels = load_reviews()
    assert isinstance(texts, list) and all(isinstance(s, str) and s.strip() for s in texts)
    assert 200 <= len(texts) <= 1000
    assert labels.shape == (len(texts),) and labels.dtype == np.int64
    assert set(np.unique(labels)) == {0, 1}
    assert abs(int(labels.sum()) - len(texts) // 2) <= 1


@pytest.mark.parametrize("n", [0, 1, 7, 50])
def test_size_argument(n):
    texts, labels = load_reviews(n)
    assert len(texts) == n and labels.shape == (n,)
    assert int(labels.sum()) == n // 2


def test_same_corpus_in_a_fresh_interpreter_and_other_seeds_differ():
    code = ("from dlkata.datasets.text_corpus import load_reviews\n"
            "t, l = load_reviews()\n"
            "print(repr((t, l.tolist())))\n")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True,
                         env={"PYTHONHASHSEED": "123", "PATH": ""}).stdout
    texts, labels = load_reviews()
    assert out.strip() == repr((texts, labels.tolist()))
    other, _ = load_reviews(seed=1)
    assert other != texts


def test_calls_do_not_share_state():
    texts, labels = load_reviews(20)
    texts.append("mutated")
    labels[:] = 7
    again, again_labels = load_reviews(20)
    assert len(again) == 20 and set(again_labels.tolist()) <= {0, 1}


def test_bad_size_is_refused():
    with pytest.raises(ValueError, match="n must"):
        load_reviews(-1)


def test_labels_follow_the_words():
    """A positive review says a positive adjective without 'not', or negates a negative one (after any 'but')."""
    texts, labels = load_reviews()
    positive, negative = set(text_corpus.POSITIVE), set(text_corpus.NEGATIVE)
    for s, label in zip(texts, labels):
        words = text.tokenize(s.lower().split(", but ")[-1])
        i = words.index("was")
        verdict = words[i + 1:]
        negated = verdict[0] == "not"
        adjective = next(w for w in verdict if w in positive | negative)
        assert ((adjective in positive) != negated) == bool(label), (s, label)


def test_corpus_is_small_and_goes_through_the_text_topic():
    texts, labels = load_reviews()
    vocab = text.build_vocabulary(texts)
    assert 50 <= len(vocab) <= 300
    x = text.vectorize(texts, vocab, output_mode="multi_hot", ngrams=None)
    assert x.shape == (len(texts), len(vocab) - 1)
    assert x[:, 0].sum() == 0  # every word of the corpus is in its own vocabulary
    bigrams = text.build_vocabulary(texts, ngrams=2, max_tokens=500)
    assert "not boring" in bigrams or "not dull" in bigrams
