"""Kernel-enforced "no new processes" for the sandbox child (a seccomp filter).

The audit hook refuses ``os.fork``, but ``ctypes.CDLL(None).fork()`` goes
straight to the kernel, and a grandchild that calls ``setsid()`` escapes the
process-group kill that ends a timed-out child. RLIMIT_NPROC cannot stop it:
the kernel ignores it for root and, for anyone else, counts every thread of
the user (the grader, its TensorFlow thread pools, the other sandboxes), so a
cap low enough to matter breaks NumPy's own thread start-up.

This filter lets the child make threads (``clone`` with ``CLONE_THREAD``,
which Numba's and OpenBLAS's pools use) and refuses every other ``clone``,
``fork`` and ``vfork`` with EPERM; ``clone3``, whose flags a filter cannot
read, answers ENOSYS so that the C library falls back to ``clone``. Like
Landlock it cannot be undone from inside the process and is inherited by
every thread. This file is loaded by path in the child and must use the
standard library only.
"""

import ctypes
import errno
import platform

_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 22, 2
_SECCOMP_SET_MODE_FILTER, _SECCOMP_FILTER_FLAG_TSYNC = 1, 1
_CLONE_THREAD = 0x00010000
_X32_BIT = 0x40000000

_LD_ABS_W, _JEQ, _JGE, _JSET, _RET = 0x20, 0x15, 0x35, 0x45, 0x06
_ALLOW = 0x7FFF0000
_EPERM = 0x00050000 | errno.EPERM
_ENOSYS = 0x00050000 | errno.ENOSYS
_NR, _ARCH, _ARG0 = 0, 4, 16  # offsets in struct seccomp_data (little-endian: low half of args[0])

# machine: (AUDIT_ARCH, seccomp syscall, clone, clone3, (fork, vfork) where they exist)
_ARCHES = {
    "x86_64": (0xC000003E, 317, 56, 435, (57, 58)),
    "aarch64": (0xC00000B7, 277, 220, 435, ()),
}


class _Filter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8), ("k", ctypes.c_uint32)]


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Filter))]


def program(machine: str):
    """The BPF instructions as ``(code, jt, jf, k)`` tuples, or None for an unknown machine."""
    if machine not in _ARCHES:
        return None
    arch, _, clone, clone3, forks = _ARCHES[machine]
    deny = [(_RET, 0, 0, _EPERM)]
    # the tail the jumps below land in: [allow, deny, nosys, clone's flags check]
    tail = [(_RET, 0, 0, _ALLOW), *deny, (_RET, 0, 0, _ENOSYS),
            (_LD_ABS_W, 0, 0, _ARG0), (_JSET, 0, 1, _CLONE_THREAD), (_RET, 0, 0, _ALLOW), *deny]
    checks = [(_JEQ, clone3, "nosys"), *[(_JEQ, nr, "deny") for nr in forks], (_JEQ, clone, "flags")]
    if machine == "x86_64":
        checks.insert(0, (_JGE, _X32_BIT, "deny"))  # x32 numbers reach the same calls
    head = [(_LD_ABS_W, 0, 0, _ARCH), (_JEQ, 0, len(checks) + 2, arch), (_LD_ABS_W, 0, 0, _NR)]
    # after the head: the checks, then the tail; offsets count from the next instruction
    body = []
    where = {"allow": 0, "deny": 1, "nosys": 2, "flags": 3}
    for i, (op, k, label) in enumerate(checks):
        body.append((op, len(checks) - i - 1 + where[label], 0, k))
    # a foreign architecture (e.g. int 0x80 on x86_64) jumps from the head straight to "deny"
    return head + body + tail


def forbid_new_processes() -> bool:
    """Install the filter on every thread of this process; False where it is unavailable."""
    machine = platform.machine()
    prog = program(machine)
    if prog is None:
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    filters = (_Filter * len(prog))(*[_Filter(*ins) for ins in prog])
    fprog = _Program(len(prog), filters)
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    nr = _ARCHES[machine][1]
    if libc.syscall(nr, _SECCOMP_SET_MODE_FILTER, _SECCOMP_FILTER_FLAG_TSYNC, ctypes.byref(fprog)) == 0:
        return True
    return libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) == 0

