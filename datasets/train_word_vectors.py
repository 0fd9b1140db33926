"""Train the word vectors that ship with the course (``datasets/word_vectors.txt``).

    python -m dlkata.datasets.train_word_vectors          # about a second

The recipe of count-based embeddings (GloVe factorises a word co-occurrence
matrix too; 단어의 동시출현 통계를 기록한 행렬 분해), in NumPy:

1. the reviews of :mod:`dlkata.datasets.text_corpus` (``--reviews`` of them,
   drawn from ``--seed``), split into words the way Keras' TextVectorization
   does by default: lowercase, punctuation deleted, split on whitespace;
2. co-occurrence counts within ``--window`` words on either side, each pair
   weighted by 1/distance;
3. positive pointwise mutual information, PPMI(w, c) = max(log p(w, c) /
   (p(w) p(c)), 0), with the context distribution raised to 0.75 (which keeps
   rare contexts from dominating);
4. the SVD of the PPMI matrix: a word's vector is its row of U times
   sqrt(singular values), the first ``--dim`` columns, each column's sign
   fixed so that its largest entry is positive.

Nothing is random beyond the corpus' seed, so the same arguments give the
same file (up to the last printed digit, which a different LAPACK may round
otherwise).
"""

from __future__ import annotations

import argparse
import re
import string
from collections import Counter

import numpy as np

from .text_corpus import load_reviews
from .word_vectors import WORD_VECTORS, save_word_vectors

#: The shipped file's settings.
DEFAULTS = {"reviews": 20000, "seed": 2024, "window": 4, "dim": 16}
_PUNCTUATION = re.compile("[" + re.escape(string.punctuation) + "]")


def tokenize(text: str) -> list[str]:
    """Keras' default standardize and split: ASCII lowercase, punctuation deleted, whitespace split."""
    lowered = "".join(c.lower() if "A" <= c <= "Z" else c for c in text)
    return _PUNCTUATION.sub("", lowered).split()


def cooccurrences(docs: list[list[str]], window: int) -> tuple[list[str], np.ndarray]:
    """The words (most frequent first, ties by the word) and their symmetric 1/distance-weighted counts."""
    counts = Counter(w for doc in docs for w in doc)
    words = sorted(counts, key=lambda w: (-counts[w], w))
    index = {w: i for i, w in enumerate(words)}
    matrix = np.zeros((len(words), len(words)))
    for doc in docs:
        ids = [index[w] for w in doc]
        for i, a in enumerate(ids):
            for j in range(max(0, i - window), i):
                matrix[a, ids[j]] += 1.0 / (i - j)
                matrix[ids[j], a] += 1.0 / (i - j)
    return words, matrix


def ppmi(counts: np.ndarray, alpha: float = 0.75) -> np.ndarray:
    """Positive PMI of a co-occurrence matrix, with the context distribution smoothed by ``alpha``."""
    p_word = counts.sum(axis=1) / counts.sum()
    p_context = counts.sum(axis=0) ** alpha
    p_context = p_context / p_context.sum()
    with np.errstate(divide="ignore"):
        pmi = np.log(counts / counts.sum()) - np.log(p_word)[:, None] - np.log(p_context)[None, :]
    return np.where(np.isfinite(pmi), np.maximum(pmi, 0.0), 0.0)


def factorise(matrix: np.ndarray, dim: int) -> np.ndarray:
    """``U[:, :dim] * sqrt(S[:dim])`` of the SVD, each column's largest-magnitude entry made positive."""
    u, s, _ = np.linalg.svd(matrix)
    vectors = u[:, :dim] * np.sqrt(s[:dim])
    signs = np.sign(vectors[np.abs(vectors).argmax(axis=0), np.arange(dim)])
    return vectors * signs


def train(reviews: int = DEFAULTS["reviews"], seed: int = DEFAULTS["seed"], window: int = DEFAULTS["window"],
          dim: int = DEFAULTS["dim"]) -> tuple[list[str], np.ndarray]:
    """``(words, vectors)``: every word of the corpus and its ``(len(words), dim)`` float64 vectors."""
    texts, _ = load_reviews(reviews, seed)
    words, counts = cooccurrences([tokenize(t) for t in texts], window)
    if dim > len(words):
        raise ValueError(f"dim must be at most the number of words ({len(words)}), got {dim}")
    return words, factorise(ppmi(counts), dim)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for name, value in DEFAULTS.items():
        parser.add_argument(f"--{name}", type=int, default=value)
    parser.add_argument("--out", default=str(WORD_VECTORS), help="GloVe-format text file to write")
    args = parser.parse_args(argv)
    words, vectors = train(args.reviews, args.seed, args.window, args.dim)
    save_word_vectors(args.out, words, vectors)
    print(f"wrote {args.out}: {len(words)} words x {args.dim} numbers")


if __name__ == "__main__":
    main()
