"""Every reference solution against live TensorFlow, on fresh draws of its cases.

The cases are drawn with a seed that changes every run (see conftest), so they
are not cases stored in the repository; the oracle is computed now, not read
from the cache.
"""

import pytest

from dlkata.autograder import registry
from dlkata.autograder.validation import reference_sandbox, validate


@pytest.fixture(scope="module")
def references():
    with reference_sandbox() as box:
        yield box


@pytest.mark.parametrize("exercise", registry.exercises(), ids=lambda e: e.id)
def test_reference_matches_tensorflow(exercise, run_seed, references):
    failures = validate([exercise], run_seed, rounds=2, sandbox=references)
    assert not failures, "\n\n".join(failures)
