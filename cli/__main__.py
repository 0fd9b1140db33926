"""``python -m dlkata.cli``: the same as the ``dlkata`` command."""

from .main import main

main(prog_name="dlkata")
