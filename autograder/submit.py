"""``dlkata submit``: a student's work as one zip, with a receipt of what it holds.

``<student-id>.zip`` holds the student's ``exercises/`` (every ``.py`` file)
or their notebooks (every ``.ipynb``), and ``dlkata-submission.json``: the
edition's version, the course's fingerprint, the student id, the UTC time and
the sha256 of every file. ``dlkata grade`` takes the zip as any other and
compares the files with the receipt (:func:`verify`), noting any difference
in that student's feedback. The receipt is a record, not a seal: anyone can
rewrite a zip and its receipt together, so grades always come from the files
as they are.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import tempfile
import zipfile
from importlib import metadata
from pathlib import Path, PurePosixPath

MANIFEST = "dlkata-submission.json"
FORMAT = "dlkata-submission/1"
#: What a submission carries from each kind of folder.
KINDS = {"exercises": ".py", "notebooks": ".ipynb"}


class SubmitError(ValueError):
    """The submission cannot be written (bad id, nothing to submit, the zip exists)."""


def check_id(student: str) -> str:
    """The student id, stripped; ``SubmitError`` for one that cannot name a file."""
    student = (student or "").strip()
    if not student:
        raise SubmitError("the student id is empty")
    bad = set('/\\:*?"<>|') | {chr(c) for c in range(32)}
    if any(ch in bad for ch in student) or student.startswith(".") or len(student) > 100:
        raise SubmitError(f"{student!r} cannot name a file: use letters, digits, spaces, '-' or '_'")
    return student


def collect(folder: Path, kind: str) -> dict[str, bytes]:
    """``{name in the zip: content}`` of the ``.py`` (exercises) or ``.ipynb`` (notebooks) files under ``folder``.

    Caches, checkpoints, hidden folders and links are left out.
    """
    suffix = KINDS[kind]
    folder = Path(folder)
    files: dict[str, bytes] = {}
    for path in sorted(folder.rglob(f"*{suffix}")):
        rel = path.relative_to(folder)
        if path.is_symlink() or not path.is_file() or any(p.startswith(".") or p == "__pycache__" for p in rel.parts):
            continue
        files[str(PurePosixPath(kind, *rel.parts))] = path.read_bytes()
    return files


def edition() -> dict:
    """The version of the installed dlkata and the fingerprint of the course it checks against."""
    from . import public

    try:
        version = metadata.version("dlkata")
    except metadata.PackageNotFoundError:
        version = "unknown"
    course = public.describe()["fingerprint"] if public.in_use() else "instructor checkout"
    return {"version": version, "course": course}


def manifest(student: str, files: dict[str, bytes], now: _dt.datetime | None = None) -> dict:
    """The receipt of a submission."""
    now = now or _dt.datetime.now(_dt.timezone.utc)
    return {"format": FORMAT, "student": student, "edition": edition(),
            "created": now.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "files": {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())}}


def write(student: str, folder: Path, kind: str = "exercises", out_dir: Path = Path("."),
          force: bool = False) -> Path:
    """Write ``out_dir/<student>.zip`` of ``folder``; never replaces an existing zip unless ``force``."""
    student = check_id(student)
    files = collect(folder, kind)
    if not files:
        raise SubmitError(f"{folder}: no {KINDS[kind]} files to submit")
    target = Path(out_dir) / f"{student}.zip"
    if target.exists() and not force:
        raise SubmitError(f"{target} exists already; nothing was written (use --force to replace it)")
    receipt = manifest(student, files)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".zip.tmp")
    try:
        with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(MANIFEST, json.dumps(receipt, indent=1, ensure_ascii=False) + "\n")
            for name, data in files.items():
                zf.writestr(name, data)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


def verify(root: Path) -> list[tuple[str, dict]]:
    """Differences between an unpacked submission under ``root`` and its receipt (empty: none, or no receipt),
    as ``(message key, fields)`` notices.

    Files the receipt lists that are missing or hash differently, and files of
    the kinds it carries that it does not list.
    """
    root = Path(root)
    path = root / MANIFEST
    if not path.is_file():
        return []
    try:
        receipt = json.loads(path.read_text(encoding="utf-8"))
        listed = dict(receipt["files"]) if receipt.get("format") == FORMAT else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        listed = None
    if not isinstance(listed, dict):
        return [("receipt_damaged", {"receipt": MANIFEST})]
    notes = []
    for name, digest in sorted(listed.items()):
        file = root / PurePosixPath(str(name))
        if not file.is_file() or file.is_symlink():
            notes.append(("receipt_missing", {"file": str(name)}))
        elif hashlib.sha256(file.read_bytes()).hexdigest() != digest:
            notes.append(("receipt_changed", {"file": str(name)}))
    for kind, suffix in KINDS.items():
        for file in sorted((root / kind).rglob(f"*{suffix}")) if (root / kind).is_dir() else []:
            name = str(PurePosixPath(*file.relative_to(root).parts))
            if name not in listed and "__pycache__" not in file.parts and ".ipynb_checkpoints" not in file.parts:
                notes.append(("receipt_added", {"file": name}))
    return notes
