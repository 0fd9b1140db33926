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
    """The exercises a command reads unless told otherwise: in the student edition ``exercises/`` of the
    course folder (the current folder or the nearest parent holding one), the checkout's own in the
    instructor's."""
    from .edition import is_student

    if not is_student():
        return EXERCISES
    here = Path.cwd()
    for folder in (here, *here.parents):  # run from a subfolder (notebooks/) of the course folder too
        if (folder / "exercises").is_dir():
            return folder / "exercises"
    return here / "exercises"


#: In the student edition with notebooks: each topic's module layout (the stubs between their markers,
#: or the reference of a topic the instructor gave) that a notebook's code is rebuilt into.
LAYOUTS = ROOT / "layouts"
