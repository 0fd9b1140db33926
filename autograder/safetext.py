"""Text that came from a submission (messages, names), made safe to store and to print.

Whatever a student's code raises or prints, and whatever a student id holds,
may carry lone surrogates (which UTF-8 files and SQLite refuse), NUL bytes,
terminal escape sequences, bidirectional overrides that reorder what a reader
sees, or megabytes of text. :func:`clean` makes it storable and bounded;
:func:`for_terminal` also makes every control character visible.
"""

from __future__ import annotations

import re

#: C0 and C1 controls but newline and tab, DEL, and the bidirectional controls.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROLS_AND_NEWLINES = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match) -> str:
    c = ord(match.group())
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def clean(text, limit: int | None = None) -> str:
    """``text`` as valid UTF-8 without NUL, cut to ``limit`` characters (with a note of what was cut)."""
    if not isinstance(text, str):
        text = str(text)
    if limit is not None and len(text) > limit:
        text = text[:limit] + f"\n... ({len(text) - limit} more characters dropped)"
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")  # lone surrogates become \udcxx
    return text.replace("\x00", "\\x00")


def for_terminal(text, limit: int | None = None, newlines: bool = True) -> str:
    """:func:`clean`, with every control character (and, unless ``newlines``, line breaks) shown escaped."""
    pattern = _CONTROLS if newlines else _CONTROLS_AND_NEWLINES
    return pattern.sub(_escape, clean(text, limit))


def one_line(text, limit: int | None = 200) -> str:
    """A name or id for one line of a terminal: nothing in it can break the line or hide characters."""
    return for_terminal(text, limit, newlines=False)
