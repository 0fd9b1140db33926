"""``dlkata export``: Gradescope's and PrairieLearn's graders run as the platforms run them, Classroom's workflow.

The bundles are unpacked into temporary folders laid out as each platform
lays them out (``AUTOGRADER_ROOT``, ``GRADE_ROOT``) and their scripts run for
a perfect, a stub and a hostile submission; every results file is checked
against a JSON Schema written from the platform's documentation
(:mod:`tests.platform_schemas`). The scripts run with this environment's
Python instead of the image's (``setup.sh`` and ``docker build`` install
TensorFlow, which a test cannot do), but the warming step's entry point runs
as the image runs it, into a fresh expected-output cache.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import jsonschema
import nbformat
import pytest
import yaml
from click.testing import CliRunner

from dlkata.autograder import hidden as hidden_mod
from dlkata.autograder import notebooks, registry
from dlkata.autograder.checking import CaseResult, ExerciseResult
from dlkata.autograder.paths import EXERCISES, SOLUTIONS
from dlkata.autograder.platforms import classroom, gradescope, prairielearn
from dlkata.autograder.platforms import grade as platform_grade
from dlkata.autograder.platforms import settings as bundle
from dlkata.cli.main import main

from .hostile import replace_function
from .platform_schemas import GRADESCOPE_RESULTS, PRAIRIELEARN_MAX_BYTES, PRAIRIELEARN_RESULTS

SELECTED = ["activations.relu", "activations.relu_backward", "activations.tanh", "activations.softmax"]
EXERCISES_GRADED = [registry.get(i) for i in SELECTED]
TOTAL = sum(ex.points for ex in EXERCISES_GRADED)
POINTS = {ex.id: ex.points for ex in EXERCISES_GRADED}
#: The hostile submission attacks these two; each must cost exactly its own points.
ATTACKED = ("activations.relu", "activations.tanh")
PWNED = "this results file was written by the student"


def _validate(data: dict, schema: dict) -> None:
    jsonschema.validate(data, schema)


# ---------------------------------------------------------------------------
# submissions, in the forms a platform hands them over
# ---------------------------------------------------------------------------
def _hostile_module(root: Path, results: Path, secret: Path) -> str:
    """activations.py with relu reading the grader's files (and writing its results) and tanh killing the grader."""
    src = (SOLUTIONS / "activations.py").read_text(encoding="utf-8")
    src = replace_function(src, "relu", f"""
def relu(x):
    seed = open({str(secret)!r}).read()
    with open({str(results / 'results.json')!r}, "w") as f:
        f.write('{{"score": 1000, "output": "{PWNED}"}}')
    print(seed)
    return np.maximum(x, x.dtype.type(0))
""")
    return replace_function(src, "tanh", """
def tanh(x):
    import ctypes, os, signal
    refused = ctypes.CDLL(None).kill(os.getppid(), signal.SIGKILL)
    return np.tanh(x) if refused == 0 else None
""")


def _upload(kind: str, folder: Path, results: Path, secret: Path) -> None:
    """Fill a platform's upload ``folder``: perfect (a ``dlkata submit`` zip), notebook, stub or hostile."""
    folder.mkdir(parents=True, exist_ok=True)
    if kind == "perfect":  # a zip of exercises/ with a manifest, as `dlkata submit` writes it
        with zipfile.ZipFile(folder / "submission.zip", "w") as zf:
            for name in ("__init__.py", "_validate.py", "activations.py"):
                zf.write(SOLUTIONS / name, f"exercises/{name}")
            zf.writestr("dlkata-submission.json", json.dumps({"topics": ["activations"]}))
    elif kind == "notebook":  # the topic's notebook with every solution cell filled in
        nbformat.write(notebooks.build(registry.topic("activations"), "en"), str(folder / "activations.ipynb"))
    elif kind == "stub":  # the released stub, uploaded alone (the given modules are added by the grader)
        shutil.copy(EXERCISES / "activations.py", folder / "activations.py")
    else:
        (folder / "exercises").mkdir()
        for name in ("__init__.py", "_validate.py"):
            shutil.copy(SOLUTIONS / name, folder / "exercises" / name)
        (folder / "exercises" / "activations.py").write_text(_hostile_module(folder, results, secret), encoding="utf-8")


def _expected_score(kind: str) -> int:
    return {"perfect": TOTAL, "notebook": TOTAL, "stub": 0, "hostile": TOTAL - sum(POINTS[i] for i in ATTACKED)}[kind]


@pytest.fixture(scope="module")
def secret(tmp_path_factory):
    path = tmp_path_factory.mktemp("instructor") / "hidden.json"
    hidden_mod.new(path, withhold_feedback=True)
    return path


def _script_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AUTOGRADER_", "GRADE_", "DLKATA_"))}
    env["DLKATA_PYTHON"] = sys.executable
    env.update({k: str(v) for k, v in extra.items()})
    return env


def _run_script(script: Path, env: dict) -> subprocess.CompletedProcess:
    proc = subprocess.run(["bash", str(script)], env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc


# ---------------------------------------------------------------------------
# Gradescope
# ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def gradescope_zip(tmp_path_factory, secret):
    out = tmp_path_factory.mktemp("export") / "autograder.zip"
    res = CliRunner().invoke(main, ["export", "gradescope", str(out), "--topics", ",".join(SELECTED),
                                    "--hidden", str(secret), "--hidden-visibility", "after_due_date"])
    assert res.exit_code == 0, res.output
    return out


def _gradescope_root(where: Path, bundle_zip: Path) -> Path:
    """``/autograder`` as Gradescope lays it out: the zip in source/, run_autograder copied beside it."""
    root = where / "autograder"
    for d in ("source", "submission", "results"):
        (root / d).mkdir(parents=True)
    with zipfile.ZipFile(bundle_zip) as zf:
        zf.extractall(root / "source")
    shutil.copy(root / "source" / "run_autograder", root / "run_autograder")
    return root


@pytest.mark.slow
def test_gradescope_bundle_grades_perfect_stub_and_hostile(gradescope_zip, secret, tmp_path):
    with zipfile.ZipFile(gradescope_zip) as zf:
        names = set(zf.namelist())
        modes = {i.filename: i.external_attr >> 16 for i in zf.infolist()}
        settings = json.loads(zf.read(bundle.FILE_NAME))
    wheel = next(n for n in names if n.endswith(".whl"))
    assert names == {"setup.sh", "run_autograder", bundle.FILE_NAME, bundle.HIDDEN_NAME, wheel}
    assert modes["setup.sh"] & 0o111 and modes["run_autograder"] & 0o111
    assert settings["exercises"] == SELECTED and settings["visibility"] == {"public": "visible",
                                                                            "hidden": "after_due_date"}
    cache = tmp_path / "image-cache"
    # setup.sh's last step, as the image build runs it: every expected output computed into the image's cache
    setup = _gradescope_root(tmp_path / "build", gradescope_zip) / "source"
    assert f'-m dlkata.autograder.platforms.warm "$PWD/{bundle.FILE_NAME}"' in (setup / "setup.sh").read_text()
    warmed = subprocess.run([sys.executable, "-m", "dlkata.autograder.platforms.warm", str(setup / bundle.FILE_NAME)],
                            env=_script_env(DLKATA_CACHE=cache), capture_output=True, text=True, cwd=setup,
                            timeout=900)
    assert warmed.returncode == 0, warmed.stderr[-3000:]
    assert re.search(r"(\d+) expected outputs ready .*\((\d+) computed now", warmed.stdout)

    for kind in ("perfect", "notebook", "stub", "hostile"):
        root = _gradescope_root(tmp_path / kind, gradescope_zip)
        (root / "source" / wheel).unlink()  # setup.sh removed it after installing
        _upload(kind, root / "submission", root / "results", root / "source" / bundle.HIDDEN_NAME)
        _run_script(root / "run_autograder", _script_env(AUTOGRADER_ROOT=root, DLKATA_CACHE=cache))
        assert sorted(p.name for p in (root / "results").iterdir()) == ["results.json"], kind
        text = (root / "results" / "results.json").read_text(encoding="utf-8")
        data = json.loads(text)
        _validate(data, GRADESCOPE_RESULTS)
        assert PWNED not in text and str(hidden_mod.load(secret).seed) not in text, kind
        assert data["score"] == _expected_score(kind), (kind, data["output"])
        assert data["extra_data"]["oracle_computed"] == 0 and data["extra_data"]["tensorflow_imported"] is False
        scored = [t for t in data["tests"] if "max_score" in t]
        assert [t["name"] for t in scored] == SELECTED
        assert all(t["max_score"] == POINTS[t["name"]] and t["visibility"] == "visible" for t in scored)
        assert sum(t["score"] for t in scored) == data["score"]
        hidden_tests = [t for t in data["tests"] if "max_score" not in t]
        assert [t["name"] for t in hidden_tests] == [f"{i}: hidden cases" for i in SELECTED]
        assert all(t["visibility"] == "after_due_date" and "score" not in t for t in hidden_tests)
        lost = {t["name"] for t in scored if t["score"] < t["max_score"]}
        if kind in ("perfect", "notebook"):
            assert lost == set()
        elif kind == "stub":
            assert lost == set(SELECTED) and "not implemented" in scored[0]["output"]
        else:
            assert lost == set(ATTACKED), data["tests"]
            by_name = {t["name"]: t for t in data["tests"]}
            assert "may not read" in by_name["activations.relu"]["output"] or \
                "ermission" in by_name["activations.relu"]["output"]
            # a failed hidden case shows as withheld (the hidden-case file says so), public reports in full
            assert "hidden cases failed (details are withheld)" in by_name["activations.relu"]["output"]


def test_gradescope_always_writes_results(tmp_path, monkeypatch):
    """Empty, unreadable and crashing gradings, and a Python that cannot start: a valid results.json each time."""
    root = tmp_path / "autograder"
    (root / "source").mkdir(parents=True)
    bundle.save(bundle.settings_for([registry.get("activations.relu")], "dlkata-0-py3-none-any.whl", False),
                root / "source")
    uploads = {  # what the student uploaded, and what the results must say about it
        "no topic module": lambda d: None,
        "no topic module ": lambda d: (d / "notes.txt").write_text("I did my best"),
        "2 zip files": lambda d: [(d / n).write_bytes(b"PK") for n in ("a.zip", "b.zip")],
        "not a valid zip": lambda d: (d / "work.zip").write_bytes(b"not a zip at all"),
    }
    for why, fill in uploads.items():
        shutil.rmtree(root / "submission", ignore_errors=True)
        (root / "submission").mkdir()
        fill(root / "submission")
        assert gradescope.run(root) is True
        data = json.loads((root / "results" / "results.json").read_text())
        _validate(data, GRADESCOPE_RESULTS)
        assert data["score"] == 0 and [t["score"] for t in data["tests"]] == [0], why
        assert why.strip() in data["output"] and why.strip() in data["tests"][0]["output"], data

    def crash(*args, **kwargs):
        raise RuntimeError("the grader broke")

    monkeypatch.setattr(platform_grade, "grade_folder", crash)
    assert gradescope.run(root) is False
    data = json.loads((root / "results" / "results.json").read_text())
    _validate(data, GRADESCOPE_RESULTS)
    assert data["score"] == 0 and "the grader broke" in data["output"]

    (root / "source" / bundle.FILE_NAME).write_text("{broken")
    assert gradescope.run(root) is False
    _validate(json.loads((root / "results" / "results.json").read_text()), GRADESCOPE_RESULTS)

    # run_autograder itself: its Python cannot even start
    script = tmp_path / "run_autograder"
    script.write_text(bundle.render(gradescope.SCRIPTS["run_autograder"], HOME=bundle.IMAGE_HOME))
    (root / "results" / "results.json").unlink()
    _run_script(script, _script_env(AUTOGRADER_ROOT=root, DLKATA_PYTHON="/bin/false"))
    data = json.loads((root / "results" / "results.json").read_text())
    _validate(data, GRADESCOPE_RESULTS)
    assert data["score"] == 0 and "could not start" in data["output"]


def test_gradescope_export_refuses_bad_options(tmp_path):
    runner = CliRunner()
    bad = runner.invoke(main, ["export", "gradescope", str(tmp_path / "a.zip"), "--topics", "nope"])
    assert bad.exit_code == 2 and "unknown topic" in bad.output
    vis = runner.invoke(main, ["export", "gradescope", str(tmp_path / "a.zip"), "--public-visibility", "soon"])
    assert vis.exit_code == 2
    (tmp_path / "exists.zip").write_text("mine")
    kept = runner.invoke(main, ["export", "gradescope", str(tmp_path / "exists.zip")])
    assert kept.exit_code == 2 and "--force" in kept.output and (tmp_path / "exists.zip").read_text() == "mine"
    (tmp_path / "h.json").write_text("{}")
    hid = runner.invoke(main, ["export", "gradescope", str(tmp_path / "b.zip"), "--hidden", str(tmp_path / "h.json")])
    assert hid.exit_code == 2 and "hidden-case file" in hid.output


# ---------------------------------------------------------------------------
# PrairieLearn
# ---------------------------------------------------------------------------
def _dockerfile(path: Path) -> list[tuple[str, str]]:
    """``(INSTRUCTION, arguments)`` of a Dockerfile, continuation lines joined, comments dropped."""
    joined = re.sub(r"\\\n", " ", path.read_text(encoding="utf-8"))
    out = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), " ".join(rest.split())))
    return out


@pytest.mark.slow
def test_prairielearn_grader_grades_perfect_stub_and_hostile(tmp_path, secret):
    out = tmp_path / "pl"
    res = CliRunner().invoke(main, ["export", "prairielearn", str(out), "--topics", ",".join(SELECTED),
                                    "--hidden", str(secret), "--image", "course/dlkata-grader:1"])
    assert res.exit_code == 0, res.output
    image, course = out / "image", out / "serverFilesCourse" / prairielearn.COURSE_FOLDER
    wheel = next(image.glob("dlkata-*.whl")).name
    options = json.loads((out / "externalGradingOptions.json").read_text())["externalGradingOptions"]
    assert options["image"] == "course/dlkata-grader:1" and options["serverFilesCourse"] == ["dlkata/"]
    assert options["entrypoint"] == "/grade/serverFilesCourse/dlkata/entrypoint" and options["timeout"] <= 600

    # the Dockerfile installs what the entrypoint needs, and leaves no answers in the public image
    steps = _dockerfile(image / "Dockerfile")
    assert steps[0] == ("FROM", "python:3.11-slim")
    runs = " && ".join(args for word, args in steps if word == "RUN")
    assert "apt-get install -y --no-install-recommends bubblewrap" in runs
    assert f"--mount=type=bind,source={wheel}," in runs and "install --no-cache-dir --constraint " in runs
    assert "pip uninstall --yes dlkata" in runs and '! python -c "import dlkata.solutions"' in runs
    copies = [args.split() for word, args in steps if word == "COPY"]
    assert all((image / src).exists() for args in copies for src in args[:-1])
    env = dict(re.findall(r"(\w+)=(\S+)", " ".join(args for word, args in steps if word == "ENV")))
    entry_text = (course / "entrypoint").read_text()
    assert f'DLKATA_CACHE="${{DLKATA_CACHE:-{env["DLKATA_CACHE"]}}}"' in entry_text
    warm_cmd = re.search(r"python (-m dlkata\.autograder\.platforms\.warm [^&]+)", runs).group(1).split()
    assert warm_cmd[-1] == f"{bundle.IMAGE_HOME}/{bundle.FILE_NAME}" and [bundle.FILE_NAME] == \
        [src for args in copies for src in args[:-1] if src.endswith(".json")]
    pins = dict(line.split("==") for line in (image / "constraints.txt").read_text().splitlines()
                if "==" in line)
    assert {"numpy", "numba", "scipy"} <= set(pins) and ({"tensorflow", "tensorflow-cpu"} & set(pins))
    assert json.loads((image / bundle.FILE_NAME).read_text())["hidden"] is None
    assert not (image / bundle.HIDDEN_NAME).exists()
    assert sorted(p.name for p in course.iterdir()) == sorted([bundle.FILE_NAME, bundle.HIDDEN_NAME, "entrypoint",
                                                               "oracle", wheel])

    # the image build's warming step, as the Dockerfile runs it (public cases only)
    cache = tmp_path / "image-cache"
    warmed = subprocess.run([sys.executable, *warm_cmd[:-1], str(image / bundle.FILE_NAME)],
                            env=_script_env(DLKATA_CACHE=cache), capture_output=True, text=True, timeout=900)
    assert warmed.returncode == 0, warmed.stderr[-3000:]

    for kind in ("perfect", "stub", "hostile"):
        root = tmp_path / kind / "grade"  # a fresh /grade per job, as PrairieLearn gives
        shutil.copytree(out / "serverFilesCourse", root / "serverFilesCourse")
        _upload(kind, root / "student", root / "results", root / "serverFilesCourse" / "dlkata" / bundle.HIDDEN_NAME)
        proc = _run_script(root / "serverFilesCourse" / "dlkata" / "entrypoint", _script_env(GRADE_ROOT=root,
                                                                                             DLKATA_CACHE=cache))
        text = (root / "results" / "results.json").read_text(encoding="utf-8")
        assert len(text.encode()) < PRAIRIELEARN_MAX_BYTES
        data = json.loads(text)
        _validate(data, PRAIRIELEARN_RESULTS)
        assert data["gradable"] is True, (kind, data)
        assert data["score"] == pytest.approx(_expected_score(kind) / TOTAL), (kind, data["message"])
        assert [(t["name"], t["max_points"]) for t in data["tests"]] == [(i, POINTS[i]) for i in SELECTED]
        assert sum(t["points"] for t in data["tests"]) == _expected_score(kind)
        assert data["dlkata"]["oracle_computed"] == 0, "hidden outputs from serverFilesCourse, public from the image"
        assert data["dlkata"]["tensorflow_imported"] is False
        assert PWNED not in text and str(hidden_mod.load(secret).seed) not in text
        # the job's copy of the wheel and of the hidden outputs left the folder graded code could look into
        assert not list((root / "serverFilesCourse" / "dlkata").glob("*.whl")), proc.stdout
        assert not (root / "serverFilesCourse" / "dlkata" / "oracle").exists()
        if kind == "hostile":
            lost = {t["name"] for t in data["tests"] if t["points"] < t["max_points"]}
            assert lost == set(ATTACKED)


def test_prairielearn_always_writes_results(tmp_path):
    root = tmp_path / "grade"
    course = root / "serverFilesCourse" / "dlkata"
    course.mkdir(parents=True)
    bundle.save(bundle.settings_for([registry.get("activations.relu")], "dlkata-0-py3-none-any.whl", False), course)
    (root / "student").mkdir()
    prairielearn.run(root, course / bundle.FILE_NAME)
    data = json.loads((root / "results" / "results.json").read_text())
    _validate(data, PRAIRIELEARN_RESULTS)
    assert data["gradable"] is False and "no topic module" in data["format_errors"][0]

    entry = course / "entrypoint"
    entry.write_text(bundle.render("prairielearn-entrypoint", VERSION="0", WHEEL="dlkata-0-py3-none-any.whl",
                                   HOME=bundle.IMAGE_HOME, SETTINGS=bundle.FILE_NAME))
    (root / "results" / "results.json").unlink()
    _run_script(entry, _script_env(GRADE_ROOT=root, DLKATA_PYTHON="/bin/false"))
    data = json.loads((root / "results" / "results.json").read_text())
    _validate(data, PRAIRIELEARN_RESULTS)
    assert data["gradable"] is False and "could not start" in data["message"]


def test_results_stay_within_prairielearns_megabyte():
    """Every exercise failing with a long Korean report still makes a results file PrairieLearn accepts."""
    exercises = registry.exercises()
    long_error = "케이스 실패: " + "가" * 20000
    graded = platform_grade.Graded([ExerciseResult(ex, [CaseResult(f"case {i}", False, "raised",
                                                                   {"error": f"{long_error} {i}"}, exercise=ex.id)
                                                        for i in range(5)]) for ex in exercises])
    settings = bundle.settings_for(exercises, "dlkata-0-py3-none-any.whl", False, lang="ko")
    data = prairielearn.results_json(graded, settings, withhold=True)
    _validate(data, PRAIRIELEARN_RESULTS)
    assert len(json.dumps(data, ensure_ascii=False).encode()) < PRAIRIELEARN_MAX_BYTES
    assert data["score"] == 0 and all(t["output"].startswith("케이스 5개 중 0개 통과") for t in data["tests"])
    _validate(gradescope.results_json(graded, settings, withhold=True), GRADESCOPE_RESULTS)


def test_a_problem_that_stopped_the_exercise_is_reported_once(tmp_path):
    """A time-out ends an exercise: the cases after it were never run, and the feedback says it once."""
    from dlkata.autograder.checking import run

    from .helpers import wrong_submission

    for given in ("__init__.py", "_validate.py"):
        shutil.copy(SOLUTIONS / given, tmp_path / given)
    spinning = wrong_submission(tmp_path, "activations", [("    return np.maximum(x, x.dtype.type(0))\n",
                                                             "    while True:\n        pass\n")], copy=False)
    [res] = run([registry.get("activations.relu")], spinning, timeout=1.0)
    assert res.cases[0].problem == "timeout" and all(c.problem == "timeout" for c in res.cases)
    text = platform_grade.exercise_feedback(res, "en", withhold_hidden=False)
    assert text.count("did not finish within") == 1, text
    assert f"0 of {len(res.cases)} cases passed" in text and "more failing" not in text



def test_a_notice_keeps_a_submission_gradable_and_is_worded_in_the_message():
    """An ignored notebook copy is a notice, not an error: PrairieLearn still gets a score (and the notice)."""
    ex = registry.get("activations.relu")
    notice = json.dumps([["notebook_ignored", {"ignored": "activations-Copy1.ipynb", "graded": "activations.ipynb"}]])
    graded = platform_grade.Graded([ExerciseResult(ex, [CaseResult("case 0", True, exercise=ex.id)])], notice)
    settings = bundle.settings_for([ex], "dlkata-0-py3-none-any.whl", False, lang="ko")
    data = prairielearn.results_json(graded, settings, withhold=True)
    _validate(data, PRAIRIELEARN_RESULTS)
    assert data["gradable"] is True and data["score"] == 1.0
    assert "activations-Copy1.ipynb" in data["message"] and "[[" not in data["message"]
    broken = platform_grade.Graded([], "the submission holds no topic module")
    assert prairielearn.results_json(broken, settings, withhold=True)["gradable"] is False

# ---------------------------------------------------------------------------
# GitHub Classroom
# ---------------------------------------------------------------------------
def test_classroom_workflow_runs_dlkata_check_per_topic_for_its_points(tmp_path):
    res = CliRunner().invoke(main, ["export", "classroom", str(tmp_path)])
    assert res.exit_code == 0, res.output
    flow = yaml.safe_load((tmp_path / ".github" / "workflows" / "classroom.yml").read_text())
    assert set(flow["on"]) >= {"push"}
    steps = flow["jobs"]["run-autograding-tests"]["steps"]
    graded = [s for s in steps if s.get("uses") == classroom.COMMAND_GRADER]
    topics = registry.topics()
    assert [s["id"] for s in graded] == [tp.name for tp in topics]
    for step, tp in zip(graded, topics):
        assert shlex.split(step["with"]["command"]) == ["dlkata", "check", tp.name]
        assert step["with"]["max-score"] == tp.points and step["with"]["test-name"] == tp.name
        assert 0 < step["with"]["timeout"] <= 360  # minutes; the action's maximum is 6 hours
    assert sum(s["with"]["max-score"] for s in graded) == sum(ex.points for ex in registry.exercises())
    install = [i for i, s in enumerate(steps) if "pip install" in s.get("run", "")]
    assert install and install[0] < steps.index(graded[0])
    reporter = steps[-1]
    assert reporter["uses"] == classroom.REPORTER
    ids = reporter["with"]["runners"].split(",")
    assert ids == [s["id"] for s in graded]
    # the reporter reads each runner's result from <ID IN CAPITALS>_RESULTS
    assert reporter["env"] == {f"{i.upper()}_RESULTS": f"${{{{steps.{i}.outputs.result}}}}" for i in ids}

    again = CliRunner().invoke(main, ["export", "classroom", str(tmp_path), "--topics", "activations"])
    assert again.exit_code == 2 and "--force" in again.output
    forced = CliRunner().invoke(main, ["export", "classroom", str(tmp_path), "--topics", "activations", "--force"])
    assert forced.exit_code == 0
    flow = yaml.safe_load((tmp_path / ".github" / "workflows" / "classroom.yml").read_text())
    graded = [s for s in flow["jobs"]["run-autograding-tests"]["steps"] if s.get("uses") == classroom.COMMAND_GRADER]
    assert [(s["id"], s["with"]["max-score"]) for s in graded] == [("activations", registry.topic("activations").points)]
    fn = CliRunner().invoke(main, ["export", "classroom", str(tmp_path), "--topics", "activations.relu", "--force"])
    assert fn.exit_code == 2 and "topic names" in fn.output
