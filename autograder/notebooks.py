"""``dlkata notebooks``: the course as nbgrader source notebooks, in Korean and English.

For every topic of the registry (never a second list) it writes
``OUT/source/<topic>/<topic>.ipynb`` and one ``OUT/nbgrader_config.py``.
A notebook holds, in order:

1. the title and how to work in it;
2. theory (Korean from the course notes and/or its English rendering), formulas
   in LaTeX, a worked example in plain NumPy and, where the notes would draw
   one, a plot: the topic folder's ``theory.ko.md`` and ``theory.en.md``
   (:mod:`autograder.theory`);
3. the topic module ``solutions/<topic>.py`` cut at the top level
   (:func:`autograder.chunking.chunks`): given code (imports, argument checks,
   constants) in locked read-only cells; every function with solution
   markers in a solution cell, whole, markers as in ``solutions/`` (nbgrader
   replaces them with its stub); a module-level solution region (helper
   kernels) in a solution cell of its own;
4. after the cells an exercise needs, a locked graded test cell worth the
   registry's points, calling :func:`autograder.nbcheck.check_functions`:
   the same public cases and checks as ``dlkata check``, the student's code
   run in the sandbox child; a ``### BEGIN HIDDEN TESTS`` region runs the
   hidden cases of the file named by ``$DLKATA_HIDDEN`` at autograde time.

The helpers of ``_validate`` are inlined (given, locked). Earlier topics a
topic builds on (``from .activations import ...``) are imported from the
student's own ``exercises/`` (the course folder the notebook sits in), or,
for topics the instructor gives (``--give``, after their deadline say), from
the installed reference (``dlkata.solutions``, which the student edition
holds for the given topics only). A notebook never imports the reference of
a topic not given. The test cell's rebuilt module gets its earlier topics
from the student's own work too (:func:`autograder.nbcheck.export`): their
notebooks next to it, as a graded notebook submission holds them, and in the
student edition first the given references and their ``exercises/``.

:func:`write_student` writes the student edition's notebooks: the stubs in
the answer cells, no hidden-test region.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from . import chunking, oracle, registry
from .checking import draw_cases
from .exercise import Topic
from .paths import SOLUTIONS
from .stubs import make_stub
from .theory import theory

LANGS = ("ko", "en", "both")
#: Seconds nbgrader lets one cell run (a test cell may compute uncached oracle outputs with TensorFlow).
CELL_TIMEOUT = 600

#: The notebooks' own words, in both languages.
TEXT = {
    "intro": {
        "ko": ("이 노트북에서 `{topic}` 주제의 함수를 NumPy로 직접 작성합니다. "
               "답안 셀의 `raise NotImplementedError()` 자리를 채우세요. "
               "회색(잠긴) 셀은 주어진 코드와 채점 셀입니다. 채점 셀은 `dlkata check {topic}` 명령과 같은 케이스로, "
               "TensorFlow 패키지가 계산한 값과 비교합니다. 총점: {points}점."),
        "en": ("In this notebook you write the functions of the topic `{topic}` in NumPy. "
               "Replace the `raise NotImplementedError()` in the answer cells with your code. "
               "Locked cells hold given code and the tests. Each test cell runs the same cases as "
               "`dlkata check {topic}`, against what TensorFlow computes. Total: {points} points."),
    },
    "formulas": {"ko": "공식", "en": "Formulas"},
    "example": {"ko": "예제", "en": "Worked example"},
    "plot": {"ko": "그림", "en": "Plot"},
    "given": {"ko": "주어진 코드: 인자 검사", "en": "Given code: argument checks"},
    "given_code": {"ko": "주어진 코드 (수정하지 마세요)", "en": "Given code (do not edit)"},
    "exercise": {"ko": "### 연습: `{name}` ({points}점)", "en": "### Exercise: `{name}` ({points} point{s})"},
    "helper": {"ko": "### 보조 함수: `{name}`", "en": "### Helper: `{name}`"},
    "region": {"ko": "### 직접 작성하는 보조 코드 (모듈 수준)", "en": "### Your helpers (module level)"},
    "region_body": {
        "ko": "아래 함수들은 참고 답안의 보조 함수입니다. 원하는 대로 작성하세요. 여러분의 함수가 사용하는 것만 채점에 포함됩니다.",
        "en": "These are the reference's helpers; write your own as you like. Whatever your functions use is graded with them.",
    },
    "test": {"ko": "채점: `{name}` ({points}점) - `dlkata check {topic}.{name}` 명령과 같은 공개 케이스",
             "en": "Test: `{name}` ({points} point{s}) - the public cases of `dlkata check {topic}.{name}`"},
}


def _t(key: str, lang: str, **fields) -> str:
    if "points" in fields:
        fields.setdefault("s", "" if fields["points"] == 1 else "s")
    return TEXT[key][lang].format(**fields)


def _langs(lang: str) -> tuple[str, ...]:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, got {lang!r}")
    return ("ko", "en") if lang == "both" else (lang,)


def _both(key: str, lang: str, sep: str = "\n\n", **fields) -> str:
    return sep.join(_t(key, lg, **fields) for lg in _langs(lang))


def _meta(kind: str, grade_id: str, points: int = 0) -> dict:
    """nbgrader cell metadata: ``readonly`` (locked), ``solution`` or ``test`` (graded, locked)."""
    nb = {"grade": kind == "test", "solution": kind == "solution", "locked": kind != "solution",
          "grade_id": grade_id, "schema_version": 3}
    if kind == "test":
        nb["points"] = points
    return {"nbgrader": nb}


def _notebook_import(node: ast.ImportFrom, inlined: set[str], given) -> tuple[str, str] | None:
    """A relative import as a notebook writes it, with its note (``None`` when the names are inlined):
    an earlier topic comes from the student's own ``exercises/``, or from the reference when the
    instructor gave it (``--give``). No notebook imports the reference of a topic not given."""
    if node.module in inlined:
        return None
    if node.module in given:
        return ("# an earlier topic, given by your instructor (the reference version)\n",
                ast.unparse(ast.ImportFrom(module=f"dlkata.solutions.{node.module}", names=node.names, level=0)))
    return (f"# an earlier topic: your own exercises/{node.module}.py\n",
            ast.unparse(ast.ImportFrom(module=f"exercises.{node.module}", names=node.names, level=0)))


def _given_text(ch: chunking.Chunk, inlined: set[str], given) -> str:
    if ch.kind == "import" and ch.relative is not None:
        span = ch.node.end_lineno - ch.node.lineno + 1
        comments = "".join(ln for ln in ch.text.splitlines(keepends=True)[:-span] if ln.strip())
        made = _notebook_import(ch.node, inlined, given)
        return "" if made is None else comments + made[0] + made[1] + "\n"
    return ch.text


#: A notebook finds the student's ``exercises/`` (their earlier topics) in the course folder it sits in.
COURSE_PATH = """import sys
from pathlib import Path

_course = next((p for p in (Path.cwd(), *Path.cwd().parents) if (p / "exercises" / "__init__.py").is_file()), None)
if _course is None:
    raise ImportError("no exercises/ folder here or above: open this notebook inside your course folder "
                      "(the one holding exercises/); earlier topics come from your exercises/")
sys.path.insert(0, str(_course))
"""


def _first_paragraph(doc: str | None) -> str:
    if not doc:
        return ""
    return doc.strip().split("\n\n")[0].replace("\n", " ")


def _description(name: str, doc: str | None, langs: tuple[str, ...], korean: dict[str, str]) -> str:
    """What a function computes, in each language of the notebook: Korean from the topic's
    ``DESCRIPTIONS``, English from the first paragraph of its docstring."""
    texts = {"en": _first_paragraph(doc), "ko": korean.get(name, "")}
    return "".join(f"\n\n{texts[lg]}" for lg in langs if texts[lg])


def _cell_id(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "-", text)


def grade_cell_id(exercise_name: str) -> str:
    """The nbgrader ``grade_id`` of an exercise's test cell (what nbgrader's gradebook calls the grade cell)."""
    return _cell_id(f"test-{exercise_name}")


def _test_source(tp: Topic, name: str, points: int, lang: str, hidden: bool = True) -> str:
    fb = "ko" if lang == "ko" else "en"
    call = f'check_functions("{tp.name}", ["{name}"], globals(), lang="{fb}")'
    text = (f"# {_t('test', fb, name=name, points=points, topic=tp.name)}\n"
            "from dlkata.autograder.nbcheck import check_functions\n"
            f"{call}\n")
    if hidden:
        text += f"### BEGIN HIDDEN TESTS\n{call[:-1]}, hidden=True)\n### END HIDDEN TESTS\n"
    return text


def _placement(pieces: list[chunking.Chunk], exercise_names: list[str]) -> dict[str, int]:
    """For each exercise, the index of the chunk after which everything it needs is defined."""
    where: dict[str, int] = {}
    for i, ch in enumerate(pieces):
        for n in ch.names:
            where.setdefault(n, i)
    placed = {}
    for name in exercise_names:
        if name not in where:
            continue
        seen, todo, last = set(), [name], where[name]
        while todo:
            n = todo.pop()
            if n in seen or n not in where:
                continue
            seen.add(n)
            i = where[n]
            last = max(last, i)
            todo += list(pieces[i].uses)
        placed[name] = last
    return placed


def build(tp: Topic, lang: str = "both", give=(), student: bool = False) -> nbformat.NotebookNode:
    """The nbgrader source notebook of topic ``tp`` (``student``: the student edition's notebook, with
    the stubs in the answer cells and no hidden-test region). Earlier topics are imported from the
    student's own ``exercises/``, or for the ``give`` topics from the installed reference."""
    given = set(give)
    langs = _langs(lang)
    source = chunking.reference_source(tp.name)
    pieces = chunking.chunks(source)
    th = theory(tp.name)
    deps = chunking.dependencies(tp.name)
    inlined = {"_validate"} if "_validate" in deps else set()
    points = {ex.name: ex.points for ex in tp.exercises}
    cells = []

    def md(text, gid):
        cells.append(new_markdown_cell(text, metadata=_meta("readonly", gid)))

    title = " / ".join(tp.title.get(lg, tp.title["en"]) for lg in langs)
    md(f"# {title} (`{tp.name}`)\n\n" + _both("intro", lang, topic=tp.name, points=tp.points), "title")
    for lg in langs:
        md(th[lg], f"theory-{lg}")
    for lg in langs if th.get("formulas") else ():
        md(f"## {_t('formulas', lg)}\n\n{th['formulas'][lg]}", f"formulas-{lg}")
    if th.get("example"):
        cells.append(new_markdown_cell("## " + _both("example", lang, sep=" / ")))
        cells.append(new_code_cell(th["example"]))
    if th.get("plot"):
        cells.append(new_markdown_cell("## " + _both("plot", lang, sep=" / ")))
        cells.append(new_code_cell(th["plot"]))
    if inlined:
        md("## " + _both("given", lang, sep=" / "), "given-validate-title")
        vsrc = (SOLUTIONS / "_validate.py").read_text(encoding="utf-8") if (SOLUTIONS / "_validate.py").exists() \
            else chunking.reference_source("_validate")
        cells.append(new_code_cell(f"# {_both('given_code', lang, sep=' / ')}: _validate.py\n{vsrc}",
                                   metadata=_meta("readonly", "given-validate")))
    if set(deps) - inlined - given:
        cells.append(new_code_cell(f"# {_both('given_code', lang, sep=' / ')}: exercises/\n{COURSE_PATH}",
                                   metadata=_meta("readonly", "given-course-path")))

    korean = registry.descriptions(tp.name)
    placement = _placement(pieces, list(points))
    tests_after: dict[int, list[str]] = {}
    for name, i in placement.items():
        tests_after.setdefault(i, []).append(name)
    given_buf: list[str] = []
    n_given = 0

    def flush_given():
        nonlocal n_given
        text = "".join(given_buf).strip("\n")
        given_buf.clear()
        if text.strip():
            n_given += 1
            cells.append(new_code_cell(f"# {_both('given_code', lang, sep=' / ')}\n{text}\n",
                                       metadata=_meta("readonly", f"given-{n_given}")))

    def add_tests(names):
        for name in names:
            cells.append(new_code_cell(_test_source(tp, name, points[name], lang, hidden=not student),
                                       metadata=_meta("test", grade_cell_id(name), points[name])))

    n_region = 0
    for i, ch in enumerate(pieces):
        if ch.kind == "docstring":
            continue
        if ch.kind in ("import", "given"):
            given_buf.append(_given_text(ch, inlined, given))
        elif ch.kind == "solution":
            flush_given()
            name = ch.names[0]
            fn = ch.node
            if name in points:
                head = _both("exercise", lang, sep="\n", name=name, points=points[name])
            else:
                head = _both("helper", lang, sep="\n", name=name)
            md(head + _description(name, ast.get_docstring(fn), langs, korean), _cell_id(f"describe-{name}"))
            text = make_stub(ch.text) if student else ch.text
            cells.append(new_code_cell(text.strip("\n") + "\n", metadata=_meta("solution", _cell_id(name))))
        elif ch.kind == "region":
            flush_given()
            n_region += 1
            md(_both("region", lang, sep="\n") + "\n\n" + _both("region_body", lang), f"describe-helpers-{n_region}")
            text = make_stub(ch.text) if student else ch.text
            cells.append(new_code_cell(text.strip("\n") + "\n", metadata=_meta("solution", f"helpers-{n_region}")))
        if i in tests_after:
            flush_given()
            add_tests(tests_after[i])
    flush_given()
    add_tests([n for n in points if n not in placement])  # an exercise the module does not define: still graded

    nb = new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
        "language_info": {"name": "python"},
        "dlkata": {"topic": tp.name, "lang": lang, "points": tp.points,
                   "given": sorted(given), **({"edition": "student"} if student else {})},
    })
    nbformat.validate(nb)
    return nb


def graded_points(nb) -> dict[str, int]:
    """grade_id -> points of the graded cells of a notebook."""
    return {c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"]["points"] for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("grade")}


CONFIG = '''\
# nbgrader configuration written by `dlkata notebooks`.
c = get_config()  # noqa: F821

c.CourseDirectory.course_id = "dlkata"
# Test cells run the student's code in dlkata's sandbox; a cold oracle cache
# imports TensorFlow once, so cells get more than nbgrader's 30 s default.
c.ExecutePreprocessor.timeout = {timeout}
c.Execute.timeout = {timeout}
# Hidden cases: run `nbgrader autograde` with DLKATA_HIDDEN=/path/to/hidden.json
# (made by `dlkata hidden new`); without it the hidden-test regions do nothing.
'''


def write(out, lang: str = "both", topics=None, give=()) -> list[Path]:
    """Write the course folder ``out``; returns the notebooks written.

    ``out/exercises/`` receives the stubs (when missing): the notebooks import earlier topics from
    an ``exercises/`` above them, and nbgrader's autograde runs them inside ``out``.
    """
    out = Path(out)
    chosen = list(registry.topics()) if not topics else [registry.topic(t) for t in topics]
    out.mkdir(parents=True, exist_ok=True)
    (out / "nbgrader_config.py").write_text(CONFIG.format(timeout=CELL_TIMEOUT), encoding="utf-8")
    if not (out / "exercises").exists():
        from .paths import EXERCISES

        (out / "exercises").mkdir()
        for src in EXERCISES.glob("*.py"):
            (out / "exercises" / src.name).write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    written = []
    for tp in chosen:
        path = out / "source" / tp.name / f"{tp.name}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(build(tp, lang, give), str(path))
        written.append(path)
    return written


def write_student(out, lang: str = "both", give=()) -> list[Path]:
    """The student edition's notebooks, ``out/<topic>.ipynb`` for every topic: no reference code,
    except that of the ``give`` topics (whose reference the release ships); returns them."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for tp in registry.topics():
        path = out / f"{tp.name}.ipynb"
        nbformat.write(build(tp, lang, give, student=True), str(path))
        written.append(path)
    return written


def warm(topics) -> int:
    """Compute (and cache) the oracle outputs of the public cases of ``topics``; returns how many cases."""
    count = 0
    for tp in topics:
        for ex in tp.exercises:
            for case in draw_cases(ex, 0):
                oracle.expected(ex, case)
                count += 1
    return count
