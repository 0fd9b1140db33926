"""The parent side of the sandbox: run student functions in a child process.

The grader never imports student code. :class:`Sandbox` starts
``child.py`` in a fresh interpreter (``python -I``), in its own session and
scratch folder, with an address-space cap, a CPU-time backstop, no way to
start other processes (:mod:`.nofork`), a blocked list of imports and
protected paths; it sends inputs and gets outputs back through the safe
codec. A call that overruns its time is ended by killing the child's process
group (a thread cannot stop runaway code); a dead child is replaced for the
next call, so one crash costs only the call that caused it.
"""

from __future__ import annotations

import json
import math
import os
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import codec

try:
    import resource
except ImportError:  # Windows: this sandbox cannot be built; student code runs at the plain level (plain.py)
    resource = None

CHILD = Path(__file__).with_name("child.py")
_FRAME = struct.Struct("<Q")

#: Modules graded code may not import: the oracle's frameworks and the grader.
BLOCKED_MODULES = ("tensorflow", "tensorflow_cpu", "keras", "tf_keras", "torch", "jax", "jaxlib", "flax",
                   "solutions", "autograder", "dlkata", "_dlkata_wire")
#: Largest reply accepted from a child (a student returning 10 GB is refused).
MAX_REPLY_BYTES = 512 * 1024 * 1024
#: Seconds past a call's wall-clock budget, per usable core, before the kernel
#: ends the child with SIGXCPU: a backstop for when the parent is gone.
CPU_GRACE = 2.0


def _blocked_entry(name: str) -> bool:
    base = name.split("-")[0].split(".")[0].lower()
    return base in BLOCKED_MODULES or base.startswith(("tensorflow", "__editable__")) or "dlkata" in name.lower()


def readable_system_paths() -> list[str]:
    """What graded code may read: the OS libraries, the standard library, and every
    installed package except the blocked ones (TensorFlow, Keras, torch, jax, dlkata).

    Landlock grants whole trees, so folders that contain a site-packages are
    granted entry by entry, leaving the blocked packages out.
    """
    import site
    import sysconfig

    cfg = sysconfig.get_paths()
    site_dirs = {os.path.realpath(p) for p in site.getsitepackages() + [cfg["purelib"], cfg["platlib"]]}
    paths = ["/usr", "/lib", "/lib64", "/bin", "/etc", "/proc", "/sys", "/dev"]
    todo = [os.path.realpath(cfg["stdlib"]), os.path.realpath(cfg["platstdlib"]),
            os.path.realpath(os.path.join(sys.base_prefix, "lib")), *site_dirs]
    seen = set()
    while todo:
        folder = todo.pop()
        if folder in seen:
            continue
        seen.add(folder)
        try:
            entries = os.listdir(folder)
        except OSError:
            continue
        for e in entries:
            full = os.path.realpath(os.path.join(folder, e))
            if any(sd == full or sd.startswith(full + os.sep) for sd in site_dirs):
                todo.append(full)  # holds a site-packages: open it up entry by entry
            elif not (folder in site_dirs and _blocked_entry(e)):
                paths.append(full)
    return paths


@dataclass
class CallResult:
    """What came back from one call: a value, or why there is none."""

    ok: bool
    value: object = None
    error: str = ""
    stage: str = ""  # "", "import", "missing", "return", "timeout", "crash", "protocol"
    traceback: str = ""
    output: str = ""
    seconds: float = 0.0
    mutated: list = field(default_factory=list)


def usable_cpus() -> int:
    """The cores this process may run on (its affinity; ``os.cpu_count`` ignores it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _env_int(name: str) -> int:
    """A positive integer from the environment, or 0 when unset or not a number."""
    try:
        return max(0, int(os.environ.get(name, "")))
    except ValueError:
        return 0


def _cpu_seconds(pid: int) -> float:
    """User plus system CPU time of process ``pid`` (all its threads), from ``/proc``."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Sandbox:
    """A child interpreter that has loaded ``directory`` as a package.

    ``protected_paths`` cannot be opened from graded code; ``memory_mb`` caps
    the child's address space; ``env`` adds environment variables.
    """

    def __init__(self, directory, memory_mb: int = 4096, protected_paths=(), output_limit: int = 20000,
                 numba_cache: str | None = None, isolate: bool = True, threads: int | None = None):
        self.directory = str(Path(directory).resolve())
        self.memory_mb = memory_mb
        self.protected_paths = [str(Path(p).resolve()) for p in protected_paths]
        self.output_limit = output_limit
        self.numba_cache = numba_cache
        self.isolate = isolate
        #: Numba's threads in the child: graders running several children at once give
        #: each a share of the cores (oversubscribed spinning threads cost far more than idle ones).
        self.threads = threads or _env_int("NUMBA_NUM_THREADS") or usable_cpus()
        self.proc: subprocess.Popen | None = None
        self.scratch = tempfile.mkdtemp(prefix="dlkata-scratch-")
        self._r = self._w = None

    # -- lifecycle -------------------------------------------------------
    def start(self) -> None:
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        config = {
            "codec": str(Path(codec.__file__).resolve()),
            "landlock": str(Path(__file__).with_name("landlock.py")),
            "nofork": str(Path(__file__).with_name("nofork.py")),
            "read_paths": [*readable_system_paths(), self.directory] if self.isolate else None,
            "write_paths": [self.scratch, *([self.numba_cache] if self.numba_cache else [])],
            "directory": self.directory,
            "package": "submission",
            "blocked_modules": list(BLOCKED_MODULES),
            "protected_paths": self.protected_paths,
            "output_limit": self.output_limit,
        }
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": self.scratch,
            "TMPDIR": self.scratch,
            "LANG": "C.UTF-8",
            "PYTHONHASHSEED": "0",
            "PYTHONDONTWRITEBYTECODE": "1",
            "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1"),
            "NUMBA_NUM_THREADS": str(self.threads),
            "NUMBA_CACHE_DIR": self.numba_cache or os.path.join(self.scratch, "numba"),
        }
        limit = self.memory_mb * 1024 * 1024

        def preexec():
            if limit > 0:
                resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

        self.proc = subprocess.Popen(
            [sys.executable, "-I", str(CHILD), str(to_child_r), str(from_child_w), json.dumps(config)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            pass_fds=(to_child_r, from_child_w), cwd=self.scratch, env=env,
            start_new_session=True, preexec_fn=preexec,
        )
        os.close(to_child_r)
        os.close(from_child_w)
        os.set_blocking(to_child_w, False)
        self._w, self._r = to_child_w, from_child_r

    def close(self) -> None:
        """End the child and remove its scratch folder."""
        self._kill()
        shutil.rmtree(self.scratch, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _kill(self) -> None:
        if self.proc is not None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            self.proc.wait()
            self.proc = None
        for fd in (self._r, self._w):
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self._r = self._w = None

    # -- calls -----------------------------------------------------------
    def call(self, module: str, function: str, args=(), kwargs=None, timeout: float = 60.0) -> CallResult:
        """Run ``module.function(*args, **kwargs)`` in the child, within ``timeout`` seconds."""
        if self.proc is None or self.proc.poll() is not None:
            self._kill()
            self.start()
        request = codec.encode({"module": module, "function": function, "args": list(args),
                                "kwargs": dict(kwargs or {})})
        deadline = time.monotonic() + timeout
        self._limit_cpu(timeout)
        try:
            self._write(_FRAME.pack(len(request)) + request, deadline)
            header = self._read(_FRAME.size, deadline)
            (n,) = _FRAME.unpack(header)
            if n > MAX_REPLY_BYTES:
                self._kill()
                return CallResult(False, error=f"the result is too large ({n} bytes)", stage="return")
            reply = codec.decode(self._read(n, deadline))
        except TimeoutError:
            self._kill()
            return CallResult(False, error=f"did not finish within {timeout:g} s", stage="timeout")
        except (EOFError, BrokenPipeError, OSError):
            return self._crashed()
        except (codec.CodecError, RecursionError, MemoryError) as exc:
            self._kill()
            return CallResult(False, error=f"the child sent a malformed reply ({exc})", stage="protocol")
        if not isinstance(reply, dict) or "ok" not in reply:
            self._kill()
            return CallResult(False, error="the child sent a malformed reply", stage="protocol")
        try:
            return self._result(reply)
        except (TypeError, ValueError, OverflowError):
            self._kill()
            return CallResult(False, error="the child sent a malformed reply", stage="protocol")

    def _limit_cpu(self, timeout: float) -> None:
        """Let the child use the CPU for this call's budget and a little more, then SIGXCPU.

        The parent ends an overrunning call itself; this limit is what still
        ends a child spinning in C code if the parent has died. CPU time adds
        up over all threads, and a call may keep every usable core busy (its
        own threads, BLAS'), so the budget is per core and never fires first.
        """
        try:
            used = _cpu_seconds(self.proc.pid)
            _, hard = resource.prlimit(self.proc.pid, resource.RLIMIT_CPU)
            soft = math.ceil(used + (timeout + CPU_GRACE) * usable_cpus())
            if hard != resource.RLIM_INFINITY:
                soft = min(soft, hard)
            resource.prlimit(self.proc.pid, resource.RLIMIT_CPU, (soft, hard))
        except (OSError, ValueError):
            pass  # the child is already gone: the call itself reports that

    @staticmethod
    def _result(reply: dict) -> CallResult:
        return CallResult(
            ok=bool(reply.get("ok")), value=reply.get("value"), error=str(reply.get("error", "")),
            stage=str(reply.get("stage", "")), traceback=str(reply.get("traceback", "")),
            output=str(reply.get("output", "")), seconds=float(reply.get("seconds", 0.0) or 0.0),
            mutated=list(reply.get("mutated", []) or []),
        )

    def _crashed(self) -> CallResult:
        code = self.proc.wait() if self.proc is not None else None
        self.proc = None
        self._kill()
        if code is not None and code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            why = f"the process was killed by {name}"
            if -code == signal.SIGKILL:
                why += " (out of memory?)"
            elif -code == signal.SIGXCPU:
                why += " (CPU time limit)"
        else:
            why = f"the process exited with status {code} (os._exit or a fatal error)"
        return CallResult(False, error=why, stage="crash")

    def _write(self, data: bytes, deadline: float) -> None:
        view = memoryview(data)
        while view:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            _, ready, _ = select.select([], [self._w], [], left)
            if not ready:
                raise TimeoutError
            view = view[os.write(self._w, view[: 1 << 16]):]

    def _read(self, n: int, deadline: float) -> bytes:
        chunks, need = [], n
        while need:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            ready, _, _ = select.select([self._r], [], [], left)
            if not ready:
                raise TimeoutError
            b = os.read(self._r, min(need, 1 << 20))
            if not b:
                raise EOFError
            chunks.append(b)
            need -= len(b)
        return b"".join(chunks)

