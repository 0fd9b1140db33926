"""Judging mutants of the references against the public cases, as ``dlkata check`` compares.

For each topic the public cases (seed 0) are drawn and their expected
outputs loaded from the oracle cache once; each mutant's module is then
executed in-process (the references are trusted code: no sandbox) and called
on the cases that run the mutated statement, each result judged by
:func:`autograder.checking.compare_output` (the comparison and tolerances of
``check``), stopping at the first case that fails. A mutant is *killed* when
a case fails for any reason ``check`` would fail it: a wrong value, shape or
dtype, an exception, a value that cannot be sent back, a modified input, or
a time-out.

Which cases run which line is measured once by tracing the reference on the
cases; a mutant on a line no public case runs survives without a run. Numba
kernels are interpreted (``NUMBA_DISABLE_JIT=1``): compiling every mutant would
cost about a minute each, while the public cases take well under a second
interpreted. Under the interpreter integers do not overflow and ``prange`` is
``range``, so a mutant that only Numba's typing would reject (or that only
overflows in compiled code) may survive here; the references pass every
public case both ways. Numba's thread count is set to :data:`THREADS` (the
references split their rows by it), so the run is the same on every machine.

Mutants run in worker processes forked from this one (``jobs`` of them); a
worker that does not answer within the time limit is killed, its mutant
counted as killed by a time-out, and a fresh worker forked.
"""

from __future__ import annotations

import importlib
import io
import multiprocessing
import multiprocessing.connection
import os
import re
import resource
import sys
import time
import types
import warnings
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field

import numpy as np

from . import codec, oracle, registry
from .checking import compare_output, draw_cases
from .mutation import Mutant, mutants

#: Killed: a case failed. Survived: every case that runs the mutated line passed. Uncovered: no case runs it.
KILLED, SURVIVED, UNCOVERED = "killed", "survived", "uncovered"
#: Extra address space a worker may take beyond what it had when forked.
WORKER_EXTRA_BYTES = 3 << 30


@dataclass
class Outcome:
    """What the public cases said about one mutant."""

    mutant: Mutant
    status: str
    by: str = ""
    seconds: float = 0.0
    probe: str | None = None  # with probes: where a survivor differs from the reference ("" nowhere)


@dataclass
class Bench:
    """One topic ready for mutants: its cases, their expected outputs, and which lines each case runs."""

    topic: str
    filename: str
    draws: list = field(default_factory=list)  # (exercise, case, expected)
    lines: list = field(default_factory=list)  # per draw: the lines of the module it runs
    import_lines: set = field(default_factory=set)
    seconds: list = field(default_factory=list)  # per draw: time taken by the reference
    module: types.ModuleType | None = None  # the reference, for probes

    def plan(self, mutant: Mutant) -> list[int]:
        """The draws that run the mutated statement (all of them for a statement run at import)."""
        span = set(range(mutant.lines[0], mutant.lines[1] + 1))
        if span & self.import_lines:
            return list(range(len(self.draws)))
        return [i for i, lines in enumerate(self.lines) if span & lines]

    def budget(self, draws: list[int]) -> float:
        """Seconds a mutant may take on ``draws`` before it counts as a time-out."""
        return max(5.0, 30.0 * sum(self.seconds[i] for i in draws))


#: Numba's thread count for the run: the references split work by it (``get_num_threads``), and a
#: fixed count above every case's batch, giving splits of 6, 3 and 2, makes every split path run, on
#: any machine.
THREADS = 6


def _disable_jit() -> None:
    """Numba decorators return the plain Python function from now on (see the module docstring), and
    ``numba.get_num_threads()`` says :data:`THREADS` (interpreted kernels start no threads)."""
    if "numba" not in sys.modules:
        os.environ["NUMBA_NUM_THREADS"] = str(THREADS)
    import numba

    os.environ["NUMBA_DISABLE_JIT"] = "1"
    numba.config.DISABLE_JIT = True
    if numba.config.NUMBA_NUM_THREADS >= THREADS:
        numba.set_num_threads(THREADS)


def load(topic: str, source: str, filename: str) -> types.ModuleType:
    """Execute ``source`` as a fresh ``dlkata.solutions.<topic>`` module (not put in ``sys.modules``).

    Its Numba kernels are interpreted: a module made from a string has no file for Numba's cache, and
    compiling each version would take minutes. The modules it imports are the installed ones, imported
    first as they are (compiled, unless the whole process interprets).
    """
    import numba

    import dlkata.solutions  # noqa: F401 - the package its relative imports resolve in

    for dep in re.findall(r"^from \.(\w+) import", source, re.M):
        importlib.import_module(f"dlkata.solutions.{dep}")

    module = types.ModuleType(f"dlkata.solutions.{topic}")
    module.__package__ = "dlkata.solutions"
    module.__file__ = filename
    was = numba.config.DISABLE_JIT
    numba.config.DISABLE_JIT = True
    try:
        exec(compile(source, filename, "exec"), module.__dict__)  # noqa: S102 - trusted reference code
    finally:
        numba.config.DISABLE_JIT = was
    return module


class _LineTracer:
    """The lines of one file that run while it is active (``sys.settrace``)."""

    def __init__(self, filename: str):
        self.filename = filename
        self.lines: set[int] = set()

    def _local(self, frame, event, arg):
        if event == "line":
            self.lines.add(frame.f_lineno)
        return self._local

    def _global(self, frame, event, arg):
        if frame.f_code.co_filename == self.filename:
            return self._local
        return None

    def __enter__(self):
        self.lines = set()
        sys.settrace(self._global)
        return self

    def __exit__(self, *exc):
        sys.settrace(None)


def call(ex, case, fn, expected) -> str:
    """``""`` when ``fn`` passes ``case`` as ``check`` judges it, else why it fails.

    The inputs cross the same wire format as in the sandbox (fresh arrays, and strings that are
    not the interned literals of the case generators), and so does the result.
    """
    args, kwargs = codec.decode(codec.encode((list(case.args), dict(case.kwargs))))
    before = [(k, v.copy()) for k, v in [*enumerate(args), *kwargs.items()] if isinstance(v, np.ndarray)]
    sink = io.StringIO()
    try:
        with redirect_stdout(sink), redirect_stderr(sink), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = fn(*args, **kwargs)
    except BaseException as exc:  # noqa: BLE001 - a mutant may raise anything, SystemExit included
        return f"raised {type(exc).__name__}"
    current = dict([*enumerate(args), *kwargs.items()])
    if any(current[k].shape != v.shape or not np.array_equal(current[k], v, equal_nan=True) for k, v in before):
        return "modified its input"
    try:
        value = codec.decode(codec.encode(value))
    except (codec.CodecError, TypeError, ValueError, RecursionError):
        return "returned a value that cannot be sent back"
    verdict = compare_output(ex, case, value, expected)
    return "" if verdict.passed else f"{verdict.problem} of {verdict.where}"


def prepare(topic: str, muts: list[Mutant] | None = None) -> tuple[Bench, list[Mutant]]:
    """The topic's bench (public cases, expected outputs, lines per case) and its mutants."""
    from .paths import SOLUTIONS

    path = SOLUTIONS / f"{topic}.py"
    source = path.read_text(encoding="utf-8")
    bench = Bench(topic, f"<dlkata mutant of solutions/{topic}.py>")
    tracer = _LineTracer(bench.filename)
    with tracer:
        module = load(topic, source, bench.filename)
    bench.module = module
    bench.import_lines = set(tracer.lines)
    for ex in registry.topic(topic).exercises:
        fn = getattr(module, ex.name)
        for case in draw_cases(ex, 0):
            expected = oracle.expected(ex, case)
            with tracer:
                why = call(ex, case, fn, expected)
            if why:
                raise RuntimeError(f"the reference {ex.id} fails its public case {case.name!r}: {why}")
            t0 = time.perf_counter()
            call(ex, case, fn, expected)
            bench.seconds.append(time.perf_counter() - t0)
            bench.draws.append((ex, case, expected))
            bench.lines.append(set(tracer.lines))
    return bench, (mutants(topic, source, path) if muts is None else muts)


def judge(bench: Bench, mutant: Mutant, draws: list[int]) -> tuple[str, str]:
    """``(status, by)`` of a mutant on the given draws (run in a worker)."""
    try:
        with warnings.catch_warnings(), redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
            warnings.simplefilter("ignore")
            module = load(bench.topic, mutant.source, bench.filename)
    except BaseException as exc:  # noqa: BLE001
        return KILLED, f"import: raised {type(exc).__name__}"
    for i in draws:
        ex, case, expected = bench.draws[i]
        fn = getattr(module, ex.name, None)
        why = "the function is missing" if not callable(fn) else call(ex, case, fn, expected)
        if why:
            return KILLED, f"{ex.name}: '{case.name}': {why}"
    return SURVIVED, ""


def _value(fn, case):
    """``(ok, value or error)`` of ``fn`` on ``case`` through the wire format."""
    args, kwargs = codec.decode(codec.encode((list(case.args), dict(case.kwargs))))
    try:
        with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return True, codec.decode(codec.encode(fn(*args, **kwargs)))
    except BaseException as exc:  # noqa: BLE001
        return False, type(exc).__name__


_REFERENCE: dict = {}


def probe(bench: Bench, mutant: Mutant, seeds: range) -> str:
    """Where a survivor differs from the reference on fresh draws of the cases (``""``: nowhere).

    The reference's output stands in for TensorFlow's (it matches it on every draw ``validate``
    tries), so no oracle runs: a triage aid for telling real mistakes from equivalent mutants.
    """
    try:
        with warnings.catch_warnings(), redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
            warnings.simplefilter("ignore")
            module = load(bench.topic, mutant.source, bench.filename)
    except BaseException as exc:  # noqa: BLE001
        return f"import: raised {type(exc).__name__}"
    covering = {bench.draws[i][0].name for i in bench.plan(mutant)}
    for seed in seeds:
        for ex in registry.topic(bench.topic).exercises:
            if covering and ex.name not in covering:
                continue
            for case in draw_cases(ex, seed, "probe"):
                key = (ex.id, seed, case.name)
                if key not in _REFERENCE:
                    _REFERENCE[key] = _value(getattr(bench.module, ex.name), case)
                ok, want = _REFERENCE[key]
                if not ok:
                    continue
                got_ok, got = _value(getattr(module, ex.name), case)
                if not got_ok or not compare_output(ex, case, got, want).passed:
                    return f"seed {seed}, {ex.name}: '{case.name}'" + ("" if got_ok else f" (raised {got})")
    return ""


# ---------------------------------------------------------------- workers

_BENCHES: dict[str, tuple[Bench, list[Mutant]]] = {}


def _worker(conn) -> None:
    try:
        with open("/proc/self/status") as f:
            vm = next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmSize:"))
        resource.setrlimit(resource.RLIMIT_AS, (vm + WORKER_EXTRA_BYTES, resource.RLIM_INFINITY))
    except (OSError, ValueError, StopIteration):
        pass
    np.seterr(all="ignore")
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        topic, index, draws, seeds = job
        bench, muts = _BENCHES[topic]
        t0 = time.perf_counter()
        if seeds is None:
            status, by = judge(bench, muts[index], draws)
        else:
            status, by = "probed", probe(bench, muts[index], seeds)
        conn.send((status, by, time.perf_counter() - t0))


class _Pool:
    """``jobs`` forked workers; a job that overruns its time is killed with its worker."""

    def __init__(self, jobs: int):
        self.ctx = multiprocessing.get_context("fork")
        self.workers = [self._spawn() for _ in range(max(1, jobs))]

    def _spawn(self):
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=_worker, args=(child,), daemon=True)
        proc.start()
        child.close()
        return {"proc": proc, "conn": parent, "job": None, "deadline": 0.0, "start": 0.0}

    def run(self, jobs, progress=None):
        """``jobs``: ``(key, (topic, index, draws), budget)``; yields ``(key, status, by, seconds)``."""
        pending = list(jobs)
        pending.reverse()
        busy = 0
        while pending or busy:
            for w in self.workers:
                if w["job"] is None and pending:
                    key, job, budget = pending.pop()
                    w["conn"].send(job)
                    w["job"], w["start"], w["deadline"] = key, time.monotonic(), time.monotonic() + budget
                    busy += 1
            ready = multiprocessing.connection.wait([w["conn"] for w in self.workers if w["job"] is not None],
                                                    timeout=0.5)
            now = time.monotonic()
            for i, w in enumerate(self.workers):
                if w["job"] is None:
                    continue
                if w["conn"] in ready:
                    try:
                        status, by, seconds = w["conn"].recv()
                    except (EOFError, OSError):
                        status, by, seconds = KILLED, "crashed (the worker died)", now - w["start"]
                        yield w["job"], status, by, seconds
                        self._replace(i)
                        busy -= 1
                        continue
                    yield w["job"], status, by, seconds
                    w["job"] = None
                    busy -= 1
                elif now > w["deadline"] or not w["proc"].is_alive():
                    why = "timed out" if w["proc"].is_alive() else "crashed (the worker died)"
                    yield w["job"], KILLED, why, now - w["start"]
                    self._replace(i)
                    busy -= 1

    def _replace(self, i):
        w = self.workers[i]
        w["proc"].kill()
        w["proc"].join()
        w["conn"].close()
        self.workers[i] = self._spawn()

    def close(self):
        for w in self.workers:
            w["conn"].close()
            w["proc"].kill()
            w["proc"].join()


def run(topics: list[str], jobs: int = 1, progress=None, select=None, probes: int = 0) -> dict[str, list[Outcome]]:
    """Judge every mutant of each topic; ``{topic: [Outcome, ...]}`` in mutant order.

    ``select(mutant) -> bool`` limits the run to some mutants; ``progress(topic, done, total)`` is
    called as outcomes arrive. With ``probes``, each survivor is then run on that many fresh draws
    of the cases and compared with the reference (:func:`probe`); the finding goes in its ``probe``.
    """
    _disable_jit()
    results: dict[str, list[Outcome]] = {}
    _BENCHES.clear()
    for topic in topics:
        bench, muts = prepare(topic)
        if select is not None:
            muts = [m for m in muts if select(m)]
        _BENCHES[topic] = (bench, muts)
        results[topic] = [Outcome(m, UNCOVERED) for m in muts]
    work = []
    for topic in topics:
        bench, muts = _BENCHES[topic]
        for i, m in enumerate(muts):
            draws = bench.plan(m)
            if draws:
                work.append(((topic, i), (topic, i, draws, None), bench.budget(draws)))
    pool = _Pool(jobs)
    done = 0
    try:
        for (topic, i), status, by, seconds in pool.run(work):
            out = results[topic][i]
            out.status, out.by, out.seconds = status, by, seconds
            done += 1
            if progress is not None:
                progress(topic, done, len(work))
        if probes:
            work = [((t, i), (t, i, [], range(1, probes + 1)), 30.0 + probes * 3 * sum(_BENCHES[t][0].seconds))
                    for t in topics for i, o in enumerate(results[t]) if o.status != KILLED]
            for (topic, i), status, by, seconds in pool.run(work):
                results[topic][i].probe = by if status == "probed" else f"{by} (on a fresh draw)"
    finally:
        pool.close()
        _BENCHES.clear()
    return results
