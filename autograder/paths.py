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
