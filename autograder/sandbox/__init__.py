"""The parent side of the sandbox: run student functions in a child process.

The grader never imports student code. :func:`make_sandbox` is the one way
every command (``check``, ``grade``, ``validate``, ``bench``, the notebook
checks, the pictures) gets a :class:`Sandbox`: a ``python -I child.py``
process that has loaded the student's folder as a package, runs one function
per request and sends the result back through the safe codec.

Three levels, and the run says which one stood (:class:`Isolation`):

- ``strict``: the child runs inside the bubblewrap wall (:mod:`.wall`): its
  own PID, network, IPC, UTS, cgroup and mount namespaces, no capabilities,
  its own unprivileged user id when the grader is root, a file system made of
  the Python installation, its own copy of the submission and a capped
  scratch, death with its parent; plus everything of the fallback inside;
- ``fallback``: the child runs directly, in its own session, with Landlock
  (what it may read and write, where the kernel has it) and the seccomp
  filter (:mod:`.syscall_filter`) as its walls.

Both set resource limits (:class:`Limits`), a memory and pids cgroup where
the machine gives one (:mod:`.cgroup`), an allow-listed environment, and a
CPU-time backstop per call. ``isolation="auto"`` (the default, or
``$DLKATA_ISOLATION``) uses the wall when it stands here; ``"strict"`` refuses
to run without it (:class:`IsolationUnavailable`); ``"fallback"`` never uses it.

- ``plain`` (:mod:`.plain`): a student's own check on their own computer,
  any OS: a plain child process with the time limit, the reply cap and the
  text caps of the same :class:`Limits`, and no wall. ``"auto"`` means this
  level in the student edition, off Linux, and under
  ``$DLKATA_NO_OS_ISOLATION=1`` (:func:`portable_only`); grading never runs at
  it (:func:`grading_level` refuses).

A call that overruns its time is ended by killing the child (a thread cannot
stop runaway code); a reply larger than the call's cap is never read; a dead
child is replaced for the next call, so one crash costs only its own call.
"""

from __future__ import annotations

import fcntl
import functools
import json
import math
import os
import select
import shutil
import signal
import stat
import struct
import subprocess
import sys
import tempfile
import threading
import time
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath

import numpy as np

from .. import codec
from ..safetext import clean
from . import cgroup, uids, wall
from .limits import DEFAULT_LIMITS, Limits

__all__ = ["CallResult", "DEFAULT_LIMITS", "GRADING_LEVELS", "Isolation", "IsolationUnavailable", "LEVELS", "Limits",
           "Sandbox", "SandboxError", "grading_level", "how_to_get_the_wall", "make_sandbox", "portable_only", "probe",
           "usable_cpus"]

CHILD = Path(__file__).with_name("child.py")
#: The files of the child itself, bound read-only at /run/dlkata inside the wall.
RUNTIME_FILES = {"child.py": CHILD, "codec.py": Path(codec.__file__).resolve(),
                 "landlock.py": Path(__file__).with_name("landlock.py"),
                 "syscall_filter.py": Path(__file__).with_name("syscall_filter.py")}
BLOCKED_MODULES = wall.BLOCKED_MODULES
ISOLATION_ENV = "DLKATA_ISOLATION"
LEVELS = ("auto", "strict", "fallback", "plain")
#: The levels graded code of others may run at (``plain`` is only for a student's own check).
GRADING_LEVELS = ("auto", "strict", "fallback")
#: Set to 1 to check at the plain level where the walls could be built (tests; a laptop without them).
NO_ISOLATION_ENV = "DLKATA_NO_OS_ISOLATION"
_FRAME = struct.Struct("<Q")
#: Seconds past a call's wall-clock budget, per usable core, before the kernel
#: ends the child with SIGXCPU: a backstop for when the parent is gone.
CPU_GRACE = 2.0
_STAGES = {"", "import", "missing", "return", "timeout", "crash", "protocol", "too_large"}
_PLAIN_NAME = re.compile(r"(?!\.\.?$)[A-Za-z0-9_.][A-Za-z0-9_.+-]{0,199}")  # no "." or "..", no separator


class SandboxError(RuntimeError):
    """The sandbox could not be started (our set-up, never the student's code)."""


class IsolationUnavailable(SandboxError):
    """``isolation="strict"`` was asked for, and the wall does not stand on this machine."""


def how_to_get_the_wall(why: str) -> str:
    """What an instructor can do when the bubblewrap wall does not stand (``why``)."""
    return (f"the bubblewrap wall is not available here ({why}). Install bubblewrap (Debian/Ubuntu: "
            "`apt-get install bubblewrap`). In Docker, the default seccomp profile refuses the namespaces it "
            "needs: run the container with `--security-opt seccomp=unconfined` (or a profile that allows "
            "clone/unshare with CLONE_NEWUSER), or grade on your platform with one submission per container. "
            "`--isolation auto` grades with the fallback sandbox instead, and records that it did.")


@dataclass(frozen=True)
class Isolation:
    """Which walls stood around a sandbox: ``level`` ``"strict"`` or ``"fallback"``, and each layer."""

    level: str
    wall: str
    user: str
    cgroup: str
    landlock: int = 0
    seccomp: bool = False

    def summary(self) -> str:
        """One line: the level and each wall that stood (or did not)."""
        layers = [self.wall, self.user, self.cgroup,
                  f"Landlock ABI {self.landlock}" if self.landlock else "no Landlock",
                  "seccomp filter" if self.seccomp else "no seccomp filter"]
        return f"{self.level}: " + "; ".join(layers)

    def as_dict(self) -> dict:
        """The isolation as JSON-safe data (what a gradebook run records)."""
        return asdict(self)


@dataclass
class CallResult:
    """What came back from one call: a value, or why there is none."""

    ok: bool
    value: object = None
    error: str = ""
    stage: str = ""  # "", "import", "missing", "return", "timeout", "crash", "protocol", "too_large"
    traceback: str = ""
    output: str = ""
    seconds: float = 0.0
    mutated: list = field(default_factory=list)
    #: What the grader itself saw, as data for a verdict in any language (``error`` says it in English):
    #: ``{"signal", "cause"}`` or ``{"status"}`` for a crash, ``{"bytes", "cap"}`` for a reply too large.
    facts: dict = field(default_factory=dict)


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


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of process ``pid`` (all its threads), from ``/proc``."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# -- the process-wide answer to "does the wall stand here?" -------------------
_wall_lock = threading.Lock()
_wall_broken: str | None = None
_wall_stood = False  # a sandbox started inside the wall in this process


def _wall_problem() -> str | None:
    """Why the wall cannot be used here (None: it has not failed, and may be tried)."""
    if wall.bwrap() is None:
        return "bubblewrap (bwrap) is not installed"
    return _wall_broken


def portable_only() -> bool:
    """Whether ``"auto"`` means the plain level: the student edition, a system other than Linux (or
    one without POSIX resource limits), or ``$DLKATA_NO_OS_ISOLATION=1``."""
    from ..edition import is_student

    if os.environ.get(NO_ISOLATION_ENV, "") not in ("", "0") or is_student():
        return True
    if not sys.platform.startswith("linux"):
        return True
    try:
        import resource  # noqa: F401
    except ImportError:
        return True
    return False


def requested_level(isolation: str | None) -> str:
    """The level a sandbox asked for ``isolation`` (None: ``$DLKATA_ISOLATION`` or ``"auto"``) runs at:
    ``"auto"`` stays ``"auto"`` (the wall when it stands), or is ``"plain"`` where :func:`portable_only`."""
    level = isolation or os.environ.get(ISOLATION_ENV) or "auto"
    if level not in LEVELS:
        raise ValueError(f"isolation must be one of {', '.join(LEVELS)}, not {level!r}")
    if level == "auto" and portable_only():
        return "plain"
    return level


def grading_level(isolation: str | None) -> str:
    """:func:`requested_level` for grading other people's code, which never runs at the plain level:
    :class:`IsolationUnavailable` says why instead."""
    level = requested_level(isolation)
    if level == "plain":
        why = (f"${NO_ISOLATION_ENV} is set" if os.environ.get(NO_ISOLATION_ENV, "") not in ("", "0")
               else "the plain level was asked for" if (isolation or os.environ.get(ISOLATION_ENV)) == "plain"
               else "this is the student edition, or a system without Linux's walls")
        raise IsolationUnavailable(f"grading runs other people's code and needs the sandbox's walls, but {why}: "
                                   f"the plain level is only for a student's own check. Grade on Linux with "
                                   f"--isolation auto, strict or fallback (and {NO_ISOLATION_ENV} unset).")
    return level


# -- paths the fallback may read ---------------------------------------------
@functools.lru_cache(maxsize=8)
def readable_system_paths(protected: tuple[str, ...] = ()) -> tuple[str, ...]:
    """What graded code may read in the fallback: the system libraries, the standard library, and
    every installed package except the blocked ones (TensorFlow, Keras, torch, jax, dlkata) and
    the ``protected`` paths.

    Landlock grants whole trees, so a folder that holds a site-packages or a
    protected path (a course installed under /usr, say) is granted entry by
    entry, leaving the blocked packages and the protected paths out.
    """
    import sysconfig

    cfg = sysconfig.get_paths()
    site_dirs = set(wall.site_dirs())
    hidden = {os.path.realpath(p) for p in protected}
    # /proc: only the child's own folder (resolved when the rules are made) and a few system-wide files,
    # never another process's environ, cmdline or fds
    paths = ["/etc/ld.so.cache", "/etc/localtime", *wall.DEVICES, "/proc/self", "/proc/cpuinfo", "/proc/meminfo",
             "/proc/stat", "/proc/sys/vm/overcommit_memory"]
    inner = site_dirs | hidden

    def holds(full: str) -> bool:
        return any(p.startswith(full.rstrip("/") + os.sep) for p in inner)

    todo = []
    for root in ("/usr", "/lib", "/lib64", "/bin", os.path.realpath(cfg["stdlib"]), os.path.realpath(cfg["platstdlib"]),
                 os.path.realpath(sys.base_prefix), *site_dirs):
        root = os.path.realpath(root)
        if root in hidden:
            continue
        (todo if holds(root) or root in site_dirs else paths).append(root)
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
            if full in hidden or (folder in site_dirs and wall.blocked_entry(e)):
                continue
            if holds(full):
                todo.append(full)  # holds a site-packages or a protected path: opened up entry by entry
            else:
                paths.append(full)
    return tuple(dict.fromkeys(paths))


def _others_may_use(path: str) -> bool:
    """Whether a user with no rights of its own may read ``path`` (every folder above it enterable)."""
    p = os.path.realpath(path)
    try:
        if not os.stat(p).st_mode & stat.S_IROTH:
            return False
        while p != "/":
            p = os.path.dirname(p)
            if not os.stat(p).st_mode & stat.S_IXOTH:
                return False
    except OSError:
        return False
    return True


def _tree_readable_by_others(path: str) -> bool:
    """Whether every folder under ``path`` may be entered and every file read by a user with no rights."""
    for root_dir, dirs, files in os.walk(path):
        if os.stat(root_dir).st_mode & 0o005 != 0o005:  # others may list and enter it
            return False
        for f in files:
            try:
                if not os.stat(os.path.join(root_dir, f)).st_mode & stat.S_IROTH:
                    return False
            except OSError:
                continue
    return True


def _chown_tree(path: str, uid: int) -> None:
    """Give a folder and everything in it (never following links) to ``uid``."""
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            try:
                os.chown(os.path.join(root, name), uid, uid, follow_symlinks=False)
            except OSError:
                pass
    os.chown(path, uid, uid, follow_symlinks=False)


def _lock_beside(folder: str) -> int | None:
    """An exclusive lock on ``<folder>.lock`` (outside ``folder``, so graded code never sees it), or None when
    another process holds it. Closing the descriptor releases it."""
    fd = os.open(folder.rstrip("/") + ".lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


class Sandbox:
    """A child interpreter that has loaded ``directory`` as a package (make it with :func:`make_sandbox`).

    ``protected`` host paths stay unreadable (and are named in the refusal);
    ``numba_cache`` is a host folder for Numba's cache that outlives the sandbox
    (``None``: the cache lives in the capped scratch and goes with it); while
    another live sandbox owns that folder (two checks of one folder at once, as
    root: each child has its own user id), this one compiles into its scratch.
    """

    def __init__(self, directory, limits: Limits = DEFAULT_LIMITS, protected=(), numba_cache=None,
                 isolation: str | None = None, threads: int | None = None, numba_seed=None):
        self.directory = str(Path(directory).resolve())
        self.numba_seed = str(numba_seed) if numba_seed else None
        self.limits = limits
        self.protected = [str(Path(p).resolve()) for p in protected]
        self.numba_cache = str(numba_cache) if numba_cache else None
        self.requested = requested_level(isolation)
        #: Numba's threads in the child: graders running several children at once give
        #: each a share of the cores (oversubscribed spinning threads cost far more than idle ones).
        self.threads = threads or _env_int("NUMBA_NUM_THREADS") or usable_cpus()
        self.proc: subprocess.Popen | None = None
        self.child_pid: int | None = None
        self.isolation: Isolation | None = None
        self._r = self._w = None
        self._lease: uids.UidLease | None = None
        self._group: cgroup.Group | None = None
        self._scratch: str | None = None
        self._copy: str | None = None
        self._cache_lock: int | None = None  # held while this sandbox owns ``numba_cache``

    # -- lifecycle -------------------------------------------------------
    def start(self) -> None:
        """Start the child; raises :class:`SandboxError` (or :class:`IsolationUnavailable`) when it cannot."""
        global _wall_broken, _wall_stood
        problem = None if self.requested == "fallback" else _wall_problem()
        if self.requested == "strict" and problem:
            raise IsolationUnavailable(how_to_get_the_wall(problem))
        if self.requested != "fallback" and problem is None:
            try:
                self._start(strict=True)
                _wall_stood = True
                return
            except SandboxError as exc:
                if self.requested == "strict":
                    raise IsolationUnavailable(how_to_get_the_wall(str(exc))) from None
                if _wall_stood:  # it stood for others in this run: this one failed, it does not go without it
                    raise
                with _wall_lock:
                    _wall_broken = _wall_broken or str(exc)
                problem = str(exc)
        self._start(strict=False, why_no_wall=problem or "isolation fallback was asked for")

    def _start(self, strict: bool, why_no_wall: str = "") -> None:
        try:
            self._spawn(strict, why_no_wall)
        except BaseException:
            self._kill()
            raise

    def _spawn(self, strict: bool, why_no_wall: str) -> None:
        lim = self.limits
        root = os.geteuid() == 0
        tasks = max(lim.tasks, 2 * self.threads + 64)
        if root and (strict or self._fallback_may_drop_user()):
            self._lease = uids.UidLease()
        uid = self._lease.uid if self._lease else None
        sup = cgroup.support()
        if sup.version:
            try:
                self._group = cgroup.Group(sup, lim.memory_bytes + lim.scratch_bytes, tasks + 8)
            except OSError as exc:
                sup = cgroup.Support(0, why=f"could not make the sandbox's group ({exc.strerror})")
        cache = self.numba_cache
        if cache and root:  # its owner: the sandbox's own user id, or root when it keeps root's
            self._cache_lock = _lock_beside(cache)
            if self._cache_lock is None:  # another live sandbox owns it: taking it would break that one's writes
                cache = None
            else:
                _chown_tree(cache, uid if uid is not None else 0)
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        err_r, err_w = os.pipe()
        self._w, self._r = to_child_w, from_child_r
        config = {"package": "submission", "blocked_modules": list(BLOCKED_MODULES), "protected_paths": self.protected,
                  "output_limit": lim.text_chars, "memory_bytes": lim.memory_bytes if lim.memory_mb > 0 else None,
                  "file_bytes": lim.file_bytes, "tasks": tasks, "uid": uid,
                  "drop_capabilities": root and uid is None}
        info_r = info_w = None
        if strict:
            info_r, info_w = os.pipe()
            scratch = wall.SCRATCH
            numba = wall.NUMBA_CACHE if cache else f"{wall.SCRATCH}/numba"
            source = self.directory
            if uid is not None and not _tree_readable_by_others(source):
                source = self._shared_copy()  # its own user id could not read the folder as it is
            lay = wall.layout(source, {k: str(v) for k, v in RUNTIME_FILES.items()}, lim.scratch_bytes,
                              self.protected, cache, as_root=root, seed=self.numba_seed)
            config.update(codec=f"{wall.RUNTIME}/codec.py", landlock=f"{wall.RUNTIME}/landlock.py",
                          filter=f"{wall.RUNTIME}/syscall_filter.py", directory=wall.SUBMISSION,
                          read_paths=list(lay.read_paths),
                          write_paths=[wall.SCRATCH, "/dev/null", *([wall.NUMBA_CACHE] if cache else [])],
                          numba_seed=wall.SEED if self.numba_seed else None)
            cmd = [*lay.args, "--info-fd", str(info_w), "--", lay.python, "-I", f"{wall.RUNTIME}/child.py"]
            cwd = "/"
        else:
            self._scratch = scratch = tempfile.mkdtemp(prefix="dlkata-scratch-")
            if uid is not None:
                os.chown(scratch, uid, uid)
            numba = cache or os.path.join(scratch, "numba")
            config.update(codec=str(RUNTIME_FILES["codec.py"]), landlock=str(RUNTIME_FILES["landlock.py"]),
                          filter=str(RUNTIME_FILES["syscall_filter.py"]), directory=self.directory,
                          read_paths=[*readable_system_paths(tuple(self.protected)), self.directory,
                                      *([self.numba_seed] if self.numba_seed else [])],
                          numba_seed=self.numba_seed,
                          write_paths=[scratch, "/dev/null", *([cache] if cache else [])],
                          parent_pid=os.getpid())
            cmd = [sys.executable, "-I", str(CHILD)]
            cwd = scratch
        cmd += [str(to_child_r), str(from_child_w), json.dumps(config)]
        env = {
            "PATH": "/usr/bin:/bin",
            "HOME": scratch,
            "TMPDIR": scratch,
            "LANG": "C.UTF-8",
            "OMP_NUM_THREADS": "1",
            "OPENBLAS_NUM_THREADS": "1",
            "NUMBA_NUM_THREADS": str(self.threads),
            "NUMBA_CACHE_DIR": numba,
            "MALLOC_ARENA_MAX": "2",  # glibc reserves 64 MB of address space per thread's arena otherwise
        }
        group = self._group
        try:
            self.proc = subprocess.Popen(
                cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err_w,
                pass_fds=tuple(fd for fd in (to_child_r, from_child_w, info_w) if fd is not None),
                cwd=cwd, env=env, start_new_session=True, preexec_fn=group.join if group else None)
        finally:
            for fd in (to_child_r, from_child_w, err_w, info_w):
                if fd is not None:
                    os.close(fd)
        deadline = time.monotonic() + lim.start_seconds
        try:
            if strict:
                self.child_pid = self._child_pid(info_r, deadline)
            else:
                self.child_pid = self.proc.pid
            hello = self._hello(deadline)
        except (TimeoutError, EOFError, OSError, ValueError, codec.CodecError) as exc:
            why = self._stderr(err_r) or f"{type(exc).__name__}: {exc}"
            raise SandboxError(f"the sandbox did not start: {why}") from None
        finally:
            os.close(err_r)
            if info_r is not None:
                os.close(info_r)
        os.set_blocking(to_child_w, False)
        user = (f"its own user id {uid}" if uid is not None else
                "the grader's own (unprivileged) user" if not root else
                "root without capabilities (the Python installation or the submission is in a folder other users "
                "cannot enter)")
        if strict:
            ns = "user, " if not root else ""
            wall_text = (f"{wall.version()} wall: own {ns}pid, network, ipc, uts, cgroup and mount namespaces, "
                         f"no capabilities, {lim.scratch_mb} MB scratch")
        else:
            wall_text = f"no wall ({why_no_wall})"
        share = ", an equal share of the CPU" if self._group and sup.cpu_parent else ""
        cg = (f"{sup.describe()}: {lim.memory_mb + lim.scratch_mb} MB, {tasks} tasks{share}" if self._group
              else sup.describe())
        self.isolation = Isolation("strict" if strict else "fallback", wall_text, user, cg,
                                   int(hello.get("landlock") or 0), bool(hello.get("seccomp")))

    def names_seen(self) -> tuple[list[str], list[str]]:
        """The folders of this machine that graded code's messages may name, so that reports can hide them:
        ``(the package folder, as the grader and the child see it; other folders: scratch, copies, runtime)``."""
        package = [self.directory, wall.SUBMISSION, *([os.path.join(self._copy, "package")] if self._copy else [])]
        other = [p for p in (self._scratch, self._copy, wall.SCRATCH, wall.RUNTIME, wall.NUMBA_CACHE, wall.SEED) if p]
        return package, other

    def _shared_copy(self) -> str:
        """A copy of the package any user may read (removed on close), keeping files' times for Numba's cache."""
        self._copy = tempfile.mkdtemp(prefix="dlkata-copy-")
        os.chmod(self._copy, 0o755)
        dest = os.path.join(self._copy, "package")
        def skip(folder, names):  # caches, and every link or special file: never followed, never copied
            return [n for n in names if n == "__pycache__" or n.endswith(".pyc")
                    or os.path.islink(os.path.join(folder, n))
                    or not (os.path.isfile(os.path.join(folder, n)) or os.path.isdir(os.path.join(folder, n)))]

        shutil.copytree(self.directory, dest, ignore=skip)
        for root_dir, dirs, files in os.walk(dest):
            for d in dirs:
                os.chmod(os.path.join(root_dir, d), 0o755)
            for f in files:
                os.chmod(os.path.join(root_dir, f), 0o644)
        os.chmod(dest, 0o755)
        return dest

    def _fallback_may_drop_user(self) -> bool:
        needed = [sys.executable, sys.base_prefix, *wall.site_dirs(), self.directory, *map(str, RUNTIME_FILES.values()),
                  *([self.numba_seed] if self.numba_seed else [])]
        return all(_others_may_use(p) for p in needed)

    def _child_pid(self, info_r: int, deadline: float) -> int:
        """The sandboxed process's pid as this process sees it: the child of bubblewrap's pid 1
        (reported on --info-fd)."""
        data = b""
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("bubblewrap did not report its child")
            ready, _, _ = select.select([info_r], [], [], left)
            if ready:
                chunk = os.read(info_r, 4096)
                if not chunk:
                    break
                data += chunk
        init = int(json.loads(data)["child-pid"])
        while time.monotonic() < deadline:
            try:
                with open(f"/proc/{init}/task/{init}/children") as f:
                    kids = f.read().split()
            except OSError:
                kids = []
            if kids:
                return int(kids[0])
            if self.proc is not None and self.proc.poll() is not None:  # it failed (its stderr says why)
                raise EOFError("bubblewrap exited before its child started")
            time.sleep(0.002)
        raise TimeoutError("bubblewrap did not start its child")

    def _hello(self, deadline: float) -> dict:
        (n,) = _FRAME.unpack(self._read(_FRAME.size, deadline))
        if n > 1 << 16:
            raise ValueError("an oversized hello")
        msg = codec.decode(self._read(n, deadline))
        if not isinstance(msg, dict) or not isinstance(msg.get("hello"), dict):
            raise ValueError("no hello from the child")
        return msg["hello"]

    def _stderr(self, err_r: int) -> str:
        """What bubblewrap or Python said before the child closed its stderr (at most 4 KB)."""
        if self.proc is not None:
            try:
                self.proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                pass
        os.set_blocking(err_r, False)
        try:
            text = os.read(err_r, 4096).decode("utf-8", "replace").strip()
        except OSError:
            text = ""
        return text.splitlines()[-1] if text else ""

    def close(self) -> None:
        """End the child (and everything it holds) and remove its scratch."""
        self._kill()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _kill(self) -> None:
        if self._group is not None:
            self._group.remove()
            self._group = None
        if self.proc is not None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)  # bwrap, or the fallback's child and its session
            except (ProcessLookupError, PermissionError):
                pass
            self.proc.wait()
            self.proc = None
        self.child_pid = None
        for fd in (self._r, self._w):
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self._r = self._w = None
        for attr in ("_scratch", "_copy"):
            if getattr(self, attr) is not None:
                shutil.rmtree(getattr(self, attr), ignore_errors=True)
                setattr(self, attr, None)
        if self._lease is not None:
            self._lease.release()
            self._lease = None
        if self._cache_lock is not None:
            os.close(self._cache_lock)  # and its lock with it
            self._cache_lock = None

    def carry_numba_cache(self, folder) -> bool:
        """Copy what Numba compiled in this sandbox into ``folder`` (for the next sandbox of the same
        submission: :func:`make_sandbox`'s ``numba_seed``); False when there is nothing, or too much.

        The files come from graded code: their size is capped (``limits.carry_mb``), their names must
        be plain relative paths, and they only ever reach another sandbox of the same submission.
        """
        if self.proc is None or self.proc.poll() is not None:
            return False
        limit = self.limits.carry_mb * 1024 * 1024
        request = codec.encode({"numba_cache": limit})
        deadline = time.monotonic() + 30.0
        try:
            self._write(_FRAME.pack(len(request)) + request, deadline)
            (n,) = _FRAME.unpack(self._read(_FRAME.size, deadline))
            if n > limit + (1 << 20):
                self._kill()
                return False
            reply = codec.decode(self._read(n, deadline))
        except (TimeoutError, EOFError, OSError, codec.CodecError, RecursionError, MemoryError, ValueError):
            self._kill()
            return False
        files = reply.get("value") if isinstance(reply, dict) and reply.get("ok") is True else None
        if not isinstance(files, list) or not files:
            return False
        folder = Path(folder)
        written = 0
        for item in files:
            if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)
                    and isinstance(item[1], np.ndarray) and item[1].dtype == np.uint8):
                continue
            rel = PurePosixPath(item[0])
            if rel.is_absolute() or len(rel.parts) > 16 or not all(_PLAIN_NAME.fullmatch(p) for p in rel.parts):
                continue
            dest = folder.joinpath(*rel.parts)
            dest.parent.mkdir(parents=True, exist_ok=True, mode=0o755)
            dest.write_bytes(item[1].tobytes())
            dest.chmod(0o644)
            written += 1
        for d in [folder, *(p for p in folder.rglob("*") if p.is_dir())]:
            d.chmod(0o755)
        return written > 0

    # -- calls -----------------------------------------------------------
    def call(self, module: str, function: str, args=(), kwargs=None, timeout: float | None = None,
             reply_cap: int | None = None) -> CallResult:
        """Run ``module.function(*args, **kwargs)`` in the child, within ``timeout`` seconds (default: the limits').

        A reply larger than ``reply_cap`` bytes (default: the limits' cap for an
        unknown output) is never read: the result is ``stage="too_large"``.
        """
        if self.proc is None or self.proc.poll() is not None:
            self._kill()
            try:
                self.start()
            except IsolationUnavailable:
                raise
            except SandboxError as exc:
                self._kill()
                return CallResult(False, error=str(exc), stage="crash")
        timeout = self.limits.timeout if timeout is None else timeout
        cap = self.limits.reply_cap(None) if reply_cap is None else int(reply_cap)
        # The parent ends an overrunning call itself; the child's CPU-time limit (SIGXCPU) is what still
        # ends one spinning in C code if the parent has died. CPU time adds up over all threads, and a
        # call may keep every usable core busy (its own threads, BLAS'), so the budget is per core.
        request = codec.encode({"module": module, "function": function, "args": list(args),
                                "kwargs": dict(kwargs or {}),
                                "cpu_seconds": math.ceil((timeout + CPU_GRACE) * usable_cpus())})
        deadline = time.monotonic() + timeout
        try:
            self._write(_FRAME.pack(len(request)) + request, deadline)
            (n,) = _FRAME.unpack(self._read(_FRAME.size, deadline))
            if n > cap:
                self._kill()
                return CallResult(False, error=f"returned {n} bytes, far more than the expected output "
                                  f"(at most {cap} accepted): output too large", stage="too_large",
                                  facts={"bytes": n, "cap": cap})
            reply = codec.decode(self._read(n, deadline))
        except TimeoutError:
            self._kill()
            return CallResult(False, error=f"did not finish within {timeout:g} s", stage="timeout")
        except (EOFError, BrokenPipeError, OSError):
            return self._crashed()
        except (codec.CodecError, RecursionError, MemoryError, ValueError) as exc:
            self._kill()
            return CallResult(False, error=f"the child sent a malformed reply ({type(exc).__name__})",
                              stage="protocol")
        try:
            return self._result(reply)
        except (TypeError, ValueError, OverflowError, AttributeError):
            self._kill()
            return CallResult(False, error="the child sent a malformed reply", stage="protocol")

    def _result(self, reply) -> CallResult:
        """A reply checked field by field: anything of the wrong type or size is refused or cut."""
        if not isinstance(reply, dict) or not isinstance(reply.get("ok"), bool):
            raise ValueError("malformed reply")
        n = self.limits.text_chars
        text = lambda key: clean(reply[key], n) if isinstance(reply.get(key), str) else ""  # noqa: E731
        stage = reply.get("stage", "")
        seconds = reply.get("seconds", 0.0)
        seconds = float(seconds) if isinstance(seconds, (int, float)) and math.isfinite(seconds) else 0.0
        mutated = reply.get("mutated") or []
        mutated = [clean(m, 64) for m in mutated[:16] if isinstance(m, str)] if isinstance(mutated, list) else []
        return CallResult(
            ok=reply["ok"], value=reply.get("value"), error=text("error"),
            stage=stage if isinstance(stage, str) and stage in _STAGES else "protocol",
            traceback=text("traceback"), output=text("output"), seconds=min(max(seconds, 0.0), 1e6),
            mutated=mutated)

    def _crashed(self) -> CallResult:
        code = None
        if self.proc is not None:
            try:
                code = self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                code = None
        if code is not None and code > 128 and self.isolation and self.isolation.level == "strict":
            code = -(code - 128)  # bubblewrap reports its child's signal as 128 + n
        self._kill()
        if code is not None and code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            why = f"the process was killed by {name}"
            cause = {signal.SIGKILL: "memory", signal.SIGXCPU: "cpu"}.get(-code, "")
            why += {"memory": " (out of memory?)", "cpu": " (CPU time limit)", "": ""}[cause]
            facts = {"signal": name, "cause": cause}
        else:
            why = f"the process exited with status {code} (os._exit or a fatal error)"
            facts = {"status": code}
        return CallResult(False, error=why, stage="crash", facts=facts)

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


def make_sandbox(directory, limits: Limits = DEFAULT_LIMITS, protected=(), numba_cache=None,
                 isolation: str | None = None, threads: int | None = None, numba_seed=None) -> Sandbox:
    """The sandbox for any caller: ``directory`` loaded as a package, under ``limits``.

    - ``protected``: host paths graded code must not read (the references, the
      oracle cache, the hidden-case file, the grading folder); masked in the wall,
      refused by Landlock and the audit hook in the fallback;
    - ``numba_cache``: a host folder where Numba's cache outlives the sandbox
      (a student's own ``check``); ``None`` keeps it in the capped scratch;
    - ``isolation``: ``"auto"`` (default, or ``$DLKATA_ISOLATION``), ``"strict"``
      or ``"fallback"`` (see the module docstring);
    - ``threads``: Numba's threads in the child (default: every usable core);
    - ``numba_seed``: a folder :meth:`Sandbox.carry_numba_cache` filled from an earlier sandbox
      of the same submission, copied into this one's scratch cache before any student code runs.

    The child starts on the first call (or :meth:`Sandbox.start`); use the
    sandbox as a context manager so that it is always closed. At the plain level
    (:func:`requested_level`) it is a :class:`~.plain.PlainSandbox`, with the same interface.
    """
    cls = Sandbox
    if requested_level(isolation) == "plain":
        from .plain import PlainSandbox

        cls = PlainSandbox
    return cls(directory, limits=limits, protected=protected, numba_cache=numba_cache,
                   isolation=isolation, threads=threads, numba_seed=numba_seed)


_probed: dict[str, Isolation] = {}


def probe(isolation: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Isolation:
    """Start one sandbox on an empty package and report which walls stood (cached per process and level).

    Raises :class:`IsolationUnavailable` when ``isolation`` is ``"strict"`` and the wall does not stand.
    """
    level = requested_level(isolation)
    if level not in _probed:
        with tempfile.TemporaryDirectory(prefix="dlkata-probe-") as empty:
            with make_sandbox(empty, limits=limits, isolation=level) as box:
                box.start()
                _probed[level] = box.isolation
    return _probed[level]


def harden_grader() -> None:
    """Make this process non-dumpable: no core file, no ptrace, and its /proc files root's only."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE, 0
    except (OSError, AttributeError):
        pass
