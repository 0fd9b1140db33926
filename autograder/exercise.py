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


@dataclass(frozen=True)
class Exercise:
    """One graded function.

    - ``cases(rng)`` returns the cases (public, hidden and validation draws
      all come from it with different seeds);
    - ``oracle(*args, **kwargs)`` computes the expected output with
      TensorFlow/Keras (tensors are converted to NumPy by the caller);
    - ``hint`` is ``{"en": ..., "ko": ...}``, shown on every failure;
    - ``mistakes(case, expected)`` returns the case's candidate mistakes
      (:class:`autograder.diagnose.Mistake`: what typical wrong code returns,
      recomputed from the inputs), and ``checks`` are answer-free checks of a
      wrong output (:mod:`autograder.diagnose_checks`); both add teaching
      messages (``(key, fields)``; the keys are the shared ones of
      :mod:`autograder.messages` or the topic's own) to a failure;
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
    mistakes: Callable[[Case, Any], list] | None = None
    outputs: tuple[str, ...] = ()
    oracle_revision: int = 1
    checks: tuple[Callable[[Case, Any, Any], list], ...] = ()

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
