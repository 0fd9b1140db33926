"""``dlkata submit``: a zip of the student's work with a receipt, which ``dlkata grade`` checks."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile

import pytest
from click.testing import CliRunner

from dlkata.autograder import registry
from dlkata.autograder import submit as S
from dlkata.autograder.grading import GradeOptions, grade
from dlkata.autograder.messages import t
from dlkata.autograder.paths import EXERCISES, SOLUTIONS
from dlkata.cli.main import main


@pytest.fixture
def course(tmp_path):
    """A student's copy of the course: the stubs, with relu written."""
    ex = tmp_path / "course" / "exercises"
    shutil.copytree(EXERCISES, ex, ignore=shutil.ignore_patterns(".sync-record.json"))
    (ex / "__pycache__").mkdir()
    (ex / "__pycache__" / "activations.cpython-311.pyc").write_bytes(b"\0cache")
    shutil.copy(SOLUTIONS / "activations.py", ex / "activations.py")
    return ex


def _submit(*args, input=None):
    return CliRunner().invoke(main, ["submit", *args], input=input)


def test_submit_writes_the_exercises_and_a_receipt(course, tmp_path):
    res = _submit("--id", "김 민수", "--path", str(course), "--out", str(tmp_path / "out"))
    assert res.exit_code == 0, res.output
    target = tmp_path / "out" / "김 민수.zip"
    with zipfile.ZipFile(target) as zf:
        names = set(zf.namelist())
        receipt = json.loads(zf.read(S.MANIFEST))
        contents = {n: zf.read(n) for n in names if n != S.MANIFEST}
    assert names == {S.MANIFEST} | {f"exercises/{p.name}" for p in course.glob("*.py")}
    assert receipt["format"] == S.FORMAT and receipt["student"] == "김 민수"
    assert receipt["created"].endswith("Z") and receipt["edition"]["version"]
    assert receipt["files"] == {n: hashlib.sha256(data).hexdigest() for n, data in contents.items()}
    assert contents["exercises/activations.py"] == (SOLUTIONS / "activations.py").read_bytes()


def test_submit_never_replaces_a_zip_without_force(course, tmp_path):
    out = tmp_path / "out"
    assert _submit("--id", "s1", "--path", str(course), "--out", str(out)).exit_code == 0
    zip_path = out / "s1.zip"
    zip_path.write_bytes(b"the zip I already handed in")
    res = _submit("--id", "s1", "--path", str(course), "--out", str(out))
    assert res.exit_code == 1 and "--force" in res.output
    assert zip_path.read_bytes() == b"the zip I already handed in"
    assert _submit("--id", "s1", "--path", str(course), "--out", str(out), "--force").exit_code == 0
    assert zipfile.is_zipfile(zip_path)


def test_submit_asks_for_the_id_and_refuses_ids_that_cannot_name_a_file(course, tmp_path):
    res = _submit("--path", str(course), "--out", str(tmp_path), input="20261234\n")
    assert res.exit_code == 0, res.output
    assert (tmp_path / "20261234.zip").exists()
    for bad in ("../escape", "a/b", "", ".hidden", "tab\there"):
        res = _submit("--id", bad, "--path", str(course), "--out", str(tmp_path))
        assert res.exit_code == 1 and ("cannot name a file" in res.output or "empty" in res.output), (bad, res.output)
    assert sorted(p.name for p in tmp_path.glob("*.zip")) == ["20261234.zip"]


def test_verify_names_what_differs_from_the_receipt(course, tmp_path):
    target = S.write("s2", course, out_dir=tmp_path)
    root = tmp_path / "unpacked"
    with zipfile.ZipFile(target) as zf:
        zf.extractall(root)
    assert S.verify(root) == []
    (root / "exercises" / "dense.py").write_text("changed after submitting\n")
    (root / "exercises" / "losses.py").unlink()
    (root / "exercises" / "extra.py").write_text("x = 1\n")
    notes = S.verify(root)
    assert notes == [("receipt_changed", {"file": "exercises/dense.py"}),
                     ("receipt_missing", {"file": "exercises/losses.py"}),
                     ("receipt_added", {"file": "exercises/extra.py"})]
    assert "exercises/dense.py: differs from the receipt" in t(notes[0][0], **notes[0][1])
    assert "영수증과 다릅니다" in t(notes[0][0], "ko", **notes[0][1])
    (root / S.MANIFEST).write_text("not json")
    assert S.verify(root) == [("receipt_damaged", {"receipt": S.MANIFEST})]
    (root / S.MANIFEST).unlink()
    assert S.verify(root) == []


def test_grade_takes_the_zip_and_notes_a_changed_file_in_the_feedback(course, tmp_path):
    honest = S.write("honest", course, out_dir=tmp_path / "subs")
    changed = tmp_path / "subs" / "changed.zip"
    with zipfile.ZipFile(honest) as src, zipfile.ZipFile(changed, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "exercises/activations.py":
                data = data.replace(b"return np.maximum(x, x.dtype.type(0))", b"return np.abs(x)")
            dst.writestr(info, data)
    relu = [registry.get("activations.relu")]
    report = grade([honest, changed], tmp_path / "grades", GradeOptions(relu))
    assert report.results["honest"][0].score == relu[0].points
    assert report.results["changed"][0].score == 0  # graded from the files as they are
    page = (tmp_path / "grades" / "feedback" / "changed.html").read_text(encoding="utf-8")
    assert "exercises/activations.py: differs from the receipt" in page
    assert "receipt" not in (tmp_path / "grades" / "feedback" / "honest.html").read_text(encoding="utf-8")
