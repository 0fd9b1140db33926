"""``pytest --dlkata``: the course's public cases as pytest items.

Every test here runs the real plugin (loaded through its ``pytest11`` entry
point) in a pytester run: on the stubs, on the references, and on copies of the
references with one function broken on purpose. What the items must hold is
computed from the registry, and a failure's report is compared with what
``dlkata check -v`` prints for the same broken function.
"""

from __future__ import annotations

import re
import shutil
from importlib import metadata

import pytest
from click.testing import CliRunner

from dlkata.autograder import registry
from dlkata.autograder.checking import draw_cases
from dlkata.autograder.messages import t
from dlkata.autograder.paths import ROOT, SOLUTIONS, cache_dir
from dlkata.autograder.pytest_plugin import case
from dlkata.cli.main import main as dlkata_cli

pytest_plugins = ["pytester"]

#: The oracle cache, read before pytester points HOME at its own folder.
CACHE = cache_dir()
#: A broken softmax: no max subtracted before exp, so huge inputs give NaN (a diagnosed mistake).
UNSTABLE_SOFTMAX = ("    e = np.exp(x - x.max(axis=axis, keepdims=True))\n", "    e = np.exp(x)\n")
#: A broken relu: the identity, wrong wherever an input is negative.
IDENTITY_RELU = ("    return np.maximum(x, x.dtype.type(0))\n", "    return x\n")


@pytest.fixture
def course(pytester, monkeypatch):
    """A pytester whose runs share the real oracle cache (HOME is pytester's folder)."""
    monkeypatch.setenv("DLKATA_CACHE", str(CACHE))
    return pytester


def public_items(folder: str, topics=None) -> list[str]:
    """The item ids the plugin must collect from ``folder``, in course order, from the registry."""
    return [f"{folder}/{ex.topic}.py::{ex.name}[{c.name}]" for ex in registry.exercises()
            if topics is None or ex.topic in topics for c in draw_cases(ex, 0)]


def collected(result) -> list[str]:
    return [line for line in result.outlines if "::" in line]


def references(pytester, *changes: tuple[str, str], name: str = "mine"):
    """A copy of the references in ``pytester.path / name`` with ``changes`` made to activations.py."""
    folder = pytester.path / name
    shutil.copytree(SOLUTIONS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    source = (folder / "activations.py").read_text(encoding="utf-8")
    for old, new in changes:
        assert old in source, old
        source = source.replace(old, new, 1)
    (folder / "activations.py").write_text(source, encoding="utf-8")
    return folder


def outcomes(recorder) -> dict[str, list[str]]:
    passed, skipped, failed = recorder.listoutcomes()
    return {"passed": [r.nodeid for r in passed], "skipped": [r.nodeid for r in skipped],
            "failed": [r.nodeid for r in failed]}


def check_reports(lang: str, *args: str) -> list[str]:
    """The per-case reports ``dlkata check -v --lang LANG ARGS`` prints (indented under the exercise line)."""
    out = CliRunner().invoke(dlkata_cli, ["check", "-v", "--lang", lang, *args]).output
    body = "\n".join(line[5:] for line in out.splitlines() if line.startswith("     "))
    starts = re.escape(t("case", lang) + " '")
    return [r.strip("\n") for r in re.split(rf"\n(?={starts})", "\n" + body) if r.strip()]


# ------------------------------------------------------------ loading and collection
def test_the_plugin_is_installed_and_inert_without_the_flag(pytester):
    assert "dlkata.autograder.pytest_plugin" in {e.value for e in metadata.entry_points(group="pytest11")}
    pytester.makepyfile(test_plain="""
        import sys

        def test_nothing_heavy_was_imported():
            heavy = ["tensorflow", "keras", "numba", "dlkata.autograder.registry", "dlkata.autograder.checking"]
            assert [m for m in heavy if m in sys.modules] == []
        """)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["plugins:*dlkata*"])
    result.assert_outcomes(passed=1)
    assert "dlkata:" not in result.stdout.str()  # no header, no items


def test_options_other_than_the_switch_need_it(pytester):
    result = pytester.runpytest("--dlkata-inline")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--dlkata-inline needs --dlkata*"])
    assert pytester.runpytest("--dlkata", "--dlkata-lang", "fr").ret == pytest.ExitCode.USAGE_ERROR
    result = pytester.runpytest("--dlkata", "--dlkata-path", "nowhere")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*nowhere is not a folder*"])


def test_in_the_checkout_it_collects_every_public_case_of_the_registry(course, monkeypatch):
    monkeypatch.chdir(ROOT)  # the instructor's checkout: its testpaths are tests/, not the exercises
    result = course.runpytest("--dlkata", "--collect-only", "-q", "-p", "no:cacheprovider")
    expected = public_items("exercises")
    assert len(expected) == sum(len(draw_cases(ex, 0)) for ex in registry.exercises())
    assert collected(result) == expected
    result.stdout.fnmatch_lines([f"{len(expected)} tests collected*"])


def test_a_configuration_can_turn_it_on_for_a_folder(course):
    references(course)
    course.makeini("[pytest]\ndlkata = true\ndlkata_path = mine\n")
    result = course.runpytest("--collect-only", "-q")
    assert collected(result) == public_items("mine")


def test_k_and_m_select_as_in_any_pytest_run(course):
    references(course)
    every = public_items("mine")
    result = course.runpytest("--dlkata", "--dlkata-path", "mine", "--collect-only", "-q", "-m", "pooling",
                              "--strict-markers")
    assert collected(result) == public_items("mine", {"pooling"})
    result = course.runpytest("--dlkata", "--dlkata-path", "mine", "--collect-only", "-q", "-k", "conv2d and stride")
    item_name = [i.split("::")[1].lower() for i in every]
    expected = [i for i, name in zip(every, item_name) if "conv2d" in name and "stride" in name]
    assert expected and collected(result) == expected
    result = course.runpytest("--dlkata", "--dlkata-path", "mine", "--collect-only", "-q",
                              "mine/convolution.py::conv2d")
    assert collected(result) == [i for i in every if i.startswith("mine/convolution.py::conv2d[")]


# ------------------------------------------------------------ verdicts
def test_on_the_stubs_every_item_is_not_implemented_and_the_run_fails(course, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = course.runpytest("--dlkata", "-p", "no:cacheprovider", "-rN")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    every = public_items("exercises")
    assert result.parseoutcomes() == {"failed": len(every)}
    text = result.stdout.str()
    for ex in registry.exercises():
        # one line per item, and nothing else (no traceback, whatever --tb says)
        assert text.count(t("stub", "en", exercise=ex.id) + "\n") == len(draw_cases(ex, 0)), ex.id
    assert "Traceback" not in text and "pytest_plugin.py" not in text
    result = course.runpytest("--dlkata", "-p", "no:cacheprovider", "--dlkata-lang", "ko", "-m", "activations")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert t("stub", "ko", exercise="activations.relu") in result.stdout.str()


def test_with_the_references_every_item_of_some_topics_passes(course):
    topics = {"activations", "losses", "dense"}
    recorder = course.inline_run("--dlkata", f"--dlkata-path={SOLUTIONS}", "-m", " or ".join(topics))
    found = outcomes(recorder)
    assert not found["failed"] and not found["skipped"]
    assert len(found["passed"]) == len(public_items("x", topics))


@pytest.mark.slow
def test_with_the_references_every_item_passes(course):
    recorder = course.inline_run("--dlkata", f"--dlkata-path={SOLUTIONS}", "-p", "no:cacheprovider")
    found = outcomes(recorder)
    assert not found["failed"] and not found["skipped"]
    assert len(found["passed"]) == len(public_items("x"))


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_failure_is_the_report_dlkata_check_v_prints(course, lang):
    folder = references(course, UNSTABLE_SOFTMAX)
    reports = check_reports(lang, "activations.softmax", "--path", str(folder))
    assert reports and any(t("diag_unstable", lang) in r for r in reports)
    result = course.runpytest("--dlkata", "--dlkata-path", "mine", "--dlkata-lang", lang, "mine/activations.py::softmax")
    failed = [line for line in result.outlines if line.startswith("FAILED ")]
    assert len(failed) == len(reports)
    text = result.stdout.str()
    for report in reports:
        assert report in text
    assert "Traceback" not in text and "pytest_plugin.py" not in text
    if lang == "ko":
        assert "케이스" in text and "힌트" in text


def test_last_failed_failed_first_and_exitfirst(course):
    references(course, IDENTITY_RELU)
    found = outcomes(course.inline_run("--dlkata", "--dlkata-path", "mine", "-m", "activations"))
    failing = found["failed"]
    assert failing and all(i.startswith("mine/activations.py::relu[") for i in failing)
    assert len(found["passed"]) + len(failing) == len(public_items("mine", {"activations"}))
    again = outcomes(course.inline_run("--dlkata", "--dlkata-path", "mine", "--lf"))
    assert again["failed"] == failing and not again["passed"]
    ordered = course.runpytest("--dlkata", "--dlkata-path", "mine", "--ff", "-m", "activations", "--collect-only", "-q")
    assert collected(ordered) == failing + [i for i in public_items("mine", {"activations"}) if i not in failing]
    first = outcomes(course.inline_run("--dlkata", "--dlkata-path", "mine", "-m", "activations", "-x", "-p",
                                       "no:cacheprovider"))
    order = public_items("mine", {"activations"})
    assert first["failed"] == failing[:1]
    assert first["passed"] == order[:order.index(failing[0])]


def test_a_crash_or_a_timeout_costs_only_its_items(course):
    references(course,
               ("def relu(x):\n", "def relu(x):\n    if x.ndim == 3:\n        import os; os._exit(3)\n"),
               ("def relu_backward(dout, x):\n", "def relu_backward(dout, x):\n    while True:\n        pass\n"))
    # the budget is per exercise and includes restarting the child after each crash: 6 s leaves room for
    # two restarts on a loaded machine while the infinite loop still ends quickly
    recorder = course.inline_run("--dlkata", "--dlkata-path", "mine", "-m", "activations", "--dlkata-timeout", "6")
    found = outcomes(recorder)
    relu = [i for i in public_items("mine", {"activations"}) if "::relu[" in i]
    crashed = [i for i in relu if "rank 3" in i]
    backward = [i for i in public_items("mine", {"activations"}) if "::relu_backward[" in i]
    assert crashed and found["failed"] == crashed + backward
    assert len(found["passed"]) == len(public_items("mine", {"activations"})) - len(crashed) - len(backward)
    reports = {r.nodeid: str(r.longrepr) for r in recorder.getreports("pytest_runtest_logreport") if r.failed}
    assert all("crashed" in reports[i] for i in crashed)
    assert all("did not finish within 6 s" in reports[i] for i in backward)


# ------------------------------------------------------------ debugging a case
def test_inline_runs_the_students_code_in_this_process(course):
    references(course, UNSTABLE_SOFTMAX, ("def relu(x):\n", "def relu(x):\n    if x.ndim == 3:\n"
                                                             "        raise ValueError('my own bug')\n"))
    course.makeconftest("""
        import pytest

        @pytest.hookimpl(wrapper=True)
        def pytest_runtest_makereport(item, call):
            report = yield
            if call.when == "call" and call.excinfo is not None:  # where --pdb would stop
                report.user_properties += [("raised_in", str(call.excinfo.traceback[-1].path)),
                                           ("raised", call.excinfo.typename)]
            return report
        """)
    # dense imports `from .activations import ...`: the folder is imported as a package
    recorder = course.inline_run("--dlkata", "--dlkata-path", "mine", "--dlkata-inline", "-m", "activations or dense")
    failed = {r.nodeid: r for r in recorder.getreports("pytest_runtest_logreport") if r.failed}
    mine = str(course.path / "mine" / "activations.py")
    raised = [i for i in failed if "::relu[" in i]
    assert raised and all(dict(failed[i].user_properties) == {"raised_in": mine, "raised": "ValueError"}
                          for i in raised)
    name = raised[0].split("[", 1)[1][:-1]
    assert "raised ValueError: my own bug" in str(failed[raised[0]].longrepr)
    assert f"c = case('activations.relu', '{name}'); relu(*c.args, **c.kwargs)" in str(failed[raised[0]].longrepr)
    assert case("activations.relu", name).args[0].ndim == 3
    unstable = [i for i in failed if "::softmax[" in i]
    assert unstable and all(t("diag_unstable", "en") in str(failed[i].longrepr) for i in unstable)
    # a wrong answer is an assertion failure (editors show it as failed, not as an error)
    assert all(dict(failed[i].user_properties)["raised"] == "AssertionError" for i in unstable)
    # dense.py imports `from .activations import ...`: its items run (those on rank-3 inputs reach the broken relu)
    passed = [r.nodeid for r in recorder.getreports("pytest_runtest_logreport") if r.passed and r.when == "call"]
    assert any(i.startswith("mine/dense.py::") for i in passed)
    assert not any(t("import", "en", error="") in str(r.longrepr) for r in failed.values())
    with pytest.raises(KeyError, match="has no case"):
        case("activations.relu", "no such case")


def test_a_missing_expected_output_without_tensorflow_says_so(pytester, monkeypatch):
    references(pytester)
    monkeypatch.setenv("DLKATA_CACHE", str(pytester.path / "empty-cache"))
    pytester.makeconftest("import sys\nsys.modules['tensorflow'] = None  # TensorFlow cannot be imported\n")
    result = pytester.runpytest_subprocess("--dlkata", "--dlkata-path", "mine", "mine/activations.py::relu")
    result.assert_outcomes(failed=len([i for i in public_items("mine", {"activations"}) if "::relu[" in i]))
    text = result.stdout.str()
    assert "is not cached here, and TensorFlow, which computes it, cannot be imported" in text
    assert "pip install tensorflow-cpu" in text and "Traceback" not in text
