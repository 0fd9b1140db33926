"""What a notebook's test cell calls: the same checks as ``dlkata check``, on code written in a notebook.

An nbgrader notebook of a topic (made by :mod:`autograder.notebooks`) holds the
topic module cut into cells: given code (locked), the student's functions
(solution cells) and test cells. A test cell calls::

    from dlkata.autograder.nbcheck import check_functions
    check_functions("activations", ["relu"], globals())

which

1. rebuilds ``<topic>.py`` from the notebook (:func:`autograder.chunking.module_source`):
   the reference module's layout, with every function that holds solution markers taken from the notebook
   (``inspect.getsource`` of what the notebook defined), the given code (no
   markers) taken from the reference, and the student's own helpers (those
   the functions reference, transitively) added where the module-level
   solution region was;
2. writes it into a package folder with the modules it imports relatively:
   ``_validate`` (given code) as is, and earlier topics rebuilt from the
   student's own notebooks next to this one (never a reference module in the
   student's sandbox; a missing notebook becomes a module saying so);
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

import contextlib
import hashlib
import io
import os
import sys
import warnings
from pathlib import Path

from .chunking import module_source
from .paths import SOLUTIONS, cache_dir, exercises_dir

#: Environment variable naming the instructor's hidden-case file at autograde time.
HIDDEN_ENV = "DLKATA_HIDDEN"


class NotebookCheckError(AssertionError):
    """Some case failed (or the notebook's code could not be assembled)."""


def package_dir(topic: str) -> Path:
    """A stable folder per working folder and topic (so the child's Numba cache stays warm)."""
    tag = hashlib.sha256(f"{os.getcwd()}|{topic}".encode()).hexdigest()[:16]
    return cache_dir() / "notebooks" / tag


def _write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def student_edition_source(dep: str, built: str) -> str:
    """In the student edition, what an earlier topic ``dep`` of a notebook comes from, as the notebook's
    own imports take it (:mod:`autograder.notebooks`): the reference of a topic the instructor gave
    (``dlkata release --give``), else the student's own ``exercises/<dep>.py``, else ``built`` (from
    the sibling notebook, or the module saying it is missing). The instructor's checkout keeps ``built``."""
    from .edition import is_student

    if not is_student() or dep.startswith("_"):
        return built
    for path in (SOLUTIONS / f"{dep}.py", exercises_dir() / f"{dep}.py"):
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return built


def export(topic: str, namespace: dict, directory) -> Path:
    """Write the notebook's ``<topic>.py`` and the modules it imports into ``directory``; returns it.

    The earlier topics it imports are the student's own, rebuilt from their notebooks
    next to this one (the working folder), never the references.
    """
    from .nbsubmission import dependency_sources, find_notebooks

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    siblings = find_notebooks(Path.cwd(), recursive=False)
    for dep, src in dependency_sources(topic, siblings).items():
        _write_if_changed(directory / f"{dep}.py", student_edition_source(dep, src))
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
    from .messages import t

    buf = io.StringIO()
    console = Console(file=buf, color_system=None, force_terminal=False, force_jupyter=False, width=100,
                      highlight=False, soft_wrap=True)
    for res in results:
        if hidden_withheld:
            passed = sum(c.passed for c in res.cases)
            console.print(f" {'✓' if res.passed else '✗'} {res.exercise.name:<28} {res.score}/{res.exercise.points}"
                          f"  {passed}/{len(res.cases)} {t('hidden_passed', lang)}")
        else:
            render.exercise_line(console, res, lang, notebook=True)
    return buf.getvalue()


def check_functions(topic: str, names, namespace: dict, hidden: bool = False, lang: str = "en",
                    timeout: float | None = None, seed: int = 0) -> None:
    """Check the notebook's ``names`` of ``topic``: print the report, raise ``AssertionError`` on failure.

    ``hidden=True`` checks the hidden draws of the case file named by
    ``$DLKATA_HIDDEN`` (nothing happens when it is unset).
    """
    from . import registry
    from .checking import DEFAULT_TIMEOUT, hidden_draws, run

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
            chosen = [ex for ex in exercises if spec.applies_to(ex.id)]
            prepared = {ex.id: hidden_draws(ex, spec) for ex in chosen}
            results = list(run(chosen, directory, timeout=timeout, extra_protected=protected, prepared=prepared,
                               label=""))
            withheld = spec.withhold_feedback
        else:
            # the earlier topics it imports are the student's own notebooks too (:func:`export`)
            results = list(run(exercises, directory, seed=seed, timeout=timeout, extra_protected=protected,
                               label=""))
            withheld = False
        text = _report(results, lang, withheld)
    print(text, end="")
    failed = [r.exercise.name for r in results if not r.passed]
    if failed:
        from .messages import t

        raise NotebookCheckError(t("notebook_hidden_failed" if hidden else "notebook_failed", lang,
                                   names=", ".join(failed)))
