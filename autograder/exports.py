"""What a grading run leaves for the instructor and the students.

- ``grades.csv``: ``student,total,max,`` then one column per exercise ``topic.function``;
- ``results/<student>.json``: Gradescope's results format;
- ``feedback/<student>.html``: a self-contained page with scores per topic,
  each failed case's report and pictures of the output beside the reference.
"""

from __future__ import annotations

import csv
import html
import json
import os
import tempfile
from collections import defaultdict
from pathlib import Path

from .checking import ExerciseResult
from .exercise import Exercise
from .gradebook import Gradebook
from .pictures import comparison_png, data_uri
from .report import report

#: At most this many pictures per feedback page (they are the heavy part).
MAX_PICTURES = 8
#: At most this many failing cases reported per exercise.
MAX_CASES_SHOWN = 3
WITHHELD = {"en": "A hidden case failed (details are withheld).", "ko": "숨은 케이스가 실패했습니다 (세부 내용은 비공개)."}


def safe_name(student: str) -> str:
    """A file name for a student id: spaces and non-ASCII kept, path separators not."""
    name = student.replace(os.sep, "_").replace("\0", "_").strip()
    return ("_" + name) if name.startswith(".") or not name else name


def _atomic_write(path: Path, text: str) -> None:
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


def case_text(cr, withhold: bool, lang: str) -> str:
    if cr.hidden and withhold:
        return WITHHELD.get(lang, WITHHELD["en"])
    return report(cr, lang=lang)


def gradescope_json(results: list[ExerciseResult], withhold: bool, lang: str, error: str = "") -> dict:
    """Gradescope's ``results.json``: one test per exercise."""
    tests = []
    for n, res in enumerate(results, 1):
        failed = res.failures
        output = "\n\n".join(dict.fromkeys(case_text(c, withhold, lang) for c in failed))
        tests.append({
            "name": res.exercise.id,
            "number": str(n),
            "score": res.score,
            "max_score": res.exercise.points,
            "output": output if failed else f"{len(res.cases)} cases passed",
            "visibility": "visible",
        })
    return {
        "score": sum(r.score for r in results),
        "output": error or "Graded by dlkata against TensorFlow.",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
    }


_CSS = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;color:#222}
h1{font-size:1.4rem} .score{font-size:2rem;font-weight:700}
table{border-collapse:collapse;margin:1rem 0} td,th{border:1px solid #ccc;padding:.3rem .6rem}
.pass{color:#17702a} .fail{color:#b3261e} pre{background:#f6f6f6;padding:.6rem;white-space:pre-wrap}
img{max-width:100%;border:1px solid #ddd;margin:.4rem 0} .err{background:#fde7e7;padding:.6rem}
"""

_IMAGES_CHECK = """<script>
window.addEventListener('load', function () {
  var imgs = Array.prototype.slice.call(document.images);
  var ok = imgs.every(function (i) { return i.complete && i.naturalWidth > 0; });
  document.body.setAttribute('data-images', imgs.length ? (ok ? 'ok' : 'broken') : 'none');
});
</script>"""


def feedback_html(student: str, results: list[ExerciseResult], withhold: bool, lang: str, error: str = "") -> str:
    """One self-contained feedback page (inline CSS and pictures)."""
    esc = html.escape
    earned = sum(r.score for r in results)
    total = sum(r.exercise.points for r in results)
    by_topic: dict[str, list[ExerciseResult]] = defaultdict(list)
    for r in results:
        by_topic[r.exercise.topic].append(r)
    parts = [f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'>",
             f"<title>dlkata — {esc(student)}</title><style>{_CSS}</style></head><body>",
             f"<h1>dlkata feedback — {esc(student)}</h1>",
             f"<p class='score' id='score'>{earned} / {total}</p>"]
    if error:
        parts.append(f"<p class='err'>{esc(error)}</p>")
    parts.append("<table><tr><th>topic</th><th>points</th><th>exercises passed</th></tr>")
    for topic, rs in by_topic.items():
        parts.append(f"<tr><td>{esc(topic)}</td><td>{sum(r.score for r in rs)} / {sum(r.exercise.points for r in rs)}"
                     f"</td><td>{sum(r.passed for r in rs)} / {len(rs)}</td></tr>")
    parts.append("</table>")
    pictures = 0
    for topic, rs in by_topic.items():
        parts.append(f"<h2>{esc(topic)}</h2>")
        for r in rs:
            cls = "pass" if r.passed else "fail"
            parts.append(f"<h3 class='{cls}'>{'✓' if r.passed else '✗'} {esc(r.exercise.name)} "
                         f"({r.score}/{r.exercise.points})</h3>")
            if r.passed:
                continue
            shown: set[str] = set()
            hidden_failed = [cr for cr in r.failures if cr.hidden and withhold]
            if hidden_failed:  # always say so, even when public failures fill the list below
                parts.append(f"<pre>{esc(case_text(hidden_failed[0], withhold, lang))}</pre>")
                shown.add(case_text(hidden_failed[0], withhold, lang))
            for cr in r.failures:
                text = case_text(cr, withhold, lang)
                if text in shown:
                    continue
                if len(shown) == MAX_CASES_SHOWN:
                    parts.append(f"<p>… {len(r.failures) - MAX_CASES_SHOWN} more failing cases</p>")
                    break
                shown.add(text)
                parts.append(f"<pre>{esc(text)}</pre>")
                if pictures < MAX_PICTURES and not (cr.hidden and withhold) and cr.got is not None:
                    png = comparison_png(cr.got, cr.expected, f"{r.exercise.id} — {cr.case}")
                    if png:
                        pictures += 1
                        parts.append(f"<img alt='your output beside the expected one' src='{data_uri(png)}'>")
    parts.append(_IMAGES_CHECK + "</body></html>")
    return "".join(parts)


def write_student(out: Path, student: str, results: list[ExerciseResult], withhold: bool, lang: str,
                  error: str = "") -> None:
    """``results/<student>.json`` and ``feedback/<student>.html``."""
    name = safe_name(student)
    _atomic_write(out / "results" / f"{name}.json",
                  json.dumps(gradescope_json(results, withhold, lang, error), indent=1, ensure_ascii=False))
    _atomic_write(out / "feedback" / f"{name}.html", feedback_html(student, results, withhold, lang, error))


def student_files_exist(out: Path, student: str) -> bool:
    name = safe_name(student)
    return (out / "results" / f"{name}.json").exists() and (out / "feedback" / f"{name}.html").exists()
