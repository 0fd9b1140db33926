"""Shared fixtures: a fresh seed per run (printed, so a failure can be replayed)."""

import os
import secrets

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

#: Seed for the reference-vs-TensorFlow draws: new every run unless DLKATA_TEST_SEED is set.
RUN_SEED = int(os.environ.get("DLKATA_TEST_SEED", secrets.randbelow(2**31)))


def pytest_report_header(config):
    return f"dlkata validation seed: {RUN_SEED} (replay with DLKATA_TEST_SEED={RUN_SEED})"


@pytest.fixture(scope="session")
def run_seed():
    return RUN_SEED
