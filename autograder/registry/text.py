"""Registry: the text topic (``solutions/text.py``).

Oracles are ``keras.layers.TextVectorization`` with its defaults,
``keras.utils.pad_sequences`` and ``keras.layers.Hashing``. ``standardize``,
``tokenize`` and ``ngrams`` read the tokens the layer's own preprocessing
(``TextVectorization._preprocess``: lower, strip, split, n-grams) produces;
every string an oracle returns is a plain ``str``.

Texts are drawn from small word pools, so that words repeat (ties in the
vocabulary), with random capitals, punctuation, Korean and accented words,
and runs of whitespace.
"""

from __future__ import annotations

import string

import numpy as np

from ..cases import Case
from ..diagnose import candidate
from ..diagnose_checks import text_punctuation, text_tokenize, text_vectorize, text_vocabulary
from ..exercise import Exercise, Topic
from ..tfbridge import keras, tf

TOPIC = "text"

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
        ("korean", f"이 영화 정말 {_word(rng)}!! 재미있다...", "Korean text with punctuation"),
        ("unicode spaces", f"{_word(rng)}\u00a0{_word(rng)}\u3000{_word(rng)}\t{_word(rng)}\x1c{_word(rng)}",
         "no-break and ideographic spaces are not ASCII whitespace"),
        ("whitespace runs", f"  \t{_word(rng)}  \n\n {_word(rng)}\r\n\v\f{_word(rng)}   ",
         "leading, trailing and repeated whitespace"),
    ]
    return out


# ------------------------------------------------------------------ cases

def _standardize_cases(rng):
    return [Case(name, (text,), note=note) for name, text, note in _single_texts(rng)]


def _tokenize_cases(rng):
    return [Case(name, (text,), note=note) for name, text, note in _single_texts(rng)]


def _tokens(rng, n: int) -> list[str]:
    return [str(rng.choice(WORDS + EXOTIC[4:7])) for _ in range(n)]


def _ngrams_cases(rng):
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


def _vocab_cases(rng):
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


def _vectorize_cases(rng):
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
    return out


def _vocab_of(texts, ngrams, max_tokens=None) -> list[str]:
    """A vocabulary for the cases: distinct tokens by rough frequency (any such list is a valid input;
    the exact Keras order is what build_vocabulary is checked on)."""
    counts: dict[str, int] = {}
    sizes = None if ngrams is None else (tuple(range(1, ngrams + 1)) if isinstance(ngrams, int) else ngrams)
    for text in texts:
        words = _python_standardize(text).split()
        grams = words if sizes is None else [" ".join(words[i:i + k]) for k in sizes
                                             for i in range(len(words) - k + 1)]
        for g in grams:
            counts[g] = counts.get(g, 0) + 1
    tokens = sorted(counts, key=lambda g: (-counts[g], g))
    if max_tokens is not None:
        tokens = tokens[: max_tokens - 2]
    return ["", "[UNK]", *(tokens or ["movie"])]  # TensorFlow refuses a vocabulary without a real token


def _pad_cases(rng):
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


def _hash_cases(rng):
    salt = (int(rng.integers(0, 2**63, dtype=np.uint64)), int(rng.integers(0, 2**63, dtype=np.uint64)))
    words = _tokens(rng, int(rng.integers(5, 12)))
    out = [
        Case("words", (words, int(rng.integers(20, 1000)), salt)),
        Case("collisions", (words + words[:3], int(rng.integers(2, 5)), salt),
             note="few bins: different tokens share a bucket; repeated tokens always agree"),
        Case("block lengths", (["", "a", "1234567", "12345678", "123456789", "abcdefghijklmnop", "x" * 31],
                               2**31 - 1, salt), note="the empty string and the 8-byte block boundaries"),
        Case("non-ASCII tokens", (["영화", "정말", "café", "ÉCOLE", "日本"], 10**6, salt),
             note="the UTF-8 bytes are hashed"),
        Case("int salt", (words[:4], 97, int(rng.integers(0, 2**31))), note="an int s means the key (s, s)"),
        Case("zero salt", (words[:3], 1000, (0, 0))),
        Case("empty list", ([], 10, salt), note="no tokens: shape (0,)"),
    ]
    return out


# ------------------------------------------------------------------ oracles

def _text_layer(**kwargs):
    return keras().layers.TextVectorization(**kwargs)


def _preprocessed(layer, texts):
    """The layer's own preprocessing of ``texts``: a list of str, or of lists of str."""
    out = layer._preprocess(tf().constant(texts, dtype=tf().string))
    if hasattr(out, "to_list"):
        return [[t.decode("utf-8") for t in row] for row in out.to_list()]
    return [t.decode("utf-8") for t in out.numpy().tolist()]


def _standardize_oracle(text):
    return _preprocessed(_text_layer(split=None), [text])[0]


def _tokenize_oracle(text):
    return _preprocessed(_text_layer(), [text])[0]


def _ngrams_oracle(tokens, n):
    # The tokens hold no whitespace, so joining them and splitting again gives them back.
    return _preprocessed(_text_layer(standardize=None, ngrams=n), [" ".join(tokens)])[0]


def _vocab_oracle(texts, max_tokens=None, ngrams=None):
    layer = _text_layer(max_tokens=max_tokens, ngrams=ngrams)
    layer.adapt(tf().constant(texts, dtype=tf().string))
    return [str(t) for t in layer.get_vocabulary(include_special_tokens=True)]


def _idf_from_texts(texts, tokens, ngrams):
    """idf of each token as ``adapt`` computes it on ``texts`` (float32).

    A tf_idf layer adapted on ``texts`` and called on the text made of one
    token alone gives that token's idf in its own column (count 1).
    """
    t = tf()
    layer = _text_layer(output_mode="tf_idf", ngrams=ngrams)
    try:
        layer.adapt(t.constant(texts, dtype=t.string))
        learnt = [str(v) for v in layer.get_vocabulary()]
    except AttributeError:  # Keras cannot finalise tf_idf on texts without any token
        learnt = ["[UNK]"]
    idf = {}
    if len(learnt) > 1:
        rows = layer(t.constant(learnt[1:], dtype=t.string)).numpy()
        idf = {tok: rows[i, i + 1] for i, tok in enumerate(learnt[1:])}
    unseen = t.cast(t.math.log(1 + t.constant(len(texts), t.int64) / (1 + t.constant(0, t.int64))), "float32")
    return np.array([idf.get(tok, unseen.numpy()) for tok in tokens], np.float32)


def _vectorize_oracle(texts, vocabulary, output_mode="int", sequence_length=None, ngrams=None, idf_weights=None):
    t = tf()
    if output_mode == "int":
        layer = _text_layer(vocabulary=list(vocabulary), output_mode="int", output_sequence_length=sequence_length,
                            ngrams=ngrams)
    else:
        tokens = list(vocabulary[2:])  # no mask slot outside int mode: Keras wants the tokens alone
        if output_mode == "tf_idf" and idf_weights is None:
            idf_weights = _idf_from_texts(texts, tokens, ngrams)
        layer = _text_layer(vocabulary=tokens, output_mode=output_mode, ngrams=ngrams,
                            idf_weights=idf_weights if output_mode == "tf_idf" else None)
    return layer(t.constant(texts, dtype=t.string))


def _pad_oracle(sequences, maxlen=None, padding="pre", truncating="pre", value=0):
    return keras().utils.pad_sequences(sequences, maxlen=maxlen, padding=padding, truncating=truncating, value=value)


def _hash_oracle(tokens, num_bins, salt):
    layer = keras().layers.Hashing(num_bins, salt=list(salt) if isinstance(salt, tuple) else salt)
    return layer(tf().constant(tokens, dtype=tf().string))


_standardize_oracle.__name__ = "TextVectorization standardize"
_tokenize_oracle.__name__ = "TextVectorization standardize + split"
_ngrams_oracle.__name__ = "TextVectorization(ngrams=n)"
_vocab_oracle.__name__ = "TextVectorization.adapt().get_vocabulary()"
_vectorize_oracle.__name__ = "TextVectorization(vocabulary=...)"
_pad_oracle.__name__ = "keras.utils.pad_sequences"
_hash_oracle.__name__ = "keras.layers.Hashing(salt=...)"


# ------------------------------------------------------------------ diagnoses

def _python_standardize(text: str) -> str:
    return text.lower().translate({ord(c): None for c in string.punctuation})


def _standardize_mistakes(case, expected):
    return candidate("diag_text_unicode_lower", _python_standardize(case.args[0]), expected, mode="exact")


def _pad_mistakes(case, expected):
    """Padding or truncation on the other side than asked (the first that fits is reported)."""
    kw = dict(case.kwargs)
    flip = {"pre": "post", "post": "pre"}
    found = []
    for arg in ("padding", "truncating"):
        kw2 = dict(kw, **{arg: flip[kw.get(arg, "pre")]})
        try:
            other = _numpy_pad(case.args[0], **kw2)
        except Exception:  # noqa: BLE001
            continue
        found += candidate("diag_text_pad_side", other, expected, fields={"arg": arg, "value": kw.get(arg, "pre")},
                           alone=True, mode="exact")
    return found


def _numpy_pad(sequences, maxlen=None, padding="pre", truncating="pre", value=0):
    """Keras' rule in NumPy (for the diagnosis only: which side the student padded or cut)."""
    maxlen = max((len(s) for s in sequences), default=0) if maxlen is None else maxlen
    out = np.full((len(sequences), maxlen), value, np.int32)
    for row, s in zip(out, sequences):
        if not len(s) or not maxlen:
            continue
        kept = list(s)[-maxlen:] if truncating == "pre" else list(s)[:maxlen]
        if padding == "post":
            row[: len(kept)] = kept
        else:
            row[maxlen - len(kept):] = kept
    return out


HINTS = {
    "standardize": {
        "en": "tf.strings.lower changes only A-Z (not 'É' or 'Ä'); then delete every character of string.punctuation, "
              "the apostrophe included.",
        "ko": "tf.strings.lower는 A-Z만 소문자로 바꿉니다('É', 'Ä'는 그대로). 그다음 string.punctuation의 모든 문자를 "
              "(아포스트로피 포함) 지우세요.",
    },
    "tokenize": {
        "en": "standardize first, then split on runs of ASCII whitespace (space \\t \\n \\v \\f \\r) only; "
              "str.split() would also split on Unicode spaces.",
        "ko": "먼저 standardize하고, ASCII 공백(space \\t \\n \\v \\f \\r)으로만 토큰화(split)하세요. "
              "str.split()은 유니코드 공백에서도 나눕니다.",
    },
    "ngrams": {
        "en": "An int n means sizes 1..n; a tuple means exactly those sizes in that order. For each size, slide a window "
              "left to right and join with ' '.",
        "ko": "정수 n은 크기 1..n, 튜플은 그 크기들만 그 순서대로입니다. 크기마다 왼쪽부터 창을 밀며 ' '로 이어 붙이세요 (N-gram).",
    },
    "build_vocabulary": {
        "en": "Count every token (n-grams included), sort by count descending and break ties by the token descending; "
              "'' and '[UNK]' come first and count toward max_tokens.",
        "ko": "모든 토큰(N-gram 포함)의 빈도를 세어 내림차순으로 정렬하고, 같은 빈도는 토큰의 내림차순으로 정하세요. "
              "''와 '[UNK]'가 맨 앞이며 max_tokens에 포함됩니다.",
    },
    "vectorize": {
        "en": "int: index per token (0 pads, 1 is [UNK]). multi_hot/count/tf_idf have no padding column: column 0 is "
              "[UNK] and vocabulary[j] is column j-1. tf_idf = count * idf; the [UNK] idf is the mean of the others.",
        "ko": "int: 토큰마다 인덱스 (0은 패딩, 1은 [UNK]). multi_hot/count/tf_idf에는 패딩 열이 없어 0열이 [UNK], "
              "vocabulary[j]는 j-1열입니다. tf_idf = 빈도 * idf이고 [UNK]의 idf는 나머지의 평균입니다.",
    },
    "pad_sequences": {
        "en": "'pre' truncation keeps the LAST maxlen items; 'pre' padding puts the fill before the sequence. "
              "The result is int32.",
        "ko": "'pre' 자르기는 마지막 maxlen개를 남기고, 'pre' 패딩은 채움값을 앞에 둡니다. 결과는 int32입니다.",
    },
    "hash_tokens": {
        "en": "SipHash-2-4 on the UTF-8 bytes with key (k0, k1) = salt, then mod num_bins. Use Python ints masked "
              "with 2**64 - 1 for the 64-bit additions and rotations.",
        "ko": "salt를 키 (k0, k1)로 하여 UTF-8 바이트에 SipHash-2-4를 계산하고 num_bins로 나눈 나머지를 구하세요. "
              "64비트 덧셈과 회전은 2**64 - 1로 마스크한 파이썬 정수로 하세요.",
    },
}


def _exercise(name, cases, oracle, points, mistakes=None, checks=()) -> Exercise:
    return Exercise(TOPIC, name, points, cases, oracle, HINTS[name], mistakes=mistakes, checks=checks)


EXERCISES = (
    _exercise("standardize", _standardize_cases, _standardize_oracle, 1, _standardize_mistakes, (text_punctuation,)),
    _exercise("tokenize", _tokenize_cases, _tokenize_oracle, 1, checks=(text_tokenize, text_punctuation)),
    _exercise("ngrams", _ngrams_cases, _ngrams_oracle, 1),
    _exercise("build_vocabulary", _vocab_cases, _vocab_oracle, 2, checks=(text_vocabulary,)),
    _exercise("vectorize", _vectorize_cases, _vectorize_oracle, 3, checks=(text_vectorize,)),
    _exercise("pad_sequences", _pad_cases, _pad_oracle, 1, _pad_mistakes),
    _exercise("hash_tokens", _hash_cases, _hash_oracle, 2),
)

topic = Topic(TOPIC, {"en": "Text vectorization", "ko": "텍스트 벡터화"}, EXERCISES)
