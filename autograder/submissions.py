"""Finding and unpacking students' submissions for ``dlkata grade``.

A submission is a folder holding an ``exercises/`` folder (a student's copy of
the course, or the ``exercises/`` folder itself), or a zip of one, or the
course's nbgrader notebooks (one ``.ipynb``, or a folder or zip of them). The
student id is the folder's, zip's or notebook's name. Zips are unpacked with limits on size
and file count and refuse paths that escape the target (zip-slip).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

#: Unpacked size and file count above which a zip is refused (a zip bomb).
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_FILES = 2000


class SubmissionError(ValueError):
    """A submission that cannot be graded at all (not found, bad zip)."""


@dataclass
class Submission:
    """A student's work: ``source`` as given, ``student`` its id."""

    student: str
    source: Path

    @property
    def is_zip(self) -> bool:
        return self.source.suffix.lower() == ".zip"

    @property
    def is_notebook(self) -> bool:
        return self.source.suffix.lower() == ".ipynb"


def discover(paths) -> list[Submission]:
    """Submissions named on the command line, in order, one per student id."""
    found: dict[str, Submission] = {}
    for p in map(Path, paths):
        if not p.exists():
            raise SubmissionError(f"no such submission: {p}")
        if p.is_file() and p.suffix.lower() not in (".zip", ".ipynb"):
            raise SubmissionError(f"{p} is neither a folder, a .zip nor a notebook (.ipynb)")
        student = p.stem if p.is_file() else p.resolve().name
        if student in found:
            raise SubmissionError(f"two submissions are named {student!r}: {found[student].source} and {p}")
        found[student] = Submission(student, p)
    return list(found.values())


def exercises_dir(root: Path) -> Path | None:
    """The folder holding the student's topic modules inside an unpacked submission."""
    for candidate in (root / "exercises", root):
        if candidate.is_dir() and any(candidate.glob("*.py")):
            return candidate
    subdirs = [d for d in root.iterdir() if d.is_dir() and not d.name.startswith((".", "__"))]
    if len(subdirs) == 1:  # a zip that wraps everything in one top folder
        return exercises_dir(subdirs[0])
    return None


def fingerprint(sub: Submission) -> str:
    """A hash of the submission's content: grading is redone only when it changes."""
    h = hashlib.sha256()
    if sub.is_zip or sub.is_notebook:
        h.update(sub.source.read_bytes())
        return h.hexdigest()
    for f in sorted(sub.source.rglob("*")):
        rel = f.relative_to(sub.source)
        if f.is_symlink():
            continue  # never followed: a link could point at the grader's files
        if f.is_file() and "__pycache__" not in rel.parts and not f.name.endswith((".pyc", ".nbi", ".nbc")):
            h.update(str(rel).encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def unpack(sub: Submission, target: Path) -> dict[str | None, Path]:
    """Copy or unzip the submission into ``target`` (a fresh folder).

    Returns where each topic's module lives: ``{None: exercises folder}`` for a
    copy of the course, or one package folder per topic for nbgrader
    notebooks (:mod:`autograder.nbsubmission`).
    """
    files = target / "files"
    files.mkdir(parents=True, exist_ok=True)
    if sub.is_zip:
        _safe_unzip(sub.source, files)
    elif sub.is_notebook:
        shutil.copy(sub.source, files / sub.source.name)
    else:
        def skip(folder, names):  # caches, and every link or special file (never followed)
            return {n for n in names if n in ("__pycache__", ".git") or n.endswith(".pyc")
                    or os.path.islink(os.path.join(folder, n))
                    or not (os.path.isfile(os.path.join(folder, n)) or os.path.isdir(os.path.join(folder, n)))}

        shutil.copytree(sub.source, files, dirs_exist_ok=True, symlinks=True, ignore=skip)
    found = exercises_dir(files)
    if found is not None:
        return {None: found}
    from .nbsubmission import build_packages, find_notebooks

    notebooks = find_notebooks(files)
    if notebooks:
        return dict(build_packages(notebooks, target / "notebooks"))
    raise SubmissionError(f"{sub.source}: no exercises/ folder with .py files, and no course notebook, inside")


def _safe_unzip(path: Path, target: Path) -> None:
    try:
        _unzip(path, target)
    except SubmissionError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, ValueError) as exc:
        raise SubmissionError(f"{path}: not a valid zip ({type(exc).__name__}: {exc})") from None


def _unzip(path: Path, target: Path) -> None:
    zf = zipfile.ZipFile(path)
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_FILES:
            raise SubmissionError(f"{path}: {len(infos)} files is more than {MAX_FILES}")
        if sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
            raise SubmissionError(f"{path}: unpacks to more than {MAX_UNPACKED_BYTES >> 20} MB")
        root = target.resolve()
        for info in infos:
            name = PurePosixPath(info.filename)
            if name.is_absolute() or ".." in name.parts:
                raise SubmissionError(f"{path}: refuses the unsafe path {info.filename!r}")
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                continue  # symlinks could point anywhere: skipped
            dest = (root / name).resolve()
            if dest != root and root not in dest.parents:
                raise SubmissionError(f"{path}: refuses the unsafe path {info.filename!r}")
            if info.is_dir():
                dest.mkdir(parents=True, exist_ok=True)
                continue
            dest.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(info) as src, open(dest, "wb") as out:
                shutil.copyfileobj(src, out)


def receipt_notes(files: Path) -> str:
    """How an unpacked submission differs from its receipt (``dlkata submit``'s manifest), for its
    feedback; ``""`` when it matches or has none. The grade comes from the files either way."""
    from .submit import MANIFEST, verify

    notes = verify(files)
    if not notes:
        return ""
    return (f"Your files differ from the receipt {MANIFEST} that `dlkata submit` wrote; they were graded as they "
            f"are: " + "; ".join(notes))
