"""Cases of the text topic.

Texts are drawn from small word pools, so that words repeat (ties in the
vocabulary), with random capitals, punctuation, Korean and accented words,
and runs of whitespace.
"""

from __future__ import annotations

import string

import numpy as np

from ...cases import Case

WORDS = ("the", "movie", "film", "was", "great", "bad", "plot", "actor", "not", "very", "fun", "dull",
         "love", "it", "a", "i", "and", "story", "good", "boring")
EXOTIC = ("Café", "ÉCOLE", "naïve", "Äpfel", "영화", "정말", "재미있다", "ΣΟΦΙΑ", "日本")
PUNCT = ("!", ",", ".", "?", "'s", "...", "-", "(", ")", "\"", ":", ";", "#", "@", "_", "`", "~", "'")
SPACES = (" ", " ", " ", "  ", "\t", "\n", " \r\n ")


def _word(rng, exotic: float = 0.1) -> str:
    w = str(rng.choice(EXOTIC)) if rng.random() < exotic else str(rng.choice(WORDS))
    r = rng.random()
    if r < 0.15:
        w = w.upper()
    elif r < 0.35:
        w = w.capitalize()
    if rng.random() < 0.25:
        w = w + str(rng.choice(PUNCT))
    if rng.random() < 0.05:
        w = str(rng.choice(PUNCT)) + w
    return w


def _sentence(rng, low: int = 1, high: int = 9, exotic: float = 0.1) -> str:
    n = int(rng.integers(low, high))
    parts = [_word(rng, exotic) for _ in range(n)]
    text = ""
    for i, p in enumerate(parts):
        text += p if i == 0 else str(rng.choice(SPACES)) + p
    if rng.random() < 0.2:
        text = " " + text + "  "
    return text


def _texts(rng, n: int, exotic: float = 0.1) -> list[str]:
    return [_sentence(rng, exotic=exotic) for _ in range(n)]


def _single_texts(rng) -> list[tuple[str, str, str]]:
    """(name, text, note) for standardize and tokenize."""
    out = [(f"sentence {i}", _sentence(rng), "") for i in range(3)]
    out += [
        ("empty", "", "an empty text"),
        ("punctuation only", "".join(rng.permutation(list(string.punctuation))), "every punctuation mark"),
        ("apostrophes and hyphens", f"It's {_word(rng)}-{_word(rng)}, isn't it? {rng.integers(0, 99)}%",
         "the apostrophe and the hyphen are punctuation too"),
        ("accented capitals", f"ÄPFEL {_word(rng)} CAFÉ École Ünïcode ΣΟΦΙΑ", "tf.strings.lower changes A-Z only"),
        ("every ASCII capital", "THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG, AZ", "A and Z, both ends of the range"),
        ("korean", f"이 영화 정말 {_word(rng)}!! 재미있다...", "Korean text with punctuation"),
        ("unicode spaces", f"{_word(rng)}\u00a0{_word(rng)}\u3000{_word(rng)}\t{_word(rng)}\x1c{_word(rng)}",
         "no-break and ideographic spaces are not ASCII whitespace"),
        ("whitespace runs", f"  \t{_word(rng)}  \n\n {_word(rng)}\r\n\v\f{_word(rng)}   ",
         "leading, trailing and repeated whitespace"),
    ]
    return out


# ------------------------------------------------------------------ cases

def standardize(rng):
    """``(text,)``."""
    return [Case(name, (text,), note=note) for name, text, note in _single_texts(rng)]


def tokenize(rng):
    """``(text,)``."""
    return [Case(name, (text,), note=note) for name, text, note in _single_texts(rng)]


def _tokens(rng, n: int) -> list[str]:
    return [str(rng.choice(WORDS + EXOTIC[4:7])) for _ in range(n)]


def ngrams(rng):
    """``(tokens, n)``: n an int or a tuple of sizes."""
    out = []
    for n in (1, 2, 3):
        out.append(Case(f"n={n}", (_tokens(rng, int(rng.integers(3, 8))), n), note=f"all sizes 1..{n}"))
    out.append(Case("tuple (3, 1)", (_tokens(rng, int(rng.integers(3, 7))), (3, 1)),
                    note="a tuple gives exactly those sizes, in that order"))
    out.append(Case("tuple (2,)", (_tokens(rng, int(rng.integers(2, 6))), (2,)), note="bigrams only"))
    out.append(Case("n longer than the text", (_tokens(rng, 2), 4), note="no padding: sizes 3 and 4 give nothing"))
    out.append(Case("repeated tokens", (["good"] * 4 + ["bad"], 2), note="equal n-grams are all kept"))
    out.append(Case("empty tokens", ([], 2), note="no tokens, no n-grams"))
    return out


def build_vocabulary(rng):
    """``(texts,)`` with ``max_tokens`` and ``ngrams`` keywords."""
    out = []
    texts = _texts(rng, int(rng.integers(4, 9)))
    out.append(Case("texts", (texts,), note="ties are broken by the token, descending"))
    texts = _texts(rng, int(rng.integers(5, 10)))
    out.append(Case("max_tokens", (texts,), {"max_tokens": int(rng.integers(3, 7))},
                    note="max_tokens counts '' and '[UNK]' and is smaller than the vocabulary"))
    out.append(Case("max_tokens larger than the vocabulary", (_texts(rng, 3),), {"max_tokens": 200}))
    out.append(Case("ngrams=2", (_texts(rng, int(rng.integers(3, 6))),), {"ngrams": 2}))
    out.append(Case("ngrams=(1, 3), max_tokens", (_texts(rng, int(rng.integers(3, 6))),),
                    {"max_tokens": int(rng.integers(8, 15)), "ngrams": (1, 3)}))
    out.append(Case("repeated words", (["b a c a", "C b!", "d", "A", "e e e"],), note="counts and ties"))
    out.append(Case("non-ASCII", (_texts(rng, 4, exotic=0.6),), note="Korean and accented words"))
    out.append(Case("empty and punctuation-only texts", (["", "...!!", "  "],), note="no tokens at all"))
    return out


def vectorize(rng):
    """``(texts, vocabulary)`` with ``output_mode``, ``sequence_length``, ``ngrams``, ``idf_weights`` keywords."""
    out = []
    for mode in ("int", "multi_hot", "count", "tf_idf"):
        vocab_texts = _texts(rng, int(rng.integers(3, 7)))
        texts = _texts(rng, int(rng.integers(2, 6))) + [""]
        out.append(Case(mode, (texts, _vocab_of(vocab_texts, None)), {"output_mode": mode},
                        terms=len(WORDS) + len(EXOTIC) + 2,
                        note="the vocabulary comes from other texts: unknown words are [UNK]"))
    texts = _texts(rng, int(rng.integers(2, 5)))
    vocab = _vocab_of(texts + _texts(rng, 3), None)
    out.append(Case("int, sequence_length short", (texts, vocab),
                    {"output_mode": "int", "sequence_length": int(rng.integers(1, 3))}, note="truncated at the end"))
    out.append(Case("int, sequence_length long", (texts, vocab),
                    {"output_mode": "int", "sequence_length": int(rng.integers(10, 14))}, note="padded with 0 at the end"))
    texts = _texts(rng, int(rng.integers(2, 5)))
    out.append(Case("count, ngrams=2", (texts, _vocab_of(texts, 2, max_tokens=12)),
                    {"output_mode": "count", "ngrams": 2}))
    out.append(Case("int, ngrams=(2, 1)", (texts, _vocab_of(texts, (2, 1))), {"output_mode": "int", "ngrams": (2, 1)}))
    texts = _texts(rng, int(rng.integers(3, 6)))
    vocab = _vocab_of(texts, None, max_tokens=8)
    for dt in (np.float32, np.float64):
        w = rng.uniform(0.1, 3.0, len(vocab) - 2).astype(dt)
        out.append(Case(f"tf_idf, {np.dtype(dt).name} idf_weights", (texts, vocab),
                        {"output_mode": "tf_idf", "idf_weights": w}, terms=len(vocab),
                        note="given weights; the [UNK] column weighs their mean"))
    texts = ["b a c a", "c b", "d", "e e x"]
    out.append(Case("tf_idf from the texts", (texts, _vocab_of(texts, None)), {"output_mode": "tf_idf"}, terms=8,
                    note="idf = log(1 + N / (1 + df)), as adapt() computes it"))
    out.append(Case("multi_hot, repeated tokens", (["good good good", "bad good bad", ""], ["", "[UNK]", "good", "bad"]),
                    {"output_mode": "multi_hot"}, note="1 however often the token occurs"))
    out.append(Case("int, empty texts", (["", "..."], ["", "[UNK]", "a"]), {"output_mode": "int"},
                    note="no tokens: shape (2, 0)"))
    out.append(Case("int, no texts", ([], ["", "[UNK]", "a"]), {"output_mode": "int"}, note="no texts: shape (0, 0)"))
    return out


def _vocab_of(texts, ngrams, max_tokens=None) -> list[str]:
    """A vocabulary for the cases: distinct tokens by rough frequency (any such list is a valid input;
    the exact Keras order is what build_vocabulary is checked on)."""
    counts: dict[str, int] = {}
    sizes = None if ngrams is None else (tuple(range(1, ngrams + 1)) if isinstance(ngrams, int) else ngrams)
    for text in texts:
        words = python_standardize(text).split()
        grams = words if sizes is None else [" ".join(words[i:i + k]) for k in sizes
                                             for i in range(len(words) - k + 1)]
        for g in grams:
            counts[g] = counts.get(g, 0) + 1
    tokens = sorted(counts, key=lambda g: (-counts[g], g))
    if max_tokens is not None:
        tokens = tokens[: max_tokens - 2]
    return ["", "[UNK]", *(tokens or ["movie"])]  # TensorFlow refuses a vocabulary without a real token


def pad_sequences(rng):
    """``(sequences,)`` with ``maxlen``, ``padding``, ``truncating``, ``value`` keywords."""
    def seqs(n, high=9):
        return [[int(v) for v in rng.integers(1, 50, int(rng.integers(0, high)))] for _ in range(n)]

    out = [Case("defaults", (seqs(int(rng.integers(2, 6))) + [[]],), note="maxlen None: the longest sequence")]
    for padding in ("pre", "post"):
        for truncating in ("pre", "post"):
            out.append(Case(f"maxlen short, padding={padding}, truncating={truncating}",
                            (seqs(int(rng.integers(3, 6))) + [[int(rng.integers(1, 9))] * 9],),
                            {"maxlen": int(rng.integers(2, 5)), "padding": padding, "truncating": truncating}))
    out.append(Case("maxlen long, value=-1", (seqs(4),), {"maxlen": int(rng.integers(10, 13)), "value": -1,
                                                         "padding": "post"}))
    out.append(Case("float value and items", ([[1.7, -2.2, 3.9], [5.5]],), {"maxlen": 4, "value": 2.7},
                    note="cast to int32 by truncation toward zero, as Keras does"))
    out.append(Case("one sequence of length 1", ([[int(rng.integers(1, 9))]],)))
    return out


def hash_tokens(rng):
    """``(tokens, num_bins, salt)``."""
    salt = (int(rng.integers(0, 2**63, dtype=np.uint64)), int(rng.integers(0, 2**63, dtype=np.uint64)))
    words = _tokens(rng, int(rng.integers(5, 12)))
    out = [
        Case("words", (words, int(rng.integers(20, 1000)), salt)),
        Case("collisions", (words + words[:3], int(rng.integers(2, 5)), salt),
             note="few bins: different tokens share a bucket; repeated tokens always agree"),
        Case("block lengths", (["", "a", "1234567", "12345678", "123456789", "abcdefghijklmnop", "x" * 31, "y" * 300],
                               2**31 - 1, salt),
             note="the empty string, the 8-byte block boundaries, and a token longer than 255 bytes (the length "
                  "byte keeps len % 256)"),
        Case("non-ASCII tokens", (["영화", "정말", "café", "ÉCOLE", "日本"], 10**6, salt),
             note="the UTF-8 bytes are hashed"),
        Case("int salt", (words[:4], 97, int(rng.integers(0, 2**31))), note="an int s means the key (s, s)"),
        Case("zero salt", (words[:3], 1000, (0, 0))),
        Case("empty list", ([], 10, salt), note="no tokens: shape (0,)"),
    ]
    return out



def python_standardize(text: str) -> str:
    """Python's ``str.lower`` and the punctuation deleted: Keras' rule except for non-ASCII capitals."""
    return text.lower().translate({ord(c): None for c in string.punctuation})
