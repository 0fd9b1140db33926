"""Which of a student's exercises are written and which are still stubs (read, never run)."""

from __future__ import annotations

import ast


def is_stub(source: str, function: str) -> bool | None:
    """Whether ``function`` in a student's module still only raises NotImplementedError.

    Parses (never runs) the source. ``None`` when the function is missing or
    the file does not parse.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == function:
            for stmt in node.body:
                if isinstance(stmt, ast.Raise) and stmt.exc is not None:
                    exc = stmt.exc.func if isinstance(stmt.exc, ast.Call) else stmt.exc
                    if isinstance(exc, ast.Name) and exc.id == "NotImplementedError":
                        return True
                if isinstance(stmt, ast.Return):
                    return False
            return False
    return None
