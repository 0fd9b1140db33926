"""What an exercise is: the declaration every command reads.

A topic folder in :mod:`autograder.registry` declares its exercises with
:class:`Exercise` and gathers them in a :class:`Topic`. ``check``, ``grade``,
``validate``, the notebooks and ``bench`` all work from these objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from .cases import Case


def always(case: Case) -> bool:
    """The default :attr:`Mistake.applies`: the mistake can show on every case."""
    return True


@dataclass(frozen=True)
class Mistake:
    """A typical mistake of one exercise, recognised by recomputing it.

    - ``key`` is the message key that names it (a topic's own or a shared one);
    - ``compute(case)`` returns the output this mistake gives on ``case``: the
      mistaken variant, recomputed (NumPy, or the oracle with other arguments).
      It is a pure function of the case — the student edition may replace it
      by its precomputed outputs on the public cases — and the one place where
      near-answer code for a diagnosis lives;
    - ``applies(case)`` says whether the mistake can show on ``case`` at all
      (e.g. only for square kernels, only for float64 inputs);
    - ``output`` names the part of a tuple result it concerns (one of the
      exercise's ``outputs``), or ``""`` for the whole result;
    - ``fields(case)`` gives the message's fields, if it has some;
    - ``terms(case)`` overrides the length of sum the comparison allows for
      (a recurrence computed in float64 drifts from a float32 answer);
    - ``also`` names further keys for a mistake that is two slips at once.

    :func:`autograder.diagnose.mistakes` names a mistake only when the
    student's output matches ``compute(case)`` and the expected output does
    not: the stated cause must reproduce what the student returned.
    """

    key: str
    compute: Callable[[Case], Any]
    applies: Callable[[Case], bool] = always
    output: str = ""
    fields: Callable[[Case], dict] | None = None
    terms: Callable[[Case], int] | None = None
    also: tuple[str, ...] = ()

    @property
    def keys(self) -> tuple[str, ...]:
        """Every message key this mistake names."""
        return (self.key, *self.also)


@dataclass(frozen=True)
class Exercise:
    """One graded function.

    - ``cases(rng)`` returns the cases (public, hidden and validation draws
      all come from it with different seeds);
    - ``oracle(*args, **kwargs)`` computes the expected output with
      TensorFlow/Keras (tensors are converted to NumPy by the caller);
    - ``hint`` is ``{"en": ..., "ko": ...}``, shown on every failure;
    - ``mistakes`` are the exercise's typical mistakes (:class:`Mistake`), each
      named only when it reproduces the student's output;
    - ``diagnose(case, got, expected)`` may return further teaching messages
      read off the output alone (``(key, fields)`` pairs, e.g. "only the
      border is wrong"), each checking what it claims;
    - ``outputs`` names the parts of a tuple result, for reports;
    - ``oracle_revision`` is bumped when the oracle changes, so cached
      expected outputs are recomputed.
    """

    topic: str
    name: str
    points: int
    cases: Callable[[np.random.Generator], list[Case]]
    oracle: Callable[..., Any]
    hint: dict[str, str]
    diagnose: Callable[[Case, Any, Any], list[tuple[str, dict]]] | None = None
    outputs: tuple[str, ...] = ()
    oracle_revision: int = 1
    mistakes: tuple[Mistake, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.topic}.{self.name}"


@dataclass(frozen=True)
class Topic:
    """A module of the course: ``solutions/<name>.py``, its exercises and its own feedback texts.

    ``messages`` maps the topic's message keys (its diagnoses) to
    ``{"en": ..., "ko": ...}`` templates; :func:`autograder.messages.t` finds
    them through the registry.
    """

    name: str
    title: dict[str, str]
    exercises: tuple[Exercise, ...] = field(default_factory=tuple)
    messages: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def points(self) -> int:
        return sum(e.points for e in self.exercises)
