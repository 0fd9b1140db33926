"""Compute a bundle's expected outputs once, when the grader's image is built.

``python -m dlkata.autograder.platforms.warm SETTINGS [--public-only]`` draws
every case of the bundle's exercises (the public ones and, when the bundle
has a hidden-case file beside ``SETTINGS``, the hidden ones) and stores
TensorFlow's output for each in the oracle cache (``$DLKATA_CACHE``). Grading
a submission in that image then loads them and imports no TensorFlow.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .. import oracle
from ..grading import warm_oracle
from ..paths import cache_dir
from . import settings as bundle


def warm(settings_path: Path, public_only: bool = False) -> tuple[int, int]:
    """Fill the cache for the bundle at ``settings_path``; returns ``(cases, computed now)``."""
    settings = bundle.load(settings_path)
    options = settings.grade_options(Path(settings_path).parent, with_hidden=not public_only)
    before = oracle.computations()
    prepared = warm_oracle(options)
    return sum(len(v) for v in prepared.values()), oracle.computations() - before


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dlkata.autograder.platforms.warm", description=__doc__.split("\n\n")[0])
    parser.add_argument("settings", type=Path, help=f"the bundle's {bundle.FILE_NAME}")
    parser.add_argument("--public-only", action="store_true", help="only the public cases (no hidden-case file)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        cases, computed = warm(args.settings, args.public_only)
    except ValueError as exc:
        print(f"dlkata warm: {exc}", file=sys.stderr)
        return 2
    print(f"dlkata: {cases} expected outputs ready in {cache_dir()} ({computed} computed now, "
          f"{time.monotonic() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
