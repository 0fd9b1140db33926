"""``dlkata show ...``: pictures (PNG) the course draws."""

import click


@click.group()
def show():
    """Draw the course's pictures as PNG files."""
from .show_curves import curves; show.add_command(curves)  # noqa: E402,E702
from .show_vision import filters, gradcam; show.add_command(gradcam); show.add_command(filters)  # noqa: E402,E702
