"""The sample class in ``datasets/submissions/``: zips made from the references.

So that ``dlkata grade`` has a class to grade out of the box, and so that the
samples never drift from the course, they are generated from ``solutions/``
and ``exercises/`` by ``dlkata sync`` (and checked by ``dlkata sync --check``):

- ``ada.zip``: every reference, complete;
- ``bora.zip``: activations and losses done, the rest still stubs;
- ``chen.zip``: nothing done (the released stubs);
- ``dmitri.zip``: complete, but softmax forgets to subtract the max (unstable);
- ``이서연.zip``: complete, but ``activations.py`` has a syntax error (so dense,
  which imports it, fails too).

Zip entries have fixed timestamps, so the same sources give the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from .paths import DATASETS, EXERCISES, SOLUTIONS
from .stubs import make_stub

SUBMISSIONS = DATASETS / "submissions"
_EPOCH = (2026, 1, 1, 0, 0, 0)
UNSTABLE_FROM = "e = np.exp(x - x.max(axis=axis, keepdims=True))"
UNSTABLE_TO = "e = np.exp(x)"


def _sources() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(SOLUTIONS.glob("*.py"))}


def _stubbed(name: str, text: str) -> str:
    stub_file = EXERCISES / name
    return stub_file.read_text(encoding="utf-8") if stub_file.exists() else make_stub(text)


def students() -> dict[str, dict[str, str]]:
    """Each sample student's files: ``{student: {file name: source}}``."""
    refs = _sources()
    done = {"__init__.py", "_validate.py", "activations.py", "losses.py"}
    partial = {n: (t if n in done else _stubbed(n, t)) for n, t in refs.items()}
    unstable = dict(refs)
    if UNSTABLE_FROM not in unstable.get("activations.py", ""):
        raise RuntimeError("solutions/activations.py changed: update sample_class.UNSTABLE_FROM")
    unstable["activations.py"] = unstable["activations.py"].replace(UNSTABLE_FROM, UNSTABLE_TO)
    broken = dict(refs)
    broken["activations.py"] = broken["activations.py"] + "\ndef oops(:\n    pass\n"
    return {
        "ada": refs,
        "bora": partial,
        "chen": {n: _stubbed(n, t) for n, t in refs.items()},
        "dmitri": unstable,
        "이서연": broken,
    }


def zip_bytes(files: dict[str, str]) -> bytes:
    """A reproducible zip of ``exercises/<name>`` for each ``{name: text}`` (fixed dates and modes)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in sorted(files.items()):
            info = zipfile.ZipInfo(f"exercises/{name}", date_time=_EPOCH)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, text.encode("utf-8"))
    return buf.getvalue()


def plan() -> dict[Path, bytes]:
    """``{sample zip path: its bytes}`` for every sample student."""
    return {SUBMISSIONS / f"{s}.zip": zip_bytes(files) for s, files in students().items()}


def drift() -> list[Path]:
    """Sample zips that are missing or out of date."""
    return [p for p, data in plan().items() if not p.exists() or p.read_bytes() != data]


def write() -> list[Path]:
    """(Re)write the sample zips; returns those that changed."""
    changed = drift()
    SUBMISSIONS.mkdir(parents=True, exist_ok=True)
    for p, data in plan().items():
        if p in changed:
            p.write_bytes(data)
    return changed
