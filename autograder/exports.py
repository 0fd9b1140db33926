"""What a grading run leaves for the instructor and the students, worded when written.

- ``grades.csv``: ``student,total,max,`` then one column per exercise ``topic.function``;
- ``results/<name>.json``: Gradescope's results format (``extra_data.student``
  is the exact student id);
- ``feedback/<name>.html``: a self-contained page with scores per topic,
  each failed case's report and pictures of the output beside the reference;
- ``index.html``: the class page (:mod:`autograder.classpage`).

``<name>`` is :func:`file_names`' name for the student id: the id itself
where it is a safe file name, else a cleaned form plus a short hash of the
exact id, so that two ids never share a file (not even on a file system that
ignores case). Every text from a submission is escaped for HTML, cleaned of
what UTF-8 and terminals refuse, and CSV cells that a spreadsheet would run
as a formula are neutralised.

Everything is written from verdicts (:class:`autograder.checking.CaseResult`)
in the language asked for: right after grading, or later from the gradebook
alone (:func:`rerender`, ``dlkata feedback OUT --lang ko``).
"""

from __future__ import annotations

import csv
import hashlib
import html
import json
import os
import re
import tempfile
import unicodedata
from collections import defaultdict
from pathlib import Path

from .checking import CaseResult, ExerciseResult
from .exercise import Exercise
from .gradebook import Gradebook
from .messages import t
from .pictures import data_uri, picture
from .report import report
from .safetext import clean

#: At most this many pictures per feedback page (they are the heavy part).
MAX_PICTURES = 8
#: At most this many failing cases reported per exercise.
MAX_CASES_SHOWN = 3



_UNSAFE_IN_NAMES = re.compile("[\x00-\x1f\x7f-\x9f/\\\\<>:\"|?*\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
#: Longest base of a file name, in UTF-8 bytes (the hash and the extension come on top; NAME_MAX is 255).
NAME_BYTES = 100


def safe_name(student: str) -> str:
    """A file-name-safe form of a student id: Unicode and spaces kept; separators, control and
    bidirectional characters replaced, no leading dot or space, at most NAME_BYTES bytes."""
    name = unicodedata.normalize("NFC", clean(student))
    name = _UNSAFE_IN_NAMES.sub("_", name).strip(" .")
    while len(name.encode("utf-8")) > NAME_BYTES:
        name = name[:-1]
    if not name or name.split(".")[0].lower() in _RESERVED:
        name = "_" + name
    return name


def _hash(student: str, n: int) -> str:
    return hashlib.sha256(student.encode("utf-8", "surrogatepass")).hexdigest()[:n]


def file_names(students) -> dict[str, str]:
    """A file name (without extension) for every student id, no two alike even ignoring case.

    An id that is already a safe name keeps it; another gets its safe form plus
    a hash of the exact id; ids whose names would still meet all get longer hashes.
    """
    ids = sorted(set(students))
    names = {s: (safe_name(s) if safe_name(s) == s else f"{safe_name(s)}-{_hash(s, 8)}") for s in ids}
    for length in (12, 20, 64):
        groups: dict[str, list[str]] = defaultdict(list)
        for s, n in names.items():
            groups[unicodedata.normalize("NFC", n).casefold()].append(s)
        clashing = [s for g in groups.values() if len(g) > 1 for s in g]
        if not clashing:
            return names
        for s in clashing:
            names[s] = f"{safe_name(s)}-{_hash(s, length)}"
    return names


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file (a reader never sees half a page)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace", newline="") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


#: First characters that make a spreadsheet read a cell as a formula (OWASP's CSV injection advice).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A CSV cell a spreadsheet shows as text: a leading formula character gets a ``'`` before it."""
    if isinstance(value, str):
        value = clean(value, 1000)
        if value.startswith(_FORMULA_START):
            return "'" + value
    return value


def write_csv(out: Path, book: Gradebook, exercises: list[Exercise]) -> Path:
    """``grades.csv`` from the gradebook (so it always agrees with it)."""
    path = out / "grades.csv"
    ids = [e.id for e in exercises]
    rows = []
    for student, score, max_score in book.students():
        per = book.exercise_scores(student)
        rows.append([student, score, max_score, *[per.get(i, (0, 0))[0] for i in ids]])
    fd, tmp = tempfile.mkstemp(dir=out, prefix=".tmp-")
    with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace", newline="") as f:
        w = csv.writer(f)
        w.writerow(["student", "total", "max", *ids])
        w.writerows([[csv_cell(c) for c in row] for row in rows])
    os.replace(tmp, path)
    return path


def reported(failures: list[CaseResult]) -> list[CaseResult]:
    """The failures worth a report: a problem that stopped the exercise (a stub, an import error, a missing
    function, a timeout) is reported once, at the case where it happened, not again for every case after it."""
    from .checking import ExerciseRun

    kept, stops = [], set()
    for cr in failures:
        if cr.problem in ExerciseRun.STOPS + ExerciseRun.KILLED:
            if cr.problem in stops:
                continue
            stops.add(cr.problem)
        kept.append(cr)
    return kept


def only_notices(error: str) -> bool:
    """Whether a submission-level ``error`` is only notices (JSON ``[message key, fields]`` pairs): it was graded."""
    return error.startswith("[[")


def submission_text(error: str, lang: str) -> str:
    """What the gradebook holds about a whole submission, in ``lang``: an error (text) or notices (a JSON list of
    ``[message key, fields]``, such as a notebook that was not graded)."""
    if only_notices(error):
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


def attach_pictures(results: list[ExerciseResult]) -> None:
    """Draw the thumbnails the grader kept (a few failing cases, :class:`autograder.checking.PictureBudget`)
    as language-neutral PNG pictures, and drop the thumbnails. A value that cannot be drawn costs only its
    picture."""
    for res in results:
        for cr in res.cases:
            if cr.thumb is not None:
                try:
                    pic = picture(cr.thumb)
                    cr.png, cr.picture = pic.png, {"kind": pic.kind, "part": pic.part, "shape": list(cr.thumb.shape),
                                                   "nonfinite": pic.nonfinite}
                except Exception:  # noqa: BLE001 - a hostile value must never break grading
                    cr.png = cr.picture = None
            cr.thumb = None


def gradescope_json(results: list[ExerciseResult], withhold: bool, lang: str, error: str = "",
                    student: str = "") -> dict:
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
        "extra_data": {"student": clean(student)},
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

    def esc(text) -> str:
        return html.escape(clean(text))

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


def write_student(out: Path, name: str, student: str, results: list[ExerciseResult], withhold: bool, lang: str,
                  error: str = "") -> None:
    """``results/<name>.json`` and ``feedback/<name>.html`` (``name`` from :func:`file_names`)."""
    page = feedback_html(student, results, withhold, lang, error)
    data = json.dumps(gradescope_json(results, withhold, lang, error, student), indent=1, ensure_ascii=False)
    atomic_write(out / "results" / f"{name}.json", data)
    atomic_write(out / "feedback" / f"{name}.html", page)


def student_files_exist(out: Path, name: str) -> bool:
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
        names = file_names(students)
        for student in students:
            write_student(out, names[student], student, stored_results(book, student), withhold, lang,
                          book.error(student))
        ids = config.get("exercises") or [e.id for e in registry.exercises()]
        exercises = [registry.get(i) for i in ids if any(e.id == i for e in registry.exercises())]
        write_csv(out, book, exercises)
        classpage.write(out, book, exercises, lang)
    finally:
        book.close()
    return students
