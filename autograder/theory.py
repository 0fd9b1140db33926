"""The theory the notebooks show, read from each topic's folder: ``theory.ko.md`` and ``theory.en.md``.

A teacher edits these files as Markdown. Each starts with the theory in its
language (headings, lists, LaTeX). Sections open with an HTML comment line
(invisible when the Markdown is rendered):

- ``<!-- formulas -->``: the formulas (Markdown with LaTeX), in each file in
  its own language (the LaTeX is the same, the words around it are not);
- ``<!-- example -->``: a worked example, one fenced ``python`` block of plain
  NumPy that does not call the exercises (it runs in the released notebook,
  where they are still stubs);
- ``<!-- plot -->``: one fenced ``python`` block of matplotlib code drawing
  what the notes would draw.

The code sections are shared by both languages and written once, in one of
the two files (by convention the English one). :func:`theory` returns
``{"ko", "en", "formulas", "example", "plot"}``: ``formulas`` is
``{"ko": ..., "en": ...}``, and the last three are ``None`` when absent. A
code section given in both files, formulas in only one, an unknown section or
a code section that is not one code block is an error.
"""

from __future__ import annotations

import re
from pathlib import Path

LANGS = ("ko", "en")
SECTIONS = ("formulas", "example", "plot")
CODE_SECTIONS = ("example", "plot")
#: Sections each language writes in its own file.
PER_LANGUAGE = ("formulas",)
_MARKER = re.compile(r"^<!-- *([a-z]+) *-->\s*$")


class TheoryError(ValueError):
    """A theory file that does not follow the layout above."""


def _block(text: str) -> str:
    """Section text as the notebook cell holds it: no blank lines around, one final newline."""
    return text.strip("\n") + "\n"


def _code(text: str, where: str) -> str:
    lines = text.strip("\n").split("\n")
    if len(lines) < 2 or lines[0].strip() != "```python" or lines[-1].strip() != "```" or \
            any(ln.startswith("```") for ln in lines[1:-1]):
        raise TheoryError(f"{where}: the section must be exactly one fenced ```python block")
    return "\n".join(lines[1:-1]) + "\n"


def parse(text: str, where: str = "<theory>") -> dict[str, str]:
    """``{"prose": ..., <section>: ...}`` of one theory file's text."""
    parts: dict[str, list[str]] = {"prose": []}
    current = "prose"
    for line in text.split("\n"):
        m = _MARKER.match(line)
        if m:
            current = m.group(1)
            if current not in SECTIONS:
                raise TheoryError(f"{where}: unknown section {current!r} (sections are {', '.join(SECTIONS)})")
            if current in parts:
                raise TheoryError(f"{where}: section {current!r} appears twice")
            parts[current] = []
            continue
        parts[current].append(line)
    out = {}
    for name, lines in parts.items():
        body = "\n".join(lines)
        out[name] = _code(body, f"{where} <!-- {name} -->") if name in CODE_SECTIONS else _block(body)
    return out


def read(folder: Path, topic: str) -> dict:
    """The theory of ``topic`` from ``folder/theory.<lang>.md`` (see the module docstring)."""
    result: dict = dict.fromkeys(SECTIONS)
    own: dict[str, dict[str, str]] = {name: {} for name in PER_LANGUAGE}
    for lang in LANGS:
        path = Path(folder) / f"theory.{lang}.md"
        if not path.exists():
            raise TheoryError(f"topic {topic!r} has no {path.name} in {folder}")
        parts = parse(path.read_text(encoding="utf-8"), str(path))
        result[lang] = parts.pop("prose")
        for name, text in parts.items():
            if name in PER_LANGUAGE:
                own[name][lang] = text
            elif result[name] is not None:
                raise TheoryError(f"topic {topic!r}: section {name!r} is in both theory files; write it once")
            else:
                result[name] = text
    for name, texts in own.items():
        if texts and set(texts) != set(LANGS):
            missing = next(lg for lg in LANGS if lg not in texts)
            raise TheoryError(f"topic {topic!r}: section {name!r} is missing from theory.{missing}.md; "
                              f"write it in every language")
        result[name] = texts or None
    return result


def theory(topic: str) -> dict[str, str | None]:
    """The theory of the registered topic ``topic``, read from its folder."""
    from . import registry

    return read(registry.folder(topic), topic)
