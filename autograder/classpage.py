"""The class page, ``OUT/index.html``: what the instructor reads after a grading run.

Beside the students' pages, one self-contained page (inline CSS, SVG and plain
JavaScript, nothing fetched) in the run's language:

- the distribution of total scores, a histogram;
- each exercise's pass rate;
- the diagnoses the class hit most often, with how many students hit each
  (what to teach again), and where a failure traced to an earlier exercise;
- a table of students, sortable by any column (a click on its header, or
  ``index.html#sort=score:desc``), each linking to the student's page.

Everything comes from the gradebook (:mod:`autograder.gradebook`), so
``dlkata feedback OUT --lang ko`` rewrites it as well.
"""

from __future__ import annotations

import html
import json
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import quote

from .checking import CaseResult
from .exercise import Exercise
from .exports import atomic_write, file_names, submission_text
from .gradebook import Gradebook
from .messages import t
from .safetext import clean


#: How many diagnoses the page lists.
TOP_DIAGNOSES = 12

_CSS = """
body{font-family:system-ui,sans-serif;max-width:64rem;margin:2rem auto;color:#222}
h1{font-size:1.4rem} table{border-collapse:collapse;margin:1rem 0} td,th{border:1px solid #ccc;padding:.3rem .6rem}
th[data-key]{cursor:pointer;background:#f3f3f3} th[aria-sort=ascending]::after{content:" ▲"}
th[aria-sort=descending]::after{content:" ▼"} .rate{display:inline-block;height:.8em;background:#3b7dd8}
.hist rect{fill:#3b7dd8} .hist text{font-size:11px;fill:#333} td.num{text-align:right}
"""

_SORT = """<script>
(function () {
  var table = document.getElementById('students');
  function sortBy(key, dir) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var numeric = table.querySelector('th[data-key="' + key + '"]').getAttribute('data-type') === 'number';
    rows.sort(function (a, b) {
      var x = a.querySelector('[data-key="' + key + '"]').getAttribute('data-value');
      var y = b.querySelector('[data-key="' + key + '"]').getAttribute('data-value');
      var c = numeric ? (parseFloat(x) - parseFloat(y)) : x.localeCompare(y);
      return dir === 'desc' ? -c : c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    Array.prototype.forEach.call(table.querySelectorAll('th[data-key]'), function (th) {
      th.setAttribute('aria-sort', th.getAttribute('data-key') === key
        ? (dir === 'desc' ? 'descending' : 'ascending') : 'none');
    });
    table.setAttribute('data-sorted', key + ':' + dir);
  }
  Array.prototype.forEach.call(table.querySelectorAll('th[data-key]'), function (th) {
    th.addEventListener('click', function () {
      var key = th.getAttribute('data-key');
      sortBy(key, th.getAttribute('aria-sort') === 'ascending' ? 'desc' : 'asc');
    });
  });
  var m = /sort=([a-z_]+):(asc|desc)/.exec(window.location.hash);
  if (m) { sortBy(m[1], m[2]); }
})();
</script>"""


def _bins(scores: list[int], top: int) -> list[tuple[int, int, int]]:
    """``(low, high, count)`` bins of the scores 0..top: one per point up to 20 points, else ten equal ones."""
    n = top + 1 if top <= 20 else 10
    width = (top + 1) / n
    bins = []
    for i in range(n):
        lo, hi = int(round(i * width)), int(round((i + 1) * width)) - 1
        bins.append((lo, hi, sum(lo <= s <= hi for s in scores)))
    return bins


def _histogram(scores: list[int], top: int, lang: str) -> str:
    bins = _bins(scores, max(top, 0))
    most = max((c for _, _, c in bins), default=0) or 1
    bar, gap, height = 36, 6, 160
    svg = [f"<svg class='hist' id='histogram' role='img' width='{len(bins) * (bar + gap) + gap}' "
           f"height='{height + 40}' xmlns='http://www.w3.org/2000/svg'>"]
    for i, (lo, hi, count) in enumerate(bins):
        h = round(height * count / most)
        x = gap + i * (bar + gap)
        label = f"{lo}" if lo == hi else f"{lo}–{hi}"
        svg.append(f"<g><title>{html.escape(t('class_bin', lang, lo=lo, hi=hi, n=count))}</title>"
                   f"<rect class='bar' data-low='{lo}' data-high='{hi}' data-count='{count}' x='{x}' "
                   f"y='{height - h + 14}' width='{bar}' height='{h}'></rect>"
                   f"<text x='{x + bar / 2}' y='{height - h + 10}' text-anchor='middle'>{count}</text>"
                   f"<text x='{x + bar / 2}' y='{height + 30}' text-anchor='middle'>{label}</text></g>")
    svg.append("</svg>")
    return "".join(svg)


def class_html(book: Gradebook, exercises: list[Exercise], lang: str = "en") -> str:
    """The class page of the gradebook ``book`` over ``exercises``, worded in ``lang``."""
    def esc(text) -> str:
        return html.escape(clean(text))

    students = book.students()
    top = students[0][2] if students else sum(e.points for e in exercises)
    scores = [s for _, s, _ in students]
    per_student = {s: book.exercise_scores(s) for s, _, _ in students}
    hits: dict[str, set[str]] = defaultdict(set)  # diagnosis key -> students
    where: dict[str, Counter] = defaultdict(Counter)  # diagnosis key -> exercises
    example: dict[str, dict] = {}
    sources: dict[tuple[str, str], set[str]] = defaultdict(set)
    for student, _, _ in students:
        for row in book.case_results(student):
            cr = CaseResult.from_verdict(json.loads(row["verdict"]))
            for key, fields in cr.diagnoses:
                hits[key].add(student)
                where[key][row["exercise"]] += 1
                example.setdefault(key, fields)
            if cr.source and cr.source.get("fails", True) is not False:
                sources[(row["exercise"], cr.source["exercise"])].add(student)
    n = len(students)
    parts = [f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><title>{esc(t('class_title', lang))}"
             f"</title><style>{_CSS}</style></head><body><h1>{esc(t('class_title', lang))}</h1>"]
    if n:
        ordered = sorted(scores)
        median = (ordered[(n - 1) // 2] + ordered[n // 2]) / 2
        parts.append(f"<p id='summary'>{esc(t('class_summary', lang, n=n, mean=sum(scores) / n, max=top, median=median))}"
                     "</p>")
    parts.append(f"<h2>{esc(t('class_distribution', lang))}</h2>{_histogram(scores, top, lang)}")
    parts.append(f"<h2>{esc(t('class_rates', lang))}</h2><table id='rates'><tr><th>{esc(t('word_exercise', lang))}</th>"
                 f"<th>{esc(t('passed', lang))}</th><th></th></tr>")
    for ex in exercises:
        passed = sum(1 for s in per_student.values() if ex.points and s.get(ex.id, (0, 0))[0] == ex.points)
        share = passed / n if n else 0.0
        parts.append(f"<tr data-exercise='{esc(ex.id)}' data-rate='{share:.4f}'><td>{esc(ex.id)}</td>"
                     f"<td class='num'>{passed}/{n}</td><td><span class='rate' style='width:{share * 10:.2f}rem'>"
                     f"</span> {share:.0%}</td></tr>")
    parts.append("</table>")
    parts.append(f"<h2>{esc(t('class_diagnoses', lang))}</h2>")
    top_keys = sorted(hits, key=lambda k: (-len(hits[k]), k))[:TOP_DIAGNOSES]
    if top_keys:
        parts.append(f"<table id='diagnoses'><tr><th>{esc(t('class_diagnosis', lang))}</th>"
                     f"<th>{esc(t('class_where', lang))}</th><th>{esc(t('class_students_hit', lang))}</th></tr>")
        for key in top_keys:
            exs = ", ".join(e for e, _ in where[key].most_common(3))
            parts.append(f"<tr data-key='{esc(key)}' data-students='{len(hits[key])}'><td>"
                         f"{esc(t(key, lang, **example.get(key, {})))}</td><td>{esc(exs)}</td>"
                         f"<td class='num'>{len(hits[key])}</td></tr>")
        parts.append("</table>")
    else:
        parts.append(f"<p>{esc(t('class_none', lang))}</p>")
    if sources:
        parts.append(f"<h3>{esc(t('class_sources', lang))}</h3><table id='sources'>")
        for (ex, src), who in sorted(sources.items(), key=lambda kv: -len(kv[1])):
            parts.append(f"<tr><td>{esc(t('class_source_row', lang, exercise=ex, source=src))}</td>"
                         f"<td class='num'>{len(who)}</td></tr>")
        parts.append("</table>")
    parts.append(f"<h2>{esc(t('class_students', lang))}</h2><p>{esc(t('class_sort_hint', lang))}</p>"
                 f"<table id='students'><thead><tr>"
                 f"<th data-key='student' data-type='text' aria-sort='ascending'>{esc(t('class_student', lang))}</th>"
                 f"<th data-key='score' data-type='number' aria-sort='none'>{esc(t('word_points', lang))}</th>"
                 f"<th data-key='passed' data-type='number' aria-sort='none'>{esc(t('word_exercises_passed', lang))}</th>"
                 f"<th data-key='error' data-type='text' aria-sort='none'>{esc(t('class_about', lang))}</th>"
                 f"</tr></thead><tbody>")
    names = file_names([s for s, _, _ in students])
    for student, score, max_score in students:
        passed = sum(1 for ex in exercises if ex.points and per_student[student].get(ex.id, (0, 0))[0] == ex.points)
        error = submission_text(book.error(student), lang)
        link = "feedback/" + quote(names[student] + ".html")
        parts.append(f"<tr><td data-key='student' data-value='{esc(student)}'><a href='{esc(link)}'>{esc(student)}"
                     f"</a></td><td class='num' data-key='score' data-value='{score}'>{score} / {max_score}</td>"
                     f"<td class='num' data-key='passed' data-value='{passed}'>{passed} / {len(exercises)}</td>"
                     f"<td data-key='error' data-value='{esc(error)}'>{esc(error)}</td></tr>")
    parts.append("</tbody></table>" + _SORT + "</body></html>")
    return "".join(parts)


def write(out: Path, book: Gradebook, exercises: list[Exercise], lang: str = "en") -> Path:
    """Write ``out/index.html``."""
    path = Path(out) / "index.html"
    atomic_write(path, class_html(book, exercises, lang))
    return path
