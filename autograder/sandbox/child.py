"""The child side of the sandbox: load a student's package and run calls.

Started by :mod:`autograder.sandbox` as ``python -I child.py`` with two pipe
file descriptors. It must not import the grader (that package is blocked here
too): it loads only the wire codec, by path, before any restriction is set.

The pipes are two file descriptors given on the command line, or (the plain
level, ``child.py stdio stdio CONFIG``) the standard input and output.

Protocol: length-prefixed codec frames. The parent sends
``{"module", "function", "args", "kwargs"}``; the child answers
``{"ok", "value" | "error", "traceback", "output", "seconds", "mutated"}``.
"""

import importlib
import importlib.util
import io
import json
import os
import struct
import sys
import time
import traceback
import types
import warnings

_FRAME = struct.Struct("<Q")
_SUBMISSION_DIR = ""


def _load_by_path(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


class _BoundedText(io.TextIOBase):
    """A stdout that keeps the first ``limit`` characters and drops the rest."""

    def __init__(self, limit):
        self.limit = limit
        self.parts = []
        self.size = 0
        self.dropped = 0

    def writable(self):
        return True

    def write(self, s):
        s = str(s)
        room = self.limit - self.size
        if room > 0:
            self.parts.append(s[:room])
            self.size += min(len(s), room)
        self.dropped += max(0, len(s) - max(room, 0))
        return len(s)

    def take(self):
        text = "".join(self.parts)
        if self.dropped:
            text += f"\n... ({self.dropped} more characters of output dropped)"
        self.parts, self.size, self.dropped = [], 0, 0
        return text


def _read_exact(fd, n):
    chunks = []
    while n:
        b = os.read(fd, n)
        if not b:
            raise EOFError
        chunks.append(b)
        n -= len(b)
    return b"".join(chunks)


def _send(fd, data):
    msg = _FRAME.pack(len(data)) + data
    view = memoryview(msg)
    while view:
        n = os.write(fd, view)
        view = view[n:]


_FORBIDDEN_EVENTS = {
    "socket.__new__": "no network",
    "os.system": "no other programs",
    "subprocess.Popen": "no other programs",
    "os.exec": "no other programs",
    "os.posix_spawn": "no other programs",
    "os.fork": "no new processes",
    "os.forkpty": "no new processes",
    "os.kill": "no signals",
    "os.killpg": "no signals",
    "resource.setrlimit": "no changes to the sandbox's limits",
    "resource.prlimit": "no changes to the sandbox's limits",
}


def _install_guards(config):
    blocked = set(config["blocked_modules"])
    protected = [os.path.realpath(p) for p in config["protected_paths"]]

    def hook(event, args):
        if event in _FORBIDDEN_EVENTS:
            raise PermissionError(f"graded code may not use {event} ({_FORBIDDEN_EVENTS[event]})")
        if event == "import":
            top = str(args[0]).split(".")[0]
            if top in blocked:
                raise ModuleNotFoundError(f"importing '{top}' is not allowed in graded code")
        elif event == "open" and protected and args and isinstance(args[0], (str, bytes, os.PathLike)):
            try:
                p = os.path.realpath(os.fsdecode(args[0]))
            except (TypeError, ValueError):
                return
            for root in protected:
                if p == root or p.startswith(root + os.sep):
                    raise PermissionError(f"graded code may not read {args[0]!r}")

    sys.addaudithook(hook)


def _load_package(directory, name):
    pkg = types.ModuleType(name)
    pkg.__path__ = [directory]
    pkg.__package__ = name
    init = os.path.join(directory, "__init__.py")
    if os.path.exists(init):
        spec = importlib.util.spec_from_file_location(name, init, submodule_search_locations=[directory])
        pkg = importlib.util.module_from_spec(spec)
        sys.modules[name] = pkg
        spec.loader.exec_module(pkg)
    sys.modules[name] = pkg
    return pkg


def _snapshot(args, kwargs, np):
    items = list(enumerate(args)) + list(kwargs.items())
    return [(k, v, v.copy()) for k, v in items if isinstance(v, np.ndarray)]


def _stdio_channel():
    """The frames' file descriptors when the parent talks over standard input and output (the
    plain level, any OS): duplicated, and 0 and 1 pointed at the null device so that nothing the
    student's code prints, even from C, can mix into the frames."""
    rfd, wfd = os.dup(0), os.dup(1)
    if os.name == "nt":
        import msvcrt

        msvcrt.setmode(rfd, os.O_BINARY)
        msvcrt.setmode(wfd, os.O_BINARY)
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    os.close(null)
    return rfd, wfd


def main():
    if sys.argv[1] == "stdio":
        rfd, wfd = _stdio_channel()
    else:
        rfd, wfd = int(sys.argv[1]), int(sys.argv[2])
    config = json.loads(sys.argv[3])
    wire = _load_by_path("_dlkata_wire", config["codec"])
    import numpy as np  # before the guards, so NumPy's own imports are not audited

    # Linux's walls, where the parent asked for them (the plain level asks for none); both
    # modules are loaded while the grader's folder is still readable
    landlock = _load_by_path("_dlkata_landlock", config["landlock"]) if config.get("landlock") else None
    nofork = _load_by_path("_dlkata_nofork", config["nofork"]) if config.get("nofork") else None
    if landlock is not None and config.get("read_paths") is not None:
        abi = landlock.restrict(config["read_paths"], config["write_paths"])
        os.environ["DLKATA_LANDLOCK_ABI"] = str(abi)
    if nofork is not None:
        os.environ["DLKATA_NOFORK"] = str(int(nofork.forbid_new_processes()))

    # Numba's parallel backend wants a semaphore in /dev/shm, which the sandbox does not
    # let it write; the lock only guards multi-process start-up, so its warning is noise.
    warnings.filterwarnings("ignore", message="Could not obtain multiprocessing lock")

    out = _BoundedText(config.get("output_limit", 20000))
    sys.stdout = sys.stderr = out
    sys.stdin = io.StringIO("")
    _install_guards(config)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 3000))
    package = config["package"]
    global _SUBMISSION_DIR
    _SUBMISSION_DIR = config["directory"]
    modules = {}
    pkg_error = None
    try:
        _load_package(config["directory"], package)
    except BaseException as exc:  # a broken __init__.py
        pkg_error = exc

    while True:
        try:
            (n,) = _FRAME.unpack(_read_exact(rfd, _FRAME.size))
            req = wire.decode(_read_exact(rfd, n))
        except EOFError:
            return
        reply = {"ok": False, "output": "", "seconds": 0.0, "mutated": []}
        try:
            if pkg_error is not None:
                raise pkg_error
            mod_name = req["module"]
            if mod_name not in modules:
                try:
                    modules[mod_name] = importlib.import_module(f"{package}.{mod_name}")
                except BaseException as exc:
                    modules[mod_name] = exc
            mod = modules[mod_name]
            if isinstance(mod, BaseException):
                reply["stage"] = "import"
                raise mod
            fn = getattr(mod, req["function"], None)
            if not callable(fn):
                reply["stage"] = "missing"
                raise AttributeError(f"{mod_name}.py has no function {req['function']}()")
            args, kwargs = list(req["args"]), dict(req["kwargs"])
            before = _snapshot(args, kwargs, np)
            t0 = time.perf_counter()
            value = fn(*args, **kwargs)
            reply["seconds"] = time.perf_counter() - t0
            reply["mutated"] = [str(k) for k, v, copy in before
                                if v.shape != copy.shape or not np.array_equal(v, copy, equal_nan=True)]
            reply["value"] = value
            reply["ok"] = True
        except SystemExit as exc:
            reply.update(error=f"SystemExit({exc.code!r})", traceback="the code called sys.exit()")
        except BaseException as exc:  # noqa: BLE001 - whatever student code raises is reported
            reply.update(error=f"{type(exc).__name__}: {exc}", traceback=_student_traceback(exc))
        reply["output"] = out.take()
        data = _encode_or_explain(wire, reply)
        _send(wfd, data)


def _student_traceback(exc):
    """The traceback without this file's own frames (the student's code is what matters)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename != __file__]
    for f in frames:  # show the student's files by their own names, not the grader's scratch path
        if _SUBMISSION_DIR and f.filename.startswith(_SUBMISSION_DIR + os.sep):
            f.filename = f.filename[len(_SUBMISSION_DIR) + 1:]
    lines = traceback.format_list(frames[-5:])
    lines += traceback.format_exception_only(type(exc), exc)
    return "Traceback (most recent call last):\n" + "".join(lines)


def _encode_or_explain(wire, reply):
    try:
        return wire.encode(reply)
    except Exception as exc:  # noqa: BLE001 - any odd return value
        kind = type(reply.get("value")).__name__
        return wire.encode({"ok": False, "error": f"returned a {kind}, which is not a NumPy array or "
                            f"a tuple/list of them ({exc})", "stage": "return", "output": reply.get("output", ""),
                            "seconds": reply.get("seconds", 0.0), "mutated": reply.get("mutated", [])})


if __name__ == "__main__":
    main()
