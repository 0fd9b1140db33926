"""Text: standardize, tokenize, n-grams, vocabulary, vectorization, padding, hashing.

Course notes, 텍스트 벡터화(Vectorizing Text): a text becomes tokens (토큰화),
tokens become numbers (a vocabulary of indices, multi-hot/count/TF-IDF bags,
or hashed buckets). Each function mirrors one step of
``keras.layers.TextVectorization`` with its defaults
(``standardize="lower_and_strip_punctuation"``, ``split="whitespace"``),
``keras.utils.pad_sequences`` or ``keras.layers.Hashing``.

Strings go in and come out as Python ``str`` (lists of them); integer results
are int64 arrays (int32 for ``pad_sequences``), TF-IDF is float32, as in Keras.

Traps that TensorFlow decides, not Python:
- ``tf.strings.lower`` lowercases ASCII ``A-Z`` only: ``"ÄB" -> "Äb"``.
- The whitespace split cuts on ASCII whitespace only (space, ``\\t \\n \\v \\f \\r``):
  a no-break space ``\\xa0`` or an ideographic space ``\\u3000`` stays inside a token.
- The vocabulary is sorted by count, most frequent first, and ties go to the
  token that is *larger* (descending order): ``"b"`` before ``"a"``.
"""

import re
import string

import numpy as np

from ._validate import require_choice, require_str, require_str_list

#: Keras' punctuation regex ``[!"#$%&()\\*\\+,-\\./:;<=>?@\\[\\\\\\]^_`{|}~\\']``: exactly ``string.punctuation``.
PUNCTUATION = string.punctuation
#: ASCII whitespace, the only separators of ``tf.strings.split``.
WHITESPACE = " \t\n\v\f\r"
#: The reserved tokens at the front of every vocabulary: padding/mask and out-of-vocabulary.
MASK_TOKEN, OOV_TOKEN = "", "[UNK]"
OUTPUT_MODES = ("int", "multi_hot", "count", "tf_idf")


def _ngram_sizes(n):
    """``n`` as Keras reads it: an int means sizes 1..n, a tuple means exactly those sizes."""
    if n is None:
        return None
    if isinstance(n, (int, np.integer)) and not isinstance(n, bool):
        if n < 1:
            raise ValueError(f"ngrams must be a positive int or a tuple of positive ints, got {n!r}")
        return tuple(range(1, int(n) + 1))
    if isinstance(n, (tuple, list)) and n and all(isinstance(k, (int, np.integer)) and not isinstance(k, bool)
                                                   and k >= 1 for k in n):
        return tuple(int(k) for k in n)
    raise ValueError(f"ngrams must be a positive int or a tuple of positive ints, got {n!r}")


def standardize(text):
    """Lowercase ASCII letters, then delete punctuation, as TextVectorization's default standardize.

    Mirrors ``tf.strings.lower`` (ASCII ``A-Z`` only; ``"É"`` and ``"Ä"`` are
    kept as they are) followed by ``tf.strings.regex_replace`` with Keras'
    punctuation class (the 32 characters of ``string.punctuation``, the
    apostrophe included: ``"it's" -> "its"``, ``"x-y" -> "xy"``).

    text: str.  Returns: str.
    """
    text = require_str(text, "text")
    ### BEGIN SOLUTION
    lowered = "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in text)
    return lowered.translate({ord(c): None for c in PUNCTUATION})
    ### END SOLUTION


def tokenize(text):
    """The tokens ``TextVectorization`` produces for one text: ``standardize`` then split on whitespace.

    Mirrors ``TextVectorization(split="whitespace")``: ``tf.strings.split``
    treats a run of ASCII whitespace (space, tab, newline, ``\\v \\f \\r``) as one
    separator and drops leading/trailing whitespace; other Unicode spaces are
    not separators. No n-grams here (see ``ngrams``).

    text: str.  Returns: list of str (empty for an empty or punctuation-only text).
    """
    text = require_str(text, "text")
    ### BEGIN SOLUTION
    return [tok for tok in re.split(f"[{re.escape(WHITESPACE)}]+", standardize(text)) if tok]
    ### END SOLUTION


def ngrams(tokens, n):
    """The n-grams of ``tokens`` joined by ``" "``, in TextVectorization's order.

    Mirrors ``TextVectorization(ngrams=n)``, i.e. ``tf.strings.ngrams(tokens,
    sizes, separator=" ")``: ``n=3`` means sizes ``(1, 2, 3)``; a tuple gives
    exactly those sizes, in that order. For each size all windows come from
    left to right; a size longer than the text gives nothing (no padding).

    tokens: list of str.  n: positive int or tuple of positive ints.
    Returns: list of str, e.g. ``ngrams(["a", "b", "c"], 2) == ["a", "b", "c", "a b", "b c"]``.
    """
    tokens = require_str_list(tokens, "tokens")
    sizes = _ngram_sizes(n)
    ### BEGIN SOLUTION
    out = []
    for k in sizes:
        out += [" ".join(tokens[i:i + k]) for i in range(len(tokens) - k + 1)]
    return out
    ### END SOLUTION


def _tokens(text, n):
    """tokenize(text), followed by its n-grams when ``n`` is given (the preprocessing of one text)."""
    toks = tokenize(text)
    return toks if n is None else ngrams(toks, n)


def build_vocabulary(texts, max_tokens=None, ngrams=None):
    """The vocabulary ``TextVectorization(max_tokens, ngrams=ngrams).adapt(texts)`` learns.

    Same as ``layer.get_vocabulary(include_special_tokens=True)``: index 0 is
    ``""`` (padding / mask), index 1 is ``"[UNK]"``, then the tokens (n-grams
    included) sorted by count over all texts, most frequent first; ties are
    broken by the token in *descending* order (Keras uses
    ``np.lexsort((tokens, counts))[::-1]``). ``max_tokens`` counts the two
    special tokens, so it keeps the ``max_tokens - 2`` most frequent tokens.

    texts: list of str.  max_tokens: None or int >= 3.  ngrams: None, int or tuple.
    Returns: list of str.
    """
    texts = require_str_list(texts, "texts")
    sizes = _ngram_sizes(ngrams)
    if max_tokens is not None and (not isinstance(max_tokens, (int, np.integer)) or isinstance(max_tokens, bool)
                                   or max_tokens < 3):
        raise ValueError(f"max_tokens must be None or an int >= 3 (it counts '' and '[UNK]'), got {max_tokens!r}")
    ### BEGIN SOLUTION
    counts = {}
    for text in texts:
        for tok in _tokens(text, sizes):
            counts[tok] = counts.get(tok, 0) + 1
    counts.pop(MASK_TOKEN, None)
    counts.pop(OOV_TOKEN, None)
    ordered = sorted(counts, key=lambda tok: (counts[tok], tok), reverse=True)
    if max_tokens is not None:
        ordered = ordered[: max_tokens - 2]
    return [MASK_TOKEN, OOV_TOKEN, *ordered]
    ### END SOLUTION


def vectorize(texts, vocabulary, output_mode="int", sequence_length=None, ngrams=None, idf_weights=None):
    """``TextVectorization(vocabulary=..., output_mode=...)`` applied to ``texts``.

    vocabulary: a list as ``build_vocabulary`` returns it (``""``, ``"[UNK]"``,
    then the tokens). Tokens are ``tokenize(text)`` (then ``ngrams`` if given);
    a token not in the vocabulary is out-of-vocabulary (OOV).

    - ``"int"``: each token's index (0 = padding, 1 = OOV, tokens from 2);
      int64 ``(len(texts), length)`` where length is ``sequence_length`` (pad
      with 0 at the end, or truncate at the end) or else the longest text.
    - ``"multi_hot"`` / ``"count"``: there is no mask slot, so column 0 is
      OOV and vocabulary token ``vocabulary[j]`` is column ``j - 1``; 1 if the
      token occurs / how many times; int64 ``(len(texts), len(vocabulary) - 1)``.
    - ``"tf_idf"``: count times idf, float32 of the same shape. ``idf_weights``
      gives one weight per token (``len(vocabulary) - 2`` of them, the order of
      ``vocabulary[2:]``); when None they are computed from ``texts`` as
      ``adapt`` does: ``idf = log(1 + N / (1 + df))`` with N = ``len(texts)``
      and df = the number of texts containing the token. Either way the OOV
      column's weight is the mean of the token weights (Keras' choice).
      ``vectorize(t, build_vocabulary(t), "tf_idf")`` therefore equals
      ``TextVectorization(output_mode="tf_idf")`` adapted on ``t`` and called on ``t``.

    Returns: a NumPy array as described.
    """
    texts = require_str_list(texts, "texts")
    vocabulary = require_str_list(vocabulary, "vocabulary")
    output_mode = require_choice(output_mode, OUTPUT_MODES, "output_mode")
    sizes = _ngram_sizes(ngrams)
    if vocabulary[:2] != [MASK_TOKEN, OOV_TOKEN] or len(set(vocabulary)) != len(vocabulary):
        raise ValueError(f"vocabulary must start with '' and '[UNK]' and hold no repeated token "
                         f"(as build_vocabulary returns it), got {vocabulary[:4]!r}... of length {len(vocabulary)}")
    if sequence_length is not None:
        if output_mode != "int":
            raise ValueError(f"sequence_length is only for output_mode='int', got output_mode={output_mode!r}")
        if not isinstance(sequence_length, (int, np.integer)) or isinstance(sequence_length, bool) \
                or sequence_length < 1:
            raise ValueError(f"sequence_length must be None or a positive int, got {sequence_length!r}")
    if idf_weights is not None:
        if output_mode != "tf_idf":
            raise ValueError(f"idf_weights is only for output_mode='tf_idf', got output_mode={output_mode!r}")
        idf_weights = np.asarray(idf_weights)
        if idf_weights.dtype.kind not in "fiu" or idf_weights.shape != (len(vocabulary) - 2,):
            raise ValueError(f"idf_weights must be a numeric array of shape ({len(vocabulary) - 2},) "
                             f"(one weight per token of vocabulary[2:]), got shape {idf_weights.shape}")
    ### BEGIN SOLUTION
    index = {tok: i for i, tok in enumerate(vocabulary)}
    index.pop(MASK_TOKEN)  # "" is never produced by the split; it only pads
    ids = [[index.get(tok, 1) for tok in _tokens(text, sizes)] for text in texts]
    if output_mode == "int":
        length = sequence_length if sequence_length is not None else max((len(r) for r in ids), default=0)
        out = np.zeros((len(ids), length), np.int64)
        for row, r in zip(out, ids):
            r = r[:length]
            row[: len(r)] = r
        return out
    width = len(vocabulary) - 1
    counts = np.zeros((len(ids), width), np.int64)
    for row, r in zip(counts, ids):
        np.add.at(row, np.asarray(r, np.int64) - 1, 1)
    if output_mode == "multi_hot":
        return (counts > 0).astype(np.int64)
    if output_mode == "count":
        return counts
    if idf_weights is None:
        df = np.zeros(width - 1, np.int64)
        for r in ids:
            present = np.unique(np.asarray(r, np.int64))
            present = present[present >= 2]
            df[present - 2] += 1
        idf_weights = np.log(1 + len(texts) / (1 + df)).astype(np.float32)
    oov = np.mean(idf_weights) if idf_weights.size else 0.0
    weights = np.concatenate([[oov], idf_weights]).astype(np.float32)
    return counts.astype(np.float32) * weights
    ### END SOLUTION


def _sequence(s, name):
    """One sequence as a 1-D numeric array (an empty list is fine; floats are cast later, as Keras does)."""
    arr = np.asarray(s)
    if arr.size == 0:
        return np.zeros(0, np.int64)
    if arr.dtype.kind not in "iuf" or arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D list of numbers, got dtype {arr.dtype} and shape {arr.shape}")
    return arr


def pad_sequences(sequences, maxlen=None, padding="pre", truncating="pre", value=0):
    """Pad or cut integer sequences to one length. Mirrors ``keras.utils.pad_sequences`` (dtype int32).

    sequences: list of lists of ints (ragged).  maxlen: None (the longest
    sequence) or an int >= 0.  padding: ``"pre"`` puts the ``value`` fill
    before the sequence, ``"post"`` after.  truncating: ``"pre"`` drops the
    beginning (keeps the *last* maxlen items), ``"post"`` drops the end.
    value: the fill, cast to int32 (2.7 -> 2); float items are cast the same way.

    Returns: int32 array ``(len(sequences), maxlen)``.
    """
    if not isinstance(sequences, (list, tuple)):
        raise ValueError(f"sequences must be a list of integer sequences, got {type(sequences).__name__}")
    sequences = [_sequence(s, f"sequences[{i}]") for i, s in enumerate(sequences)]
    padding = require_choice(padding, ("pre", "post"), "padding")
    truncating = require_choice(truncating, ("pre", "post"), "truncating")
    if maxlen is not None and (not isinstance(maxlen, (int, np.integer)) or isinstance(maxlen, bool) or maxlen < 0):
        raise ValueError(f"maxlen must be None or an int >= 0, got {maxlen!r}")
    ### BEGIN SOLUTION
    if maxlen is None:
        maxlen = max((len(s) for s in sequences), default=0)
    out = np.full((len(sequences), maxlen), value, dtype=np.int32)
    for row, s in zip(out, sequences):
        if maxlen == 0 or len(s) == 0:
            continue
        kept = s[-maxlen:] if truncating == "pre" else s[:maxlen]
        if padding == "post":
            row[: len(kept)] = kept
        else:
            row[maxlen - len(kept):] = kept
    return out
    ### END SOLUTION


_MASK64 = (1 << 64) - 1


### BEGIN SOLUTION
def _rotl(x, b):
    """Rotate a 64-bit word left by ``b`` bits."""
    return ((x << b) | (x >> (64 - b))) & _MASK64


def _sipround(v0, v1, v2, v3):
    """One SipRound: add, rotate, xor on the four 64-bit state words."""
    v0 = (v0 + v1) & _MASK64
    v1 = _rotl(v1, 13) ^ v0
    v0 = _rotl(v0, 32)
    v2 = (v2 + v3) & _MASK64
    v3 = _rotl(v3, 16) ^ v2
    v0 = (v0 + v3) & _MASK64
    v3 = _rotl(v3, 21) ^ v0
    v2 = (v2 + v1) & _MASK64
    v1 = _rotl(v1, 17) ^ v2
    v2 = _rotl(v2, 32)
    return v0, v1, v2, v3


def _siphash24(k0, k1, data):
    """SipHash-2-4 of ``data`` (bytes) with the 128-bit key ``(k0, k1)``: a uint64 as a Python int.

    Two SipRounds per 8-byte little-endian block, four at the end. The last
    block holds the remaining bytes and the length mod 256 in its top byte.
    """
    v0 = k0 ^ 0x736F6D6570736575  # "somepseu"
    v1 = k1 ^ 0x646F72616E646F6D  # "dorandom"
    v2 = k0 ^ 0x6C7967656E657261  # "lygenera"
    v3 = k1 ^ 0x7465646279746573  # "tedbytes"
    n = len(data)
    full = n - n % 8
    for i in range(0, full, 8):
        m = int.from_bytes(data[i:i + 8], "little")
        v3 ^= m
        v0, v1, v2, v3 = _sipround(*_sipround(v0, v1, v2, v3))
        v0 ^= m
    m = int.from_bytes(data[full:], "little") | ((n & 0xFF) << 56)
    v3 ^= m
    v0, v1, v2, v3 = _sipround(*_sipround(v0, v1, v2, v3))
    v0 ^= m
    v2 ^= 0xFF
    for _ in range(4):
        v0, v1, v2, v3 = _sipround(v0, v1, v2, v3)
    return v0 ^ v1 ^ v2 ^ v3
### END SOLUTION


def hash_tokens(tokens, num_bins, salt):
    """The bucket of each token: ``SipHash-2-4(key=salt, utf-8 bytes) mod num_bins``.

    Mirrors ``keras.layers.Hashing(num_bins, salt=salt)``, which calls
    ``tf.strings.to_hash_bucket_strong(tokens, num_bins, key=salt)``. The
    128-bit key is the pair ``salt = (k0, k1)`` of 64-bit words (an int ``s``
    means ``(s, s)``, as in Keras). Different tokens may share a bucket (a
    hash collision); the same token always lands in the same bucket.

    tokens: list of str.  num_bins: int >= 1.  salt: pair of ints in [0, 2**64) (or one int).
    Returns: int64 array ``(len(tokens),)`` with values in ``[0, num_bins)``.
    """
    tokens = require_str_list(tokens, "tokens")
    if not isinstance(num_bins, (int, np.integer)) or isinstance(num_bins, bool) or num_bins < 1:
        raise ValueError(f"num_bins must be a positive int, got {num_bins!r}")
    if isinstance(salt, (int, np.integer)) and not isinstance(salt, bool):
        salt = (salt, salt)
    if not (isinstance(salt, (tuple, list)) and len(salt) == 2
            and all(isinstance(k, (int, np.integer)) and not isinstance(k, bool) and -2**63 <= k < 2**64
                    for k in salt)):
        raise ValueError(f"salt must be a pair of 64-bit ints (or one int), got {salt!r}")
    k0, k1 = int(salt[0]) & _MASK64, int(salt[1]) & _MASK64
    ### BEGIN SOLUTION
    buckets = [_siphash24(k0, k1, tok.encode("utf-8")) % int(num_bins) for tok in tokens]
    return np.array(buckets, dtype=np.int64)
    ### END SOLUTION
