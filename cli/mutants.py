"""``dlkata mutants``: mutation testing of the references against the public cases (maintainers)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click
from rich.console import Console

from ..autograder import registry
from ..autograder.sandbox import usable_cpus


@click.command("mutants")
@click.argument("topics", nargs=-1)
@click.option("--jobs", "-j", type=int, default=None, help="Worker processes (default: the usable cores).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("mutants-out"),
              show_default=True, help="Folder for report.md, mutants.json and survivors.toml.")
@click.option("--probe", type=int, default=0, show_default=True,
              help="Also run each survivor on this many fresh draws of the cases against the reference, to tell "
                   "real mistakes (differs somewhere) from equivalent mutants.")
@click.option("--skip-equivalent", is_flag=True,
              help="Do not judge the mutants marked equivalent: a quicker check that every other mutant is killed.")
@click.option("--sample", type=click.IntRange(min=1), default=1, show_default=True,
              help="Judge one mutant in SAMPLE, chosen by its stable key (the same ones every run): a quicker check "
                   "for CI; the report counts only those.")
def mutants_cmd(topics, jobs, out, probe, skip_equivalent, sample):
    """Mutate what students write (the solution regions of solutions/TOPIC.py) and count the mutants that the
    public cases kill, as `dlkata check` compares. Exit status 1 when a mutant that is not marked equivalent
    (registry/TOPIC/equivalent_mutants.toml) survives."""
    from ..autograder import mutation_report, mutation_run

    try:
        names = [registry.topic(t).name for t in topics] or [t.name for t in registry.topics()]
    except KeyError as exc:
        raise click.UsageError(str(exc.args[0])) from None
    console = Console(highlight=False, soft_wrap=True)
    jobs = jobs or usable_cpus()
    t0 = time.monotonic()
    last = [0.0]

    def progress(topic, done, total):
        if time.monotonic() - last[0] > 5 or done == total:
            last[0] = time.monotonic()
            console.print(f"[dim]{done}/{total} mutants judged ({time.monotonic() - t0:.0f} s)[/]")

    from ..autograder.mutation import equivalents, in_sample

    marked = {t: equivalents(t) if skip_equivalent else {} for t in names}

    def select(m) -> bool:
        return m.key not in marked[m.topic] and in_sample(m.key, sample)
    results = mutation_run.run(names, jobs=jobs, progress=progress, probes=probe, select=select)
    summaries = [mutation_report.summarize(t, results[t], skipped=skip_equivalent or sample > 1) for t in names]
    command = "dlkata mutants" + "".join(f" {t}" for t in topics) + f" --jobs {jobs}" + \
        (f" --probe {probe}" if probe else "") + (" --skip-equivalent" if skip_equivalent else "") + \
        (f" --sample {sample}" if sample > 1 else "")
    mutation_report.write(out, summaries, command)
    console.print(mutation_report.table(summaries))
    console.print(f"{time.monotonic() - t0:.0f} s; report in {out / 'report.md'}")
    for s in summaries:
        for key in s.stale:
            console.print(f"[yellow]{s.topic}: marked equivalent but killed or gone:[/] {key}")
    sys.exit(1 if any(s.survivors for s in summaries) else 0)
