"""Finding and unpacking students' submissions for ``dlkata grade``.

A submission is a folder holding an ``exercises/`` folder (a student's copy of
the course, or the ``exercises/`` folder itself), or a zip of one, or the
course's nbgrader notebooks (one ``.ipynb``, or a folder or zip of them). The
student id is the folder's, zip's or notebook's name. nbgrader's own layout is
understood: its ``submitted/`` folder (``submitted/<student>/<assignment>/
<topic>.ipynb``) gives one submission per student folder, and so does a list of
its notebooks (``submitted/*/activations/activations.ipynb``): a notebook named
after its topic belongs to the student whose folder holds it. Zips and folders
are unpacked with the same limits on size and file count, counted while
copying (a file is never read whole first), and never follow a link; zips
refuse paths that escape the target (zip-slip).
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

from .safetext import clean

#: Unpacked size and file count above which a zip or a folder is refused (a zip bomb, a huge folder).
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_FILES = 2000
_CHUNK = 1 << 20
#: Caches and version control a student's folder may hold: never copied, never part of the fingerprint.
_SKIPPED = ("__pycache__", ".git", ".ipynb_checkpoints")


class SubmissionError(ValueError):
    """A submission that cannot be graded at all (not found, bad zip)."""


#: nbgrader's folders that hold one folder per student.
NBGRADER_FOLDERS = ("submitted", "autograded")


@dataclass
class Submission:
    """A student's work: ``source`` as given, ``student`` its id; ``more``: the student's other notebooks
    named on the command line (nbgrader's layout, one notebook per assignment)."""

    student: str
    source: Path
    more: tuple[Path, ...] = ()

    @property
    def is_zip(self) -> bool:
        """Whether the submission is a zip file."""
        return self.source.suffix.lower() == ".zip"

    @property
    def is_notebook(self) -> bool:
        """Whether the submission is one notebook."""
        return self.source.suffix.lower() == ".ipynb"


def discover(paths) -> list[Submission]:
    """Submissions named on the command line, in order, one per student id (see the module docstring)."""
    found: dict[str, Submission] = {}
    for given in map(Path, paths):
        if not given.exists():
            raise SubmissionError(f"no such submission: {given}")
        if given.is_file() and given.suffix.lower() not in (".zip", ".ipynb"):
            raise SubmissionError(f"{given} is neither a folder, a .zip nor a notebook (.ipynb)")
        for student, p in _students(given):
            student = clean(student)
            sub = found.get(student)
            if sub is not None and sub.is_notebook and p.suffix.lower() == ".ipynb" and _is_topic_notebook(p):
                sub.more += (p,)  # the same student's notebook of another assignment
                continue
            if sub is not None:
                raise SubmissionError(f"two submissions are named {student!r}: {sub.source} and {p}")
            found[student] = Submission(student, p)
    return list(found.values())


def _is_topic_notebook(path: Path) -> bool:
    from . import registry

    return path.stem in {tp.name for tp in registry.topics()}


def _students(p: Path) -> list[tuple[str, Path]]:
    """``(student, source)`` pairs one command-line path stands for."""
    if p.is_file():
        if p.suffix.lower() == ".ipynb" and _is_topic_notebook(p):
            parts = p.resolve().parts
            below = [i for i, part in enumerate(parts[:-1]) if part in NBGRADER_FOLDERS]
            if below and below[-1] + 1 < len(parts) - 1:  # submitted/<student>/<assignment>/<topic>.ipynb
                return [(parts[below[-1] + 1], p)]
            return [(p.resolve().parent.name, p)]  # <student>/<topic>.ipynb
        return [(p.stem, p)]
    if _is_nbgrader_folder(p):
        return [(d.name, d) for d in sorted(p.iterdir()) if d.is_dir() and not d.name.startswith(".")]
    return [(p.resolve().name, p)]


def _is_nbgrader_folder(p: Path) -> bool:
    """Whether ``p`` holds one folder per student, each with ``<assignment>/*.ipynb`` (nbgrader's ``submitted/``)."""
    if any(p.glob("*.ipynb")) or any(p.glob("*.py")) or (p / "exercises").is_dir():
        return False
    students = [d for d in p.iterdir() if d.is_dir() and not d.name.startswith(".")]
    return bool(students) and all(any(d.glob("*/*.ipynb")) and not any(d.glob("*.ipynb")) for d in students)


def exercises_dir(root: Path) -> Path | None:
    """The folder holding the student's topic modules inside an unpacked submission."""
    for candidate in (root / "exercises", root):
        if candidate.is_dir() and any(candidate.glob("*.py")):
            return candidate
    subdirs = [d for d in root.iterdir() if d.is_dir() and not d.name.startswith((".", "__"))]
    if len(subdirs) == 1:  # a zip that wraps everything in one top folder
        return exercises_dir(subdirs[0])
    return None


def _walk(root: Path):
    """Regular files under ``root`` as ``(relative path, absolute path)``, sorted, links and caches skipped."""
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED and not os.path.islink(os.path.join(folder, d)))
        for name in sorted(files):
            full = os.path.join(folder, name)
            if name.endswith((".pyc", ".nbi", ".nbc")) or not stat.S_ISREG(os.lstat(full).st_mode):
                continue  # links could point at the grader's files; devices and fifos are not code
            yield os.path.relpath(full, root), full


def _stream(path: str):
    """A file's content in chunks, opened without following a link."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as f:
        while chunk := f.read(_CHUNK):
            yield chunk


def fingerprint(sub: Submission) -> str:
    """A hash of the submission's content: grading is redone only when it changes.

    Read in chunks and never past the limits of :func:`unpack` (content beyond
    them cannot be graded, and so needs no hash).
    """
    h = hashlib.sha256()
    if sub.is_zip or sub.is_notebook:
        seen = 0
        for path in (sub.source, *sub.more):
            for chunk in _stream(str(path)):
                h.update(chunk)
                seen += len(chunk)
                if seen > MAX_UNPACKED_BYTES:
                    h.update(b"...too large")
                    return h.hexdigest()
            h.update(b"\0")
        return h.hexdigest()
    seen, count = 0, 0
    for rel, full in _walk(sub.source):
        count += 1
        h.update(rel.encode("utf-8", "surrogateescape") + b"\0")
        try:
            for chunk in _stream(full):
                h.update(chunk)
                seen += len(chunk)
                if seen > MAX_UNPACKED_BYTES:
                    break
        except OSError:
            h.update(b"(unreadable)")
        h.update(b"\0")
        if seen > MAX_UNPACKED_BYTES or count > MAX_FILES:
            h.update(b"...too large")
            break
    return h.hexdigest()


def _copy_folder(source: Path, target: Path) -> None:
    """Copy a folder submission, counting files and bytes as they are copied (never more than the limits)."""
    copied, count = 0, 0
    for rel, full in _walk(source):
        count += 1
        if count > MAX_FILES:
            raise SubmissionError(f"{source}: more than {MAX_FILES} files")
        dest = target / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        with open(dest, "wb") as out:
            for chunk in _stream(full):
                copied += len(chunk)
                if copied > MAX_UNPACKED_BYTES:
                    raise SubmissionError(f"{source}: more than {MAX_UNPACKED_BYTES >> 20} MB")
                out.write(chunk)


def unpack(sub: Submission, target: Path) -> dict[str | None, Path]:
    """Copy or unzip the submission into ``target`` (a fresh folder).

    Returns where each topic's module lives: ``{None: exercises folder}`` for a
    copy of the course, or one package folder per topic for nbgrader
    notebooks (:mod:`autograder.nbsubmission`).
    """
    files = target / "files"
    files.mkdir(parents=True, exist_ok=True)
    if sub.is_zip:
        if sub.source.stat().st_size > MAX_UNPACKED_BYTES:
            raise SubmissionError(f"{sub.source}: a zip of more than {MAX_UNPACKED_BYTES >> 20} MB")
        _safe_unzip(sub.source, files)
    elif sub.is_notebook:
        for path in (sub.source, *sub.more):  # each in its assignment's folder, as nbgrader keeps them
            if path.stat().st_size > MAX_UNPACKED_BYTES:
                raise SubmissionError(f"{path}: a notebook of more than {MAX_UNPACKED_BYTES >> 20} MB")
            (files / path.parent.name).mkdir(exist_ok=True)
            shutil.copy(path, files / path.parent.name / path.name)
    else:
        try:
            _copy_folder(sub.source, files)
        except OSError as exc:
            raise SubmissionError(f"{sub.source}: cannot be copied ({exc.strerror or exc})") from None
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
        copied = 0
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
                while chunk := src.read(_CHUNK):  # counted as it comes, whatever the zip declared
                    copied += len(chunk)
                    if copied > MAX_UNPACKED_BYTES:
                        raise SubmissionError(f"{path}: unpacks to more than {MAX_UNPACKED_BYTES >> 20} MB")
                    out.write(chunk)


def receipt_notes(files: Path) -> list[list]:
    """Notices for how an unpacked submission differs from its receipt (``dlkata submit``'s manifest):
    ``[message key, fields]`` each (:func:`autograder.exports.submission_text` words them); none when it
    matches or has no receipt. The grade comes from the files either way."""
    from .submit import verify

    return [list(note) for note in verify(files)]
