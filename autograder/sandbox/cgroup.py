"""A memory and pids cgroup per sandbox, where the machine gives one.

``RLIMIT_AS`` caps a process's address space, not what it holds in the
kernel's name: pages of its scratch tmpfs, pipe buffers, shared memory. A
memory cgroup counts all of it, and a pids cgroup counts every thread and
process. Where the ``cpu`` controller is there too, each sandbox is its own
scheduling group with the default weight: under contention every sandbox gets
an equal share of the CPU however many threads it spins, so that one
submission cannot slow its siblings into timeouts, while a sandbox alone may
still use every idle core. Each sandbox gets a child group of the grader's own group (so the
grader's own limit still covers it), joins it before ``exec`` and everything
in it is killed and the group removed when the sandbox closes.

cgroup v1 (separate ``memory`` and ``pids`` hierarchies) and v2 (one unified
hierarchy, where the grader's group must delegate the ``memory`` and ``pids``
controllers) are both detected; where neither can be used the sandbox keeps
``RLIMIT_AS`` alone, and :func:`support` says why.
"""

from __future__ import annotations

import functools
import itertools
import os
import signal
import threading
import time
from dataclasses import dataclass

_counter = itertools.count()
_counter_lock = threading.Lock()


@dataclass(frozen=True)
class Support:
    """Where sandboxes' groups are made: ``version`` 1 or 2, or 0 with ``why`` not."""

    version: int
    memory_parent: str = ""
    pids_parent: str = ""
    why: str = ""
    cpu_parent: str = ""  # "" where the cpu controller cannot be used

    def describe(self) -> str:
        if not self.version:
            return f"no cgroup ({self.why})"
        return f"cgroup v{self.version} (memory, pids{', cpu' if self.cpu_parent else ''})"


def _mounts() -> list[tuple[str, str, str, str]]:
    """``(root, mount point, fs type, super options)`` of every cgroup mount."""
    found = []
    with open("/proc/self/mountinfo") as f:
        for line in f:
            left, _, right = line.partition(" - ")
            parts, rparts = left.split(), right.split()
            if len(parts) >= 5 and len(rparts) >= 3 and rparts[0] in ("cgroup", "cgroup2"):
                found.append((parts[3], parts[4], rparts[0], rparts[2]))
    return found


def _own_groups() -> dict[str, str]:
    """This process's group per controller (``""`` is the v2 unified group)."""
    groups = {}
    with open("/proc/self/cgroup") as f:
        for line in f:
            _, controllers, path = line.rstrip("\n").split(":", 2)
            for c in controllers.split(",") if controllers else [""]:
                groups[c] = path
    return groups


def _join(mount_point: str, mount_root: str, path: str) -> str:
    rel = os.path.relpath(path, mount_root) if mount_root != "/" else path.lstrip("/")
    return os.path.normpath(os.path.join(mount_point, "" if rel == "." else rel))


def _writable_parent(path: str) -> bool:
    """Whether a child group can be made (and removed) under ``path``."""
    probe = os.path.join(path, f"dlkata-probe-{os.getpid()}-{next(_counter)}")
    try:
        os.mkdir(probe)
        os.rmdir(probe)
        return True
    except OSError:
        return False


def _remove_stale(parent: str) -> None:
    """Remove the empty groups a grader killed outright left behind (its pid is in their name)."""
    try:
        names = os.listdir(parent)
    except OSError:
        return
    for name in names:
        parts = name.split("-")
        if len(parts) == 3 and parts[0] == "dlkata" and parts[1].isdigit() and not os.path.exists(f"/proc/{parts[1]}"):
            try:
                os.rmdir(os.path.join(parent, name))
            except OSError:
                pass


@functools.lru_cache(maxsize=1)
def support() -> Support:
    """How this machine lets the grader cap its sandboxes (detected once per process)."""
    found = _detect()
    for parent in {found.memory_parent, found.pids_parent, found.cpu_parent} - {""}:
        _remove_stale(parent)
    return found


def _detect() -> Support:
    try:
        mounts, groups = _mounts(), _own_groups()
    except OSError as exc:
        return Support(0, why=f"cannot read /proc ({exc.strerror})")
    v1 = {}
    for root, point, fstype, options in mounts:
        if fstype == "cgroup":
            for c in ("memory", "pids", "cpu"):
                key = next((g for g in groups if c in g.split(",")), None)
                if c in options.split(",") and key is not None:
                    v1[c] = _join(point, root, groups[key])
    if "memory" in v1 and "pids" in v1:
        if _writable_parent(v1["memory"]) and _writable_parent(v1["pids"]):
            cpu = v1.get("cpu", "")
            return Support(1, v1["memory"], v1["pids"], cpu_parent=cpu if cpu and _writable_parent(cpu) else "")
        return Support(0, why="cgroup v1 is mounted but the grader may not make groups in it (not root?)")
    unified = next(((root, point) for root, point, fstype, _ in mounts if fstype == "cgroup2"), None)
    if unified is None or "" not in groups:
        return Support(0, why="no memory and pids cgroup controllers are mounted")
    parent = _join(unified[1], unified[0], groups[""])
    try:
        with open(os.path.join(parent, "cgroup.controllers")) as f:
            available = f.read().split()
        if not {"memory", "pids"} <= set(available):
            return Support(0, why="cgroup v2 does not delegate the memory and pids controllers to the grader's group")
        with open(os.path.join(parent, "cgroup.subtree_control")) as f:
            enabled = f.read().split()
        if not {"memory", "pids"} <= set(enabled):
            with open(os.path.join(parent, "cgroup.subtree_control"), "w") as f:
                f.write("+memory +pids")
    except OSError as exc:
        return Support(0, why=f"cgroup v2: cannot enable memory and pids for sandboxes ({exc.strerror}; the grader's "
                              "group must be delegated and hold no process of its own)")
    if not _writable_parent(parent):
        return Support(0, why="cgroup v2: the grader may not make groups in its own group")
    cpu = ""
    try:
        with open(os.path.join(parent, "cgroup.subtree_control")) as f:
            if "cpu" in f.read().split():
                cpu = parent
        if not cpu and "cpu" in available:
            with open(os.path.join(parent, "cgroup.subtree_control"), "w") as f:
                f.write("+cpu")
            cpu = parent
    except OSError:
        pass
    return Support(2, parent, parent, cpu_parent=cpu)


class Group:
    """The cgroup(s) of one sandbox: made with its limits, joined before exec, emptied and removed on close."""

    def __init__(self, sup: Support, memory_bytes: int, tasks: int):
        with _counter_lock:
            name = f"dlkata-{os.getpid()}-{next(_counter)}"
        self.version = sup.version
        parents = [sup.memory_parent, sup.pids_parent] + ([sup.cpu_parent] if sup.cpu_parent else [])
        self.dirs = list(dict.fromkeys(os.path.join(p, name) for p in parents))
        for d in self.dirs:
            os.mkdir(d)
        try:
            if self.version == 1:
                mem, pids = os.path.join(sup.memory_parent, name), os.path.join(sup.pids_parent, name)
                _write(mem, "memory.limit_in_bytes", memory_bytes)
                if os.path.exists(os.path.join(mem, "memory.memsw.limit_in_bytes")):
                    _write(mem, "memory.memsw.limit_in_bytes", memory_bytes)  # no swapping past the cap
                _write(pids, "pids.max", tasks)
            else:
                d = self.dirs[0]
                _write(d, "memory.max", memory_bytes)
                if os.path.exists(os.path.join(d, "memory.swap.max")):
                    _write(d, "memory.swap.max", 0)
                _write(d, "pids.max", tasks)
            #: Opened here so that joining, between fork and exec, is one write() per group.
            self.procs_fds = [os.open(os.path.join(d, "cgroup.procs"), os.O_WRONLY | os.O_CLOEXEC) for d in self.dirs]
        except OSError:
            self.remove()
            raise

    def join(self) -> None:
        """Move the calling process into the group(s); called in the child between fork and exec."""
        pid = str(os.getpid()).encode()
        for fd in self.procs_fds:
            os.write(fd, pid)

    def pids(self) -> set[int]:
        found = set()
        for d in self.dirs:
            try:
                with open(os.path.join(d, "cgroup.procs")) as f:
                    found.update(int(x) for x in f.read().split())
            except (OSError, ValueError):
                pass
        return found

    def kill_all(self, wait: float = 5.0) -> None:
        """SIGKILL everything in the group, until it is empty (or ``wait`` seconds passed)."""
        deadline = time.monotonic() + wait
        if self.version == 2 and os.path.exists(os.path.join(self.dirs[0], "cgroup.kill")):
            try:
                _write(self.dirs[0], "cgroup.kill", 1)
            except OSError:
                pass
        while True:
            left = self.pids()
            if not left or time.monotonic() > deadline:
                return
            for pid in left:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            time.sleep(0.005)

    def remove(self) -> None:
        """Kill what is left and remove the group(s)."""
        for fd in getattr(self, "procs_fds", []):
            os.close(fd)
        self.procs_fds = []
        self.kill_all()
        for d in self.dirs:
            for _ in range(200):  # rmdir fails while the last processes are being torn down
                try:
                    os.rmdir(d)
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.005)


def _write(folder: str, name: str, value) -> None:
    with open(os.path.join(folder, name), "w") as f:
        f.write(str(value))
