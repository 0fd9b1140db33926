"""The registry: every exercise of the course, declared once.

Each topic has a module here declaring its exercises (cases, oracle, points,
hint); this package lists the topics in the order of the course notes. Every
command (check, grade, validate, notebooks, bench) reads from here. The
student edition ships none of the topic modules: there the same declarations
come from the public cases' data (:mod:`autograder.public`), written from
these modules by ``dlkata release``.
"""

from __future__ import annotations

from ..exercise import Exercise, Topic
from ..public import in_use as _shipped_as_data

if _shipped_as_data():  # the student edition: the declarations come with the public cases, as data
    from ..public import topics as _shipped_topics

    TOPICS: tuple[Topic, ...] = ()
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

    #: Topics in course order.
    TOPICS = (
        activations.topic,
        losses.topic,
        dense.topic,
        convolution.topic,
        pooling.topic,
        text.topic,
        embedding.topic,
        recurrent.topic,
        optimizers.topic,
        training.topic,
        transfer.topic,
        visualization.topic,
    )


def topics() -> tuple[Topic, ...]:
    """All topics, in course order."""
    return _shipped_topics() if _shipped_as_data() else TOPICS


def topic(name: str) -> Topic:
    """The topic called ``name``; ``KeyError`` lists the valid names."""
    for tp in topics():
        if tp.name == name:
            return tp
    raise KeyError(f"unknown topic {name!r}; topics are: {', '.join(t.name for t in topics())}")


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
    """Exercises named by ``TOPIC`` or ``TOPIC.FUNCTION`` selectors (all when empty).

    Raises ``KeyError`` with the valid names for an unknown selector.
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
    return chosen
