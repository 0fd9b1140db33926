"""The plain level of the sandbox: a student's own check, on their own computer, whatever it runs.

On a student's laptop (Windows, macOS, or the student edition on Linux) the
code checked is the student's own, on their own machine: it runs in a plain
child interpreter (:mod:`.child` with ``"plain": true``) that loads the
exercises as a package and answers calls over its standard input and
output. The :class:`~.limits.Limits` that need no operating-system wall hold
as at the other levels: the time limit (a call that overruns it is ended by
killing the child), the reply cap and the text caps. There is no memory cap,
no file or network wall and no process filter, and nothing is printed about
it. Only the standard library's portable parts are used: ``subprocess``
pipes, a reader thread instead of ``select`` (which Windows cannot do on
pipes), ``Popen.kill``.

:func:`autograder.sandbox.make_sandbox` makes one when the level is
``"plain"`` (:func:`autograder.sandbox.requested_level`); grading never does
(:func:`autograder.sandbox.grading_level`).
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

from . import BLOCKED_MODULES, CHILD, RUNTIME_FILES, Isolation, Sandbox, SandboxError

#: What :attr:`Sandbox.isolation` says at this level.
PLAIN = Isolation("plain", "no wall (a plain child process with the time limit: your own code on your own computer)",
                  "your own user", "no cgroup")


class PlainSandbox(Sandbox):
    """The sandbox's interface (:meth:`call`, :meth:`close`, a context manager, the same
    :class:`CallResult` and reply checks) over a plain child process: its own start-up, pipes and kill."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._chunks: queue.Queue | None = None
        self._buffer = bytearray()
        self._reader: threading.Thread | None = None
        self._stop = threading.Event()

    def start(self) -> None:
        """Start the child; :class:`SandboxError` when it does not say hello."""
        self._kill()
        try:
            self._spawn_plain()
        except BaseException:
            self._kill()
            raise

    def _spawn_plain(self) -> None:
        lim = self.limits
        self._scratch = scratch = tempfile.mkdtemp(prefix="dlkata-scratch-")
        config = {"plain": True, "package": "submission", "blocked_modules": list(BLOCKED_MODULES),
                  "protected_paths": self.protected, "output_limit": lim.text_chars,
                  "codec": str(RUNTIME_FILES["codec.py"]), "directory": self.directory,
                  "numba_seed": self.numba_seed}
        env = dict(os.environ)  # the student's own machine: their environment (Windows needs SYSTEMROOT)
        env.update({"PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1", "NUMBA_NUM_THREADS": str(self.threads),
                    "NUMBA_CACHE_DIR": self.numba_cache or os.path.join(scratch, "numba")})
        options = {}
        if os.name == "nt":
            options["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP | getattr(subprocess, "CREATE_NO_WINDOW", 0)
        else:
            options["start_new_session"] = True
        with open(os.path.join(scratch, "stderr"), "wb") as err:
            self.proc = subprocess.Popen(
                [sys.executable, "-I", str(CHILD), "stdio", "stdio", json.dumps(config)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, cwd=scratch, env=env, **options)
        self.child_pid = self.proc.pid
        self._stop = threading.Event()
        self._chunks, self._buffer = queue.Queue(maxsize=8), bytearray()
        self._reader = threading.Thread(target=_pump, args=(self.proc.stdout, self._chunks, self._stop), daemon=True)
        self._reader.start()
        try:
            self._hello(time.monotonic() + lim.start_seconds)
        except (TimeoutError, EOFError, OSError, ValueError) as exc:
            why = self._stderr_text() or f"{type(exc).__name__}: {exc}"
            raise SandboxError(f"the checking process did not start: {why}") from None
        self.isolation = PLAIN

    def _stderr_text(self) -> str:
        """The last line the child wrote to its standard error before it went quiet."""
        try:
            with open(os.path.join(self._scratch, "stderr"), "rb") as f:
                text = f.read()[-4096:].decode("utf-8", "replace").strip()
        except (OSError, TypeError):
            return ""
        return text.splitlines()[-1] if text else ""

    def _write(self, data: bytes, deadline: float) -> None:
        if self.proc is None or self.proc.stdin is None:
            raise EOFError
        self.proc.stdin.write(data)  # the child is waiting for a request whenever one is written
        self.proc.stdin.flush()

    def _read(self, n: int, deadline: float) -> bytes:
        while len(self._buffer) < n:
            left = deadline - time.monotonic()
            if left <= 0 or self._chunks is None:
                raise TimeoutError if self._chunks is not None else EOFError
            try:
                chunk = self._chunks.get(timeout=left)
            except queue.Empty:
                raise TimeoutError from None
            if chunk is None:
                self._chunks.put(None)  # the end stays the end for every later read
                raise EOFError
            self._buffer += chunk
        data = bytes(self._buffer[:n])
        del self._buffer[:n]
        return data

    def _kill(self) -> None:
        proc, self.proc = self.proc, None
        self._stop.set()
        if proc is not None:
            try:
                if os.name == "nt":
                    proc.kill()
                else:
                    os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError, OSError):
                pass
            try:
                proc.stdin.close()
            except OSError:
                pass
            proc.wait()
        if self._reader is not None:
            self._reader.join(5)  # ends at the pipe's end (unless a process the code started holds it open)
            if not self._reader.is_alive() and proc is not None:
                proc.stdout.close()
            self._reader = None
        self._chunks, self._buffer = None, bytearray()
        self.child_pid = None
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None


def _pump(stream, chunks: queue.Queue, stop: threading.Event) -> None:
    """Move what the child writes into ``chunks`` (``None`` at the end); a few chunks ahead at most, so a
    huge reply is never read past the cap the parent checks first."""
    try:
        while not stop.is_set():
            data = stream.read1(1 << 20)
            if not data:
                break
            while not stop.is_set():
                try:
                    chunks.put(data, timeout=0.2)
                    break
                except queue.Full:
                    continue
    except (OSError, ValueError):
        pass
    while True:
        try:
            chunks.put(None, timeout=0.2)
            return
        except queue.Full:
            if stop.is_set():
                return
