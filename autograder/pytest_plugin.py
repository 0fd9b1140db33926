"""pytest as the student's test runner: every public case of every exercise is a test item.

pytest loads this plugin in every run where dlkata is installed (the ``pytest11``
entry point), and it does nothing at all unless asked: without ``--dlkata`` (or
``dlkata = true`` in the pytest configuration, which the student edition sets)
it adds its options and returns, importing none of the engine.

``pytest --dlkata`` collects one item per public case of every exercise in the
registry, named ``exercises/<topic>.py::<function>[<case name>]`` and marked with
its topic (``pytest --dlkata -m convolution``; ``-k``, ``-x``, ``--lf``, ``--ff``
work as usual). With no paths on the command line it collects the folder of topic
modules, not the project's ``testpaths``. Each item runs its case exactly as
``dlkata check`` does: the same cases (seed 0), the cached expected outputs, the
same comparison and tolerances, in the same sandbox (one child per session,
reused; a crash or a timeout costs only its item and the child is restarted),
within the same time budget per exercise. A failure's report is the one
``dlkata check -v`` prints for that case, in the language of ``--dlkata-lang``.

A stub is reported as a **failure** whose whole report is one line, "not
implemented yet: <topic>.<function> still raises NotImplementedError": a run over
unfinished work never exits 0, and the list of red items is the to-do list.

Options: ``--dlkata-path DIR`` (another folder of topic modules, as ``dlkata check
--path``; or ``dlkata_path`` in the configuration, relative to it),
``--dlkata-lang en|ko``, ``--dlkata-timeout S`` (per exercise, as ``check
--timeout``), and ``--dlkata-inline``: the student's function is imported and
called in the pytest process, without the sandbox and its time limit, so that
``--pdb``, ``breakpoint()`` and an IDE's debugger stop inside it. Inline mode is
for one's own code only. Its reports end with the line that re-creates the case's
inputs from its name (:func:`case`).
"""

from __future__ import annotations

import bdb
import importlib
import importlib.util
import math
import re
import sys
import time
import traceback
import types
from pathlib import Path
from typing import NamedTuple

import pytest

#: Seed of the public cases: the one ``dlkata check`` uses by default.
SEED = 0
#: The package name the student's folder is imported under in inline mode (the sandbox's too).
INLINE_PACKAGE = "submission"
_COURSE = pytest.StashKey["Course"]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("dlkata", "dlkata: every public case of the course's exercises as a test item")
    group.addoption("--dlkata", action="store_true", default=False,
                    help="collect and run the exercises' public cases, as `dlkata check` does")
    group.addoption("--dlkata-path", metavar="DIR", default=None,
                    help="folder holding your topic modules (default: the course's exercises/)")
    group.addoption("--dlkata-lang", metavar="LANG", default=None, help="feedback language: en (default) or ko")
    group.addoption("--dlkata-timeout", metavar="SECONDS", type=float, default=None,
                    help="seconds allowed for all cases of one exercise (default: as `dlkata check`)")
    group.addoption("--dlkata-inline", action="store_true", default=False,
                    help="call your functions in this process (no sandbox, no time limit) so that --pdb, "
                         "breakpoint() and an IDE's debugger stop in them; for your own code only")
    parser.addini("dlkata", "collect the dlkata exercises without --dlkata (the student edition sets it)",
                  type="bool", default=False)
    parser.addini("dlkata_path", "folder of topic modules, relative to this file (default: the course's exercises/)",
                  type="paths", default=[])


def pytest_configure(config: pytest.Config) -> None:
    if not (config.getoption("dlkata") or config.getini("dlkata")):
        given = [name for name in ("dlkata_path", "dlkata_lang", "dlkata_timeout", "dlkata_inline")
                 if config.getoption(name)]
        if given:
            raise pytest.UsageError(f"--{given[0].replace('_', '-')} needs --dlkata")
        return
    course = Course(config)
    config.stash[_COURSE] = course
    config.pluginmanager.register(course, "dlkata-course")


def case(exercise_id: str, name: str, seed: int = SEED):
    """The case called ``name`` of exercise ``topic.function``, as the item ``<function>[<name>]`` runs it.

    ``c = case("activations.relu", "float32 huge magnitudes"); relu(*c.args, **c.kwargs)``
    calls your function on that case's inputs (``c.args``, ``c.kwargs``), e.g. in a debugger.
    """
    from . import registry
    from .checking import draw_cases

    cases = draw_cases(registry.get(exercise_id), seed)
    for c in cases:
        if c.name == name:
            return c
    raise KeyError(f"{exercise_id} has no case {name!r}; its cases are: {', '.join(repr(c.name) for c in cases)}")


class Verdict(NamedTuple):
    """What an item shows: passed or not, the report, and (inline) the exception the student's code raised."""

    passed: bool
    report: str
    raised: BaseException | None = None


class Course:
    """The ``--dlkata`` session: where the topic modules are, and one runner per exercise.

    Registered as a plugin only when ``--dlkata`` is on, so its hooks never run otherwise.
    """

    def __init__(self, config: pytest.Config):
        from . import registry
        from .messages import LANGS
        from .paths import exercises_dir

        self.lang = config.getoption("dlkata_lang") or "en"
        if self.lang not in LANGS:
            raise pytest.UsageError(f"--dlkata-lang must be one of {', '.join(LANGS)}, not {self.lang!r}")
        option, ini = config.getoption("dlkata_path"), config.getini("dlkata_path")
        path = config.invocation_params.dir / option if option else ini[0] if ini else exercises_dir()
        if not path.is_dir():
            raise pytest.UsageError(f"--dlkata-path: {path} is not a folder")
        self.directory = path.resolve()
        self.inline = bool(config.getoption("dlkata_inline"))
        self.timeout = config.getoption("dlkata_timeout")
        self.topics = registry.topics()
        self._caller = None
        self._runs: dict[str, object] = {}
        for tp in self.topics:
            config.addinivalue_line("markers", f"{tp.name}: the cases of dlkata's {tp.name} exercises")
        if config.args_source != pytest.Config.ArgsSource.ARGS:
            config.args = [str(self.directory)]  # not the project's testpaths: the exercises themselves
            config.args_source = pytest.Config.ArgsSource.ARGS

    # -- hooks -------------------------------------------------------------
    @pytest.hookimpl(tryfirst=True)
    def pytest_collect_directory(self, path: Path, parent: pytest.Collector):
        if path.resolve() == self.directory:
            return CourseFolder.from_parent(parent, path=path)
        return None

    def pytest_report_header(self, config: pytest.Config) -> str:
        how = "in this process (--dlkata-inline)" if self.inline else "in the sandbox"
        return f"dlkata: {self.directory}, public cases (seed {SEED}) run {how}, feedback in {self.lang}"

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        if self._caller is not None and hasattr(self._caller, "close"):
            self._caller.close()
        self._caller = None

    # -- the engine: every call into it is here ----------------------------
    def cases(self, exercise):
        """The public cases of ``exercise``, as ``dlkata check`` draws them."""
        from .checking import draw_cases

        return draw_cases(exercise, SEED)

    def run(self, exercise, case) -> Verdict:
        """One case, judged as ``dlkata check`` judges it."""
        from .checking import DEFAULT_TIMEOUT, ExerciseRun
        from .messages import t
        from .paths import cache_dir
        from .report import report
        from .tracing import Shown

        runner = self._runs.get(exercise.id)
        if runner is None:
            timeout = math.inf if self.inline else self.timeout or DEFAULT_TIMEOUT
            caller = self._sandbox()
            label = Path(self.directory).name
            shown = Shown.of(caller, label) if hasattr(caller, "names_seen") else \
                Shown(str(Path(self.directory).resolve()), label)
            runner = self._runs[exercise.id] = ExerciseRun(exercise, caller, timeout, shown=shown)
        computed = _oracle_computations()
        try:
            result = runner.case(case)
        except ImportError as exc:
            if _oracle_computations() == computed:
                raise  # not the oracle's TensorFlow: a real error, shown as one
            return Verdict(False, t("no_oracle", self.lang, case=case.name, error=exc, cache=cache_dir() / "oracle"))
        raised = self._caller.take_raised() if self.inline else None  # this case's own, or None
        text = report(result, exercise, self.lang, verbose=True)
        if result.passed or not self.inline or result.problem == "stub":
            return Verdict(result.passed, text)
        text += "\n" + t("reproduce", self.lang, exercise=exercise.id, name=case.name, function=exercise.name)
        return Verdict(False, text, raised)

    def _sandbox(self):
        if self._caller is None:
            if self.inline:
                self._caller = InlineCaller(self.directory)
            else:
                from .checking import numba_cache_for, protected_paths
                from .sandbox import make_sandbox

                self._caller = make_sandbox(self.directory, protected=protected_paths(self.directory),
                                            numba_cache=numba_cache_for(self.directory))
        return self._caller


def _oracle_computations() -> int:
    """Expected outputs the oracle computed in this process (none where the public cases are shipped as data)."""
    from . import public

    if public.in_use():
        return 0
    from . import oracle

    return oracle.computations()


class CourseFolder(pytest.Directory):
    """The folder of topic modules: one file per registered topic, in course order."""

    def collect(self):
        course = self.config.stash[_COURSE]
        for topic in course.topics:
            path = self.path / f"{topic.name}.py"
            if self.ihook.pytest_ignore_collect(collection_path=path, config=self.config):
                continue
            yield TopicFile.from_parent(self, path=path, topic=topic)


class TopicFile(pytest.File):
    """``<topic>.py``: one item per public case of each of its exercises; marked with the topic."""

    def __init__(self, *, topic, **kwargs):
        super().__init__(**kwargs)
        self.topic = topic
        self.add_marker(topic.name)

    def collect(self):
        course = self.config.stash[_COURSE]
        try:
            source = self.path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            source = ""  # a missing file: every case reports the import error, as `check` does
        for ex in self.topic.exercises:
            found = re.search(rf"^def {re.escape(ex.name)}\b", source, re.M)
            line = source.count("\n", 0, found.start()) if found else 0
            for c in course.cases(ex):
                name = f"{ex.name}[{c.name}]"
                # the id given as text, so that pytest (9+) parses the case out as the item's parameters,
                # as it does for the ids --lf and --ff keep
                yield CaseItem.from_parent(self, name=name, nodeid=f"{self.nodeid}::{name}", exercise=ex, case=c,
                                           line=line)


class CaseItem(pytest.Item):
    """One public case of one exercise."""

    def __init__(self, *, exercise, case, line: int = 0, **kwargs):
        super().__init__(**kwargs)
        self.exercise, self.case, self.line = exercise, case, line
        self.report = ""
        self.raised: BaseException | None = None

    def runtest(self) -> None:
        verdict = self.config.stash[_COURSE].run(self.exercise, self.case)
        self.report = verdict.report
        if verdict.passed:
            return
        # the student's own exception (inline) is re-raised, so that --pdb stops where their code raised it;
        # a wrong answer is an AssertionError, which is what editors show as a failed (not broken) test
        self.raised = verdict.raised or AssertionError(self.report)
        raise self.raised

    def repr_failure(self, excinfo, style=None):
        if self.raised is not None and excinfo.value is self.raised:
            return self.report
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, self.line, self.name


class InlineCaller:
    """The sandbox's ``call`` without the sandbox: ``directory`` imported as a package in this process.

    Arguments and results go through the same codec as the sandbox's, so the judge
    sees the same values; there is no time limit (a debugger may hold a call), and
    an exception the student's code raises is kept so that the item re-raises it.
    """

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self._package: types.ModuleType | None = None
        self._raised: BaseException | None = None

    def take_raised(self) -> BaseException | None:
        """The exception the last call raised in the student's code (once)."""
        raised, self._raised = self._raised, None
        return raised

    def call(self, module: str, function: str, args=(), kwargs=None, timeout: float | None = None):
        import numpy as np

        from . import codec
        from .sandbox import CallResult

        self._raised = None
        try:
            mod = self._import(module)
        except Exception as exc:  # noqa: BLE001 - a broken module is the student's to fix
            return CallResult(False, error=f"{type(exc).__name__}: {exc}", stage="import")
        fn = getattr(mod, function, None)
        if not callable(fn):
            return CallResult(False, error=f"{module}.py has no function {function}()", stage="missing")
        args, kwargs = codec.decode(codec.encode((list(args), dict(kwargs or {}))))
        before = [(k, v, v.copy()) for k, v in [*enumerate(args), *kwargs.items()] if isinstance(v, np.ndarray)]
        start = time.perf_counter()
        try:
            value = fn(*args, **kwargs)
        except bdb.BdbQuit:
            raise  # the student quit the debugger
        except (Exception, SystemExit) as exc:  # noqa: BLE001 - whatever student code raises is reported
            self._raised = exc
            return CallResult(False, error=f"{type(exc).__name__}: {exc}", traceback=self._traceback(exc),
                              seconds=time.perf_counter() - start)
        seconds = time.perf_counter() - start
        mutated = [str(k) for k, v, copy in before
                   if v.shape != copy.shape or not np.array_equal(v, copy, equal_nan=True)]
        try:
            value = codec.decode(codec.encode(value))
        except codec.CodecError as exc:
            return CallResult(False, error=f"returned a {type(value).__name__}, which is not a NumPy array "
                              f"or a tuple/list of them ({exc})", stage="return", seconds=seconds)
        return CallResult(True, value=value, seconds=seconds, mutated=mutated)

    def _import(self, module: str):
        if self._package is None:
            for name in [n for n in sys.modules if n == INLINE_PACKAGE or n.startswith(INLINE_PACKAGE + ".")]:
                del sys.modules[name]  # another folder's, imported earlier in this process
            init = self.directory / "__init__.py"
            if init.exists():
                spec = importlib.util.spec_from_file_location(INLINE_PACKAGE, init,
                                                              submodule_search_locations=[str(self.directory)])
                package = importlib.util.module_from_spec(spec)
                sys.modules[INLINE_PACKAGE] = package
                try:
                    spec.loader.exec_module(package)
                except BaseException:
                    del sys.modules[INLINE_PACKAGE]
                    raise
            else:
                package = types.ModuleType(INLINE_PACKAGE)
                package.__path__ = [str(self.directory)]
                sys.modules[INLINE_PACKAGE] = package
            self._package = package
        return importlib.import_module(f"{INLINE_PACKAGE}.{module}")

    def _traceback(self, exc: BaseException) -> str:
        """The traceback through the student's files only, named relative to their folder."""
        frames = [f for f in traceback.extract_tb(exc.__traceback__)
                  if Path(f.filename).resolve().is_relative_to(self.directory)]
        for f in frames:
            f.filename = str(Path(f.filename).resolve().relative_to(self.directory))
        lines = traceback.format_list(frames[-5:]) + traceback.format_exception_only(type(exc), exc)
        return "Traceback (most recent call last):\n" + "".join(lines)
