"""``dlkata grade --nbgrader``: real nbgrader, a tampering student, dlkata's scores in nbgrader's gradebook."""

from __future__ import annotations

import csv
import sqlite3

import nbformat
import pytest
from click.testing import CliRunner

from dlkata.autograder import notebooks, registry
from dlkata.autograder.notebooks import grade_cell_id
from dlkata.autograder.platforms import nbgradebook
from dlkata.cli.main import main

from .nbgrader_run import nbgrader_env, run_nbgrader

TOPIC = registry.topic("activations")
POINTS = {ex.name: ex.points for ex in TOPIC.exercises}

#: A solution cell that rebinds what every later test cell calls (the in-kernel weakness of nbgrader's
#: autograde): in the kernel the import works and each test passes; in dlkata's sandbox importing
#: dlkata is refused, the ``except`` swallows it, and the wrong relu is graded as what it is.
TAMPERED_RELU = '''\
try:
    import dlkata.autograder.nbcheck as _checks
    _checks.check_functions = lambda *args, **kwargs: None
except ImportError:
    pass


def relu(x):
    return x
'''


def _grade_id(cell) -> str:
    return cell.metadata.get("nbgrader", {}).get("grade_id", "")


def _cell_scores(gb, student: str) -> dict[str, tuple]:
    """grade cell -> (score nbgrader reports, auto_score, manual_score)."""
    nb = gb.find_submission_notebook(TOPIC.name, TOPIC.name, student)
    return {g.name: (g.score, g.auto_score, g.manual_score) for g in nb.grades}


@pytest.mark.slow
def test_dlkata_scores_reach_nbgraders_gradebook_and_the_tamperer_is_flagged(tmp_path):
    from nbgrader.api import Gradebook

    course = tmp_path / "course"
    notebooks.write(course, "en", [TOPIC.name])
    env = nbgrader_env(tmp_path)
    run_nbgrader(["generate_assignment", TOPIC.name], course, env)
    source = course / "source" / TOPIC.name / f"{TOPIC.name}.ipynb"
    released = nbformat.read(course / "release" / TOPIC.name / f"{TOPIC.name}.ipynb", as_version=4)
    stub = {_grade_id(c): c.source for c in released.cells if _grade_id(c)}

    students = {"perfect": nbformat.read(source, as_version=4)}
    partial = nbformat.read(source, as_version=4)
    tamperer = nbformat.read(source, as_version=4)
    for c in partial.cells:  # a wrong relu (|x|) and a stubbed sigmoid
        if _grade_id(c) == "relu":
            c.source = c.source.replace("return np.maximum(x, x.dtype.type(0))", "return np.abs(x)")
        if _grade_id(c) == "sigmoid":
            c.source = stub["sigmoid"]
    for c in tamperer.cells:  # the rebinding relu cell, and tanh left a stub
        if _grade_id(c) == "relu":
            c.source = TAMPERED_RELU
        if _grade_id(c) == "tanh":
            c.source = stub["tanh"]
    students.update(partial=partial, tamperer=tamperer)
    for student, nb in students.items():
        where = course / "submitted" / student / TOPIC.name
        where.mkdir(parents=True)
        nbformat.write(nb, str(where / f"{TOPIC.name}.ipynb"))
    run_nbgrader(["autograde", TOPIC.name], course, env)

    db = f"sqlite:///{course / 'gradebook.db'}"
    with Gradebook(db) as gb:
        in_kernel = {s: gb.find_submission(TOPIC.name, s).score for s in students}
    assert in_kernel["tamperer"] == TOPIC.points, "the attack must work in nbgrader's own kernel"
    assert in_kernel["perfect"] == TOPIC.points and in_kernel["partial"] < TOPIC.points

    res = CliRunner().invoke(main, ["grade", "--nbgrader", str(course), "--assignment", TOPIC.name])
    assert res.exit_code == 0, res.output
    out = course / "dlkata" / TOPIC.name
    dlkata_scores = {s: dict(sqlite3.connect(out / "gradebook.sqlite").execute(
        "SELECT exercise, score FROM exercise_scores WHERE student=?", (s,))) for s in students}
    assert dlkata_scores["perfect"] == {ex.id: ex.points for ex in TOPIC.exercises}
    tampered = dlkata_scores["tamperer"]
    assert tampered[f"{TOPIC.name}.relu"] == 0 and tampered[f"{TOPIC.name}.tanh"] == 0
    assert sum(tampered.values()) == TOPIC.points - POINTS["relu"] - POINTS["tanh"]

    # nbgrader's API reads dlkata's score for every test cell; nbgrader's own measurement is kept beside it
    with Gradebook(db) as gb:
        for student in students:
            cells = _cell_scores(gb, student)
            for ex in TOPIC.exercises:
                score, auto, manual = cells[grade_cell_id(ex.name)]
                assert score == manual == dlkata_scores[student][ex.id], (student, ex.name)
            assert gb.find_submission(TOPIC.name, student).score == sum(dlkata_scores[student].values())
        assert _cell_scores(gb, "tamperer")[grade_cell_id("relu")][1] == POINTS["relu"]  # in-kernel: full marks
    assert "tamperer: test-relu 1 → 0, test-tanh 1 → 0" in res.output
    # what the listing is made of: only the tamperer's in-kernel scores differ from dlkata's
    done = nbgradebook.write_back(nbgradebook.plan(course, TOPIC.name, out), out)
    assert done.tampered == {"tamperer": [(grade_cell_id("relu"), POINTS["relu"], 0),
                                          (grade_cell_id("tanh"), POINTS["tanh"], 0)]}
    assert done.kept == {} and done.not_autograded == []

    # `nbgrader export` reports dlkata's totals
    run_nbgrader(["export"], course, env)
    with open(course / "grades.csv", newline="") as f:
        exported = {row["student_id"]: float(row["raw_score"]) for row in csv.DictReader(f)}
    assert exported == {s: float(sum(dlkata_scores[s].values())) for s in students}

    # a person's manual grade survives a re-run, which skips the unchanged submissions
    with Gradebook(db) as gb:
        gb.find_grade(grade_cell_id("relu"), TOPIC.name, TOPIC.name, "partial").manual_score = 0.5
        gb.db.commit()
    again = CliRunner().invoke(main, ["grade", "--nbgrader", str(course), "--assignment", TOPIC.name])
    assert again.exit_code == 0, again.output
    assert "skipped 3" in again.output and "kept a person's manual score for partial" in again.output
    with Gradebook(db) as gb:
        assert _cell_scores(gb, "partial")[grade_cell_id("relu")][2] == 0.5
        assert _cell_scores(gb, "tamperer")[grade_cell_id("relu")][2] == 0


def test_nbgrader_usage_errors(tmp_path):
    runner = CliRunner()
    alone = runner.invoke(main, ["grade", "--nbgrader", str(tmp_path)])
    assert alone.exit_code == 2 and "--assignment" in alone.output
    both = runner.invoke(main, ["grade", str(tmp_path), "--nbgrader", str(tmp_path), "--assignment", "a"])
    assert both.exit_code == 2 and "give no SUBMISSIONS" in both.output
    no_db = runner.invoke(main, ["grade", "--nbgrader", str(tmp_path), "--assignment", "activations"])
    assert no_db.exit_code == 2 and "generate_assignment" in no_db.output
    neither = runner.invoke(main, ["grade"])
    assert neither.exit_code == 2 and "--nbgrader" in neither.output
