"""``dlkata bench``: reference kernels against TensorFlow, measured side by side."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table


@click.command("bench")
@click.option("--json", "json_file", type=click.Path(dir_okay=False, path_type=Path), help="Also write the numbers here.")
@click.option("--topics", default="", help="Comma-separated topics (default: every benchmarked kernel).")
@click.option("--repeats", type=click.IntRange(3, 100), default=7, show_default=True, help="Timed runs (median).")
@click.option("--threads", type=int, default=None, help="Threads for TF and Numba (default: all cores).")
@click.option("--no-compile-times", is_flag=True, help="Skip Numba compile/cached-load timing (fresh interpreters).")
@click.option("--startup/--no-startup", default=False, show_default=True,
              help="Also time a cold and a warm `dlkata check --solutions` per topic.")
@click.option("--grading", type=click.IntRange(0, 1000), default=None,
              help="Also time `dlkata grade --jobs 2` on the sample class plus N distinct complete submissions "
                   "(first grading and re-grade).")
@click.option("--platform", is_flag=True,
              help="Also time one complete and one all-stub submission inside a Gradescope bundle's "
                   "run_autograder (expected outputs warmed, nothing compiled before).")
def bench_cmd(json_file, topics, repeats, threads, no_compile_times, startup, grading, platform):
    """Time each reference kernel, TensorFlow and a naive NumPy loop on the same inputs."""
    os.environ["TF_ENABLE_ONEDNN_OPTS"] = "1"  # time TensorFlow's fast CPU kernels (the oracle uses Eigen's)
    from ..autograder import bench

    chosen = [t.strip() for t in topics.split(",") if t.strip()]
    console = Console(highlight=False, width=max(Console().width, 150))
    table = Table(title="reference vs TensorFlow (median ms; ratio ≤ target is the goal)")
    for col in ("kernel", "inputs", "ref ms", "TF ms", "ref/TF", "naive ms", "naive/ref", "compile s", "cached s", "ok"):
        table.add_column(col)

    rows = bench.run(chosen, repeats=repeats, threads=threads, compile_times=not no_compile_times,
                     on_row=lambda r: console.print(f"[dim]{r.exercise}: {r.reference_ms:.2f} ms vs TF {r.tensorflow_ms:.2f} ms[/]"))
    fmt = lambda v, f="{:.2f}": "—" if v is None else f.format(v)  # noqa: E731
    for r in rows:
        style = "green" if r.meets_target else "red"
        table.add_row(r.exercise, r.shape, fmt(r.reference_ms), fmt(r.tensorflow_ms),
                      f"[{style}]{r.ratio:.2f}[/]", fmt(r.naive_ms, "{:.1f}"), fmt(r.naive_ratio, "{:.0f}x"),
                      fmt(r.compile_s), fmt(r.cached_load_s), "✓" if r.matches_tf else "[red]✗ differs[/]")
    console.print(table)
    extra = {}
    if startup:
        from ..autograder import registry

        startup_rows = {}
        for tp in registry.topics():
            if chosen and tp.name not in chosen:
                continue
            with tempfile.TemporaryDirectory() as cache:
                cold = bench.check_timing(tp.name, cache)
                warm = bench.check_timing(tp.name, cache)
            startup_rows[tp.name] = {"cold_s": cold, "warm_s": warm}
            console.print(f"dlkata check --solutions {tp.name}: cold {cold:.1f} s, warm {warm:.2f} s")
        extra["check_startup"] = startup_rows
    if grading is not None:
        g = bench.grading_throughput(grading)
        console.print(f"dlkata grade --jobs {g['jobs']} on {g['submissions']} submissions (the sample class + "
                      f"{g['complete_copies']} distinct complete ones): first grading {g['first_s']:.1f} s = "
                      f"{g['first_per_minute']:.1f}/min (Numba compiles each submission's kernels); "
                      f"re-grade {g['regrade_s']:.1f} s = {g['regrade_per_minute']:.1f}/min")
        extra["grading"] = g
    if platform:
        p = bench.platform_seconds()
        for label, r in p.items():
            console.print(f"run_autograder, {label} submission ({r['submission']}): {r['wall_s']:.1f} s wall, "
                          f"{r['cpu_s']:.1f} s CPU, {r['score']}/{r['max_score']} points"
                          + ("" if r["tensorflow_imported"] is False else " [red](TensorFlow was imported)[/]"))
        extra["platform"] = p
    if json_file:
        json_file.write_text(bench.to_json(rows, extra))
