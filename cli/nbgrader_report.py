"""What ``dlkata grade --nbgrader`` prints after writing dlkata's scores into nbgrader's gradebook."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markup import escape

from ..autograder.platforms import nbgradebook


def write_back(console: Console, plan: nbgradebook.NbgraderPlan, out: Path) -> nbgradebook.WriteBack:
    """Write the scores into the course's gradebook and list tampering and kept manual grades."""
    done = nbgradebook.write_back(plan, out)
    console.print(f"wrote {done.written} test-cell scores into {plan.course / 'gradebook.db'} "
                  f"(manual_score: `nbgrader export` and the formgrader show dlkata's scores)")
    if done.tampered:
        console.print(f"[bold red]{len(done.tampered)} submission(s) scored differently in nbgrader's own kernel "
                      f"(`nbgrader autograde`) than in dlkata's sandbox: tampering, or a cell that failed in the "
                      f"kernel for another reason (a timeout, stderr output)[/]")
        for student, cells in sorted(done.tampered.items()):
            listed = ", ".join(f"{cell} {theirs:g} → {ours}" for cell, theirs, ours in cells)
            console.print(f"  [red]{escape(student)}[/]: {escape(listed)}")
    else:
        console.print("no submission scored differently in nbgrader's kernel than in dlkata's sandbox")
    for student, cells in sorted(done.kept.items()):
        listed = ", ".join(f"{cell} {theirs:g} (dlkata: {ours})" for cell, theirs, ours in cells)
        console.print(f"[yellow]kept a person's manual score for {escape(student)}[/]: {escape(listed)}")
    if done.not_autograded:
        console.print(f"[dim]not autograded by nbgrader (nothing to compare): {escape(', '.join(done.not_autograded))}[/]")
    return done
