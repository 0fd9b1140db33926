"""Terminal reports with rich: what ``check`` and ``validate`` print."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from .checking import ExerciseResult
from .messages import t


def exercise_line(console: Console, res: ExerciseResult, lang: str, verbose: bool = False) -> None:
    """One exercise: a mark, its id, points, and the first failure's report."""
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
        console.print(line + f"  [yellow]{escape(first.message)}[/]")
        return
    if first.problem in ("import", "missing", "timeout", "unavailable"):
        console.print(line)
        console.print(Text(_indent(first.message), style="red"))
        return
    console.print(line + f"  [red]{len(fails)}/{len(res.cases)} {t('failed', lang)}[/]")
    shown = fails if verbose else fails[:1]
    for cr in shown:
        if cr.hidden and not verbose:
            continue
        console.print(Text(_indent(cr.message)))
    if not verbose and len(fails) > 1:
        more = {"en": f"     (+{len(fails) - 1} more failing cases; -v shows all)",
                "ko": f"     (실패한 케이스 {len(fails) - 1}개 더; -v로 모두 보기)"}
        console.print(f"[dim]{more.get(lang, more['en'])}[/]")


def _indent(text: str, n: int = 5) -> str:
    pad = " " * n
    return "\n".join(pad + ln for ln in text.splitlines())


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
