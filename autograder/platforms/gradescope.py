"""Gradescope: the autograder zip ``dlkata export gradescope`` writes, and the grader it runs.

Format: https://gradescope-autograders.readthedocs.io/en/latest/specs/
(``setup.sh`` and ``run_autograder`` at the zip's root; ``/autograder/source``,
``/autograder/submission``, ``/autograder/results/results.json``) and
https://gradescope-autograders.readthedocs.io/en/latest/best_practices/
(student code in a subprocess, unable to read the grader's files; a results
file always written).

The zip holds ``setup.sh`` (installs the wheel of this checkout, with
TensorFlow, into ``/opt/dlkata/venv`` and warms the expected outputs into
``/opt/dlkata/cache``), ``run_autograder`` (calls :func:`main`), the wheel,
``dlkata-platform.json`` and the instructor's hidden-case file if given.

``results.json`` holds one test per exercise: ``max_score`` from the
registry, ``score`` (all or nothing, as everywhere in dlkata), its feedback
as ``output`` and the instructor's public visibility. A failed hidden case is
reported there as withheld when the hidden-case file says so. An exercise
with hidden cases also gets a test without points holding its hidden cases'
reports, with the instructor's hidden visibility (``hidden``: instructors
only). ``score`` at the top is the total.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

from ..exercise import Exercise
from . import settings as bundle
from .grade import Graded, exercise_feedback, grade_and_record, not_graded_text, summary

#: The zip's executable scripts, from ``templates/``.
SCRIPTS = {"setup.sh": "gradescope-setup.sh", "run_autograder": "gradescope-run_autograder"}


def export(out_zip: Path, exercises: list[Exercise], hidden_file: Path | None = None, lang: str = "en",
           public_visibility: str = "visible", hidden_visibility: str = "hidden", timeout: float = 60.0,
           memory_mb: int = 2048, seed: int = 0) -> Path:
    """Write the Gradescope autograder zip ``out_zip`` (builds this checkout's wheel)."""
    out_zip = Path(out_zip)
    with tempfile.TemporaryDirectory(prefix="dlkata-gradescope-") as tmp:
        folder = Path(tmp)
        wheel = bundle.build_wheel(folder)
        settings = bundle.settings_for(exercises, wheel.name, hidden_file is not None, lang, seed, timeout,
                                       memory_mb, public_visibility, hidden_visibility)
        bundle.save(settings, folder)
        if hidden_file is not None:
            shutil.copy(hidden_file, folder / bundle.HIDDEN_NAME)
        values = {"VERSION": settings.version, "WHEEL": wheel.name, "HOME": bundle.IMAGE_HOME,
                  "SETTINGS": bundle.FILE_NAME}
        for name, template in SCRIPTS.items():
            (folder / name).write_text(bundle.render(template, **values), encoding="utf-8")
        out_zip.parent.mkdir(parents=True, exist_ok=True)
        partial = out_zip.with_name(out_zip.name + ".partial")
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(folder.iterdir()):
                info = zipfile.ZipInfo(path.name, date_time=(2026, 1, 1, 0, 0, 0))
                info.external_attr = (0o755 if path.name in SCRIPTS else 0o644) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, path.read_bytes())
        os.replace(partial, out_zip)
    return out_zip


def results_json(graded: Graded, settings: bundle.PlatformSettings, withhold: bool) -> dict:
    """Gradescope's ``results.json`` for one graded submission."""
    lang, public, hidden = settings.lang, settings.visibility["public"], settings.visibility["hidden"]
    tests = []
    for n, res in enumerate(graded.results, 1):
        tests.append({"name": res.exercise.id, "number": str(n), "score": res.score,
                      "max_score": res.exercise.points, "output": exercise_feedback(res, lang, withhold),
                      "tags": [res.exercise.topic], "visibility": public})
        if any(c.hidden for c in res.cases):
            # instructors always see every test: with "hidden" visibility, the details are theirs alone
            tests.append({"name": f"{res.exercise.id}: hidden cases", "number": f"{n}.1",
                          "output": exercise_feedback(res, lang, withhold and hidden != "hidden", "hidden"),
                          "tags": [res.exercise.topic, "hidden"], "visibility": hidden})
    return {"score": graded.earned, "execution_time": round(graded.seconds), "output": summary(graded, settings, lang),
            "stdout_visibility": "hidden", "extra_data": {"dlkata": settings.version, **graded.facts},
            "tests": tests}


def _unfinished(lang: str, reason: str = "") -> dict:
    text = not_graded_text(lang, reason)
    return {"score": 0, "output": text, "stdout_visibility": "hidden", "tests": []}


def run(root: Path) -> bool:
    """Grade ``root/submission`` into ``root/results/results.json`` (``root``: Gradescope's ``/autograder``).

    The results file is written whatever happens: a placeholder first (left
    if this process is killed), then the grades, or what made grading fail.
    """
    root = Path(root)
    return grade_and_record(root / "submission", root / "source" / bundle.FILE_NAME, root / "results",
                            results_json, _unfinished)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dlkata.autograder.platforms.gradescope",
                                     description="Grade a Gradescope submission with dlkata.")
    parser.add_argument("--root", type=Path, default=Path(os.environ.get("AUTOGRADER_ROOT", "/autograder")),
                        help="Gradescope's autograder folder (default: $AUTOGRADER_ROOT or /autograder)")
    args = parser.parse_args(argv)
    return 0 if run(args.root) else 1


if __name__ == "__main__":
    sys.exit(main())
