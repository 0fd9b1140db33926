"""Feedback a student learns from: verdicts as data worded when shown, failures traced to their source,
no grading-machine path in what a student reads, notebooks without ``-v``, ``list`` in 80 columns."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console

from dlkata.autograder import registry, render
from dlkata.autograder.checking import CaseResult, ExerciseResult, run
from dlkata.autograder.paths import EXERCISES, SOLUTIONS, cache_dir
from dlkata.autograder.report import report
from dlkata.autograder.tracing import Shown, exercise_frames, uses

from .hostile import make_submission, replace_function

RELU_TIMES_1_5 = ("def relu(x):\n    import numpy as np\n    import warnings\n"
                  "    warnings.warn('relu is scaled')\n    print('relu was called')\n"
                  "    return np.maximum(x, 0) * np.asarray(1.5, x.dtype)\n")


def _student(tmp_path, relu_def: str, topics=("dense",)) -> Path:
    """A student folder: the references with ``activations.relu`` replaced, and ``topics`` as given."""
    root = make_submission(tmp_path, "student", "activations", function="relu", new_def=relu_def)
    for tp in topics:
        shutil.copy(SOLUTIONS / f"{tp}.py", root / "exercises" / f"{tp}.py")
    return root / "exercises"


def _results(directory, *ids, **kwargs) -> dict[str, ExerciseResult]:
    return {r.exercise.id: r for r in run(registry.select(list(ids)), directory, seed=0, timeout=60, **kwargs)}


# ------------------------------------------------------------------ item 1: verdicts are data


def test_a_verdict_is_data_that_reads_in_either_language_later(tmp_path):
    directory = _student(tmp_path, RELU_TIMES_1_5, topics=())
    [res] = _results(directory, "activations.relu").values()
    cr = res.failures[0]
    data = json.loads(json.dumps(cr.verdict(), allow_nan=True))  # what a gradebook stores
    back = CaseResult.from_verdict(data)
    assert back.problem == "values" and back.fields["index"] == cr.fields["index"]
    assert ("diag_scaled", {"factor": pytest.approx(1.5)}) in [(k, f) for k, f in back.diagnoses]
    assert back.hint == "activations.relu"
    en, ko = report(back, lang="en"), report(back, lang="ko")
    assert en == report(cr, lang="en") and ko == report(cr, lang="ko")
    assert en.startswith("case '") and "hint:" in en and "printed:" in en and "times 1.5" in en
    assert ko.startswith("케이스 '") and "힌트:" in ko and "print 출력:" in ko and "1.5배" in ko
    for english in ("case '", "hint:", "printed:", "worst element", "expected"):
        assert english not in ko
    assert cr.message == en  # the English report, for whoever reads .message


def test_checking_takes_no_language_and_notes_read_in_korean(tmp_path):
    directory = _student(tmp_path, "def relu(x):\n    return x\n", topics=())
    [res] = _results(directory, "activations.relu").values()
    huge = next(c for c in res.failures if c.note == "huge positive and negative inputs")
    assert "(huge positive and negative inputs)" in report(huge, lang="en")
    assert "(아주 큰 양수와 음수 입력)" in report(huge, lang="ko")


# ------------------------------------------------------------------ item 3: failures traced to their source


def test_a_failure_names_the_earlier_exercise_it_uses_that_fails(tmp_path):
    directory = _student(tmp_path, RELU_TIMES_1_5)
    res = _results(directory, "activations.relu", "dense")
    assert not res["activations.relu"].passed
    dense = res["dense.dense"]
    traced = [c for c in dense.failures if c.source]
    assert traced and traced == dense.failures  # every dense failure comes from relu here
    assert traced[0].source == {"exercise": "activations.relu", "inside": False, "fails": True}
    en, ko = report(traced[0], lang="en"), report(traced[0], lang="ko")
    assert "dense.dense uses your activations.relu, which fails its own cases — fix activations.relu first." in en
    assert "activations.relu 자체가 자기 케이스에서 실패합니다" in ko
    assert "hint:" not in en  # dense's hint is not the point: relu is
    assert dense.score == 0 and res["dense.dense_backward"].score == res["dense.dense_backward"].exercise.points


def test_a_failure_inside_another_exercise_names_it(tmp_path):
    raising = "def relu(x):\n    raise RuntimeError('relu broke')\n"
    directory = _student(tmp_path, raising)
    res = _results(directory, "activations.relu", "dense.dense")
    cr = next(c for c in res["dense.dense"].failures if c.source)
    assert cr.source == {"exercise": "activations.relu", "inside": True, "fails": True}
    assert report(cr).splitlines()[1] == ("dense.dense failed inside your activations.relu, which fails its own "
                                          "cases — fix activations.relu first.")
    assert 'File "exercises/activations.py", line' in cr.traceback
    # checked alone, relu's own verdict is unknown: the report still says where it failed
    alone = next(c for c in _results(directory, "dense.dense")["dense.dense"].failures if c.source)
    assert alone.source["fails"] is None and "failed inside your activations.relu" in report(alone)


def test_an_unwritten_exercise_it_calls_is_named_not_taken_for_a_stub(tmp_path):
    directory = _student(tmp_path, "def relu(x):\n    raise NotImplementedError('exercise: write this part')\n")
    res = _results(directory, "activations.relu", "dense.dense")
    assert res["activations.relu"].failures[0].problem == "stub"
    cr = next(c for c in res["dense.dense"].failures if c.source)
    assert cr.problem == "raised" and cr.source["unfinished"]
    assert "dense.dense needs your activations.relu, which is not written yet" in report(cr)
    assert "activations.relu 자체가 아직 작성되지 않았습니다" in report(cr, lang="ko")


def test_uses_follows_the_students_own_source(tmp_path):
    ids = [e.id for e in registry.exercises()]
    assert {"activations.relu", "activations.softmax"} <= set(uses(SOLUTIONS, "dense.dense", ids))
    assert "dense.dense" in uses(SOLUTIONS, "training.fit", ids)
    mine = tmp_path / "pkg"
    mine.mkdir()
    (mine / "activations.py").write_text("def relu(x):\n    return x\n")
    (mine / "dense.py").write_text("from . import activations as act\n\ndef _go(z):\n    return act.relu(z)\n\n"
                                   "def dense(x, kernel, bias=None, activation=None):\n    return _go(x @ kernel)\n")
    assert uses(mine, "dense.dense", ids) == ["activations.relu"]
    (mine / "dense.py").write_text("def dense(x, kernel, bias=None, activation=None):\n    return x @ kernel\n")
    assert uses(mine, "dense.dense", ids) == []
    (mine / "dense.py").write_text("def dense(:\n")
    assert uses(mine, "dense.dense", ids) == []
    tb = ('Traceback (most recent call last):\n  File "exercises/dense.py", line 3, in dense\n'
          '  File "exercises/activations.py", line 9, in relu\n  File "/usr/lib/numpy/core.py", line 1, in relu\n')
    assert exercise_frames(tb, ids) == ["activations.relu", "dense.dense"]


# ------------------------------------------------------------------ item 4: no grading-machine path


def test_grading_machine_paths_never_reach_a_report():
    work = cache_dir() / "work" / ("ab12" * 8) / "files" / "exercises"
    shown = Shown(str(work), "exercises", ["/tmp/dlkata-scratch-x1y2"])
    text = (f"{work}/activations.py:101: RuntimeWarning: overflow encountered in exp\n"
            f'  File "activations.py", line 7, in relu\n'
            f"wrote /tmp/dlkata-scratch-x1y2/out.txt\n"
            f"~/.cache/dlkata/work/{'cd34' * 8}/files/exercises/dense.py:3: UserWarning\n"
            f"{cache_dir()}/notebooks/0123456789abcdef/losses.py:5: warning")
    cleaned = shown.clean(text)
    assert "exercises/activations.py:101: RuntimeWarning" in cleaned
    assert 'File "exercises/activations.py", line 7' in cleaned
    assert "wrote out.txt" in cleaned and "dense.py:3: UserWarning" in cleaned and "losses.py:5" in cleaned
    assert ".cache" not in cleaned and "scratch" not in cleaned and str(cache_dir()) not in cleaned


def test_a_warning_in_a_graded_submission_shows_the_students_path(tmp_path):
    from dlkata.autograder.grading import GradeOptions, grade

    root = make_submission(tmp_path / "class", "ana", "activations", function="relu", new_def=RELU_TIMES_1_5)
    out = tmp_path / "out"
    grade([root], out, GradeOptions([registry.get("activations.relu")], timeout=30))
    page = (out / "feedback" / "ana.html").read_text(encoding="utf-8")
    assert "exercises/activations.py:" in page and "UserWarning: relu is scaled" in page
    assert ".cache" not in page and str(cache_dir()) not in page and "dlkata-scratch" not in page


def test_project_text_cites_only_files_in_the_repository():
    root = SOLUTIONS.parent
    texts = [p for p in root.rglob("*") if p.suffix in (".py", ".md") and ".venv" not in p.parts
             and "tests" not in p.relative_to(root).parts and p.is_file()]
    for path in texts:
        text = path.read_text(encoding="utf-8")
        for name in ("KERAS_SEMANTICS", "CURRICULUM", "DESIGN.md", "COURSE_NOTES", "§"):
            assert name not in text, f"{path.relative_to(root)} cites {name!r}, which students do not have"


# ------------------------------------------------------------------ notebooks: no -v, and how many more


def _failing(n: int) -> ExerciseResult:
    ex = registry.get("activations.relu")
    cases = [CaseResult(f"case {i}", False, "values", {"where": "output", "index": [i], "got": 1.0, "expected": 2.0,
                                                        "max_abs": 1.0, "max_rel": 0.5, "rtol": 1e-6, "count": 1,
                                                        "size": 4}, exercise=ex.id, hint=ex.id, shapes="float32[4]")
             for i in range(n)]
    return ExerciseResult(ex, cases)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_notebook_cell_shows_the_failures_or_how_many_more_never_dash_v(lang):
    buf = io.StringIO()
    console = Console(file=buf, width=100, color_system=None)
    render.exercise_line(console, _failing(5), lang, notebook=True)
    text = buf.getvalue()
    assert "-v" not in text
    assert text.count("case 0") + text.count("케이스 'case") >= 1
    assert ("(+2 more failing cases not shown)" in text) if lang == "en" else ("실패한 케이스 2개 더 있음" in text)
    buf.truncate(0)
    render.exercise_line(console, _failing(5), lang)  # the terminal has -v
    assert "-v" in buf.getvalue()


# ------------------------------------------------------------------ list fits 80 columns, in both languages


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_list_fits_80_columns_and_cuts_no_name(lang):
    from dlkata.cli.main import list_table

    console = Console(width=80, record=True, color_system=None)
    console.print(list_table(EXERCISES, lang))
    lines = console.export_text().splitlines()
    assert all(cell_len(line) <= 80 for line in lines)
    for ex in registry.exercises():
        assert any(f" {ex.name} " in line for line in lines), f"{ex.name} is cut"
    words = ("연습문제", "점수", "상태", "아직 작성 전") if lang == "ko" else ("exercise", "points", "status", "stub")
    assert all(w in "\n".join(lines) for w in words)


# ------------------------------------------------------------------ dlkata show: your code by default


def test_show_draws_your_code_by_default_and_names_what_is_unfinished(tmp_path):
    from click.testing import CliRunner

    from dlkata.autograder import vision
    from dlkata.cli.show import show

    res = CliRunner().invoke(show, ["gradcam", "--out", str(tmp_path), "--count", "2"])  # exercises/: stubs
    assert res.exit_code == 1
    assert (tmp_path / "gradcam.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"  # drawn: the images, no heatmap
    assert "transfer.extract_features is not written yet" in res.output
    assert "visualization.grad_cam is not written yet" in res.output
    res = CliRunner().invoke(show, ["filters", "--out", str(tmp_path), "--layer", "conv1", "--steps", "1"])
    assert res.exit_code == 1 and "visualization.filter_visualization is not written yet" in res.output
    # a student whose grad_cam works but whose extract_features is unwritten: heatmaps without predictions
    mine = tmp_path / "mine"
    shutil.copytree(SOLUTIONS, mine, ignore=shutil.ignore_patterns("__pycache__"))
    src = (mine / "transfer.py").read_text(encoding="utf-8")
    (mine / "transfer.py").write_text(replace_function(src, "extract_features", "def extract_features(images, base):\n"
                                                       "    raise NotImplementedError\n"), encoding="utf-8")
    target, failures = vision.gradcam(tmp_path / "mine-out", mine, count=1, who="your code: mine")
    assert target.exists() and [f.exercise for f in failures] == ["transfer.extract_features"]
    res = CliRunner().invoke(show, ["gradcam", "--path", str(mine), "--solutions"])
    assert res.exit_code == 2 and "not both" in res.output
