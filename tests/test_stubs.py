"""exercises/ is generated from solutions/, and the stubs import and fail helpfully."""

import subprocess
import sys

import pytest

from dlkata.autograder import registry, stubs
from dlkata.autograder.paths import EXERCISES, SOLUTIONS


def test_exercises_in_sync_with_solutions():
    assert stubs.drift() == [], "exercises/ is out of date: run `dlkata sync`"


def test_make_stub_replaces_marked_regions():
    src = (
        "import numpy as np\n\n"
        "### BEGIN SOLUTION\n"
        "def _helper(x):\n    return x\n"
        "### END SOLUTION\n\n"
        "def f(x):\n"
        '    """Doc."""\n'
        "    x = np.asarray(x)\n"
        "    ### BEGIN SOLUTION\n"
        "    return _helper(x)\n"
        "    ### END SOLUTION\n"
    )
    stub = stubs.make_stub(src)
    assert "_helper" not in stub
    assert '    raise NotImplementedError("exercise: write this part")\n' in stub
    assert '"""Doc."""' in stub and "x = np.asarray(x)" in stub
    ns = {}
    exec(compile(stub, "stub", "exec"), ns)
    with pytest.raises(NotImplementedError):
        ns["f"](1)


@pytest.mark.parametrize("bad", [
    "### BEGIN SOLUTION\n",
    "### END SOLUTION\n",
    "def f():\n    ### BEGIN SOLUTION\n    ### BEGIN SOLUTION\n    ### END SOLUTION\n",
])
def test_unbalanced_markers_are_refused(bad):
    with pytest.raises(stubs.StubError):
        stubs.make_stub(bad)


@pytest.mark.parametrize("tp", registry.topics(), ids=lambda t: t.name)
def test_every_exercise_has_a_reference_and_a_stub(tp):
    sol = (SOLUTIONS / f"{tp.name}.py").read_text(encoding="utf-8")
    ex = (EXERCISES / f"{tp.name}.py").read_text(encoding="utf-8")
    for e in tp.exercises:
        assert stubs.is_stub(sol, e.name) is False, f"{e.id}: no reference in solutions/"
        assert stubs.is_stub(ex, e.name) is True, f"{e.id}: exercises/ is not a stub"
        assert e.hint.get("en") and e.hint.get("ko"), f"{e.id}: needs an English and a Korean hint"


@pytest.mark.parametrize("tp", registry.topics(), ids=lambda t: t.name)
def test_stub_modules_import_and_carry_the_docstrings(tp):
    code = f"import dlkata.exercises.{tp.name} as m, dlkata.solutions.{tp.name} as s\n" \
           "for n in {names!r}:\n" \
           "    assert getattr(m, n).__doc__ == getattr(s, n).__doc__, n\n"
    code = code.format(names=[e.name for e in tp.exercises])
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_sync_record_matches_the_committed_stubs():
    record = stubs.read_record()
    assert record, "exercises/.sync-record.json is missing: run `dlkata sync`"
    assert not stubs.foreign([stubs.SyncChange(p, "write") for p in sorted(EXERCISES.glob("*.py"))]), \
        "the record does not describe exercises/: run `dlkata sync`"


def _course_copy(tmp_path):
    import shutil

    sol, ex = tmp_path / "solutions", tmp_path / "exercises"
    shutil.copytree(SOLUTIONS, sol, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(EXERCISES, ex, ignore=shutil.ignore_patterns("__pycache__"))
    return sol, ex


def test_sync_never_replaces_or_removes_a_students_work(tmp_path):
    sol, ex = _course_copy(tmp_path)
    # the reference changes (so sync has something to write), and a student has worked on that stub
    (sol / "activations.py").write_text((sol / "activations.py").read_text() + "\n# a new line\n")
    mine = (ex / "activations.py").read_text().replace('raise NotImplementedError("exercise: write this part")',
                                                      "return x  # my work", 1)
    (ex / "activations.py").write_text(mine)
    (ex / "my_helpers.py").write_text("def helper():\n    return 1\n")  # not sync's: never removed
    with pytest.raises(stubs.SyncRefused) as info:
        stubs.sync(sol, ex)
    assert {p.name for p in info.value.paths} == {"activations.py", "my_helpers.py"}
    assert "--force" in str(info.value)
    assert (ex / "activations.py").read_text() == mine
    assert (ex / "my_helpers.py").exists()
    # a file sync wrote and nobody touched is still brought up to date once the work is set aside
    (ex / "my_helpers.py").unlink()
    (ex / "activations.py").write_text(stubs.HEADER.format(name="activations.py")
                                       + stubs.make_stub((SOLUTIONS / "activations.py").read_text()))
    changed = stubs.sync(sol, ex)
    assert [c.path.name for c in changed] == ["activations.py"]
    assert "# a new line" in (ex / "activations.py").read_text()


def test_sync_force_replaces_edited_files(tmp_path):
    sol, ex = _course_copy(tmp_path)
    (ex / "dense.py").write_text("# my own dense\n")
    changed = stubs.sync(sol, ex, force=True)
    assert [c.path.name for c in changed] == ["dense.py"]
    assert stubs.is_stub((ex / "dense.py").read_text(), "dense") is True


def test_dlkata_sync_refuses_in_the_checkout_and_leaves_the_file(tmp_path):
    target = EXERCISES / "pooling.py"
    original = target.read_bytes()
    edited = original + b"\n# a student's note\n"
    try:
        target.write_bytes(edited)
        done = subprocess.run([sys.executable, "-m", "dlkata.cli", "sync"], capture_output=True, text=True)
        assert done.returncode == 1, done.stdout + done.stderr
        assert "pooling.py" in done.stdout and "--force" in done.stdout
        assert target.read_bytes() == edited
    finally:
        target.write_bytes(original)
