"""PrairieLearn: the external grader ``dlkata export prairielearn`` writes, and the grader it runs.

Format: https://prairielearn.readthedocs.io/en/latest/externalGrading/
(``/grade/student``, ``/grade/serverFilesCourse``, ``/grade/results/results.json``
with ``gradable``, ``score`` in [0, 1], ``message``, ``format_errors`` and
``tests`` of ``name``, ``points``, ``max_points``, ``message``, ``output``;
at most 1 MB) and https://prairielearn.readthedocs.io/en/latest/dockerImages/
(a grader image must be publicly pullable).

Because the image is public, it cannot hold dlkata itself: the wheel of this
checkout carries the reference solutions. ``OUT/`` therefore has two parts:

- ``OUT/image/``: the ``Dockerfile`` (from ``python:3.11-slim``: bubblewrap,
  dlkata's dependencies pinned by ``constraints.txt`` to this environment's
  versions, and the public cases' expected outputs, computed while the wheel
  is mounted for that one build step and then uninstalled);
- ``OUT/serverFilesCourse/dlkata/``: what goes into the course repository's
  private ``serverFilesCourse/``: the ``entrypoint``, the wheel, the settings,
  and with ``--hidden`` the hidden-case file and its cases' expected outputs
  (computed now, with this environment's TensorFlow, which the constraints
  pin the image to).

``OUT/externalGradingOptions.json`` is what each question's ``info.json``
sets. Each job's entrypoint unpacks the wheel outside the graded folders and
calls :func:`main`, which grades ``/grade/student`` and always writes a
results file. A submission that cannot be graded at all (empty, no topic
module, a broken zip) is ``gradable: false``: PrairieLearn then does not
count the attempt.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
from importlib import metadata
from pathlib import Path

from .. import oracle, registry
from ..checking import hidden_draws
from ..exercise import Exercise
from ..exports import only_notices
from ..hidden import load as load_hidden
from ..messages import t
from ..paths import cache_dir
from . import settings as bundle
from .grade import MAX_FEEDBACK_CHARS, Graded, exercise_feedback, grade_and_record, not_graded_text, summary

#: The course folder (under ``serverFilesCourse/``) the grader's files go to.
COURSE_FOLDER = "dlkata"
#: Seconds PrairieLearn lets a job run (its default is 30, its maximum 600).
JOB_TIMEOUT = 600
#: PrairieLearn refuses a results file over 1 MB; the feedback texts share what is left of it.
FEEDBACK_BYTES = 900_000


def export(out: Path, exercises: list[Exercise], image: str, hidden_file: Path | None = None, lang: str = "en",
           timeout: float = 60.0, memory_mb: int = 2048, seed: int = 0) -> Path:
    """Write the PrairieLearn grader into the folder ``out`` (builds this checkout's wheel).

    ``image`` is the name the instructor will push the image under (it goes
    into ``externalGradingOptions.json``). With ``hidden_file``, its cases'
    expected outputs are computed here (this imports TensorFlow when they
    are not cached yet).
    """
    out = Path(out)
    image_dir, course_dir = out / "image", out / "serverFilesCourse" / COURSE_FOLDER
    for d in (image_dir, course_dir):  # the two folders this bundle owns, written afresh
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
    wheel = bundle.build_wheel(image_dir)
    shutil.copy2(wheel, course_dir / wheel.name)
    settings = bundle.settings_for(exercises, wheel.name, hidden_file is not None, lang, seed, timeout, memory_mb)
    bundle.save(settings, course_dir)
    bundle.save(bundle.settings_for(exercises, wheel.name, False, lang, seed, timeout, memory_mb), image_dir)
    (image_dir / "constraints.txt").write_text(constraints(), encoding="utf-8")
    values = {"VERSION": settings.version, "WHEEL": wheel.name, "HOME": bundle.IMAGE_HOME,
              "SETTINGS": bundle.FILE_NAME}
    (image_dir / "Dockerfile").write_text(bundle.render("prairielearn-Dockerfile", **values), encoding="utf-8")
    entry = course_dir / "entrypoint"
    entry.write_text(bundle.render("prairielearn-entrypoint", **values), encoding="utf-8")
    entry.chmod(0o755)
    if hidden_file is not None:
        shutil.copy(hidden_file, course_dir / bundle.HIDDEN_NAME)
        _copy_hidden_outputs(exercises, Path(hidden_file), course_dir / "oracle")
    options = {"externalGradingOptions": {
        "enabled": True, "image": image, "serverFilesCourse": [f"{COURSE_FOLDER}/"],
        "entrypoint": f"/grade/serverFilesCourse/{COURSE_FOLDER}/entrypoint", "timeout": JOB_TIMEOUT}}
    (out / "externalGradingOptions.json").write_text(json.dumps(options, indent=2) + "\n", encoding="utf-8")
    return out


def constraints() -> str:
    """pip constraints pinning dlkata's direct dependencies to the versions installed here.

    The image then computes expected outputs with the TensorFlow they were
    validated with, draws the same cases (NumPy's generators), and finds the
    hidden cases' outputs computed here under the same keys.
    """
    lines = [f"# dlkata {bundle.installed_version()}'s dependencies as installed where the bundle was exported"]
    for requirement in metadata.requires("dlkata") or []:
        if "extra ==" in requirement:
            continue
        name = re.match(r"[A-Za-z0-9._-]+", requirement).group(0)
        try:
            lines.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            continue  # a platform's alternative (tensorflow where tensorflow-cpu is installed)
    return "\n".join(dict.fromkeys(lines)) + "\n"


def _copy_hidden_outputs(exercises: list[Exercise], hidden_file: Path, target: Path) -> None:
    """The hidden cases' expected outputs, laid out as the oracle cache lays them out."""
    hidden = load_hidden(hidden_file)
    root = cache_dir() / "oracle"
    for ex in exercises:
        if not hidden.applies_to(ex.id):
            continue
        for case, _ in hidden_draws(ex, hidden):
            oracle.expected(ex, case)
            path = oracle.cache_path(ex, case)
            dest = target / path.relative_to(root)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, dest)


def results_json(graded: Graded, settings: bundle.PlatformSettings, withhold: bool) -> dict:
    """PrairieLearn's ``results.json`` for one graded submission."""
    lang = settings.lang
    if graded.error and not only_notices(graded.error):
        return {"gradable": False, "message": summary(graded, settings, lang), "format_errors": [graded.error]}
    # at most 4 bytes a character in UTF-8: every exercise's feedback fits in the 1 MB together
    limit = min(MAX_FEEDBACK_CHARS, FEEDBACK_BYTES // (4 * max(1, len(graded.results))))
    tests = [{"name": res.exercise.id,
              "description": registry.topic(res.exercise.topic).title.get(lang, res.exercise.topic),
              "points": res.score, "max_points": res.exercise.points,
              "message": t("passed" if res.passed else "failed", lang),
              "output": exercise_feedback(res, lang, withhold, limit=limit)} for res in graded.results]
    return {"gradable": True, "score": graded.earned / graded.total if graded.total else 0.0,
            "message": summary(graded, settings, lang), "tests": tests,
            "dlkata": {"version": settings.version, "seconds": round(graded.seconds, 2), **graded.facts}}


def _not_graded(lang: str, reason: str = "") -> dict:
    text = not_graded_text(lang, reason)
    return {"gradable": False, "message": text, "format_errors": [text]}


def run(root: Path, settings_path: Path) -> bool:
    """Grade ``root/student`` into ``root/results/results.json`` (``root``: PrairieLearn's ``/grade``)."""
    root = Path(root)
    return grade_and_record(root / "student", settings_path, root / "results", results_json, _not_graded)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dlkata.autograder.platforms.prairielearn",
                                     description="Grade a PrairieLearn submission with dlkata.")
    root = Path(os.environ.get("GRADE_ROOT", "/grade"))
    parser.add_argument("--root", type=Path, default=root, help="the job's folder (default: $GRADE_ROOT or /grade)")
    parser.add_argument("--settings", type=Path,
                        default=root / "serverFilesCourse" / COURSE_FOLDER / bundle.FILE_NAME,
                        help=f"the bundle's {bundle.FILE_NAME}")
    args = parser.parse_args(argv)
    return 0 if run(args.root, args.settings) else 1


if __name__ == "__main__":
    sys.exit(main())
