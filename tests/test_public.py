"""The public cases as data: what the student edition checks against, with no TensorFlow.

A data file written by the release (:func:`autograder.release.public_cases`)
for a few topics is put in use with ``$DLKATA_PUBLIC_CASES``, and ``dlkata
check`` must then say exactly what it says when it draws the cases and asks
the oracle: the same verdicts, the same reports, the same diagnoses (the
candidate mistakes come from the data; the registry's NumPy variants are not
imported).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import replace

import pytest

from dlkata.autograder import codec, diagnose, registry, release
from dlkata.autograder.cases import Case
from dlkata.autograder.checking import draw_cases
from dlkata.autograder.messages import t
from dlkata.autograder.paths import SOLUTIONS
from dlkata.autograder.public import ENV, shipped_mistake

TOPICS = ["activations", "dense", "text", "embedding"]

#: One typical mistake per exercise family: (module, old, new).
MUTATIONS = [
    ("activations", "    return np.maximum(x, x.dtype.type(0))\n", "    return -np.maximum(x, x.dtype.type(0))\n"),
    ("dense", "    dx = dz @ kernel.T\n", "    dx = dz @ kernel\n"),
    ("text", '    lowered = "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in text)\n',
     "    lowered = text.lower()\n"),
    ("text", '    return [tok for tok in re.split(f"[{re.escape(WHITESPACE)}]+", standardize(text)) if tok]\n',
     "    return standardize(text).split()\n"),
    ("text", 'kept = s[-maxlen:] if truncating == "pre" else s[:maxlen]',
     'kept = s[:maxlen] if truncating == "pre" else s[-maxlen:]'),
    ("embedding", '    order = np.argsort(-scores, kind="stable")',
     '    order = len(scores) - 1 - np.argsort(-scores[::-1], kind="stable")'),
]


@pytest.fixture(scope="module")
def data():
    return release.public_cases(topics=TOPICS)


@pytest.fixture(scope="module")
def data_file(data, tmp_path_factory):
    path = tmp_path_factory.mktemp("public") / "public_cases.bin"
    path.write_bytes(codec.encode(data))
    return path


@pytest.fixture(scope="module")
def mutant(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mutant")
    for f in SOLUTIONS.glob("*.py"):
        shutil.copy(f, folder / f.name)
    for module, old, new in MUTATIONS:
        src = (folder / f"{module}.py").read_text(encoding="utf-8")
        assert src.count(old) == 1, old
        (folder / f"{module}.py").write_text(src.replace(old, new), encoding="utf-8")
    return folder


def _dlkata(*args, public=None, extra_env=None, cwd=None):
    env = {k: v for k, v in os.environ.items() if k != ENV}
    if public is not None:
        env[ENV] = str(public)
    env.update(extra_env or {})
    return subprocess.run([sys.executable, "-m", "dlkata.cli", *args], capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=900)


def _reports(out: str) -> str:
    """What ``check -v`` printed but its last line, the sandbox's walls (a user id drawn per sandbox)."""
    return "\n".join(line for line in out.splitlines() if not line.startswith("isolation: "))


def test_data_gives_the_reports_the_oracle_gives(mutant, data_file):
    args = ("check", *TOPICS, "--path", str(mutant), "-v")
    drawn = _dlkata(*args)
    shipped = _dlkata(*args, public=data_file)
    assert drawn.returncode == shipped.returncode == 1, drawn.stderr + shipped.stderr
    assert _reports(shipped.stdout) == _reports(drawn.stdout)
    for text in (t("diag_negated"), t("diag_kernel_transposed"), t("diag_text_unicode_lower"),
                 t("diag_text_unicode_split"), t("diag_text_pad_side", arg="truncating", value="pre"),
                 t("diag_nearest_ties")):
        assert text in shipped.stdout, text


def test_data_path_imports_neither_the_registry_modules_nor_tensorflow(data_file, mutant):
    code = ("import sys\n"
            "from dlkata.autograder import registry\n"
            "from dlkata.autograder.checking import run\n"
            f"results = list(run(registry.select(['dense']), {str(mutant)!r}))\n"
            "assert [r.passed for r in results] == [False, False]  # the mutant's relu is negated\n"
            "bad = sorted(m for m in sys.modules if m.startswith(('tensorflow', 'keras', 'dlkata.autograder.registry.',"
            " 'dlkata.autograder.oracle', 'dlkata.solutions')))\n"
            "assert not bad, bad\n")
    env = {**os.environ, ENV: str(data_file)}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr


def test_a_case_missing_from_the_data_says_so_and_how_to_get_it(data, tmp_path):
    relu = data["topics"][0]["exercises"][0]
    assert relu["name"] == "relu"
    gone = relu["cases"][1]["name"]
    del relu["cases"][1]["expected"]
    try:
        path = tmp_path / "public_cases.bin"
        path.write_bytes(codec.encode(data))
    finally:
        relu["cases"][1]["expected"] = None  # (the module fixture is shared; the value is never read again)
    proc = _dlkata("check", "activations.relu", "--path", str(SOLUTIONS), "-v", public=path)
    assert proc.returncode == 1 and "Traceback" not in proc.stdout + proc.stderr
    assert t("unavailable", case=gone) in proc.stdout
    assert "9/10" not in proc.stdout and "0/1" in proc.stdout


def test_a_missing_or_damaged_data_file_is_a_clear_error(tmp_path):
    proc = _dlkata("check", "activations", public=tmp_path / "nowhere.bin")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr and "are not installed" in proc.stderr
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"\x05\x00\x00\x00\x00\x00\x00\x00{oops" + b"\0" * 10)
    proc = _dlkata("list", public=bad)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr and "damaged" in proc.stderr


def test_only_the_public_seed_is_shipped(data_file, mutant):
    proc = _dlkata("check", "dense", "--seed", "3", "--path", str(mutant), public=data_file)
    assert proc.returncode == 1 and "only the public cases of seed 0" in proc.stderr


def test_shipped_mistakes_name_what_the_declared_ones_name(data):
    """The data holds, per public case, each applicable mistake's output; a mistake read back from it names the
    student's output exactly as the declared one does, and names nothing on a case it was not shipped for."""
    ex = registry.get("dense.dense")
    [entry] = [e for tp in data["topics"] if tp["name"] == "dense" for e in tp["exercises"] if e["name"] == "dense"]
    shipped = [shipped_mistake(i, m, entry["cases"]) for i, m in enumerate(entry["mistakes"])]
    assert [m.key for m in shipped] == [m.key for m in ex.mistakes]
    square = [c for c in draw_cases(ex, 0) if ex.mistakes[0].applies(c)]
    assert square, "no public case with a square kernel"
    for case in square:
        expected = next(c["expected"] for c in entry["cases"] if c["name"] == case.name)
        wrong = ex.mistakes[0].compute(case)
        assert diagnose.mistakes(ex, case, wrong, expected) == [("diag_kernel_transposed", {})]
        from_data = replace(ex, mistakes=tuple(shipped))
        assert diagnose.mistakes(from_data, case, wrong, expected) == [("diag_kernel_transposed", {})]
        assert diagnose.mistakes(from_data, case, expected, expected) == []
    other = [c for c in draw_cases(ex, 0) if not ex.mistakes[0].applies(c)]
    assert all(not shipped[0].applies(c) for c in other)
    assert not shipped[0].applies(Case("not shipped", ()))
