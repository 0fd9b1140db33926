"""Mutation testing of the references: the mutants are cosmic-ray's, named stably, and every mutant that is
not marked equivalent is killed by a public case (``dlkata mutants``).

The quick test runs the command on a few cheap topics; the slow one on the others, so a case generator
that stops telling a mutant from the reference fails CI. Both skip the mutants marked equivalent (they
survive by definition; the full report, ``dlkata mutants``, also judges them and flags stale marks).
"""

import json
import os
import random
import subprocess
import sys

import pytest
from cosmic_ray.mutating import mutate_code
from cosmic_ray.plugins import get_operator

from dlkata.autograder import mutation, mutation_report, registry
from dlkata.autograder.mutation_run import KILLED, SURVIVED, Outcome
from dlkata.autograder.paths import SOLUTIONS
from dlkata.autograder.stubs import make_stub, solution_regions

CHEAP = ["activations", "dense", "embedding", "optimizers"]
#: One mutant in SAMPLE of the other topics is judged in CI.
SAMPLE = 4


def test_the_mutants_are_cosmic_rays_own():
    """Each mutant's source is what cosmic-ray's mutate_code writes for that operator and occurrence."""
    source = (SOLUTIONS / "text.py").read_text(encoding="utf-8")
    found = mutation.mutants("text")
    for m in random.Random(0).sample(found, 25):
        assert m.source == mutate_code(source, get_operator(m.operator)(), m.occurrence), m.name


def test_only_what_students_write_is_mutated():
    source = (SOLUTIONS / "activations.py").read_text(encoding="utf-8")
    inside = {line for a, b in solution_regions(source) for line in range(a, b + 1)}
    found = mutation.mutants("activations")
    assert found and all(set(range(m.lines[0], m.lines[1] + 1)) <= inside for m in found)
    # the stub is what remains when the regions go: no mutant touches it
    stub = make_stub(source)
    assert all(make_stub(m.source) == stub for m in found)


def test_a_mutant_keeps_its_key_when_lines_move():
    source = (SOLUTIONS / "dense.py").read_text(encoding="utf-8")
    moved = source.replace('"""\n\nimport', '"""\n# a comment that moves every line down\n\nimport', 1)
    assert moved != source
    before = [m.key for m in mutation.mutants("dense", source)]
    after = [m.key for m in mutation.mutants("dense", moved)]
    assert before == after and len(set(before)) == len(before)


def test_equivalence_marks_are_well_formed():
    for tp in registry.topics():
        marks = mutation.equivalents(tp.name)  # raises on a missing reason or a key listed twice
        assert all(reason and len(reason) > 10 for reason in marks.values()), tp.name


def test_an_unmarked_survivor_fails_and_a_marked_one_does_not():
    found = mutation.mutants("activations")[:3]
    outcomes = [Outcome(found[0], KILLED, "relu: 'x'"), Outcome(found[1], SURVIVED), Outcome(found[2], SURVIVED)]
    summary = mutation_report.summarize("activations", outcomes, {found[2].key: "a reason"})
    assert summary.killed == 1 and [o.mutant for o in summary.survivors] == [found[1]]
    assert [o.mutant for o, _ in summary.equivalent] == [found[2]]
    stale = mutation_report.summarize("activations", outcomes, {found[0].key: "killed, yet marked"})
    assert stale.stale == [found[0].key]


def _mutants(tmp_path, topics, sample=1):
    """``dlkata mutants TOPICS`` in a fresh process (it interprets Numba kernels process-wide)."""
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    proc = subprocess.run([sys.executable, "-m", "dlkata.cli", "mutants", *topics, "--jobs", "2", "--skip-equivalent",
                           "--sample", str(sample), "--out", str(tmp_path)], capture_output=True, text=True, env=env,
                          timeout=1800)
    report = json.loads((tmp_path / "mutants.json").read_text(encoding="utf-8"))
    survivors = {t: [o["key"] for o in r["outcomes"]] for t, r in report.items()}
    assert proc.returncode == 0 and not any(survivors.values()), (survivors, proc.stdout[-3000:])
    return report


def test_the_public_cases_kill_every_mutant_of_cheap_topics(tmp_path):
    report = _mutants(tmp_path, CHEAP)
    assert all(report[t]["mutants"] > 0 for t in CHEAP)


@pytest.mark.slow
def test_the_public_cases_kill_a_sample_of_every_other_topics_mutants(tmp_path):
    """One mutant in SAMPLE of the costly topics (the whole run, `dlkata mutants`, takes about 20 minutes on
    two cores: the maintainers' command before a release, with its report in the README)."""
    report = _mutants(tmp_path, [t.name for t in registry.topics() if t.name not in CHEAP], sample=SAMPLE)
    assert all(r["mutants"] > 0 for r in report.values())


def test_a_sample_is_stable_and_about_its_size():
    keys = [m.key for m in mutation.mutants("losses")]
    picked = [k for k in keys if mutation.in_sample(k, 4)]
    assert picked == [k for k in keys if mutation.in_sample(k, 4)]
    assert len(keys) / 6 < len(picked) < len(keys) / 2.5
    assert all(mutation.in_sample(k, 1) for k in keys)


@pytest.mark.slow
def test_every_equivalence_mark_names_a_current_mutant():
    """A mark whose mutant is no longer made (its line was edited) is stale: re-judge and re-mark it."""
    for tp in registry.topics():
        keys = {m.key for m in mutation.mutants(tp.name)}
        gone = [k for k in mutation.equivalents(tp.name) if k not in keys]
        assert not gone, (tp.name, gone)
