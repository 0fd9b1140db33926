"""What a notebook's test cell calls: the same checks as ``dlkata check``, on code written in a notebook.

An nbgrader notebook of a topic (made by :mod:`autograder.notebooks`) holds the
topic module cut into cells: given code (locked), the student's functions
(solution cells) and test cells. A test cell calls::

    from dlkata.autograder.nbcheck import check_functions
    check_functions("activations", ["relu"], globals())

which

1. rebuilds ``<topic>.py`` from the notebook: the reference module's layout,
   with every function that holds solution markers taken from the notebook
   (``inspect.getsource`` of what the notebook defined), the given code (no
   markers) taken from the reference, and the student's own helpers (those
   the functions reference, transitively) added where the module-level
   solution region was;
2. writes it into a package folder with copies of the modules it imports
   relatively (``_validate`` and earlier topics: the reference versions in
   the instructor's checkout, where the notebook imports the same ones from
   ``dlkata.solutions``; in the student edition the student's own
   ``exercises/``, or the reference of a topic the instructor gave);
3. runs :func:`autograder.checking.run` on that folder: the student's code
   runs in the sandbox child, never in this process, with the public cases of
   ``dlkata check`` (seed 0) and the cached oracle outputs;
4. prints the report and raises ``AssertionError`` when a case failed, so
   nbgrader gives the cell's points only when every case passed.

Everything it does is silent on stderr (nbgrader scores a test cell zero if
it writes to stderr): TensorFlow, when an oracle output is not cached yet, and
any warning are sent to /dev/null.

Hidden cases: ``check_functions(..., hidden=True)`` runs the hidden draws of
the instructor's case file named by the ``DLKATA_HIDDEN`` environment
variable, and does nothing when it is unset (students' runs).
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import hashlib
import inspect
import io
import os
import sys
import textwrap
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from .paths import EXERCISES, LAYOUTS, SOLUTIONS, cache_dir, exercises_dir
from .stubs import BEGIN, END

#: Environment variable naming the instructor's hidden-case file at autograde time.
HIDDEN_ENV = "DLKATA_HIDDEN"


class NotebookCheckError(AssertionError):
    """Some case failed (or the notebook's code could not be assembled)."""


# ---------------------------------------------------------------------------
# Cutting a topic module into chunks (shared with the notebook generator)
# ---------------------------------------------------------------------------
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


def dependency_source(dep: str) -> str:
    """What a rebuilt module's ``from .<dep> import ...`` finds: the reference where it is installed
    (the instructor's checkout; in the student edition, a topic the instructor gave), else the
    student's own ``exercises/<dep>.py`` (their earlier work), else the stub."""
    if (SOLUTIONS / f"{dep}.py").exists():
        return (SOLUTIONS / f"{dep}.py").read_text(encoding="utf-8")
    own = exercises_dir() / f"{dep}.py"
    if not dep.startswith("_") and own.is_file():
        return own.read_text(encoding="utf-8")
    return reference_source(dep)


# ---------------------------------------------------------------------------
# Rebuilding the module from a notebook's namespace
# ---------------------------------------------------------------------------
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


def package_dir(topic: str) -> Path:
    """A stable folder per working folder and topic (so the child's Numba cache stays warm)."""
    tag = hashlib.sha256(f"{os.getcwd()}|{topic}".encode()).hexdigest()[:16]
    return cache_dir() / "notebooks" / tag


def _write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def export(topic: str, namespace: dict, directory) -> Path:
    """Write the notebook's ``<topic>.py`` and the modules it imports into ``directory``; returns it."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for dep in dependencies(topic):
        _write_if_changed(directory / f"{dep}.py", dependency_source(dep))
    _write_if_changed(directory / f"{topic}.py", module_source(topic, namespace))
    return directory


# ---------------------------------------------------------------------------
# The check
# ---------------------------------------------------------------------------
@contextlib.contextmanager
def quiet():
    """Nothing reaches stderr: not Python's ``sys.stderr``, not file descriptor 2, not warnings."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    saved_stderr = sys.stderr
    try:
        sys.stderr.flush()
    except Exception:  # noqa: BLE001
        pass
    saved_fd = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    sys.stderr = io.StringIO()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        sys.stderr = saved_stderr
        os.dup2(saved_fd, 2)
        os.close(saved_fd)
        os.close(devnull)


def _report(results, lang: str, hidden_withheld: bool) -> str:
    from rich.console import Console

    from . import render

    buf = io.StringIO()
    console = Console(file=buf, color_system=None, force_terminal=False, force_jupyter=False, width=100,
                      highlight=False, soft_wrap=True)
    for res in results:
        if hidden_withheld:
            passed = sum(c.passed for c in res.cases)
            word = {"en": "hidden cases passed", "ko": "숨은 케이스 통과"}[lang if lang in ("en", "ko") else "en"]
            console.print(f" {'✓' if res.passed else '✗'} {res.exercise.name:<28} {res.score}/{res.exercise.points}"
                          f"  {passed}/{len(res.cases)} {word}")
        else:
            render.exercise_line(console, res, lang, verbose=False)
    return buf.getvalue()


def check_functions(topic: str, names, namespace: dict, hidden: bool = False, lang: str = "en",
                    timeout: float | None = None, seed: int = 0) -> None:
    """Check the notebook's ``names`` of ``topic``: print the report, raise ``AssertionError`` on failure.

    ``hidden=True`` checks the hidden draws of the case file named by
    ``$DLKATA_HIDDEN`` (nothing happens when it is unset).
    """
    from . import registry
    from .checking import (DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, check_exercise, hidden_draws, numba_cache_for,
                           protected_paths, run)
    from .sandbox import Sandbox

    names = [names] if isinstance(names, str) else list(names)
    exercises = [registry.get(f"{topic}.{n}") for n in names]
    timeout = DEFAULT_TIMEOUT if timeout is None else timeout
    secret = os.environ.get(HIDDEN_ENV) or None
    if hidden and not secret:
        return
    with quiet():
        directory = export(topic, namespace, package_dir(topic))
        # the case file stays unreadable to graded code, in the public check too
        protected = [Path(secret).resolve()] if secret else []
        if hidden:
            from .hidden import load  # the instructor's autograde: not in the student edition

            spec = load(Path(secret))
            results = []
            with Sandbox(directory, memory_mb=DEFAULT_MEMORY_MB,
                         protected_paths=[*protected_paths(directory), *protected],
                         numba_cache=numba_cache_for(directory)) as box:
                for ex in exercises:
                    if not spec.applies_to(ex.id):
                        continue
                    results.append(check_exercise(ex, hidden_draws(ex, spec), box, lang, timeout))
            withheld = spec.withhold_feedback
        else:
            results = list(run(exercises, directory, seed=seed, lang=lang, timeout=timeout,
                               extra_protected=protected))
            withheld = False
        text = _report(results, lang, withheld)
    print(text, end="")
    failed = [r.exercise.name for r in results if not r.passed]
    if failed:
        what = "hidden cases" if hidden else "cases"
        raise NotebookCheckError(f"{', '.join(failed)}: some {what} failed (report above)")
