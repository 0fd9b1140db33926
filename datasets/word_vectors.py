"""Pretrained word vectors of the course's own movie reviews, in GloVe's text format.

``datasets/word_vectors.txt`` holds one word a line followed by its numbers,
separated by single spaces, as the files of GloVe (``glove.6B.50d.txt``) and
word2vec's text output do::

    great 0.812345 -0.104211 ...

They were trained by ``python -m dlkata.datasets.train_word_vectors`` on the
reviews of :mod:`dlkata.datasets.text_corpus` (a co-occurrence matrix,
PPMI-weighted, factorised with NumPy's SVD); every word of the corpus has a
vector of 16 numbers. Words with similar neighbours get close vectors: the
nearest words of ``great`` are other praise (``delightful``, ``charming``),
those of ``boring`` other complaints, those of ``movie`` other things a review
talks about.

    >>> vectors = load_word_vectors()      # {"great": array([...], dtype=float32), ...}
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

#: The shipped vectors.
WORD_VECTORS = Path(__file__).resolve().parent / "word_vectors.txt"


def parse_word_vectors(lines, dtype=np.float32, where: str = "<vectors>") -> dict[str, np.ndarray]:
    """``{word: vector}`` from lines in GloVe's text format (blank lines skipped).

    Every vector must have the same length; a malformed line is a
    ``ValueError`` naming its line number, as is a word given twice.
    """
    vectors: dict[str, np.ndarray] = {}
    dim = None
    for number, line in enumerate(lines, 1):
        parts = line.rstrip("\n").split(" ")
        if not line.strip():
            continue
        word, numbers = parts[0], parts[1:]
        try:
            vector = np.array([float(v) for v in numbers], dtype=dtype)
        except ValueError:
            raise ValueError(f"{where}:{number}: the numbers after {word!r} do not parse") from None
        if not word or vector.size == 0:
            raise ValueError(f"{where}:{number}: expected a word and its numbers separated by single spaces")
        if dim is not None and vector.size != dim:
            raise ValueError(f"{where}:{number}: {word!r} has {vector.size} numbers, the vectors before it {dim}")
        if word in vectors:
            raise ValueError(f"{where}:{number}: {word!r} is given twice")
        dim = vector.size
        vectors[word] = vector
    return vectors


def load_word_vectors(path=WORD_VECTORS, dtype=np.float32) -> dict[str, np.ndarray]:
    """The word vectors in ``path`` (default: the shipped ones) as ``{word: 1-D array of dtype}``.

    This is the ``vectors`` argument of ``embedding.pretrained_matrix``, in the
    file's order (most frequent words first).
    """
    path = Path(path)
    with path.open(encoding="utf-8") as f:
        return parse_word_vectors(f, dtype, str(path))


def save_word_vectors(path, words, matrix, decimals: int = 6) -> None:
    """Write ``words`` and the rows of ``matrix`` (``(len(words), dim)``) in GloVe's text format."""
    matrix = np.asarray(matrix)
    if matrix.ndim != 2 or matrix.shape[0] != len(words):
        raise ValueError(f"matrix must have shape (len(words), dim) = ({len(words)}, dim), got {matrix.shape}")
    lines = [" ".join([w] + [f"{v:.{decimals}f}" for v in row]) for w, row in zip(words, matrix)]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
