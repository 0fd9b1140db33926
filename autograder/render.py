"""Terminal reports with rich: what ``check``, ``validate`` and the notebooks' test cells print.

Each case's text is :func:`autograder.report.report`'s, in the language asked for.
"""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from .checking import ExerciseResult, ExerciseRun, reported
from .messages import t
from .report import report
from .safetext import for_terminal

#: Failing cases a notebook cell shows per exercise (a notebook has no ``-v``; it says how many more there are).
NOTEBOOK_CASES = 3


def exercise_line(console: Console, res: ExerciseResult, lang: str, verbose: bool = False,
                  notebook: bool = False) -> None:
    """One exercise: a mark, its name, points, and the first failure's report.

    ``verbose``: every failing case. ``notebook``: up to :data:`NOTEBOOK_CASES`
    failing cases, and how many more there are (a notebook has no ``-v``).
    """
    ex = res.exercise
    mark = "[green]✓[/]" if res.passed else "[red]✗[/]"
    pts = f"{res.score}/{ex.points}"
    line = f" {mark} {escape(ex.name):<28} {pts:>5}"
    fails = res.failures
    if res.passed:
        console.print(line + f"  [dim]{len(res.cases)} {t('passed', lang)}[/]")
        return
    first = fails[0]
    if first.problem == "stub":
        console.print(line + f"  [yellow]{escape(for_terminal(report(first, ex, lang)))}[/]")
        return
    if first.problem in ExerciseRun.STOPS + ExerciseRun.KILLED + ("unavailable",):  # it stopped the exercise: later cases never ran
        console.print(line)
        console.print(Text(_indent(report(first, ex, lang, verbose)), style="red"))
        return
    console.print(line + f"  [red]{len(fails)}/{len(res.cases)} {t('failed', lang)}[/]")
    limit = len(fails) if verbose else (NOTEBOOK_CASES if notebook else 1)
    listed = reported(fails)
    shown = [cr for cr in listed if verbose or not cr.hidden][:limit]
    for cr in shown:
        console.print(Text(_indent(report(cr, ex, lang, verbose))))
    more = len(listed) - len(shown)
    if more > 0:
        key = "more_failing_notebook" if notebook else "more_failing"
        console.print(Text("     " + t(key, lang, n=more), style="dim"))


def _indent(text: str, n: int = 5) -> str:
    """A report indented, every control character in it shown escaped (it may quote graded code)."""
    pad = " " * n
    return "\n".join(pad + ln for ln in for_terminal(text).splitlines())


def summary(console: Console, results: list[ExerciseResult], lang: str) -> None:
    """The closing line: points and exercises passed."""
    earned = sum(r.score for r in results)
    total = sum(r.exercise.points for r in results)
    passed = sum(r.passed for r in results)
    style = "bold green" if passed == len(results) else "bold red"
    console.print(Text(t("summary", lang, earned=earned, total=total, passed=passed, count=len(results)), style=style))
    stubs = sorted({r.exercise.topic for r in results if any(c.problem == "stub" for c in r.cases)})
    if stubs:
        console.print(Text(t("next_step", lang, files=", ".join(f"exercises/{tp}.py" for tp in stubs)), style="dim"))
