"""``dlkata bench`` runs and reports every benchmarked kernel (timings are not asserted)."""

import json
import subprocess
import sys

import pytest

from dlkata.autograder.bench import BENCHES


@pytest.mark.slow
def test_bench_reports_every_kernel(tmp_path):
    out = tmp_path / "bench.json"
    r = subprocess.run([sys.executable, "-m", "dlkata.cli", "bench", "--repeats", "3", "--no-compile-times",
                        "--json", str(out)], capture_output=True, text=True, timeout=1200)
    assert r.returncode == 0, r.stderr[-3000:]
    rows = json.loads(out.read_text())["rows"]
    assert sorted(row["exercise"] for row in rows) == sorted(b.exercise for b in BENCHES)
    for row in rows:
        assert row["matches_tf"], f"{row['exercise']}: the reference disagrees with TensorFlow on the bench input"
        assert row["reference_ms"] > 0 and row["tensorflow_ms"] > 0 and row["naive_ms"] > 0
        assert row["exercise"] in r.stdout
