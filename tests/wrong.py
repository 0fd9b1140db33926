"""Wrong answers, judged in-process on the public cases as ``dlkata check`` judges them (tests only).

A test writes a student's typical mistake as a Python function (or as an
edit of the reference's source) and asks which cases fail, with which
diagnoses. The function is the test's own code, so it runs here, without the
sandbox; everything after the call — the comparison, the diagnoses, the
report — is the grader's.
"""

from __future__ import annotations

from dataclasses import dataclass

from dlkata.autograder import codec, diagnose, oracle, registry
from dlkata.autograder.checking import compare_output, draw_cases, judge
from dlkata.autograder.mutation_run import load
from dlkata.autograder.paths import SOLUTIONS
from dlkata.autograder.sandbox import CallResult


@dataclass
class Failure:
    case: str
    keys: list[str]
    message: str


def failures(exercise_id: str, fn, lang: str = "en") -> list[Failure]:
    """Every public case (seed 0) that ``fn`` fails, with the diagnosis keys and the full report."""
    ex = registry.get(exercise_id)
    out = []
    for case in draw_cases(ex, 0):
        try:
            args, kwargs = codec.decode(codec.encode((list(case.args), dict(case.kwargs))))  # as the sandbox sends them
            value = codec.decode(codec.encode(fn(*args, **kwargs)))
            call = CallResult(True, value=value)
        except Exception as exc:  # noqa: BLE001 - a wrong answer may raise
            call = CallResult(False, error=f"{type(exc).__name__}: {exc}")
        expected = oracle.expected(ex, case)
        cr = judge(ex, case, call, lang, expected=expected)
        if cr.passed:
            continue
        keys = []
        if call.ok:
            verdict = compare_output(ex, case, call.value, expected)
            keys = [k for k, _ in diagnose.diagnoses(ex, case, call.value, expected, verdict.where)]
        out.append(Failure(case.name, keys, cr.message))
    return out


def edited(topic: str, *replacements: tuple[str, str]):
    """The reference module of ``topic`` with exact text replacements (each must occur once), loaded fresh."""
    source = (SOLUTIONS / f"{topic}.py").read_text(encoding="utf-8")
    for old, new in replacements:
        assert source.count(old) == 1, old
        source = source.replace(old, new)
    return load(topic, source, f"<edited solutions/{topic}.py>")


def reference(topic: str):
    """The reference module of ``topic``, loaded fresh."""
    return edited(topic)
