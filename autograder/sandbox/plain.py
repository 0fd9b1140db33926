"""The student-laptop level of the sandbox: a plain child process with a time limit.

On a student's own computer (Windows, macOS, or a Linux without the
facilities the full sandbox builds its walls from) the code checked is the
student's own, on their own machine: it runs in a child interpreter that
loads the exercises as a package and answers calls over its standard input
and output, and a call that overruns its time is ended by killing that
process. There is no memory cap, no file or network wall and no process
filter here, and nothing is printed about it. Only the standard library's
portable parts are used: ``subprocess`` pipes, a thread per call instead of
``select`` (which Windows cannot do on pipes), ``Popen.kill``.

:func:`plain_process_sandbox` makes one; :func:`os_isolation_available` says
whether the full sandbox can be built here (``$DLKATA_NO_OS_ISOLATION=1``
makes it answer no, to run this level on Linux).
"""

from __future__ import annotations

import json
import os
import queue
import signal
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

from .. import codec
from . import BLOCKED_MODULES, CHILD, MAX_REPLY_BYTES, CallResult, Sandbox

_FRAME = struct.Struct("<Q")
#: Set to 1 to run student code at this level even where the full sandbox could be built.
NO_ISOLATION_ENV = "DLKATA_NO_OS_ISOLATION"


def os_isolation_available() -> bool:
    """Whether the full sandbox's facilities exist: Linux with POSIX resource limits (and not
    ``$DLKATA_NO_OS_ISOLATION``). Landlock, seccomp and bubblewrap are Linux's; the full sandbox
    reports which of them it got."""
    if os.environ.get(NO_ISOLATION_ENV, "") not in ("", "0"):
        return False
    if not sys.platform.startswith("linux"):
        return False
    try:
        import resource  # noqa: F401
    except ImportError:
        return False
    return True


class PlainSandbox(Sandbox):
    """A child interpreter that has loaded ``directory`` as a package; calls have a time limit only.

    The full sandbox's interface and reporting (:meth:`call`, :meth:`close`, a context manager, the
    same :class:`CallResult`), with its own start-up, pipes and kill: nothing here is POSIX-only.
    """

    level = "plain"

    def __init__(self, directory, numba_cache: str | None = None, output_limit: int = 20000,
                 threads: int | None = None, **_ignored):
        super().__init__(directory, memory_mb=0, numba_cache=numba_cache, output_limit=output_limit,
                         isolate=False, threads=threads)
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        config = {
            "codec": str(Path(codec.__file__).resolve()),
            "landlock": None, "nofork": None, "read_paths": None, "write_paths": [],
            "directory": self.directory,
            "package": "submission",
            "blocked_modules": list(BLOCKED_MODULES),
            "protected_paths": [],
            "output_limit": self.output_limit,
        }
        env = dict(os.environ)  # the student's own machine: their environment (Windows needs SYSTEMROOT)
        env.update({"PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1", "NUMBA_NUM_THREADS": str(self.threads),
                    "NUMBA_CACHE_DIR": self.numba_cache or os.path.join(self.scratch, "numba")})
        options = {}
        if os.name == "nt":
            options["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP | getattr(subprocess, "CREATE_NO_WINDOW", 0)
        else:
            options["start_new_session"] = True
        self.proc = subprocess.Popen(
            [sys.executable, "-I", str(CHILD), "stdio", "stdio", json.dumps(config)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            cwd=self.scratch, env=env, **options)

    def _kill(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        try:
            if os.name == "nt":
                proc.kill()
            else:
                os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError, OSError):
            pass
        for stream in (proc.stdin, proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
        proc.wait()

    def call(self, module: str, function: str, args=(), kwargs=None, timeout: float = 60.0) -> CallResult:
        """Run ``module.function(*args, **kwargs)`` in the child, within ``timeout`` seconds."""
        if self.proc is None or self.proc.poll() is not None:
            self._kill()
            self.start()
        request = codec.encode({"module": module, "function": function, "args": list(args),
                                "kwargs": dict(kwargs or {})})
        proc = self.proc
        answer: queue.Queue = queue.Queue(maxsize=1)
        worker = threading.Thread(target=_exchange, args=(proc, request, answer), daemon=True)
        t0 = time.monotonic()
        worker.start()
        try:
            kind, payload = answer.get(timeout=max(timeout, 0.0))
        except queue.Empty:
            self._kill()
            worker.join(5)
            return CallResult(False, error=f"did not finish within {timeout:g} s", stage="timeout",
                              seconds=time.monotonic() - t0)
        if kind == "eof":
            return self._crashed()
        if kind == "big":
            self._kill()
            return CallResult(False, error=f"the result is too large ({payload} bytes)", stage="return")
        try:
            reply = codec.decode(payload)
            if not isinstance(reply, dict) or "ok" not in reply:
                raise codec.CodecError("not a reply")
            return self._result(reply)
        except (codec.CodecError, RecursionError, MemoryError, TypeError, ValueError, OverflowError) as exc:
            self._kill()
            return CallResult(False, error=f"the child sent a malformed reply ({exc})", stage="protocol")


def _exchange(proc: subprocess.Popen, request: bytes, answer: queue.Queue) -> None:
    """Send one request and read its reply (in a thread: the caller waits with a time limit)."""
    try:
        proc.stdin.write(_FRAME.pack(len(request)) + request)
        proc.stdin.flush()
        header = _read(proc.stdout, _FRAME.size)
        (n,) = _FRAME.unpack(header)
        if n > MAX_REPLY_BYTES:
            answer.put(("big", n))
            return
        answer.put(("reply", _read(proc.stdout, n)))
    except (EOFError, OSError, ValueError):
        answer.put(("eof", None))


def _read(stream, n: int) -> bytes:
    chunks, need = [], n
    while need:
        b = stream.read(min(need, 1 << 20))
        if not b:
            raise EOFError
        chunks.append(b)
        need -= len(b)
    return b"".join(chunks)


def plain_process_sandbox(directory, numba_cache: str | None = None, **options) -> PlainSandbox:
    """The student-laptop level: ``directory``'s code in a plain child process, with the time limit only."""
    return PlainSandbox(directory, numba_cache=numba_cache, **options)
