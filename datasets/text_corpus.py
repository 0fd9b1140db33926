"""A small movie-review corpus written for the course, generated from templates.

Nothing is downloaded: ``keras.datasets.imdb`` needs the network, and no
package on PyPI ships IMDB. Every review here is built from the phrase lists
below (written for dlkata, same license as the repository) by a seeded
``random.Random``, whose sequence Python keeps stable across versions, so
every machine gets the same texts.

The reviews are short (one or two sentences) and labelled 1 (positive) or 0
(negative). Some use negation ("not boring", "not worth it"), so a
bag-of-words model makes some mistakes that bigrams fix, which is the
course's n-gram lesson (N-gram: 문장에서 추출한 n개 이하의 연속된 단어 그룹).
Capitals and punctuation are left in for the standardize step.

Run ``python -m dlkata.datasets.text_corpus`` to print a few reviews.
"""

from __future__ import annotations

import random

import numpy as np

SUBJECTS = ("the movie", "this film", "the plot", "the acting", "the story", "the soundtrack", "the ending",
            "the dialogue", "the cast", "the director's new film", "the sequel", "the script", "the camera work",
            "the lead actor", "the first half", "the final scene")
POSITIVE = ("great", "wonderful", "moving", "funny", "brilliant", "beautiful", "clever", "charming", "gripping",
            "delightful", "fresh", "excellent")
NEGATIVE = ("boring", "dull", "awful", "predictable", "clumsy", "slow", "messy", "forgettable", "bland",
            "tedious", "silly", "weak")
INTENSIFIERS = ("", "", "very ", "really ", "truly ", "quite ", "so ", "incredibly ")
POSITIVE_CLOSERS = ("I loved it.", "Highly recommended!", "Worth every minute.", "I would watch it again.",
                    "A must see.", "Go see it!", "Ten out of ten.", "My friends enjoyed it too.")
NEGATIVE_CLOSERS = ("I hated it.", "Not recommended.", "A waste of time.", "I would not watch it again.",
                    "Skip this one.", "I almost fell asleep.", "Two out of ten.", "Not worth it.")
OPENERS = ("", "", "", "Honestly, ", "Well, ", "In short, ", "Wow. ", "Hmm... ")


def _clause(rng: random.Random, positive: bool) -> str:
    """One judgement, sometimes negated: 'not boring' is positive, 'not great' negative."""
    subject = rng.choice(SUBJECTS)
    if rng.random() < 0.25:
        adjective = rng.choice(NEGATIVE if positive else POSITIVE)
        return f"{subject} was not {adjective}"
    adjective = rng.choice(POSITIVE if positive else NEGATIVE)
    return f"{subject} was {rng.choice(INTENSIFIERS)}{adjective}"


def _review(rng: random.Random, positive: bool) -> str:
    first = _clause(rng, positive)
    if rng.random() < 0.3:  # a mixed review: the second clause wins after "but"
        first = f"{_clause(rng, not positive)}, but {first}"
    opener = rng.choice(OPENERS)
    if not opener or opener.rstrip().endswith((".", "!")):  # a new sentence starts with a capital
        first = first[0].upper() + first[1:]
    text = opener + first + rng.choice((".", ".", "!", "..."))
    if rng.random() < 0.7:
        text += " " + rng.choice(POSITIVE_CLOSERS if positive else NEGATIVE_CLOSERS)
    if rng.random() < 0.1:
        text = text.upper()
    return text


def load_reviews(n: int = 400, seed: int = 2024) -> tuple[list[str], np.ndarray]:
    """The review corpus: ``(texts, labels)``.

    n: number of reviews (half positive, half negative; an odd n has one
    more negative).  seed: the generator's seed; the default is the course's
    corpus.

    Returns: ``texts``, a list of ``n`` str, and ``labels``, an int64 array
    ``(n,)`` with 1 for a positive review and 0 for a negative one, in a
    shuffled order. The same arguments always give the same corpus.
    """
    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        raise ValueError(f"n must be an int >= 0, got {n!r}")
    rng = random.Random(seed)
    labels = [1] * (n // 2) + [0] * (n - n // 2)
    rng.shuffle(labels)
    texts = [_review(rng, bool(label)) for label in labels]
    return texts, np.array(labels, dtype=np.int64)


if __name__ == "__main__":
    texts, labels = load_reviews()
    for text, label in list(zip(texts, labels))[:12]:
        print(f"{label}  {text}")
    print(f"... {len(texts)} reviews, {int(labels.sum())} positive")
