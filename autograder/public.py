"""The public cases as data: what a check compares against where there is no TensorFlow.

``dlkata release`` (:mod:`autograder.release`) draws every exercise's public
cases (seed 0) in the instructor's checkout, computes their expected outputs
(the oracle) and, for each of the exercise's declared mistakes
(:class:`autograder.exercise.Mistake`) that applies to a case, the output
that mistake gives there (its ``compute(case)``, with its fields and terms),
and writes them, with the exercise list (topics, names, points, hints,
outputs, the mistakes' keys, the name of an output-only ``diagnose`` of
:mod:`autograder.diagnose_checks`), the registry's texts and the reference
training curves of ``dlkata show curves``, into ``public_cases.bin`` beside
this file: one file in :mod:`autograder.codec`'s format (never pickle), with
a format tag, the course version and a fingerprint of its content.

Where that data is in use (the student edition, or ``$DLKATA_PUBLIC_CASES``
naming such a file), the registry, the cases, the expected outputs and the
mistakes all come from it (:func:`topics`, :func:`draws`): each mistake's
``compute`` reads its shipped output, so :func:`autograder.diagnose.mistakes`
names mistakes as in the instructor's checkout, and no case generator,
oracle, topic code or TensorFlow is needed.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import numpy as np

from . import codec, diagnose_checks
from .cases import Case
from .edition import is_student
from .exercise import Exercise, Mistake, Topic

#: Where the student edition keeps the data.
FILE = Path(__file__).with_name("public_cases.bin")
FORMAT = "dlkata-public/2"
#: Names another file of public cases (tests; an instructor trying the student path).
ENV = "DLKATA_PUBLIC_CASES"


class PublicCasesError(RuntimeError):
    """The shipped public cases are missing, damaged, or do not hold what was asked."""


class _Missing:
    """The expected output of a case that the shipped set does not hold."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING = _Missing()

_HOW_TO_GET = ("reinstall the course's wheel (pip install --force-reinstall dist/dlkata-*.whl in your course "
               "folder) or ask your instructor for an updated course")


def source() -> Path | None:
    """The data file in use: ``$DLKATA_PUBLIC_CASES``, the student edition's own, or none (instructor)."""
    env = os.environ.get(ENV)
    if env:
        return Path(env)
    return FILE if is_student() else None


def in_use() -> bool:
    """Whether checks read the public cases from data (no case generators, no oracle)."""
    return source() is not None


@functools.lru_cache(maxsize=4)
def _load(path: Path, stamp: tuple) -> dict:
    try:
        data = codec.decode(path.read_bytes())
    except OSError:
        raise PublicCasesError(f"the course's public cases ({path}) are not installed: {_HOW_TO_GET}") from None
    except codec.CodecError as exc:
        raise PublicCasesError(f"the course's public cases ({path}) are damaged ({exc}): {_HOW_TO_GET}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise PublicCasesError(f"{path} is not a dlkata public-case file of format {FORMAT}: {_HOW_TO_GET}")
    return data


def _file() -> tuple[Path, tuple]:
    """The data file in use and its stamp (size, time), which keys the caches below."""
    path = source()
    if path is None:
        raise PublicCasesError("this checkout computes expected outputs with TensorFlow; it ships no public-case file")
    try:
        st = path.stat()
        return path, (st.st_mtime_ns, st.st_size)
    except OSError:
        return path, ()


def load() -> dict:
    """The decoded data: ``format``, ``version``, ``fingerprint``, ``seed``, ``topics``, ``curves`` and the
    registry's texts (:func:`texts`)."""
    return _load(*_file())


def describe() -> dict:
    """``{"version", "fingerprint", "file"}`` of the data in use (for reports and submission manifests)."""
    data = load()
    return {"version": str(data.get("version", "")), "fingerprint": str(data.get("fingerprint", "")),
            "file": str(source())}


def topics() -> tuple[Topic, ...]:
    """The course's topics and exercises as the data declares them (cases, mistakes and checks attached)."""
    return _topics(*_file())


@functools.lru_cache(maxsize=4)
def _topics(path: Path, stamp: tuple) -> tuple[Topic, ...]:
    out = []
    for tp in _load(path, stamp)["topics"]:
        exercises = tuple(_exercise(tp["name"], e) for e in tp["exercises"])
        out.append(Topic(tp["name"], dict(tp["title"]), exercises, dict(tp.get("messages", {}))))
    return tuple(out)


def _exercise(topic: str, e: dict) -> Exercise:
    cases = [Case(c["name"], tuple(c["args"]), dict(c["kwargs"]), int(c["terms"]), str(c["note"]), c["scale"],
                  np.dtype(c["accuracy"]).type if c.get("accuracy") else None)
             for c in e["cases"]]
    diagnose = None
    if e.get("diagnose"):
        diagnose = getattr(diagnose_checks, e["diagnose"], None)
        if diagnose is None:
            raise PublicCasesError(f"{topic}.{e['name']}: this engine has no diagnosis {e['diagnose']!r}: {_HOW_TO_GET}")
    mistakes = tuple(shipped_mistake(i, m, e["cases"]) for i, m in enumerate(e.get("mistakes", [])))

    def shipped_cases(rng=None) -> list[Case]:
        return list(cases)

    def no_oracle(*args, **kwargs):
        raise PublicCasesError("expected outputs come from the shipped public cases here, not from an oracle")

    return Exercise(topic, e["name"], int(e["points"]), shipped_cases, no_oracle, dict(e["hint"]),
                    diagnose=diagnose, outputs=tuple(e["outputs"]), mistakes=mistakes)


def shipped_mistake(index: int, declared: dict, cases: list[dict]) -> Mistake:
    """Mistake ``index`` of an exercise as the data gives it: ``compute(case)`` is its output on a shipped
    public case (``LookupError`` on any other), ``applies`` says whether one was shipped for the case, and
    its fields and terms are the shipped ones."""
    table = {c["name"]: v for c in cases for v in c.get("variants", []) if v["mistake"] == index}

    def compute(case):
        return table[case.name]["value"]

    return Mistake(str(declared["key"]), compute, lambda case: case.name in table, str(declared["output"]),
                   fields=lambda case: dict(table[case.name]["fields"]),
                   terms=lambda case: int(table[case.name]["terms"]), also=tuple(declared["also"]))


def _entry(exercise: Exercise) -> dict:
    for tp in load()["topics"]:
        if tp["name"] == exercise.topic:
            for e in tp["exercises"]:
                if e["name"] == exercise.name:
                    return e
    raise PublicCasesError(f"{exercise.id} is not in this course's public cases: {_HOW_TO_GET}")


def draws(exercise: Exercise, seed: int = 0, hidden=None) -> list[tuple]:
    """``(case, False, expected)`` for every shipped public case of ``exercise``; ``expected`` is
    :data:`MISSING` where the set does not hold it."""
    data = load()
    if seed != data.get("seed", 0):
        raise PublicCasesError(f"only the public cases of seed {data.get('seed', 0)} are shipped, not seed {seed}")
    if hidden is not None and hidden.applies_to(exercise.id):
        raise PublicCasesError("hidden cases are graded by the instructor; they are not shipped")
    entry = _entry(exercise)
    out = []
    for case, c in zip(exercise.cases(None), entry["cases"]):
        out.append((case, False, c["expected"] if "expected" in c else MISSING))
    return out


def texts() -> dict:
    """The registry's texts that are not part of a topic's declaration: ``notes`` (the Korean of the case
    notes), ``note_patterns`` and ``descriptions`` (per topic), as :func:`autograder.registry.notes` and
    its neighbours give them in the instructor's checkout."""
    data = load()
    return {"notes": dict(data.get("notes", {})), "note_patterns": list(data.get("note_patterns", [])),
            "descriptions": dict(data.get("descriptions", {}))}


def curves() -> list[dict]:
    """The shipped reference training curves: ``[{"settings": {...}, "history": {key: array}}]``."""
    return list(load().get("curves", []))
