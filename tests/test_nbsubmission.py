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
