"""Verdicts in words: the text of one case's report, in the language asked for when it is shown.

A check leaves data (:class:`autograder.checking.CaseResult`: problem key and
fields, diagnoses, hint, source); every text surface words it here, with
:func:`report`: the terminal (:mod:`autograder.render`), the notebook cells
(:mod:`autograder.nbcheck`), the feedback pages and exports
(:mod:`autograder.exports`) and the pytest plugin. The words come from the
message catalogue (:mod:`autograder.messages` and each topic's
``messages.py``), so a gradebook graded once reads in English or Korean.
"""

from __future__ import annotations

import re

from .messages import note_text, pick, t

#: Printed output and tracebacks quoted in a short report (``verbose`` quotes them whole).
OUTPUT_CHARS, TRACEBACK_CHARS = 500, 2500
#: Problems whose report is a single line (the same for every case of the exercise).
ONE_LINE = ("stub", "text", "unavailable")

_HIDDEN_NAME = re.compile(r"^hidden (\d+): (.*)$", re.S)


def case_name(name: str, lang: str = "en") -> str:
    """A case's name as shown: hidden draws (``"hidden 2: ..."``) say so in ``lang``."""
    m = _HIDDEN_NAME.match(name)
    return t("hidden_name", lang, n=m.group(1), name=m.group(2)) if m else name


def header(cr, lang: str = "en") -> str:
    """``case 'NAME' (NOTE) — inputs: SHAPES``."""
    note = note_text(cr.note, lang)
    return (f"{t('case', lang)} '{case_name(cr.case, lang)}'" + (f" ({note})" if note else "")
            + f" — {t('inputs', lang)}: {cr.shapes}")


def _shown(value):
    """A field value as text reads it: index and shape lists as tuples."""
    if isinstance(value, list) and all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        return "(" + ", ".join(map(str, value)) + ("," if len(value) == 1 else "") + ")"
    return value


def problem_text(cr, lang: str = "en") -> str:
    """The problem of a failing case in one sentence (``""`` for a pass)."""
    if cr.passed:
        return ""
    fields = {k: _shown(v) for k, v in cr.fields.items()}
    where = fields.get("where")
    if isinstance(where, str) and where.startswith("output"):  # the unnamed result; named parts keep their names
        fields["where"] = t("result_name", lang) + where[len("output"):]
    if cr.problem == "mutated":
        fields["args"] = ", ".join(map(str, cr.fields.get("args", [])))
    if cr.problem == "exact":
        fields["at"] = t("at_index", lang, index=fields["index"]) if "index" in fields else ""
    if cr.problem == "values" and cr.fields.get("expected") == 0 and "error" in fields:
        return t("values_zero", lang, **fields)  # no relative error to speak of
    # what the grader saw as data, worded here (a verdict stored before has only the English "error")
    if cr.problem == "crash" and "signal" in fields:
        return t({"memory": "crash_memory", "cpu": "crash_cpu"}.get(fields.get("cause"), "crash_signal"), lang,
                 **fields)
    if cr.problem == "crash" and "status" in fields:
        return t("crash_status", lang, **fields)
    if cr.problem == "too_large" and "bytes" in fields:
        return t("too_large_bytes", lang, **fields)
    if cr.problem == "missing" and "function" in fields:
        return t("missing_function", lang, **fields)
    return t(cr.problem, lang, **fields)


def source_text(cr, lang: str = "en") -> str:
    """Where the failure comes from, when it is another exercise (``""`` otherwise)."""
    src = cr.source
    if not src:
        return ""
    if src.get("unfinished"):
        key = "source_unfinished"
    elif src.get("inside"):
        key = "source_inside_" + {True: "fails", False: "passes", None: "unchecked"}[src.get("fails")]
    else:
        key = "source_uses_fails"
    return t(key, lang, exercise=cr.exercise or "?", source=src.get("exercise", "?"))


def hint_text(cr, lang: str = "en") -> str:
    """The hint of the exercise the verdict names (``""`` for none)."""
    if not cr.hint:
        return ""
    from . import registry

    try:
        return pick(registry.get(cr.hint).hint, lang)
    except KeyError:
        return ""


def _cut(text: str, n: int, keep_end: bool = False) -> str:
    if len(text) <= n:
        return text
    return f"... {text[-n:]}" if keep_end else f"{text[:n]} ..."


def report(cr, exercise=None, lang: str = "en", verbose: bool = False) -> str:
    """The report of one case in ``lang``: every text surface shows this.

    ``exercise`` (an :class:`~autograder.exercise.Exercise` or its id) names the
    exercise when the verdict does not; ``verbose`` quotes the printed output
    and the traceback whole. A passing case's report is ``""``.
    """
    if cr.passed:
        return ""
    if exercise is not None and not cr.exercise:
        from dataclasses import replace

        cr = replace(cr, exercise=getattr(exercise, "id", exercise))
    if cr.problem in ONE_LINE:
        return problem_text(cr, lang)
    lines = [header(cr, lang)]
    source = source_text(cr, lang)
    if source:
        lines.append(source)
    lines.append(problem_text(cr, lang))
    lines += [t(key, lang, **fields) for key, fields in cr.diagnoses]
    if cr.traceback.strip():
        tb = cr.traceback.rstrip()
        lines.append(tb if verbose else _cut(tb, TRACEBACK_CHARS, keep_end=True))
    hint = hint_text(cr, lang)
    if hint:
        lines.append(f"{t('hint', lang)}: {hint}")
    if cr.output.strip():
        out = cr.output.strip()
        lines.append(f"{t('output', lang)}: {out if verbose else _cut(out, OUTPUT_CHARS)}")
    return "\n".join(lines)
