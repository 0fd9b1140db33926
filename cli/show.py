"""``dlkata show ...``: pictures (PNG) the course draws."""

import click


@click.group()
def show():
    """Draw the course's pictures as PNG files."""
