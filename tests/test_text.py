"""Text topic: bad input, properties against TensorFlow, SipHash, teaching diagnoses."""

import string

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlkata.autograder import registry
from dlkata.autograder.compare import compare
from dlkata.autograder.messages import t
from dlkata.autograder.tfbridge import keras, tf, to_numpy
from dlkata.solutions import text

from .helpers import results, wrong_submission

VOCAB = ["", "[UNK]", "good", "bad", "movie"]


def _oracle(name, *args, **kwargs):
    return to_numpy(registry.get(f"text.{name}").oracle(*args, **kwargs))


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("call,name", [
    (lambda: text.standardize(b"bytes"), "text"),
    (lambda: text.tokenize(["a list"]), "text"),
    (lambda: text.ngrams("a b", 2), "tokens"),
    (lambda: text.ngrams(["a", 1], 2), "tokens"),
    (lambda: text.ngrams(["a"], 0), "ngrams"),
    (lambda: text.ngrams(["a"], (2, -1)), "ngrams"),
    (lambda: text.build_vocabulary("one text"), "texts"),
    (lambda: text.build_vocabulary(["a"], max_tokens=2), "max_tokens"),
    (lambda: text.build_vocabulary(["a"], ngrams=2.5), "ngrams"),
    (lambda: text.vectorize(["a"], VOCAB, output_mode="one_hot"), "output_mode"),
    (lambda: text.vectorize(["a"], VOCAB, output_mode="TF-IDF"), "output_mode"),
    (lambda: text.vectorize(["a"], ["good", "bad"]), "vocabulary"),
    (lambda: text.vectorize(["a"], VOCAB + ["good"]), "vocabulary"),
    (lambda: text.vectorize(["a"], VOCAB, output_mode="count", sequence_length=3), "sequence_length"),
    (lambda: text.vectorize(["a"], VOCAB, sequence_length=0), "sequence_length"),
    (lambda: text.vectorize(["a"], VOCAB, output_mode="tf_idf", idf_weights=[1.0, 2.0]), "idf_weights"),
    (lambda: text.vectorize(["a"], VOCAB, output_mode="count", idf_weights=[1.0, 2.0, 3.0]), "idf_weights"),
    (lambda: text.pad_sequences([[1, 2]], padding="middle"), "padding"),
    (lambda: text.pad_sequences([[1, 2]], truncating="end"), "truncating"),
    (lambda: text.pad_sequences([[1, 2]], maxlen=-1), "maxlen"),
    (lambda: text.pad_sequences([["a", "b"]]), r"sequences\[0\]"),
    (lambda: text.pad_sequences(np.zeros((2, 3))), "sequences"),
    (lambda: text.hash_tokens(["a"], 0, (1, 2)), "num_bins"),
    (lambda: text.hash_tokens(["a"], 10, (1,)), "salt"),
    (lambda: text.hash_tokens(["a"], 10, (1, 2**64)), "salt"),
    (lambda: text.hash_tokens("a", 10, (1, 2)), "tokens"),
])
def test_bad_input_names_the_argument(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_inputs_are_not_modified():
    texts = ["Good movie!", "bad, BAD movie", ""]
    vocab = list(VOCAB)
    seqs = [[1, 2, 3], [4]]
    tokens = ["a", "b", "c"]
    copies = [list(texts), list(vocab), [list(s) for s in seqs], list(tokens)]
    text.build_vocabulary(texts, max_tokens=4, ngrams=2)
    text.vectorize(texts, vocab, output_mode="tf_idf")
    text.vectorize(texts, vocab, sequence_length=2)
    text.pad_sequences(seqs, maxlen=2)
    text.ngrams(tokens, 2)
    text.hash_tokens(tokens, 5, (1, 2))
    assert [texts, vocab, seqs, tokens] == copies


def test_outputs_are_python_strings():
    for value in (text.standardize("A b"), *text.tokenize("A b"), *text.ngrams(["a", "b"], 2),
                  *text.build_vocabulary(["a b"])):
        assert type(value) is str


# ---------------------------------------------------------------- SipHash-2-4


def test_siphash_matches_the_reference_test_vectors():
    """The SipHash paper's vectors: key 00..0f, messages 00, 01, ... of length 0, 15 and 63."""
    k0 = int.from_bytes(bytes(range(8)), "little")
    k1 = int.from_bytes(bytes(range(8, 16)), "little")
    assert text._siphash24(k0, k1, b"") == 0x726FDB47DD0E0E31
    assert text._siphash24(k0, k1, bytes(range(15))) == 0xA129CA6149BE45E5
    assert text._siphash24(k0, k1, bytes(range(63))) == 0x958A324CEB064572


def test_hash_of_an_empty_list_is_an_empty_int64_array():
    out = text.hash_tokens([], 7, (3, 4))
    assert out.shape == (0,) and out.dtype == np.int64


def test_int_salt_means_the_pair():
    words = ["movie", "film", "영화"]
    np.testing.assert_array_equal(text.hash_tokens(words, 1000, 9), text.hash_tokens(words, 1000, (9, 9)))


_TOKEN = st.text(alphabet=st.sampled_from(list("abcXYZ019 -!'é한국") + ["\u00e9", "\U0001F600"]), max_size=20)


@settings(max_examples=30, deadline=None)
@given(tokens=st.lists(_TOKEN, max_size=6), num_bins=st.integers(1, 2**40),
       salt=st.tuples(st.integers(0, 2**63 - 1), st.integers(0, 2**63 - 1)))
def test_hash_tokens_matches_keras_hashing(tokens, num_bins, salt):
    got = text.hash_tokens(tokens, num_bins, salt)
    expected = _oracle("hash_tokens", tokens, num_bins, salt)
    np.testing.assert_array_equal(got, expected)


# ---------------------------------------------------------------- properties against TensorFlow

_CHARS = list("abAB zZ\t\n\r\v\f.,'-!?_") + ["É", "ä", "Ä", "한", "\u00a0", "\u3000", "\x1c", "\x85", "\u2003"]
_TEXT = st.text(alphabet=st.sampled_from(_CHARS), max_size=25)


@settings(max_examples=40, deadline=None)
@given(s=_TEXT)
def test_standardize_and_tokenize_match_text_vectorization(s):
    assert text.standardize(s) == _oracle("standardize", s)
    assert text.tokenize(s) == _oracle("tokenize", s)


@settings(max_examples=25, deadline=None)
@given(tokens=st.lists(st.sampled_from(["a", "b", "c", "영화", "é"]), max_size=6),
       n=st.one_of(st.integers(1, 4), st.lists(st.integers(1, 4), min_size=1, max_size=3).map(tuple)))
def test_ngrams_match_text_vectorization(tokens, n):
    assert text.ngrams(tokens, n) == _oracle("ngrams", tokens, n)


_DOC = st.lists(st.sampled_from(["a", "b", "C", "d!", "é", "영화", "b-a"]), max_size=6).map(" ".join)


@settings(max_examples=20, deadline=None)
@given(texts=st.lists(_DOC, min_size=1, max_size=5),
       max_tokens=st.one_of(st.none(), st.integers(3, 8)),
       ngrams=st.sampled_from([None, 2, (1, 3), (2,)]))
def test_build_vocabulary_matches_adapt(texts, max_tokens, ngrams):
    assert text.build_vocabulary(texts, max_tokens, ngrams) == _oracle("build_vocabulary", texts, max_tokens, ngrams)


@settings(max_examples=20, deadline=None)
@given(texts=st.lists(_DOC, min_size=1, max_size=5), vocab_texts=st.lists(_DOC, min_size=1, max_size=4),
       mode=st.sampled_from(["int", "multi_hot", "count", "tf_idf"]),
       ngrams=st.sampled_from([None, 2]), data=st.data())
def test_vectorize_matches_text_vectorization(texts, vocab_texts, mode, ngrams, data):
    vocab = text.build_vocabulary(vocab_texts, ngrams=ngrams)
    if len(vocab) < 3:
        vocab.append("zz")  # TensorFlow refuses a vocabulary without a token
    kwargs = {"output_mode": mode, "ngrams": ngrams}
    if mode == "int":
        kwargs["sequence_length"] = data.draw(st.one_of(st.none(), st.integers(1, 8)))
    if mode == "tf_idf" and data.draw(st.booleans()):
        kwargs["idf_weights"] = np.array(data.draw(st.lists(st.floats(0.0, 5.0), min_size=len(vocab) - 2,
                                                            max_size=len(vocab) - 2)))
    got = text.vectorize(texts, vocab, **kwargs)
    expected = _oracle("vectorize", texts, vocab, **kwargs)
    verdict = compare(got, expected, terms=len(vocab))
    assert verdict.passed, verdict


def test_tf_idf_without_weights_is_adapt_then_call():
    from dlkata.datasets.text_corpus import load_reviews

    texts, _ = load_reviews(60)
    layer = keras().layers.TextVectorization(output_mode="tf_idf")
    layer.adapt(tf().constant(texts))
    expected = layer(tf().constant(texts)).numpy()
    got = text.vectorize(texts, text.build_vocabulary(texts), output_mode="tf_idf")
    assert compare(got, expected, terms=len(expected[0])).passed


@settings(max_examples=30, deadline=None)
@given(seqs=st.lists(st.lists(st.integers(-5, 99), max_size=7), min_size=1, max_size=5),
       maxlen=st.one_of(st.none(), st.integers(1, 9)), padding=st.sampled_from(["pre", "post"]),
       truncating=st.sampled_from(["pre", "post"]), value=st.integers(-3, 3))
def test_pad_sequences_matches_keras(seqs, maxlen, padding, truncating, value):
    got = text.pad_sequences(seqs, maxlen, padding, truncating, value)
    expected = keras().utils.pad_sequences(seqs, maxlen=maxlen, padding=padding, truncating=truncating, value=value)
    assert got.dtype == np.int32
    np.testing.assert_array_equal(got, expected)


# ---------------------------------------------------------------- teaching diagnoses


def _messages(exercise_ids, directory):
    done = results(exercise_ids, directory)
    assert not any(r.passed for r in done)
    return "\n".join(c.message for r in done for c in r.failures)


def test_diagnoses_fire_on_typical_mistakes(tmp_path):
    """One wrong package, one sandbox: each exercise carries one classic mistake."""
    directory = wrong_submission(tmp_path, "text", [
        # str.lower() changes every letter, not only A-Z
        ('    lowered = "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in text)\n',
         "    lowered = text.lower()\n"),
        # str.split() splits on Unicode spaces too
        ('    return [tok for tok in re.split(f"[{re.escape(WHITESPACE)}]+", standardize(text)) if tok]\n',
         "    return standardize(text).split()\n"),
        # ties in ascending order
        ("key=lambda tok: (counts[tok], tok), reverse=True)", "key=lambda tok: (-counts[tok], tok))"),
        # the [UNK] column weighs nothing
        ("    oov = np.mean(idf_weights) if idf_weights.size else 0.0\n", "    oov = 0.0\n"),
        # 'pre' truncation keeps the first items
        ('kept = s[-maxlen:] if truncating == "pre" else s[:maxlen]',
         'kept = s[:maxlen] if truncating == "pre" else s[-maxlen:]'),
    ])
    messages = _messages(["text.standardize", "text.tokenize", "text.build_vocabulary", "text.vectorize",
                          "text.pad_sequences"], directory)
    for key in ("diag_text_unicode_lower", "diag_text_unicode_split", "diag_text_vocab_order",
                "diag_text_oov_idf"):
        assert t(key) in messages, (key, messages)
    assert t("diag_text_pad_side", arg="truncating", value="pre") in messages, messages


def test_punctuation_and_width_diagnoses(tmp_path):
    directory = wrong_submission(tmp_path, "text", [
        ("    return lowered.translate({ord(c): None for c in PUNCTUATION})\n",
         "    return lowered.translate({ord(c): None for c in PUNCTUATION if c != \"'\"})\n"),
        ("    width = len(vocabulary) - 1\n", "    width = len(vocabulary)\n"),
        ("        ordered = ordered[: max_tokens - 2]\n", "        ordered = ordered[:max_tokens]\n"),
    ])
    messages = _messages(["text.standardize", "text.vectorize", "text.build_vocabulary"], directory)
    assert t("diag_text_punctuation") in messages, messages
    assert "One column too many" in messages, messages
    assert "counts the two special tokens" in messages, messages


def test_diagnoses_stay_quiet_on_unrelated_mistakes():
    ex = registry.get("text.build_vocabulary")
    case = ex.cases(np.random.default_rng(0))[0]
    expected = text.build_vocabulary(*case.args, **case.kwargs)
    assert ex.diagnose(case, expected[:-1] + ["zzz"], expected) == []
    assert ex.diagnose(case, "not a list", expected) == []


def test_the_text_stub_imports_and_keeps_its_helpers():
    import dlkata.exercises.text as stub

    assert stub.PUNCTUATION == string.punctuation
    with pytest.raises(NotImplementedError):
        stub.tokenize("a b")
