"""The ``dlkata`` command line: each command parses arguments and calls :mod:`autograder`."""

from .main import main

__all__ = ["main"]
