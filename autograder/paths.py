"""Where things live: the course checkout, the oracle cache."""

from __future__ import annotations

import os
from pathlib import Path

#: The course checkout (the folder holding ``autograder/``, ``solutions/`` ...).
ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
EXERCISES = ROOT / "exercises"
DATASETS = ROOT / "datasets"


def cache_dir() -> Path:
    """Oracle outputs cache: ``$DLKATA_CACHE``, else ``~/.cache/dlkata``."""
    env = os.environ.get("DLKATA_CACHE")
    base = Path(env) if env else Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "dlkata"
    return base.expanduser().resolve()


def exercises_dir() -> Path:
    """The exercises a command reads unless told otherwise: ``exercises/`` of the current folder in the
    student edition (the course folder a student works in), the checkout's own in the instructor's."""
    from .edition import is_student

    return Path.cwd() / "exercises" if is_student() else EXERCISES
