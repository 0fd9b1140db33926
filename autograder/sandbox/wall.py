"""The wall: the command line that runs the sandbox child under bubblewrap.

bubblewrap (``bwrap``, the sandbox under Flatpak) gives the child its own
PID, network, IPC, UTS, cgroup and mount namespaces (and, for a grader that
is not root, its own user namespace), no capabilities, a new session (no
controlling terminal) and death with its parent. Its file system is built
from nothing: read-only binds of the system libraries and the Python
installation, with the blocked packages (TensorFlow, Keras, torch, jax,
dlkata) and every protected path masked by an empty folder or file, the
submission's copy read-only at ``/submission``, the four files of the child
itself at ``/run/dlkata``, a size-capped tmpfs at ``/tmp``, ``/dev/null``,
``/dev/zero``, ``/dev/urandom`` and its own ``/proc``. Nothing else: no
``/etc``, ``/home``, ``/root``, ``/run`` or ``/tmp`` of the host, no ``/sys``,
no ``/dev/pts``.

A grader running as root runs bubblewrap as root without a user namespace
(bubblewrap then reads every bound path as root, even in a private home) and
keeps only ``CAP_SETUID``/``CAP_SETGID``, which the child uses to become an
unprivileged user id before any student code runs (the kernel then clears
its capabilities). A grader that is not root runs it unprivileged, in a user
namespace that cannot make another.
"""

from __future__ import annotations

import functools
import glob
import os
import shutil
import site
import subprocess
import sys
import sysconfig
from dataclasses import dataclass

RUNTIME = "/run/dlkata"
SUBMISSION = "/submission"
SCRATCH = "/tmp"
NUMBA_CACHE = "/cache/numba"
SEED = "/run/dlkata-seed"
DEVICES = ("/dev/null", "/dev/zero", "/dev/urandom")

#: Packages graded code may not import, nor read (the oracle's frameworks and the grader).
BLOCKED_MODULES = ("tensorflow", "tensorflow_cpu", "keras", "tf_keras", "torch", "jax", "jaxlib", "flax",
                   "solutions", "autograder", "dlkata", "_dlkata_wire")


def blocked_entry(name: str) -> bool:
    """Whether a site-packages entry belongs to a blocked package (folder, dist-info, .pth, finder)."""
    base = name.split("-")[0].split(".")[0].lower()
    return base in BLOCKED_MODULES or base.startswith(("tensorflow", "__editable__")) or "dlkata" in name.lower()


@functools.lru_cache(maxsize=1)
def bwrap() -> str | None:
    """The bubblewrap executable, or None where it is not installed."""
    return shutil.which("bwrap")


@functools.lru_cache(maxsize=1)
def version() -> str:
    """bubblewrap's version line (``bubblewrap`` when it cannot say)."""
    try:
        out = subprocess.run([bwrap() or "bwrap", "--version"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return "bubblewrap"
    return out.strip() or "bubblewrap"


def _under(path: str, roots) -> bool:
    return any(path == r or path.startswith(r.rstrip("/") + "/") for r in roots)


def site_dirs() -> list[str]:
    """Every site-packages / dist-packages folder of this Python and of the system's."""
    candidates = [*site.getsitepackages(), sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]
    candidates += site.getsitepackages([sys.base_prefix])
    for pattern in ("/usr/lib/python3*/*-packages", "/usr/local/lib/python3*/*-packages", "/usr/lib/python3/dist-packages",
                    os.path.join(sys.base_prefix, "lib", "python3*", "*-packages")):
        candidates += glob.glob(pattern)
    return sorted({os.path.realpath(p) for p in candidates if os.path.isdir(p)})


@dataclass(frozen=True)
class Layout:
    """The file system the child sees: bwrap arguments and the paths Landlock may then allow."""

    args: tuple[str, ...]
    read_paths: tuple[str, ...]
    python: str  # the interpreter to run, as a path inside the wall


@functools.lru_cache(maxsize=1)
def _system() -> tuple[list[tuple], list[str], str]:
    """Binds of the system and of Python (computed once): ``(ops, read paths, python)``."""
    ops: list[tuple] = []
    trees: list[str] = []

    def bind_tree(path: str) -> None:
        real = os.path.realpath(path)
        if os.path.exists(real) and not _under(real, trees):
            trees.append(real)
            ops.append(("ro-bind", real, real))

    if os.path.isdir("/usr"):
        bind_tree("/usr")
    for top in ("/lib", "/lib64", "/lib32", "/libx32", "/bin", "/sbin"):
        if os.path.islink(top):
            ops.append(("symlink", os.readlink(top), top))
        elif os.path.isdir(top):
            bind_tree(top)
    if os.path.exists("/etc/ld.so.cache"):
        ops.append(("ro-bind", "/etc/ld.so.cache", "/etc/ld.so.cache"))
    bind_tree(sys.base_prefix)
    python = sys.executable
    if sys.prefix != sys.base_prefix:  # a venv: its pyvenv.cfg, its site-packages and its interpreter link
        cfg = os.path.join(sys.prefix, "pyvenv.cfg")
        if os.path.exists(cfg):
            ops.append(("ro-bind", cfg, cfg))
        for d in site.getsitepackages():
            if os.path.isdir(d) and _under(os.path.realpath(d), [os.path.realpath(sys.prefix)]):
                bind_tree(d)
        if os.path.islink(python):
            ops.append(("symlink", os.path.realpath(python), python))
        else:
            ops.append(("ro-bind", python, python))
    for d in site_dirs():
        if not _under(d, trees):
            continue
        try:
            entries = os.listdir(d)
        except OSError:
            continue
        for e in sorted(entries):
            if blocked_entry(e):
                ops.append(_mask(os.path.join(d, e)))
    read = [*trees, *(op[2] for op in ops if op[0] in ("ro-bind", "symlink") and op[2] not in trees)]
    return ops, read, python


def _mask(path: str) -> tuple:
    return ("mask-dir", path) if os.path.isdir(path) and not os.path.islink(path) else ("mask-file", path)


def layout(submission: str, runtime: dict[str, str], scratch_bytes: int, protected=(), numba_cache: str | None = None,
           as_root: bool = False, seed: str | None = None) -> Layout:
    """The whole bwrap command line but the child's own arguments.

    ``runtime`` maps a file name to the host file bound at ``/run/dlkata/<name>``;
    ``protected`` host paths are masked wherever a bound tree holds them.
    """
    system, read, python = _system()
    ops = list(system)
    trees = [op[2] for op in system if op[0] == "ro-bind"]
    for p in protected:
        real = os.path.realpath(p)
        if _under(real, trees) and os.path.exists(real):
            ops.append(_mask(real))
    for name, host in runtime.items():
        ops.append(("ro-bind", host, f"{RUNTIME}/{name}"))
    ops.append(("ro-bind", submission, SUBMISSION))
    if numba_cache:
        ops.append(("bind", numba_cache, NUMBA_CACHE))
    if seed:
        ops.append(("ro-bind", seed, SEED))
    # every folder on the way to a mount point that no bind provides is made here (mode 0755)
    masked = [op[1] for op in ops if op[0] == "mask-dir"]
    dirs = set()
    for op in ops:
        dest = op[-1] if op[0] != "mask-dir" and op[0] != "mask-file" else op[1]
        parts = dest.strip("/").split("/")[:-1]
        for i in range(1, len(parts) + 1):
            d = "/" + "/".join(parts[:i])
            if not _under(d, trees) or _under(d, masked):
                dirs.add(d)
    ops += [("dir", d) for d in dirs]
    ops.sort(key=lambda op: (_dest(op).count("/"), op[0] != "dir"))
    # the scratch first: a Python installation under /tmp (a CI checkout's venv) is bound inside it, not hidden by it
    args: list[str] = ["--perms", "1777", "--size", str(max(scratch_bytes, 1 << 20)), "--tmpfs", SCRATCH]
    for op in ops:
        kind = op[0]
        if kind == "dir":
            args += ["--perms", "0755", "--dir", op[1]]
        elif kind == "mask-dir":
            args += ["--perms", "0000", "--size", "4096", "--tmpfs", op[1]]
        elif kind == "mask-file":
            args += ["--ro-bind", "/dev/null", op[1]]
        else:
            args += [f"--{kind}", op[1], op[2]]
    args += ["--dir", "/dev"]
    for dev in DEVICES:
        args += ["--dev-bind", dev, dev]
    args += ["--proc", "/proc"]
    if as_root:  # no user namespace; the child drops to its own user id with these two, then has none
        flags = ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup",
                 "--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    else:
        flags = ["--unshare-user", "--disable-userns", "--unshare-pid", "--unshare-net", "--unshare-ipc",
                 "--unshare-uts", "--unshare-cgroup-try", "--cap-drop", "ALL"]
    # bubblewrap's own pid 1 (root, no capabilities) stays: a child that dropped to another user id
    # cannot be sent its parent-death signal by a parent without CAP_KILL, but when that pid 1 dies
    # (of its own parent-death signal) the kernel kills everything in the namespace.
    head = [bwrap() or "bwrap", *flags, "--die-with-parent", "--new-session", "--chdir", SCRATCH]
    inside_read = [*read, RUNTIME, SUBMISSION, *DEVICES, "/proc", *([SEED] if seed else [])]
    return Layout(tuple(head + args), tuple(inside_read), python)


def _dest(op: tuple) -> str:
    return op[1] if op[0] in ("dir", "mask-dir", "mask-file") else op[2]
