"""The registry: every exercise of the course, declared once, one folder per topic.

A topic is a folder ``registry/<topic>/`` that holds everything the engine
knows about it, and nothing another topic needs:

============================  ===============================================================
``__init__.py``               the :class:`~autograder.exercise.Topic` and its
                              :class:`~autograder.exercise.Exercise` declarations: name,
                              points, cases, oracle, hint, diagnosis, output names. The one
                              place an exercise is declared.
``cases.py``                  the seeded case generators, ``draw(rng) -> list[Case]`` (NumPy
                              only: a warm ``check`` never imports TensorFlow)
``oracles.py``                the TensorFlow/Keras functions of the same inputs that give the
                              expected outputs
``diagnoses.py``              the exercises' typical mistakes as :class:`~autograder.exercise.Mistake`
                              s (a ``compute(case)`` recomputing the mistaken output), and
                              output-only ``diagnose(case, got, expected)`` functions that need
                              the topic's own code (optional; an output-only diagnosis that needs
                              none lives in :mod:`autograder.diagnose_checks`, which the student
                              edition ships; the student edition ships the mistakes' outputs on
                              the public cases as data, never this code)
``messages.py``               ``HINTS`` (one per exercise) and ``MESSAGES`` (the keys of the
                              topic's diagnoses), each in English and Korean; ``NOTES``
                              and ``NOTE_PATTERNS`` (the Korean of the cases' notes) and
                              ``DESCRIPTIONS`` (what each exercise computes, in Korean, for
                              the notebooks; the English is its docstring's first line)
``theory.en.md``              the theory the notebooks show, as Markdown a teacher edits;
``theory.ko.md``              see :mod:`autograder.theory` for the sections
``equivalent_mutants.toml``   mutants of the reference that no input tells apart, each with
                              its reason (``dlkata mutants``; see :mod:`autograder.mutation`)
============================  ===============================================================

A topic may add a module where its parts share a piece (``pooling/windows.py``,
``optimizers/rules.py``). What several topics use is shared machinery outside
the registry, written once: case helpers (:mod:`autograder.cases`), window
geometry (:mod:`autograder.geometry`), comparison and tolerances
(:mod:`autograder.compare`, :mod:`autograder.tolerances`), the one "matches a
variant" test and the generic diagnoses (:mod:`autograder.diagnose`), the
shared message keys (:mod:`autograder.messages`), networks for cases
(:mod:`autograder.networks`).

This package lists the topics in the order of the course notes and answers
lookups; every command (check, grade, validate, notebooks, bench) and the
tests read from here. ``CONTRIBUTING.md`` says what adding an exercise
touches.

The student edition ships none of the topic folders: there the same
declarations (and the topics' messages) come from the public cases' data
(:mod:`autograder.public`), which ``dlkata release`` writes from them.
"""

from __future__ import annotations

import functools
from pathlib import Path
from types import ModuleType

from ..exercise import Exercise, Topic
from ..messages import SHARED
from ..public import in_use as _shipped_as_data

if _shipped_as_data():  # the student edition: the declarations come with the public cases, as data
    from ..public import texts as _shipped_texts
    from ..public import topics as _shipped_topics

    _PACKAGES: tuple[ModuleType, ...] = ()
else:
    from . import activations
    from . import losses
    from . import dense
    from . import convolution
    from . import pooling
    from . import text
    from . import embedding
    from . import recurrent
    from . import optimizers
    from . import training
    from . import transfer
    from . import visualization

    #: The topic packages, in course order.
    _PACKAGES = (
        activations, losses, dense, convolution, pooling, text, embedding, recurrent, optimizers, training, transfer,
        visualization,
    )

#: Topics in course order.
TOPICS: tuple[Topic, ...] = tuple(p.topic for p in _PACKAGES)


def catalogue(topics: tuple[Topic, ...]) -> dict[str, dict[str, str]]:
    """The shared message keys and the topics' own; ``ValueError`` for a key defined twice."""
    found = dict(SHARED)
    owner = {key: "autograder.messages" for key in SHARED}
    for tp in topics:
        for key, texts in tp.messages.items():
            if key in found:
                raise ValueError(f"message key {key!r} is defined twice: in {owner[key]} and in topic {tp.name!r}")
            if set(texts) != {"en", "ko"}:
                raise ValueError(f"message {key!r} of topic {tp.name!r} needs exactly 'en' and 'ko' texts")
            found[key], owner[key] = texts, f"topic {tp.name!r}"
    return found


_MESSAGES = catalogue(TOPICS)  # fails at import on a key defined twice


def messages() -> dict[str, dict[str, str]]:
    """Every message template: ``{key: {"en": ..., "ko": ...}}`` (a copy)."""
    return dict(_shipped_messages() if _shipped_as_data() else _MESSAGES)


@functools.lru_cache(maxsize=1)
def _shipped_messages() -> dict[str, dict[str, str]]:
    return catalogue(_shipped_topics())


def _texts(name: str) -> dict:
    """One kind of text every topic's ``messages.py`` may define (``NOTES``, ``DESCRIPTIONS``), merged."""
    found: dict = {}
    for p in _PACKAGES:
        found.update(getattr(p.messages, name, {}))
    return found


_NOTES = _texts("NOTES")
_NOTE_PATTERNS = [pair for p in _PACKAGES for pair in getattr(p.messages, "NOTE_PATTERNS", [])]


def notes() -> dict[str, str]:
    """The Korean of every case note: ``{English note: Korean note}`` (see :func:`autograder.messages.note_text`)."""
    return dict(_shipped_texts()["notes"]) if _shipped_as_data() else _NOTES


def note_patterns() -> list[tuple[str, str]]:
    """Notes made from numbers: ``(pattern, Korean replacement)`` pairs for ``re.sub``."""
    return [tuple(p) for p in _shipped_texts()["note_patterns"]] if _shipped_as_data() else _NOTE_PATTERNS


def descriptions(topic_name: str) -> dict[str, str]:
    """What each exercise of a topic computes, in one sentence per language (the notebooks show it)."""
    topic(topic_name)
    if _shipped_as_data():
        return dict(_shipped_texts()["descriptions"].get(topic_name, {}))
    return dict(getattr(next(p for p in _PACKAGES if p.topic.name == topic_name).messages, "DESCRIPTIONS", {}))


def topics() -> tuple[Topic, ...]:
    """All topics, in course order."""
    return _shipped_topics() if _shipped_as_data() else TOPICS


def topic(name: str) -> Topic:
    """The topic called ``name``; ``KeyError`` lists the valid names."""
    for tp in topics():
        if tp.name == name:
            return tp
    raise KeyError(f"unknown topic {name!r}; topics are: {', '.join(t.name for t in topics())}")


def folder(name: str) -> Path:
    """The folder of topic ``name`` (its theory files live there)."""
    topic(name)
    return Path(next(p for p in _PACKAGES if p.topic.name == name).__file__).parent


def exercises() -> list[Exercise]:
    """Every exercise, in course order."""
    return [ex for tp in topics() for ex in tp.exercises]


def get(exercise_id: str) -> Exercise:
    """The exercise ``topic.function``."""
    for ex in exercises():
        if ex.id == exercise_id:
            return ex
    raise KeyError(f"unknown exercise {exercise_id!r}")


def select(selectors) -> list[Exercise]:
    """Exercises named by ``TOPIC`` or ``TOPIC.FUNCTION`` selectors (all when empty), in course order.

    Course order puts every exercise after those it builds on, so a check can
    say that a failure comes from an earlier one. Raises ``KeyError`` with the valid names for an unknown selector.
    """
    if not selectors:
        return exercises()
    chosen: list[Exercise] = []
    for sel in selectors:
        if "." in sel:
            ex = get(sel) if any(e.id == sel for e in exercises()) else None
            if ex is None:
                tp = topic(sel.split(".")[0])
                raise KeyError(f"unknown exercise {sel!r}; {tp.name} has: "
                               f"{', '.join(e.name for e in tp.exercises)}")
            picked = [ex]
        else:
            picked = list(topic(sel).exercises)
        chosen += [e for e in picked if e not in chosen]
    order = {e.id: i for i, e in enumerate(exercises())}
    return sorted(chosen, key=lambda e: order[e.id])
