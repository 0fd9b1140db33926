"""The report of ``dlkata mutants``: per topic, how many mutants the public cases kill, which are equivalent
(and why), and which survive (with their diff).

Written as ``report.md`` (the summary table, then every survivor), ``mutants.json`` (every mutant's
outcome) and ``survivors.toml`` (the survivors as entries of ``equivalent_mutants.toml``, for a
maintainer who finds one equivalent: fill in the reason and move it there).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .mutation import SKIPPED_OPERATORS, equivalents, equivalents_path, toml_entries
from .mutation_run import KILLED, UNCOVERED, Outcome


@dataclass
class TopicSummary:
    """One topic's outcome; ``survivors`` excludes the mutants marked equivalent."""

    topic: str
    mutants: int = 0
    killed: int = 0
    equivalent: list[tuple[Outcome, str]] = field(default_factory=list)
    survivors: list[Outcome] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)  # marked equivalent, but killed or gone
    seconds: float = 0.0  # worker time spent on the topic's mutants
    timeouts: int = 0  # mutants killed by the time limit

    @property
    def uncovered(self) -> int:
        return sum(o.status == UNCOVERED for o in self.survivors)

    @property
    def score(self) -> float:
        """Killed among the mutants not marked equivalent."""
        judged = self.mutants - len(self.equivalent)
        return self.killed / judged if judged else 1.0


def summarize(topic: str, outcomes: list[Outcome], marks: dict[str, str] | None = None,
              skipped: bool = False) -> TopicSummary:
    """Sort one topic's outcomes by the topic's equivalence marks (``skipped``: the marked ones were not
    judged, so none of them is stale for being absent)."""
    marks = equivalents(topic) if marks is None else marks
    s = TopicSummary(topic, mutants=len(outcomes))
    s.seconds = sum(o.seconds for o in outcomes)
    s.timeouts = sum(o.by == "timed out" for o in outcomes)
    seen = set()
    for o in outcomes:
        seen.add(o.mutant.key)
        if o.status == KILLED:
            s.killed += 1
            if o.mutant.key in marks:
                s.stale.append(o.mutant.key)
        elif o.mutant.key in marks:
            s.equivalent.append((o, marks[o.mutant.key]))
        else:
            s.survivors.append(o)
    if not skipped:
        s.stale += [k for k in marks if k not in seen]
    return s


def table(summaries: list[TopicSummary]) -> str:
    """The Markdown summary table."""
    rows = ["| topic | mutants | killed | equivalent | survived (of which no public case runs the line) | score |",
            "|---|---:|---:|---:|---:|---:|"]
    total = TopicSummary("**all**")
    for s in summaries:
        rows.append(f"| {s.topic} | {s.mutants} | {s.killed} | {len(s.equivalent)} | {len(s.survivors)} "
                    f"({s.uncovered}) | {s.score:.1%} |")
        total.mutants += s.mutants
        total.killed += s.killed
        total.equivalent += s.equivalent
        total.survivors += s.survivors
    rows.append(f"| {total.topic} | {total.mutants} | {total.killed} | {len(total.equivalent)} | "
                f"{len(total.survivors)} ({total.uncovered}) | {total.score:.1%} |")
    return "\n".join(rows) + "\n"


def write(out: Path, summaries: list[TopicSummary], command: str) -> None:
    """``report.md``, ``mutants.json`` and ``survivors.toml`` in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    md = [f"# Mutants of the references against the public cases\n\n`{command}`\n\n", table(summaries),
          "\nOperators not applied: " + "; ".join(f"{k} ({v})" for k, v in SKIPPED_OPERATORS.items()) + ".\n"]
    for s in summaries:
        if s.stale:
            md.append(f"\n## {s.topic}: stale equivalence marks\n\nIn {equivalents_path(s.topic).name} but "
                      f"killed or no longer made:\n\n" + "".join(f"- `{k}`\n" for k in s.stale))
        if s.survivors:
            md.append(f"\n## {s.topic}: {len(s.survivors)} survivors\n")
            for o in s.survivors:
                why = "no public case runs this line" if o.status == UNCOVERED else "every public case passes"
                if o.probe:
                    why += f"; differs from the reference on fresh draws ({o.probe})"
                elif o.probe is not None:
                    why += "; never differs from the reference on the fresh draws probed (equivalent?)"
                md.append(f"\n### `{o.mutant.key}`\n\n{o.mutant.name}, {why}.\n\n```diff\n{o.mutant.diff}```\n")
    (out / "report.md").write_text("".join(md), encoding="utf-8")
    data = {s.topic: {"mutants": s.mutants, "killed": s.killed, "equivalent": len(s.equivalent),
                      "survived": len(s.survivors), "uncovered": s.uncovered, "stale": s.stale,
                      "timeouts": s.timeouts, "seconds": round(s.seconds, 1),
                      "outcomes": [{"key": o.mutant.key, "name": o.mutant.name, "status": o.status, "by": o.by,
                                    "probe": o.probe, "seconds": round(o.seconds, 4)}
                                   for o in [*(e for e, _ in s.equivalent), *s.survivors]]}
            for s in summaries}
    (out / "mutants.json").write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    toml = [f"# {s.topic}: paste into {equivalents_path(s.topic)} with the reason, if equivalent\n"
            + toml_entries([(o.mutant.key, "") for o in s.survivors]) for s in summaries if s.survivors]
    (out / "survivors.toml").write_text("\n".join(toml), encoding="utf-8")

