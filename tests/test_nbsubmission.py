"""Submitted notebooks turned back into modules without running them (for ``dlkata grade``)."""

import ast

import nbformat
import pytest

from dlkata.autograder import nbsubmission, notebooks, registry
from dlkata.autograder.paths import SOLUTIONS
from dlkata.autograder.grading import GradeOptions, grade
from dlkata.autograder.stubs import make_stub


def _functions(src: str) -> dict[str, str]:
    return {n.name: ast.dump(n) for n in ast.parse(src).body if isinstance(n, ast.FunctionDef)}


@pytest.mark.parametrize("tp", registry.topics(), ids=lambda t: t.name)
def test_solved_notebook_gives_back_the_reference_module(tp):
    nb = notebooks.build(tp, "en")
    rebuilt = nbsubmission.module_source(tp.name, nb)
    reference = (SOLUTIONS / f"{tp.name}.py").read_text(encoding="utf-8")
    assert _functions(rebuilt) == _functions(reference)


def _solution_cells(nb):
    return [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]


def test_grade_scores_notebooks_cell_by_cell(tmp_path):
    tp = registry.topic("activations")
    nb = notebooks.build(tp, "en")
    for c in _solution_cells(nb):
        if c.metadata["nbgrader"]["grade_id"] == "relu":
            c.source = "def relu(x:\n"  # does not parse: only relu is lost, as in nbgrader
        elif c.metadata["nbgrader"]["grade_id"] == "tanh":
            c.source = make_stub(c.source)
    student = tmp_path / "class" / "민지"
    student.mkdir(parents=True)
    nbformat.write(nb, str(student / "activations.ipynb"))
    report = grade([student], tmp_path / "out", GradeOptions(list(tp.exercises), timeout=30))
    scores = {r.exercise.name: r.score for r in report.results["민지"]}
    lost = {"relu", "tanh"}
    assert scores == {e.name: (0 if e.name in lost else e.points) for e in tp.exercises}


def test_earlier_topics_come_from_the_students_own_notebooks_never_the_reference(tmp_path):
    """dense imports activations: its package gets the student's own activations, rebuilt from their
    notebook, or a module saying the notebook is missing; _validate (no solution in it) is given as is."""
    nb = notebooks.build(registry.topic("activations"), "en")
    for c in _solution_cells(nb):
        if c.metadata["nbgrader"]["grade_id"] == "relu":
            c.source = "# written by the student\ndef relu(x):\n    return x\n"
    own = tmp_path / "activations.ipynb"
    nbformat.write(nb, str(own))
    deps = nbsubmission.dependency_sources("dense", {"activations": own})
    assert set(deps) == {"_validate", "activations"}
    assert deps["_validate"] == (SOLUTIONS / "_validate.py").read_text(encoding="utf-8")  # given code
    assert "# written by the student" in deps["activations"]
    assert deps["activations"] != (SOLUTIONS / "activations.py").read_text(encoding="utf-8")
    missing = nbsubmission.dependency_sources("dense", {})["activations"]
    assert "def " not in missing and "dense needs your activations notebook" in missing
    with pytest.raises(ImportError, match="not in the submission"):
        exec(compile(missing, "activations.py", "exec"), {})
    packages = nbsubmission.build_packages({"dense": tmp_path / "none.ipynb"}, tmp_path / "pkgs")
    assert not (packages["dense"] / "activations.py").exists()  # an unreadable notebook: nothing built


# ------------------------------------------------------------------ notebook grading as instructors use it


def _notebooks(folder, solved: bool = True, name: str = "activations.ipynb"):
    nb = notebooks.build(registry.topic("activations"), "en")
    if not solved:
        for c in _solution_cells(nb):
            c.source = make_stub(c.source)
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(folder / name))


def test_the_topic_notebook_is_graded_and_a_copy_reported_and_ignored(tmp_path):
    tp = registry.topic("activations")
    student = tmp_path / "class" / "ana"
    _notebooks(student, solved=True)
    _notebooks(student, solved=False, name="activations-Copy1.ipynb")  # sorts first, and is all stubs
    _notebooks(student, solved=False, name="Untitled.ipynb")
    out = tmp_path / "out"
    report = grade([student], out, GradeOptions(list(tp.exercises), timeout=30))
    assert sum(r.score for r in report.results["ana"]) == tp.points
    page = (out / "feedback" / "ana.html").read_text(encoding="utf-8")
    assert "activations-Copy1.ipynb was not graded: activations.ipynb is the notebook graded" in page
    assert "Untitled.ipynb was not graded" in page
    from click.testing import CliRunner

    from dlkata.cli.main import main

    assert CliRunner().invoke(main, ["feedback", str(out), "--lang", "ko"]).exit_code == 0
    assert "activations-Copy1.ipynb 파일은 채점하지 않았습니다" in (out / "feedback" / "ana.html").read_text("utf-8")


def test_nbgraders_submitted_folder_and_its_glob_give_one_submission_per_student(tmp_path):
    from dlkata.autograder.submissions import discover

    submitted = tmp_path / "course" / "submitted"
    for student, solved in (("ana", True), ("bora", False)):
        _notebooks(submitted / student / "activations", solved)
        (submitted / student / "activations" / "timestamp.txt").write_text("2026-03-02 10:00:00")
        _notebooks(submitted / student / "week2", solved, name="dense.ipynb")
    assert [(s.student, s.source) for s in discover([submitted])] == [
        ("ana", submitted / "ana"), ("bora", submitted / "bora")]
    by_glob = discover(sorted(submitted.glob("*/activations/activations.ipynb")))
    assert [s.student for s in by_glob] == ["ana", "bora"]
    both = discover(sorted(submitted.glob("*/*/*.ipynb")))  # two assignments each: still one per student
    assert [(s.student, len(s.more)) for s in both] == [("ana", 1), ("bora", 1)]
    tp = registry.topic("activations")
    report = grade(sorted(submitted.glob("*/activations/activations.ipynb")), tmp_path / "out",
                   GradeOptions(list(tp.exercises), timeout=30))
    totals = {s: sum(r.score for r in rs) for s, rs in report.results.items()}
    assert totals == {"ana": tp.points, "bora": 0}


def test_grade_help_tells_about_notebooks_and_hidden_new_makes_its_folder(tmp_path):
    from click.testing import CliRunner

    from dlkata.cli.main import main

    text = CliRunner().invoke(main, ["grade", "--help"]).output
    for words in ("nbgrader", "submitted/<student>/<assignment>/<topic>.ipynb", "activations-Copy1.ipynb",
                  "submitted/*/activations/activations.ipynb"):
        assert words in text
    target = tmp_path / "instructor" / "secret" / "hidden.json"
    res = CliRunner().invoke(main, ["hidden", "new", str(target)])
    assert res.exit_code == 0, res.output
    assert target.exists() and oct(target.stat().st_mode & 0o777) == "0o600"
