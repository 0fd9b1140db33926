"""A feedback page opened in real headless Chromium: the score and a picture render."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from dlkata.autograder import registry
from dlkata.autograder.grading import GradeOptions, grade

from .hostile import make_submission

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--virtual-time-budget=3000"]


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
def test_feedback_page_renders_score_and_picture(tmp_path):
    topic = registry.topic("activations")
    # softmax off by a factor: a values mismatch, so the page carries a picture
    make_submission(tmp_path / "class", "student", function="softmax",
                    new_def="def softmax(x, axis=-1):\n    import numpy as np\n"
                            "    e = np.exp(x - x.max(axis=axis, keepdims=True))\n"
                            "    return 2 * e / e.sum(axis=axis, keepdims=True)\n")
    out = tmp_path / "out"
    grade([tmp_path / "class" / "student"], out, GradeOptions(list(topic.exercises), timeout=20))
    page = out / "feedback" / "student.html"
    expected_score = topic.points - 4  # softmax and softmax_backward (which reuses it)
    profile = tmp_path / "profile"
    dom = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=120).stdout
    assert f">{expected_score} / {topic.points}<" in dom
    assert 'data-images="ok"' in dom, "an <img> failed to decode in the browser"
    shot = tmp_path / "page.png"
    subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", f"--screenshot={shot}",
                    "--window-size=1000,1400", page.as_uri()], capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 10_000
