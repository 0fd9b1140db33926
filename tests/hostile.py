"""Building tampered submissions: the references with one function replaced."""

from __future__ import annotations

import ast
import shutil
import textwrap
from pathlib import Path

from dlkata.autograder.paths import SOLUTIONS


def replace_function(source: str, name: str, new_def: str) -> str:
    """``source`` with the top-level function ``name`` replaced by ``new_def``."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            start = (node.decorator_list[0].lineno if node.decorator_list else node.lineno) - 1
            return "".join(lines[:start]) + textwrap.dedent(new_def).strip() + "\n" + "".join(lines[node.end_lineno:])
    raise KeyError(name)


def make_submission(root: Path, student: str, topic: str = "activations", function: str | None = None,
                    new_def: str = "", module_text: str | None = None) -> Path:
    """A student folder with ``exercises/`` = the references, tampered one way."""
    ex = root / student / "exercises"
    ex.mkdir(parents=True)
    for f in ("__init__.py", "_validate.py", f"{topic}.py"):
        shutil.copy(SOLUTIONS / f, ex / f)
    if module_text is not None:
        (ex / f"{topic}.py").write_text(module_text, encoding="utf-8")
    elif function is not None:
        src = (SOLUTIONS / f"{topic}.py").read_text(encoding="utf-8")
        (ex / f"{topic}.py").write_text(replace_function(src, function, new_def), encoding="utf-8")
    return root / student
