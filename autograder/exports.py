"""What a grading run leaves for the instructor and the students, worded when written.

- ``grades.csv``: ``student,total,max,`` then one column per exercise ``topic.function``;
- ``results/<student>.json``: Gradescope's results format;
- ``feedback/<student>.html``: a self-contained page with scores per topic,
  each failed case's report and pictures of the output beside the reference;
- ``index.html``: the class page (:mod:`autograder.classpage`).

Everything is written from verdicts (:class:`autograder.checking.CaseResult`)
in the language asked for: right after grading, or later from the gradebook
alone (:func:`rerender`, ``dlkata feedback OUT --lang ko``).
"""

from __future__ import annotations

import csv
import html
import json
import os
import tempfile
from collections import defaultdict
from pathlib import Path

from .checking import CaseResult, ExerciseResult
from .exercise import Exercise
from .gradebook import Gradebook
from .messages import t
from .pictures import data_uri, picture
from .report import report

#: At most this many pictures per feedback page (they are the heavy part).
MAX_PICTURES = 8
#: At most this many failing cases reported per exercise.
MAX_CASES_SHOWN = 3



def safe_name(student: str) -> str:
    """A file name for a student id: spaces and non-ASCII kept, path separators not."""
    name = student.replace(os.sep, "_").replace("\0", "_").strip()
    return ("_" + name) if name.startswith(".") or not name else name


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file (a reader never sees half a page)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def write_csv(out: Path, book: Gradebook, exercises: list[Exercise]) -> Path:
    """``grades.csv`` from the gradebook (so it always agrees with it)."""
    path = out / "grades.csv"
    ids = [e.id for e in exercises]
    rows = []
    for student, score, max_score in book.students():
        per = book.exercise_scores(student)
        rows.append([student, score, max_score, *[per.get(i, (0, 0))[0] for i in ids]])
    fd, tmp = tempfile.mkstemp(dir=out, prefix=".tmp-")
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["student", "total", "max", *ids])
        w.writerows(rows)
    os.replace(tmp, path)
    return path


def reported(failures: list[CaseResult]) -> list[CaseResult]:
    """The failures worth a report: a problem that stopped the exercise (a stub, an import error, a missing
    function, a timeout) is reported once, at the case where it happened, not again for every case after it."""
    from .checking import ExerciseRun

    kept, stops = [], set()
    for cr in failures:
        if cr.problem in ExerciseRun.STOPS:
            if cr.problem in stops:
                continue
            stops.add(cr.problem)
        kept.append(cr)
    return kept


def submission_text(error: str, lang: str) -> str:
    """What the gradebook holds about a whole submission, in ``lang``: an error (text) or notices (a JSON list of
    ``[message key, fields]``, such as a notebook that was not graded)."""
    if error.startswith("[["):
        try:
            return "\n".join(t(key, lang, **fields) for key, fields in json.loads(error))
        except (ValueError, TypeError):
            pass
    return error


def case_text(cr: CaseResult, withhold: bool, lang: str) -> str:
    """One case's report in ``lang``, or the line that says a hidden case failed."""
    if cr.hidden and withhold:
        return t("page_withheld", lang)
    return report(cr, lang=lang)


def attach_pictures(results: list[ExerciseResult], withhold: bool, limit: int = MAX_PICTURES) -> None:
    """Draw the first ``limit`` shown failures that kept their arrays (language-neutral PNG), then drop the arrays."""
    left = limit
    for res in results:
        for cr in res.cases:
            if left and not cr.passed and cr.got is not None and not (cr.hidden and withhold):
                pic = picture(cr.got, cr.expected)
                if pic is not None:
                    shape = list(getattr(cr.got, "shape", ()))
                    cr.png, cr.picture = pic.png, {"kind": pic.kind, "part": pic.part, "shape": shape,
                                                   "nonfinite": pic.nonfinite}
                    left -= 1
            cr.got = cr.expected = None


def gradescope_json(results: list[ExerciseResult], withhold: bool, lang: str, error: str = "") -> dict:
    """Gradescope's ``results.json``: one test per exercise."""
    tests = []
    for n, res in enumerate(results, 1):
        failed = res.failures
        output = "\n\n".join(dict.fromkeys(case_text(c, withhold, lang) for c in reported(failed)))
        tests.append({
            "name": res.exercise.id,
            "number": str(n),
            "score": res.score,
            "max_score": res.exercise.points,
            "output": output if failed else t("page_all_passed", lang, n=len(res.cases)),
            "visibility": "visible",
        })
    return {
        "score": sum(r.score for r in results),
        "output": submission_text(error, lang) or t("page_graded", lang),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
    }


CSS = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;color:#222}
h1{font-size:1.4rem} .score{font-size:2rem;font-weight:700}
table{border-collapse:collapse;margin:1rem 0} td,th{border:1px solid #ccc;padding:.3rem .6rem}
.pass{color:#17702a} .fail{color:#b3261e} pre{background:#f6f6f6;padding:.6rem;white-space:pre-wrap}
img{max-width:100%;border:1px solid #ddd;margin:.4rem 0} .err{background:#fde7e7;padding:.6rem}
figcaption{font-size:.85rem;color:#555} .mark{display:inline-block;width:.9em;height:.9em;margin:0 .2em 0 .6em;
vertical-align:middle}
"""

_IMAGES_CHECK = """<script>
window.addEventListener('load', function () {
  var imgs = Array.prototype.slice.call(document.images);
  var ok = imgs.every(function (i) { return i.complete && i.naturalWidth > 0; });
  document.body.setAttribute('data-images', imgs.length ? (ok ? 'ok' : 'broken') : 'none');
});
</script>"""


def _figure(cr: CaseResult, lang: str) -> str:
    """A stored picture with its caption in ``lang``: what each panel is, the slice shown, the marks."""
    from .pictures import NONFINITE_COLOURS

    meta = cr.picture or {}
    caption = [t("page_curves" if meta.get("kind") == "curves" else "image", lang)]
    if meta.get("part"):
        shape = "(" + ", ".join(map(str, meta.get("shape", []))) + ")"
        caption.append(t("page_part", lang, part=meta["part"], shape=shape))
    marks = "".join(f"<span class='mark' style='background:{NONFINITE_COLOURS[m]}'></span>"
                    f"{html.escape(t('page_mark_' + m, lang))}" for m in meta.get("nonfinite", []))
    if marks:
        caption.append(f"{t('page_marks', lang)}{marks}")
    return (f"<figure><img alt='{html.escape(t('page_alt', lang))}' src='{data_uri(cr.png)}'>"
            f"<figcaption>{'<br>'.join(caption)}</figcaption></figure>")


def feedback_html(student: str, results: list[ExerciseResult], withhold: bool, lang: str, error: str = "") -> str:
    """One self-contained feedback page (inline CSS and pictures), worded in ``lang``."""
    from . import registry

    esc = html.escape
    earned = sum(r.score for r in results)
    total = sum(r.exercise.points for r in results)
    by_topic: dict[str, list[ExerciseResult]] = defaultdict(list)
    for r in results:
        by_topic[r.exercise.topic].append(r)
    parts = [f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'>",
             f"<title>dlkata — {esc(student)}</title><style>{CSS}</style></head><body>",
             f"<h1>{t('page_title', lang)} — {esc(student)}</h1>",
             f"<p class='score' id='score'>{earned} / {total}</p>"]
    if error:
        parts.append(f"<p class='err' id='submission'>{esc(submission_text(error, lang))}</p>")
    parts.append(f"<table><tr><th>{t('page_topic', lang)}</th><th>{t('word_points', lang)}</th>"
                 f"<th>{t('word_exercises_passed', lang)}</th></tr>")
    titles = {tp.name: tp.title.get(lang, tp.title["en"]) for tp in registry.topics()}
    for topic, rs in by_topic.items():
        parts.append(f"<tr><td>{esc(topic)} ({esc(titles.get(topic, topic))})</td>"
                     f"<td>{sum(r.score for r in rs)} / {sum(r.exercise.points for r in rs)}"
                     f"</td><td>{sum(r.passed for r in rs)} / {len(rs)}</td></tr>")
    parts.append("</table>")
    for topic, rs in by_topic.items():
        parts.append(f"<h2>{esc(topic)} — {esc(titles.get(topic, topic))}</h2>")
        for r in rs:
            cls = "pass" if r.passed else "fail"
            parts.append(f"<h3 class='{cls}'>{'✓' if r.passed else '✗'} {esc(r.exercise.name)} "
                         f"({r.score}/{r.exercise.points})</h3>")
            if r.passed:
                continue
            shown: set[str] = set()
            hidden_failed = [cr for cr in r.failures if cr.hidden and withhold]
            if hidden_failed:  # always say so, even when public failures fill the list below
                parts.append(f"<pre>{esc(t('page_withheld', lang))}</pre>")
                shown.add(t("page_withheld", lang))
            failures = reported(r.failures)
            for cr in failures:
                text = case_text(cr, withhold, lang)
                if text in shown:
                    continue
                if len(shown) == MAX_CASES_SHOWN:
                    parts.append(f"<p>{esc(t('page_more', lang, n=len(failures) - MAX_CASES_SHOWN))}</p>")
                    break
                shown.add(text)
                parts.append(f"<pre>{esc(text)}</pre>")
                if cr.png and not (cr.hidden and withhold):
                    parts.append(_figure(cr, lang))
    parts.append(_IMAGES_CHECK + "</body></html>")
    return "".join(parts)


def write_student(out: Path, student: str, results: list[ExerciseResult], withhold: bool, lang: str,
                  error: str = "") -> None:
    """``results/<student>.json`` and ``feedback/<student>.html``."""
    name = safe_name(student)
    atomic_write(out / "results" / f"{name}.json",
                 json.dumps(gradescope_json(results, withhold, lang, error), indent=1, ensure_ascii=False))
    atomic_write(out / "feedback" / f"{name}.html", feedback_html(student, results, withhold, lang, error))


def student_files_exist(out: Path, student: str) -> bool:
    name = safe_name(student)
    return (out / "results" / f"{name}.json").exists() and (out / "feedback" / f"{name}.html").exists()


def stored_results(book: Gradebook, student: str) -> list[ExerciseResult]:
    """A student's results as the gradebook holds them: verdicts and pictures, in the order graded."""
    from . import registry

    by_exercise: dict[str, list[CaseResult]] = {}
    for row in book.case_results(student):
        cr = CaseResult.from_verdict(json.loads(row["verdict"]))
        cr.png = row["picture"]
        by_exercise.setdefault(row["exercise"], []).append(cr)
    results = []
    for ex_id, cases in by_exercise.items():
        try:
            ex = registry.get(ex_id)
        except KeyError:  # an exercise this version no longer has
            continue
        results.append(ExerciseResult(ex, cases))
    return results


def rerender(out: Path, lang: str) -> list[str]:
    """Write every student's JSON and page, the CSV and the class page of ``out`` again, from its gradebook alone.

    Nothing is graded again: the verdicts and pictures stored by ``dlkata grade``
    are worded in ``lang``. Returns the students written.
    """
    from . import classpage, registry

    out = Path(out)
    if not (out / "gradebook.sqlite").exists():
        raise FileNotFoundError(f"{out} has no gradebook.sqlite: give the --out folder of a `dlkata grade` run")
    book = Gradebook(out / "gradebook.sqlite")
    try:
        runs = book.runs()
        config = runs[-1]["config"] if runs else {}
        withhold = bool(config.get("withhold"))
        students = [s for s, _, _ in book.students()]
        for student in students:
            write_student(out, student, stored_results(book, student), withhold, lang, book.error(student))
        ids = config.get("exercises") or [e.id for e in registry.exercises()]
        exercises = [registry.get(i) for i in ids if any(e.id == i for e in registry.exercises())]
        write_csv(out, book, exercises)
        classpage.write(out, book, exercises, lang)
    finally:
        book.close()
    return students
