"""The child side of the sandbox: load a student's package and run calls.

Started by :mod:`autograder.sandbox` as ``python -I child.py`` (inside the
bubblewrap wall, or directly as the fallback) with two pipe file descriptors
and its configuration. It must not import the grader (that package is blocked
here too): it loads only the wire codec, by path, before any restriction is set.

Before any student code runs it: points file descriptors 0-2 at ``/dev/null``,
sets its resource limits (address space, file size, no core files, threads
and processes) with hard limits equal to soft ones, becomes its own
unprivileged user id when the grader is root, asks the kernel to kill it when
its parent dies, imports NumPy, confines itself with Landlock and the seccomp
filter (:mod:`.syscall_filter`), and sends a hello frame saying which of
those held.

At the plain level (:mod:`.plain`: a student's own check, any OS; config
``"plain": true``) the frames go over standard input and output
(``child.py stdio stdio CONFIG``) and none of the above but the quiet file
descriptors is done: no resource limit, user id, Landlock or seccomp.

Protocol: length-prefixed codec frames. The child first sends
``{"hello": {...layers}}``; then the parent sends
``{"module", "function", "args", "kwargs"}`` and the child answers
``{"ok", "value" | "error", "traceback", "output", "seconds", "mutated"}``.
"""

import ctypes
import importlib
import importlib.util
import io
import json
import os
import signal
import struct
import sys
import time
import traceback
import types
import warnings

try:
    import resource
except ImportError:  # Windows: only the plain level runs there, and it sets no limit
    resource = None

_FRAME = struct.Struct("<Q")
_SUBMISSION_DIR = ""
_TEXT_LIMIT = 20000
_PR_SET_PDEATHSIG = 1


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
    """The frames' file descriptors when the parent talks over standard input and output (the plain
    level, any OS): copies of 0 and 1, in binary mode on Windows (:func:`_quiet_stdio` then points 0
    and 1 at the null device, so that nothing the student's code prints, even from C, mixes in)."""
    rfd, wfd = os.dup(0), os.dup(1)
    if os.name == "nt":
        import msvcrt

        msvcrt.setmode(rfd, os.O_BINARY)
        msvcrt.setmode(wfd, os.O_BINARY)
    return rfd, wfd


def _quiet_stdio():
    """File descriptors 0, 1 and 2 become /dev/null: the pipes are the only way out."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    if null > 2:
        os.close(null)


def _set_limits(config):
    """Soft and hard limits at once, so graded code can lower them but never raise them."""
    for name, value in (("RLIMIT_AS", config.get("memory_bytes")), ("RLIMIT_FSIZE", config.get("file_bytes")),
                        ("RLIMIT_CORE", 0), ("RLIMIT_NPROC", config.get("tasks"))):
        if value is not None and value >= 0:
            try:
                resource.setrlimit(getattr(resource, name), (value, value))
            except (ValueError, OSError):
                pass


class _Rlimit(ctypes.Structure):
    _fields_ = [("cur", ctypes.c_uint64), ("max", ctypes.c_uint64)]


def _limit_cpu(libc, seconds):
    """SIGXCPU once this call has used ``seconds`` more CPU time (a backstop, should the parent be gone).

    Through ``prlimit`` directly: ``resource.setrlimit`` is refused by the audit hook, for graded code.
    """
    if not seconds or libc is None:
        return
    use = resource.getrusage(resource.RUSAGE_SELF)
    old = _Rlimit()
    if libc.prlimit(0, resource.RLIMIT_CPU, None, ctypes.byref(old)) != 0:
        return
    soft = min(int(use.ru_utime + use.ru_stime + seconds) + 1, old.max)
    libc.prlimit(0, resource.RLIMIT_CPU, ctypes.byref(_Rlimit(soft, old.max)), None)


def _become(uid):
    """Drop to the unprivileged user id the grader chose (all groups too); the kernel then clears every capability."""
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def _drop_capabilities(libc):
    """Root that could not change user id keeps uid 0 but no capability (bounding set first, while it may)."""
    for cap in range(64):
        libc.prctl(24, cap, 0, 0, 0)  # PR_CAPBSET_DROP; fails harmlessly past the last capability
    header = _CapHeader(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3
    data = (_CapData * 2)()
    return libc.capset(ctypes.byref(header), data) == 0


def _die_with_parent(libc):
    """SIGKILL when the parent dies (set again after a change of user id, which clears it)."""
    return libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0


def main():
    """The child: set the limits and walls, drop privileges, then answer calls on the pipe until it closes."""
    if sys.argv[1] == "stdio":
        rfd, wfd = _stdio_channel()
    else:
        rfd, wfd = int(sys.argv[1]), int(sys.argv[2])
    config = json.loads(sys.argv[3])
    _quiet_stdio()
    plain = bool(config.get("plain"))
    libc = None
    if not plain:
        _set_limits(config)
        if config.get("uid") is not None:
            _become(int(config["uid"]))
        libc = ctypes.CDLL(None, use_errno=True)
        if config.get("drop_capabilities"):
            _drop_capabilities(libc)
        _die_with_parent(libc)
        if config.get("parent_pid") and os.getppid() != config["parent_pid"]:
            return  # the parent died before the line above
    wire = _load_by_path("_dlkata_wire", config["codec"])
    import numpy as np  # before the guards, so NumPy's own imports are not audited

    abi, filtered = 0, False
    if not plain:
        landlock = _load_by_path("_dlkata_landlock", config["landlock"])
        syscalls = _load_by_path("_dlkata_syscalls", config["filter"])  # loaded while its folder is readable
        abi = landlock.restrict(config["read_paths"], config["write_paths"]) if config.get("read_paths") else 0
        filtered = syscalls.install(os.getpid())
    global _TEXT_LIMIT
    _TEXT_LIMIT = int(config.get("output_limit", _TEXT_LIMIT))
    if config.get("numba_seed"):  # the Numba cache an earlier sandbox of this submission compiled
        _copy_tree(config["numba_seed"], os.environ.get("NUMBA_CACHE_DIR", ""))
    ids = {} if plain else {"uid": os.getuid(), "gid": os.getgid()}  # Windows has neither
    _send(wfd, wire.encode({"hello": {"landlock": abi, "seccomp": bool(filtered), **ids}}))

    # Numba's parallel backend wants a semaphore in /dev/shm, which the sandbox does not
    # let it write; the lock only guards multi-process start-up, so its warning is noise.
    warnings.filterwarnings("ignore", message="Could not obtain multiprocessing lock")

    out = _BoundedText(_TEXT_LIMIT)
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
        if isinstance(req, dict) and "numba_cache" in req:
            _send(wfd, _encode_or_explain(wire, _numba_cache(req["numba_cache"], np)))
            continue
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
            _limit_cpu(libc, req.get("cpu_seconds"))
            before = _snapshot(args, kwargs, np)
            t0 = time.perf_counter()
            value = fn(*args, **kwargs)
            reply["seconds"] = time.perf_counter() - t0
            reply["mutated"] = [str(k) for k, v, copy in before
                                if v.shape != copy.shape or not np.array_equal(v, copy, equal_nan=True)]
            reply["value"] = value
            reply["ok"] = True
        except SystemExit as exc:
            reply.update(error=_cut(_safe(lambda e=exc: f"SystemExit({e.code!r})")),
                         traceback="the code called sys.exit()")
        except BaseException as exc:  # noqa: BLE001 - whatever student code raises is reported
            reply.update(error=_cut(_safe(lambda e=exc: f"{type(e).__name__}: {e}")),
                         traceback=_cut(_safe(lambda e=exc: _student_traceback(e))))
        reply["output"] = out.take()
        data = _encode_or_explain(wire, reply)
        _send(wfd, data)


def _copy_tree(source, target):
    """Copy the regular files of ``source`` into ``target`` (never following a link); best effort."""
    if not target:
        return
    for root, _, files in os.walk(source):
        dest = os.path.join(target, os.path.relpath(root, source))
        try:
            os.makedirs(dest, exist_ok=True)
            for name in files:
                with open(os.path.join(root, name), "rb") as src, open(os.path.join(dest, name), "wb") as out:
                    out.write(src.read())
        except OSError:
            return


def _numba_cache(limit, np):
    """The files of Numba's cache folder as ``[relative path, bytes as uint8]`` pairs, when at most ``limit`` bytes."""
    base = os.environ.get("NUMBA_CACHE_DIR", "")
    files, total = [], 0
    for root, _, names in os.walk(base):
        for name in names:
            path = os.path.join(root, name)
            if os.path.islink(path) or not os.path.isfile(path):
                continue
            total += os.path.getsize(path)
            if total > limit or len(files) >= 1000:
                return {"ok": False, "error": "the cache is larger than may be carried"}
            with open(path, "rb") as f:
                files.append([os.path.relpath(path, base), np.frombuffer(f.read(), np.uint8)])
    return {"ok": True, "value": files}


def _safe(make):
    """Text from student objects (``__str__``, ``__repr__``) that may raise: never let that escape."""
    try:
        return str(make())
    except BaseException as exc:  # noqa: BLE001
        try:
            return f"(the exception's text could not be made: {type(exc).__name__})"
        except BaseException:  # noqa: BLE001
            return "(the exception's text could not be made)"


def _cut(text):
    if len(text) > _TEXT_LIMIT:
        return text[:_TEXT_LIMIT] + f"\n... ({len(text) - _TEXT_LIMIT} more characters dropped)"
    return text


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
