"""``dlkata release``: the student edition holds no answer and runs without TensorFlow.

The slow tests build the release once (wheel and notebooks included), audit
every file of it, wheel members and notebook cells too, then install the
wheel into a fresh virtual environment with no TensorFlow and work there as a
student would: the stubs fail with the stub message, the references copied
into ``exercises/`` pass every public case of every topic.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from dlkata.autograder import registry
from dlkata.autograder import release as R
from dlkata.autograder.messages import t
from dlkata.autograder.paths import SOLUTIONS
from dlkata.cli.main import main

STUDENT_COMMANDS = {"check", "list", "show", "submit"}


# ---------------------------------------------------------------------------- quick


def test_release_refuses_a_folder_in_use_and_give_without_notebooks(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    res = CliRunner().invoke(main, ["release", str(tmp_path), "--no-wheel"])
    assert res.exit_code == 1 and "is not empty" in res.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    res = CliRunner().invoke(main, ["release", str(tmp_path / "new"), "--give", "activations"])
    assert res.exit_code == 2 and "--notebooks" in res.output
    res = CliRunner().invoke(main, ["release", str(SOLUTIONS.parent / "exercises" / "out"), "--no-wheel"])
    assert res.exit_code == 1 and "inside its own folders" in res.output


def test_student_package_leaves_tensorflow_and_the_grader_out():
    deps = " ".join(R.student_dependencies()).lower()
    for needed in ("numpy", "numba", "scipy", "click", "rich", "matplotlib"):
        assert needed in deps
    for left_out in ("tensorflow", "nbgrader", "nbformat", "keras"):
        assert left_out not in deps
    project = tomllib.loads(R.pyproject())
    assert project["project"]["scripts"] == {"dlkata": "dlkata.cli:main"}
    assert "dlkata.solutions" not in project["tool"]["setuptools"]["packages"]
    shipped = set(R.package_files(notebooks=True))
    for path in shipped:
        assert (SOLUTIONS.parent / path).exists(), path
    for bad in R.NEAR_ANSWERS:
        assert not any(p == bad or p.startswith(bad + "/") for p in shipped), bad
    for module in ("cli/grade.py", "cli/bench.py", "cli/notebooks.py", "cli/instructor.py", "cli/feedback.py",
                   "cli/export.py", "cli/nbgrader_report.py", "autograder/grading.py", "autograder/gradebook.py",
                   "autograder/exports.py", "autograder/classpage.py", "autograder/hidden.py",
                   "autograder/tfbridge.py", "autograder/release.py", "autograder/oracle.py"):
        assert module not in shipped, module
    assert not [p for p in shipped if p.startswith("autograder/platforms/")]
    assert not [p for p in shipped if p.startswith(("autograder/mutation", "cli/mutants"))]


def test_the_audit_finds_a_copied_solution_region_and_ignores_common_lines(tmp_path):
    regions = R.solution_regions()
    assert len(regions) > 50
    where, lines = max(regions, key=lambda r: len(r[1]))
    middle = lines[len(lines) // 2: len(lines) // 2 + R.WINDOW]
    (tmp_path / "diagnose.py").write_text("def variant(x):\n" + "".join(f"        {ln}\n" for ln in middle))
    (tmp_path / "ok.py").write_text("def f(x):\n    return np.tanh(x)\n\n\ndef g(ids, table):\n    return table[ids]\n")
    nb = {"cells": [{"cell_type": "code", "source": ["# a notebook cell\n", *[ln + "\n" for ln in lines]]}]}
    (tmp_path / "leak.ipynb").write_text(json.dumps(nb))
    with zipfile.ZipFile(tmp_path / "dist.whl", "w") as zf:
        zf.writestr("dlkata/autograder/registry/optimizers/rules.py", "# a near-answer module, by its path\n")
    found = R.audit(tmp_path)
    assert any(f.startswith("diagnose.py: holds solutions/") for f in found), found
    assert any(f.startswith("leak.ipynb: holds solutions/" + where) for f in found), found
    assert any(f.endswith("ships autograder/registry/optimizers") for f in found), found
    assert not any(f.startswith("ok.py") for f in found), found


def test_given_topics_bring_the_topics_they_build_on():
    assert R.given_with_dependencies(["dense"]) == ["activations", "dense"]
    assert R.given_with_dependencies([]) == []
    with pytest.raises(R.ReleaseError, match="unknown topic"):
        R.given_with_dependencies(["nope"])
    layouts = R.layouts()
    assert "### BEGIN SOLUTION" in layouts["dense.py"] and "NotImplementedError" in layouts["dense.py"]
    assert not R.audit_texts(layouts)
    assert set(R.given_references(["activations"])) == {"__init__.py", "_validate.py", "activations.py"}


# ---------------------------------------------------------------------------- slow: the real thing


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    out = tmp_path_factory.mktemp("release") / "course"
    res = CliRunner().invoke(main, ["release", str(out), "--notebooks"])
    assert res.exit_code == 0, res.output
    return out


@pytest.mark.slow
def test_release_holds_no_reference(released):
    assert R.audit(released) == []
    [wheel] = sorted((released / "dist").glob("dlkata-*-py3-none-any.whl"))
    with zipfile.ZipFile(wheel) as zf:
        members = zf.namelist()
    assert "dlkata/autograder/public_cases.bin" in members
    assert not [m for m in members if m.startswith(("dlkata/solutions/", "dlkata/exercises/", "solutions/"))]
    assert not [m for m in members if m.startswith("dlkata/autograder/registry/") and
                not m.endswith("registry/__init__.py")]
    assert not (released / "solutions").exists() and not (released / "exercises" / ".sync-record.json").exists()
    for nb in (released / "notebooks").glob("*.ipynb"):
        text = nb.read_text(encoding="utf-8")
        assert "dlkata.solutions" not in text, nb.name  # nothing given: every earlier topic is the student's
    readme = (released / "README.md").read_text(encoding="utf-8")
    assert f"pip install dist/{wheel.name}" in readme and "dlkata check activations" in readme
    assert "dlkata submit" in readme and "학번" in readme


def _student_venv(root: Path) -> Path:
    venv.EnvBuilder(with_pip=True).create(root)
    return root / ("Scripts" if os.name == "nt" else "bin")


def _run(cmd, cwd, env=None, timeout=1800):
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.mark.slow
def test_student_edition_installs_and_checks_without_tensorflow(released, tmp_path):
    [wheel] = sorted((released / "dist").glob("*.whl"))
    bin_dir = _student_venv(tmp_path / "venv")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DLKATA_", "VIRTUAL_ENV", "PYTHON"))}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env["DLKATA_CACHE"] = str(tmp_path / "cache")  # the student's own cache: no oracle outputs in it
    install = _run([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)], tmp_path, env)
    assert install.returncode == 0, install.stdout[-2000:] + install.stderr[-2000:]
    course = tmp_path / "course"
    shutil.copytree(released, course, ignore=shutil.ignore_patterns("dist", "src"))
    dlkata = str(bin_dir / "dlkata")

    tf = _run([str(bin_dir / "python"), "-c", "import tensorflow"], course, env)
    assert tf.returncode != 0 and "No module named 'tensorflow'" in tf.stderr
    helped = _run([dlkata, "--help"], course, env)
    listed = {line.split()[0] for line in helped.stdout.split("Commands:")[1].splitlines() if line.strip()}
    assert listed == STUDENT_COMMANDS, helped.stdout
    for command in ("sync", "grade", "feedback", "export", "mutants", "release"):  # the instructor's, not here
        gone = _run([dlkata, command], course, env)
        assert gone.returncode == 2 and f"No such command '{command}'" in gone.stderr, command

    stub = _run([dlkata, "check", "activations"], course, env)
    assert stub.returncode == 1 and t("stub", exercise="activations.relu") in stub.stdout
    assert "Traceback" not in stub.stdout + stub.stderr
    korean = _run([dlkata, "check", "activations.relu", "--lang", "ko", "-v"], course, env)
    assert t("stub", "ko", exercise="activations.relu") in korean.stdout  # verdict data, worded by report()
    assert "isolation: plain" in korean.stdout  # the student edition checks at the plain level, on any OS
    from_below = _run([dlkata, "list"], course / "notebooks", env)  # the course folder is found from a subfolder
    assert from_below.returncode == 0 and "stub" in from_below.stdout
    python = str(bin_dir / "python")
    tests = _run([python, "-m", "pytest", "-q", "-m", "activations"], course, env)  # pytest.ini turns the plugin on
    assert tests.returncode == 1 and "not implemented yet" in tests.stdout, tests.stdout[-2000:]

    for src in SOLUTIONS.glob("*.py"):  # the reference bodies, as a student who finished would have them
        shutil.copy(src, course / "exercises" / src.name)
    done = _run([dlkata, "check"], course, env)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    points, count = sum(ex.points for ex in registry.exercises()), len(registry.exercises())
    assert f"{points}/{points} points, {count} of {count} exercises passed" in done.stdout, done.stdout[-500:]
    plain = _run([dlkata, "check", "dense", "pooling"], course, {**env, "DLKATA_NO_OS_ISOLATION": "1"})
    assert plain.returncode == 0, plain.stdout[-3000:]
    tests = _run([python, "-m", "pytest", "-q", "-m", "activations or dense"], course, env)
    assert tests.returncode == 0 and " passed" in tests.stdout, tests.stdout[-2000:]

    curves = _run([dlkata, "show", "curves", "--out", "pictures"], course, env)
    assert curves.returncode == 0 and (course / "pictures" / "curves.png").stat().st_size > 1000, curves.stderr
    other = _run([dlkata, "show", "curves", "--epochs", "3"], course, env)
    assert other.returncode == 2 and "not shipped" in other.stderr
    handed = _run([dlkata, "submit", "--id", "s1"], course, env)
    assert handed.returncode == 0 and (course / "s1.zip").exists(), handed.stderr
