"""``dlkata notebooks``: valid nbgrader notebooks for every topic, and a real nbgrader round trip."""

from __future__ import annotations

import importlib
import linecache
import shutil
import subprocess
import time

import nbformat
import pytest
from click.testing import CliRunner

from dlkata.autograder import hidden as hidden_mod
from dlkata.autograder import chunking, nbcheck, notebooks, registry, theory
from dlkata.autograder.checking import run
from dlkata.cli.main import main

from .nbgrader_run import BIN, nbgrader_env, run_nbgrader


def _nbgrader_meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


@pytest.mark.parametrize("lang", ["ko", "en", "both"])
def test_every_topic_makes_a_valid_notebook(lang):
    for tp in registry.topics():
        nb = notebooks.build(tp, lang)
        nbformat.validate(nb)
        graded = [c for c in nb.cells if _nbgrader_meta(c).get("grade")]
        assert sum(_nbgrader_meta(c)["points"] for c in graded) == tp.points, tp.name
        ids = [_nbgrader_meta(c)["grade_id"] for c in nb.cells if _nbgrader_meta(c)]
        assert len(ids) == len(set(ids)), f"{tp.name}: duplicate grade_id"
        # one locked test cell per exercise, worth the registry's points, calling the shared check
        for ex in tp.exercises:
            cells = [c for c in graded if f'["{ex.name}"]' in c.source]
            assert len(cells) == 1, (tp.name, ex.name)
            meta = _nbgrader_meta(cells[0])
            assert meta["locked"] and meta["points"] == ex.points
            assert "check_functions(" in cells[0].source and "### BEGIN HIDDEN TESTS" in cells[0].source
        for c in nb.cells:
            has_markers = "### BEGIN SOLUTION" in c.source
            # nbgrader refuses solution regions outside solution cells
            assert has_markers == bool(_nbgrader_meta(c).get("solution")), (tp.name, c.source[:80])
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        if lang in ("ko", "both"):
            assert any("\uac00" <= ch <= "\ud7a3" for ch in text), f"{tp.name}: no Korean text"
        if lang == "en":
            assert not any("\uac00" <= ch <= "\ud7a3" for ch in text), f"{tp.name}: Korean in an English notebook"


@pytest.mark.parametrize("topic", [tp.name for tp in registry.topics()])
def test_theory_examples_print_and_plots_draw(topic, monkeypatch, tmp_path):
    """Every worked example runs as a kernel would and prints its result; every plot draws something."""
    import contextlib
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    monkeypatch.chdir(tmp_path)
    entry = theory.theory(topic)
    assert entry["example"], f"{topic}: no worked example"
    for part in ("example", "plot"):
        if not entry.get(part):
            continue
        plt.close("all")
        code = "\n".join(line for line in entry[part].splitlines() if not line.startswith("%"))
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(code, f"<{topic} {part}>", "exec"), {"__name__": "__main__"})
        if part == "example":
            assert printed.getvalue().strip(), f"{topic}: the worked example prints nothing"
            assert "nan" not in printed.getvalue().lower().split(), printed.getvalue()
        else:
            axes = [ax for num in plt.get_fignums() for ax in plt.figure(num).axes]
            assert axes, f"{topic}: the plot draws no figure"
            assert all(ax.lines or ax.images or ax.collections or ax.patches or not ax.axison for ax in axes) and \
                any(ax.lines or ax.images or ax.collections or ax.patches for ax in axes), f"{topic}: an empty plot"
        plt.close("all")


def test_rebuilt_module_matches_the_reference_functions():
    """The module rebuilt from a namespace holding the reference functions defines every exercise."""
    for tp in registry.topics():
        ref = importlib.import_module(f"dlkata.solutions.{tp.name}")
        src = chunking.module_source(tp.name, vars(ref))
        compile(src, f"{tp.name}.py", "exec")
        for ex in tp.exercises:
            assert f"def {ex.name}(" in src, (tp.name, ex.name)
        assert "not defined in the notebook" not in src


def _exec_cells(cells, name="__main__") -> dict:
    """Run notebook cells in a namespace the way a kernel does (sources registered in linecache)."""
    ns = {"__name__": name}
    for i, src in enumerate(cells):
        fname = f"<nbcell-{id(ns)}-{i}>"
        linecache.cache[fname] = (len(src), None, src.splitlines(True), fname)
        try:
            exec(compile(src, fname, "exec"), ns)
        except Exception:  # noqa: BLE001 - a released stub cell may raise; the kernel goes on too
            pass
    return ns


def _code_cells(nb) -> list[str]:
    """The module's cells (given and solution), not the tests, examples or plots."""
    out = []
    for c in nb.cells:
        meta = _nbgrader_meta(c)
        if c.cell_type == "code" and meta and not meta.get("grade"):
            out.append(c.source)
    return out


def test_student_helpers_and_wrong_answers_reach_the_sandbox(tmp_path):
    """A notebook's own helper is carried into the rebuilt module; a wrong answer fails there."""
    nb = notebooks.build(registry.topic("activations"), "en")
    cells = _code_cells(nb)
    cells.append("SCALE = 1.0\nONE = np.ones(3)\n\ndef _positive(v):\n"
                 "    return np.maximum(v, v.dtype.type(0)) * SCALE * v.dtype.type(ONE[0])\n\n"
                 "def relu(x):\n    return _positive(as_float_array(x, 'x'))\n\n"
                 "def tanh(x):\n    return np.abs(x)\n")
    ns = _exec_cells(cells)
    src = chunking.module_source("activations", ns)
    assert "def _positive(" in src and "SCALE = 1.0" in src and "ONE = " in src
    folder = nbcheck.export("activations", ns, tmp_path / "pkg")
    results = {r.exercise.name: r for r in run(registry.topic("activations").exercises[:6], folder)}
    assert results["relu"].passed
    assert not results["tanh"].passed
    with pytest.raises(AssertionError, match="tanh"):
        nbcheck.check_functions("activations", ["tanh"], ns)


def test_hidden_region_does_nothing_without_the_case_file(monkeypatch, capsys):
    monkeypatch.delenv(nbcheck.HIDDEN_ENV, raising=False)
    ns = _exec_cells(_code_cells(notebooks.build(registry.topic("activations"), "en")))
    ns["relu"] = lambda x: None  # would fail any case that ran
    nbcheck.check_functions("activations", ["relu"], ns, hidden=True)
    assert capsys.readouterr().out == ""


@pytest.mark.slow
def test_hidden_cases_run_from_the_case_file(tmp_path, monkeypatch, capsys):
    path = tmp_path / "hidden.json"
    hidden_mod.new(path, withhold_feedback=True)
    monkeypatch.setenv(nbcheck.HIDDEN_ENV, str(path))
    ns = _exec_cells(_code_cells(notebooks.build(registry.topic("activations"), "en")))
    nbcheck.check_functions("activations", ["relu"], ns, hidden=True)
    assert "hidden cases passed" in capsys.readouterr().out
    ns = _exec_cells([*_code_cells(notebooks.build(registry.topic("activations"), "en")),
                      "def relu(x):\n    return x\n"])
    with pytest.raises(AssertionError, match="hidden"):
        nbcheck.check_functions("activations", ["relu"], ns, hidden=True)
    out = capsys.readouterr().out
    assert "0/1" in out and "expected" not in out  # feedback withheld: no values shown
    # graded code cannot read the case file, in the public check either
    peek = f"def relu(x):\n    open({str(path)!r}).read()\n    return np.maximum(x, x.dtype.type(0))\n"
    ns = _exec_cells([*_code_cells(notebooks.build(registry.topic("activations"), "en")), peek])
    with pytest.raises(AssertionError, match="relu"):
        nbcheck.check_functions("activations", ["relu"], ns)
    assert "ermission" in capsys.readouterr().out


def test_cli_writes_the_course(tmp_path):
    res = CliRunner().invoke(main, ["notebooks", str(tmp_path), "--lang", "ko", "--topics", "activations"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "nbgrader_config.py").exists()
    nb = nbformat.read(tmp_path / "source" / "activations" / "activations.ipynb", as_version=4)
    assert nb.metadata["dlkata"]["lang"] == "ko"
    assert not list((tmp_path / "source").glob("dense*"))
    bad = CliRunner().invoke(main, ["notebooks", str(tmp_path), "--topics", "nope"])
    assert bad.exit_code == 2 and "unknown topic" in bad.output


# ---------------------------------------------------------------------------
# The real nbgrader round trip
# ---------------------------------------------------------------------------
@pytest.mark.slow
def test_nbgrader_round_trip_gives_the_scores_of_dlkata_check(tmp_path):
    from nbgrader.api import Gradebook

    topic = registry.topic("activations")
    course = tmp_path / "course"
    notebooks.write(course, "en", [topic.name])
    env = nbgrader_env(tmp_path)
    started = time.monotonic()
    run_nbgrader(["generate_assignment", topic.name], course, env)
    released = course / "release" / topic.name / f"{topic.name}.ipynb"
    rel = nbformat.read(released, as_version=4)
    sol_cells = [c for c in rel.cells if _nbgrader_meta(c).get("solution")]
    assert sol_cells and all("### BEGIN SOLUTION" not in c.source and "NotImplementedError" in c.source
                             for c in sol_cells)

    source = nbformat.read(course / "source" / topic.name / f"{topic.name}.ipynb", as_version=4)
    partial = nbformat.read(course / "source" / topic.name / f"{topic.name}.ipynb", as_version=4)
    for c in partial.cells:  # a wrong relu (|x|) and a stubbed sigmoid; the rest solved
        if _nbgrader_meta(c).get("grade_id") == "relu":
            c.source = c.source.replace("return np.maximum(x, x.dtype.type(0))", "return np.abs(x)")
        if _nbgrader_meta(c).get("grade_id") == "sigmoid":
            c.source = rel.cells[partial.cells.index(c)].source
    students = {"solved": source, "blank": rel, "partial": partial}
    for student, nb in students.items():
        where = course / "submitted" / student / topic.name
        where.mkdir(parents=True)
        nbformat.write(nb, str(where / f"{topic.name}.ipynb"))
    secret = tmp_path / "instructor" / "hidden.json"  # hidden cases: the instructor's case file, not the cells
    secret.parent.mkdir()
    spec = hidden_mod.new(secret, withhold_feedback=True)
    run_nbgrader(["autograde", topic.name], course, {**env, nbcheck.HIDDEN_ENV: str(secret)})
    seconds = time.monotonic() - started
    print(f"nbgrader generate_assignment + autograde of {len(students)} submissions: {seconds:.1f} s")

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        scores = {}
        for student in students:
            nbsub = gb.find_submission_notebook(notebook=topic.name, assignment=topic.name, student=student)
            scores[student] = {g.name: g.score for g in nbsub.grades}
            assert gb.find_submission(topic.name, student).max_score == topic.points
        totals = {s: gb.find_submission(topic.name, s).score for s in students}
    assert totals["solved"] == topic.points
    assert totals["blank"] == 0

    # the same code through `dlkata check`: identical per-exercise scores
    for student, nb in students.items():
        ns = _exec_cells(_code_cells(nb))
        folder = nbcheck.export(topic.name, ns, tmp_path / "export" / student)
        expected = {r.exercise.name: r.score for r in run(topic.exercises, folder, hidden=spec)}
        got = {name: scores[student][f"test-{name}"] for name in expected}
        assert got == expected, student
        assert totals[student] == sum(expected.values())
        cli = subprocess.run([str(BIN / "dlkata"), "check", "--path", str(folder), topic.name],
                             capture_output=True, text=True, env=env, timeout=600)
        assert cli.returncode == (0 if student == "solved" else 1), cli.stdout[-2000:]
    assert 0 < totals["partial"] < topic.points
    assert scores["partial"]["test-relu"] == 0 and scores["partial"]["test-sigmoid"] == 0
    # graded cells wrote nothing to stderr (nbgrader would have scored them zero)
    graded = nbformat.read(course / "autograded" / "solved" / topic.name / f"{topic.name}.ipynb", as_version=4)
    for c in graded.cells:
        if _nbgrader_meta(c).get("grade"):
            assert not [o for o in c.outputs if o.get("name") == "stderr"], c.source
            # nbgrader restored the hidden-test region and the kernel saw the case file
            assert "hidden cases passed" in "".join(o.get("text", "") for o in c.outputs), c.source
    shutil.rmtree(tmp_path / "export", ignore_errors=True)

    # `dlkata grade` on the very notebooks nbgrader collected: the same score per exercise
    from dlkata.autograder.grading import GradeOptions, grade

    report = grade([course / "submitted" / s for s in students], tmp_path / "dlkata-grades",
                   GradeOptions(list(topic.exercises), hidden=spec, hidden_path=secret))
    for student in students:
        per = {r.exercise.name: r.score for r in report.results[student]}
        assert per == {name: scores[student][f"test-{name}"] for name in per}, student
