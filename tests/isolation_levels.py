"""The isolation levels this machine can test: the fallback always, the wall where it stands.

Tests parametrized over :data:`LEVELS` run once per level; the ``strict`` ones
are skipped, with the reason, where bubblewrap does not work.
"""

from __future__ import annotations

import pytest

from dlkata.autograder.sandbox import IsolationUnavailable, probe


def _wall_problem() -> str | None:
    try:
        probe("strict")
    except IsolationUnavailable as exc:
        return str(exc)
    return None


WALL_PROBLEM = _wall_problem()
#: ``strict`` (skipped where the wall does not stand) and ``fallback``.
LEVELS = [pytest.param("strict", marks=pytest.mark.skipif(WALL_PROBLEM is not None, reason=str(WALL_PROBLEM))),
          "fallback"]
needs_wall = pytest.mark.skipif(WALL_PROBLEM is not None, reason=str(WALL_PROBLEM))
