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
