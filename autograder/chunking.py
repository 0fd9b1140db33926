"""A topic module as top-level chunks: cut it into notebook cells, and put it back together from a notebook.

The notebook generator (:mod:`autograder.notebooks`) cuts ``solutions/<topic>.py``
into chunks (:func:`chunks`): given code (imports, argument checks,
constants), the functions that hold solution markers, module-level solution
regions. A notebook's check (:mod:`autograder.nbcheck`) and the grader of
notebook submissions go the other way: :func:`module_source` rebuilds
``<topic>.py`` from what a notebook defined,

- the reference module's layout, with every function that holds solution
  markers taken from the notebook (``inspect.getsource`` of what the notebook
  defined),
- the given code (no markers) taken from the reference,
- and the student's own helpers (those the functions reference,
  transitively) added where the module-level solution region was.
"""

from __future__ import annotations

import ast
import builtins
import inspect
import textwrap
from dataclasses import dataclass, field

from .paths import EXERCISES, LAYOUTS, SOLUTIONS
from .stubs import BEGIN, END


@dataclass
class Chunk:
    """A top-level piece of a module.

    ``kind``: ``"docstring"``, ``"import"``, ``"given"`` (code without
    markers), ``"solution"`` (a function holding solution markers) or
    ``"region"`` (a module-level solution region). ``names``: what it defines;
    ``uses``: the global names it reads; ``relative``: for a relative import,
    the sibling module it imports from.
    """

    kind: str
    text: str
    names: list[str] = field(default_factory=list)
    uses: set[str] = field(default_factory=set)
    node: ast.AST | None = None
    relative: str | None = None


def _defined_names(node: ast.AST) -> list[str]:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return [(a.asname or a.name).split(".")[0] for a in node.names if a.name != "*"]
    names = []
    targets = []
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
        targets = [node.target]
    for t in targets:
        for sub in ast.walk(t):
            if isinstance(sub, ast.Name):
                names.append(sub.id)
    return names


def used_names(node: ast.AST) -> set[str]:
    """Global-looking names read anywhere in ``node`` (decorators and defaults included)."""
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _trailing_comments(lines: list[str], end: int) -> int:
    """Extend a block ending at line ``end`` over the indented comment lines that follow it."""
    k, last = end, end
    while k < len(lines):
        ln = lines[k]
        if not ln.strip():
            k += 1
            continue
        if ln[0] not in " \t":
            break
        k += 1
        last = k
    return last


def chunks(source: str) -> list[Chunk]:
    """Cut a module's source into top-level chunks, comments kept with the statement they precede."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    marks = [(i, ln.strip()) for i, ln in enumerate(lines) if ln.rstrip() in (BEGIN, END)]  # column 0 only
    regions = []
    for (i, a), (j, b) in zip(marks[0::2], marks[1::2]):
        if a != BEGIN or b != END:
            raise ValueError("unbalanced module-level solution markers")
        regions.append((i, j))  # 0-based line indices of the marker lines
    out: list[Chunk] = []
    pos = 0  # next line not yet given to a chunk
    body = list(tree.body)
    k = 0
    while k < len(body):
        node = body[k]
        start = (node.decorator_list[0].lineno if getattr(node, "decorator_list", None) else node.lineno) - 1
        region = next(((i, j) for i, j in regions if i < start < j), None)
        if region is not None:
            i, j = region
            inside = []
            while k < len(body) and body[k].lineno - 1 < j:
                inside.append(body[k])
                k += 1
            if "".join(lines[pos:i]).strip():
                out.append(Chunk("given", "".join(lines[pos:i])))
            names = [n for st in inside for n in _defined_names(st)]
            uses = set().union(*(used_names(st) for st in inside)) if inside else set()
            out.append(Chunk("region", "".join(lines[i:j + 1]), names, uses))
            pos = j + 1
            continue
        end = node.end_lineno
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            end = _trailing_comments(lines, end)  # a closing "    ### END SOLUTION" is not in the AST
        text = "".join(lines[pos:end])
        pos = end
        k += 1
        if isinstance(node, ast.Expr) and isinstance(getattr(node, "value", None), ast.Constant) \
                and isinstance(node.value.value, str) and not out:
            out.append(Chunk("docstring", text, node=node))
            continue
        kind = "given"
        relative = None
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            kind = "import"
            if isinstance(node, ast.ImportFrom) and node.level:
                relative = node.module or ""
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and \
                any(ln.strip() == BEGIN for ln in lines[start:end]):
            kind = "solution"
        out.append(Chunk(kind, text, _defined_names(node), used_names(node), node, relative))
    tail = "".join(lines[pos:])
    if tail.strip():
        out.append(Chunk("given", tail))
    return out


def relative_imports(source: str) -> list[str]:
    """Sibling modules a module imports relatively (``from .x import ...``, ``from . import x``)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            mods = [node.module] if node.module else [a.name for a in node.names]
            found += [m.split(".")[0] for m in mods if m.split(".")[0] not in found]
    return found


def reference_source(topic: str) -> str:
    """The topic's reference module (``solutions/``), else its stub (``exercises/``), else (the student
    edition's notebooks) its layout: the stubs between their markers."""
    for folder in (SOLUTIONS, EXERCISES, LAYOUTS):
        path = folder / f"{topic}.py"
        if path.exists():
            return path.read_text(encoding="utf-8")
    raise FileNotFoundError(f"neither solutions/{topic}.py nor exercises/{topic}.py is installed")


def dependencies(topic: str) -> list[str]:
    """Modules ``topic`` imports relatively, transitively, dependencies first (``_validate`` included)."""
    order: list[str] = []

    def visit(name, stack):
        for dep in relative_imports(reference_source(name)):
            if dep in stack:
                raise ValueError(f"circular relative import {' -> '.join([*stack, dep])}")
            if dep not in order:
                visit(dep, [*stack, dep])
                order.append(dep)

    visit(topic, [topic])
    return order


def _source_of(name: str, obj, namespace: dict) -> str | None:
    """Source text defining ``name`` as the notebook defined it, or ``None`` if there is none to take."""
    module = namespace.get("__name__", "__main__")
    func = getattr(obj, "py_func", obj)  # a Numba dispatcher keeps the Python function
    if not inspect.isfunction(func) or func.__module__ != module:
        return None
    try:
        src = textwrap.dedent(inspect.getsource(func))
    except (OSError, TypeError):
        return None
    if func.__name__ == "<lambda>":
        try:
            tree = ast.parse(src)
        except SyntaxError:
            return None
        if len(tree.body) == 1 and name in _defined_names(tree.body[0]):
            return src
        return None
    if func.__name__ != name:
        return f"{src}\n{name} = {func.__name__}\n"
    return src


def _value_source(name: str, value) -> str | None:
    """An import or literal that recreates a notebook global in the module, when one exists."""
    if inspect.ismodule(value):
        mod = value.__name__
        if "." in mod:
            return f"import {mod} as {name}\n" if name != mod.split(".")[0] else f"import {mod}\n"
        return f"import {mod}\n" if name == mod else f"import {mod} as {name}\n"
    owner = getattr(value, "__module__", None)
    qual = getattr(value, "__qualname__", None) or getattr(value, "__name__", None)
    if owner and qual and owner not in ("__main__", "builtins") and "." not in qual and \
            (inspect.isfunction(value) or inspect.isclass(value) or inspect.isbuiltin(value)
             or hasattr(value, "py_func") or callable(value)):
        return f"from {owner} import {qual}" + (f" as {name}" if qual != name else "") + "\n"
    if type(value).__module__ == "numpy" and type(value).__name__ == "ndarray" and value.size <= 100_000 \
            and value.dtype.kind in "biuf":
        return f"{name} = __import__('numpy').array({value.tolist()!r}, dtype={str(value.dtype)!r})\n"
    if isinstance(value, (bool, int, float, complex, str, bytes, type(None), tuple, list, dict, set, frozenset)):
        try:
            text = repr(value)
            if ast.literal_eval(text) == value:
                return f"{name} = {text}\n"
        except (ValueError, SyntaxError, TypeError, RecursionError):
            return None
    return None


def module_source(topic: str, namespace: dict) -> str:
    """``<topic>.py`` as the notebook defines it (see the module docstring for the rules)."""
    parts: list[str] = []
    defined = set(dir(builtins))
    student: dict[str, str] = {}  # name -> source, functions taken from the notebook
    region_at = None
    pieces = chunks(reference_source(topic))
    for ch in pieces:
        if ch.kind != "region":
            defined.update(ch.names)
    for ch in pieces:
        if ch.kind == "solution":
            name = ch.names[0]
            src = _source_of(name, namespace[name], namespace) if name in namespace else None
            if src is None:
                parts.append(f"# {name}: not defined in the notebook\n")
            else:
                student[name] = src
                parts.append("\n\n" + src)
        elif ch.kind == "region":
            if region_at is None:
                region_at = len(parts)
                parts.append("")
        else:
            parts.append(ch.text)
    # the student's own helpers: what their functions read that the module does not define
    extras: list[str] = []
    todo = list(student.values())
    while todo:
        src = todo.pop(0)
        try:
            names = used_names(ast.parse(src))
        except SyntaxError:
            continue
        for n in sorted(names - defined):
            defined.add(n)
            if n not in namespace:
                continue
            fsrc = _source_of(n, namespace[n], namespace)
            if fsrc is not None:
                extras.append("\n\n" + fsrc)
                todo.append(fsrc)
            else:
                vsrc = _value_source(n, namespace[n])
                if vsrc is not None:
                    extras.insert(0, vsrc)
    block = "\n# --- the notebook's own helpers ---\n" + "".join(extras) + "\n" if extras else ""
    if region_at is not None:
        parts[region_at] = block
    else:
        parts.append(block)
    return "".join(parts)

