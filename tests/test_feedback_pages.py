"""Pages worded when written: the gradebook keeps verdicts and pictures, ``--lang`` never regrades,
``dlkata feedback OUT --lang`` re-renders from the gradebook alone, pictures mark NaN/inf and name their
slice, and the class page (``OUT/index.html``) works in headless Chromium."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import unquote

import numpy as np
import pytest
from click.testing import CliRunner

from dlkata.autograder import registry
from dlkata.autograder.gradebook import Gradebook, GradebookError
from dlkata.autograder.grading import GradeOptions, grade
from dlkata.autograder.pictures import picture, thumbnail

from .hostile import make_submission

SOFTMAX_NAN = ("def softmax(x, axis=-1):\n    import numpy as np\n    e = np.exp(x)\n"
               "    return e / e.sum(axis=axis, keepdims=True)\n")
SOFTMAX_TWICE = ("def softmax(x, axis=-1):\n    import numpy as np\n    e = np.exp(x - x.max(axis=axis, keepdims=True))\n"
                 "    return 2 * e / e.sum(axis=axis, keepdims=True)\n")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--virtual-time-budget=3000"]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """A small class graded once, in English: a perfect one, an unstable softmax, a doubled softmax."""
    root = tmp_path_factory.mktemp("class")
    make_submission(root, "ada")
    make_submission(root, "bora", function="softmax", new_def=SOFTMAX_NAN)
    make_submission(root, "천 서연", function="softmax", new_def=SOFTMAX_TWICE)
    out = root / "out"
    options = GradeOptions(list(registry.topic("activations").exercises), timeout=30)
    report = grade(sorted(p for p in root.iterdir() if p.name != "out"), out, options)
    assert sorted(report.graded) == ["ada", "bora", "천 서연"]
    return root, out, options


def _text(page: Path) -> str:
    return re.sub(r"<[^>]+>", " ", re.sub(r"src='data:[^']*'", "", page.read_text(encoding="utf-8")))


def test_the_gradebook_stores_verdicts_and_pictures_not_words(graded):
    _, out, _ = graded
    db = sqlite3.connect(out / "gradebook.sqlite")
    columns = [r[1] for r in db.execute("PRAGMA table_info(results)")]
    assert "verdict" in columns and "picture" in columns and "message" not in columns
    rows = db.execute("SELECT verdict, picture FROM results WHERE student='bora' AND passed=0").fetchall()
    verdicts = [json.loads(v) for v, _ in rows]
    assert all(v["problem"] and "fields" in v and "diagnoses" in v for v in verdicts)
    assert any(["diag_unstable", {}] in v["diagnoses"] for v in verdicts)
    pictures = [p for _, p in rows if p]
    assert pictures and all(p[:8] == b"\x89PNG\r\n\x1a\n" for p in pictures)
    config = json.loads(db.execute("SELECT config FROM submissions WHERE student='bora'").fetchone()[0])
    assert "lang" not in config


def test_another_language_never_regrades_and_rewords_every_page(graded):
    root, out, options = graded
    from dataclasses import replace

    report = grade(sorted(p for p in root.iterdir() if p.name != "out"), out, replace(options, lang="ko"))
    assert report.graded == [] and sorted(report.skipped) == ["ada", "bora", "천 서연"]
    page = _text(out / "feedback" / "bora.html")
    assert "dlkata 피드백" in page and "아주 큰 입력에서 inf/NaN이 나옵니다" in page and "주제" in page
    assert "Huge inputs give" not in page and "topic" not in page
    assert "반 전체" in (out / "index.html").read_text(encoding="utf-8")
    results = json.loads((out / "results" / "bora.json").read_text(encoding="utf-8"))
    assert "케이스" in results["tests"][6]["output"]


def test_feedback_rerenders_an_out_folder_from_the_gradebook_alone(graded, tmp_path):
    from dlkata.cli.main import main

    _, out, _ = graded
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copy(out / "gradebook.sqlite", copy / "gradebook.sqlite")  # the gradebook and nothing else
    res = CliRunner().invoke(main, ["feedback", str(copy), "--lang", "en"])
    assert res.exit_code == 0, res.output
    for student in ("ada", "bora", "천 서연"):
        assert (copy / "feedback" / f"{student}.html").exists() and (copy / "results" / f"{student}.json").exists()
    page = _text(copy / "feedback" / "bora.html")
    assert "Huge inputs give inf/NaN" in page and "marked:" in page and "NaN" in page
    assert (copy / "grades.csv").read_text(encoding="utf-8") == (out / "grades.csv").read_text(encoding="utf-8")
    res = CliRunner().invoke(main, ["feedback", str(copy), "--lang", "ko"])
    assert res.exit_code == 0 and "print 출력" in _text(copy / "feedback" / "bora.html")
    assert CliRunner().invoke(main, ["feedback", str(tmp_path)]).exit_code == 2  # no gradebook: said clearly


def test_an_old_gradebook_is_migrated_in_place(tmp_path):
    path = tmp_path / "gradebook.sqlite"
    old = sqlite3.connect(path)
    old.executescript("""
        CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, started TEXT NOT NULL, finished TEXT,
                           config TEXT NOT NULL, tf_version TEXT NOT NULL);
        CREATE TABLE submissions (student TEXT PRIMARY KEY, source TEXT NOT NULL, fingerprint TEXT NOT NULL,
            config TEXT NOT NULL, run_id INTEGER NOT NULL, graded_at TEXT NOT NULL, score INTEGER NOT NULL,
            max_score INTEGER NOT NULL, error TEXT NOT NULL DEFAULT '');
        CREATE TABLE exercise_scores (student TEXT NOT NULL, exercise TEXT NOT NULL, score INTEGER NOT NULL,
            max_score INTEGER NOT NULL, PRIMARY KEY (student, exercise));
        CREATE TABLE results (student TEXT NOT NULL, exercise TEXT NOT NULL, case_name TEXT NOT NULL,
            hidden INTEGER NOT NULL, passed INTEGER NOT NULL, problem TEXT NOT NULL, message TEXT NOT NULL,
            seconds REAL NOT NULL, PRIMARY KEY (student, exercise, case_name, hidden));
        INSERT INTO results VALUES ('ana', 'activations.relu', 'float32 batch', 0, 0, 'values',
                                    'case ''float32 batch'' — output: worst element ...', 0.1);
    """)
    old.commit()
    old.close()
    from dlkata.autograder.exports import stored_results

    book = Gradebook(path)
    [res] = stored_results(book, "ana")
    assert res.cases[0].message == "case 'float32 batch' — output: worst element ..."
    book.close()
    db = sqlite3.connect(path)
    assert "verdict" in [r[1] for r in db.execute("PRAGMA table_info(results)")]
    db.execute("CREATE TABLE stray (x)")
    db.execute("ALTER TABLE results RENAME TO results_x")
    db.execute("CREATE TABLE results (student, oddity)")
    db.commit()
    with pytest.raises(GradebookError, match="not a dlkata gradebook this version can read"):
        Gradebook(path)


def test_pictures_mark_nan_and_inf_and_name_their_slice():
    got = np.random.default_rng(0).random((2, 5, 6, 3))
    expected = got.copy()
    got[0, 1, 1, 0], got[0, 2, 2, 0], got[0, 3, 3, 0] = np.nan, np.inf, -np.inf
    pic = picture(thumbnail(got, expected))
    assert pic.kind == "image" and pic.part == "[0, :, :, 0]" and pic.nonfinite == ["nan", "+inf", "-inf"]
    from matplotlib.image import imread
    import io

    pixels = imread(io.BytesIO(pic.png))[..., :3]
    for colour in ("#e41a1c", "#ff9f1c", "#1f78ff"):  # each mark is painted in its colour
        rgb = np.array([int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])
        assert (np.abs(pixels - rgb).max(axis=-1) < 0.02).sum() > 20, colour
    clean = picture(thumbnail(expected + 1, expected))
    assert clean.nonfinite == [] and thumbnail(np.zeros(3), np.zeros(4)) is None


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
def test_the_class_page_in_chromium(graded, tmp_path):
    _, out, _ = graded
    index = out / "index.html"

    def dom(fragment=""):
        return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom",
                               index.as_uri() + fragment], capture_output=True, text=True, timeout=120).stdout

    page = dom()
    bars = re.findall(r"<rect class=\"bar\" data-low=\"(\d+)\" data-high=\"(\d+)\" data-count=\"(\d+)\"", page)
    assert sum(int(c) for _, _, c in bars) == 3  # every student in the histogram
    scores = {"ada": 10, "bora": 6, "천 서연": 6}
    for score in set(scores.values()):
        assert any(int(lo) <= score <= int(hi) and int(c) == list(scores.values()).count(score) for lo, hi, c in bars)
    assert re.search(r'data-exercise="activations.softmax" data-rate="0.3333"', page)
    assert re.search(r'data-key="diag_unstable" data-students="1"', page)
    # sorting: the same function the header click calls, by the page's address
    def order(html):
        return re.findall(r'<td data-key="student" data-value="([^"]+)">', html)
    assert order(page) == ["ada", "bora", "천 서연"]
    desc = dom("#sort=score:asc")
    assert order(desc)[0] in ("bora", "천 서연") and order(desc)[-1] == "ada" and 'data-sorted="score:asc"' in desc
    assert order(dom("#sort=student:desc")) == ["천 서연", "bora", "ada"]
    links = re.findall(r'<a href="(feedback/[^"]+)">', page)
    assert len(links) == 3 and all((out / unquote(link)).exists() for link in links)
