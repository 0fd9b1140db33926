"""``dlkata validate``: the references against live TensorFlow, for CI."""

from __future__ import annotations

import contextlib

from rich.console import Console

from . import oracle
from .checking import DEFAULT_TIMEOUT, draw_cases, judge, numba_cache_for, protected_paths
from .exercise import Exercise
from .paths import SOLUTIONS
from .sandbox import Sandbox, make_sandbox


def reference_sandbox() -> Sandbox:
    """A sandbox holding the reference solutions (close it when done)."""
    return make_sandbox(SOLUTIONS, protected=protected_paths(SOLUTIONS), numba_cache=numba_cache_for(SOLUTIONS))


def validate(exercises: list[Exercise], seed: int, rounds: int, console: Console | None = None,
             sandbox: Sandbox | None = None) -> list[str]:
    """Run each reference on ``rounds`` fresh draws, comparing with uncached oracle outputs.

    Returns the failure reports (empty when every reference matches).
    """
    failures: list[str] = []
    with (contextlib.nullcontext(sandbox) if sandbox is not None else reference_sandbox()) as box:
        for ex in exercises:
            n = 0
            for r in range(rounds):
                for case in draw_cases(ex, seed + r, "validate"):
                    call = box.call(ex.topic, ex.name, case.args, case.kwargs, timeout=DEFAULT_TIMEOUT)
                    if call.ok and not call.mutated:
                        # Bypass the cache: validation is about TensorFlow as it runs now.
                        expected = oracle.compute(ex, case)
                        cr = judge(ex, case, call, expected=expected)
                    else:
                        cr = judge(ex, case, call)
                    n += 1
                    if not cr.passed:
                        failures.append(f"{ex.id} seed {seed + r}: {cr.message}")
                        if console:
                            console.print(f"[red]✗ {ex.id}[/] seed {seed + r}\n{cr.message}")
            if console:
                console.print(f"{'[green]✓[/]' if not any(f.startswith(ex.id + ' ') for f in failures) else '[red]✗[/]'} "
                              f"{ex.id}: {n} cases")
    return failures
