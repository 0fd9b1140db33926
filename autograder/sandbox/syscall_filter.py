"""Kernel-enforced limits on what the sandbox child may ask of the kernel (a seccomp filter).

The audit hook refuses ``os.fork`` or ``os.kill`` with a clear message, but
``ctypes`` goes straight to the kernel. This filter, installed by the child
before any student code runs, cannot be undone from inside the process and is
inherited by every thread. It refuses (``EPERM``):

- new processes: ``fork``, ``vfork``, ``clone`` without ``CLONE_THREAD``
  (threads are fine: Numba's and OpenBLAS's pools use them; ``clone3``, whose
  flags a filter cannot read, answers ``ENOSYS`` so that the C library falls
  back to ``clone``), ``execve``/``execveat`` (no ``memfd`` + exec either);
- touching another process: signals (``kill``, ``tgkill``, ``rt_sigqueueinfo``
  only to itself), ``ptrace``, ``process_vm_readv``/``writev``, ``pidfd_*``,
  ``kcmp``, ``process_madvise``; ``prlimit``, ``setpriority``,
  ``sched_setaffinity``/``setscheduler``/``setattr`` only on itself;
  ``move_pages``/``migrate_pages``/``ioprio_set``;
- reaching out: ``socket`` (no network, no unix socket of the host), System V
  and POSIX IPC (they outlive the process and, outside the wall, are shared
  with the host), ``memfd_create`` (memory no address-space limit counts),
  ``keyctl``/``add_key``/``request_key`` (kernel keyrings), ``ioctl(TIOCSTI)``
  (typing into a terminal);
- kernel attack surface: ``io_uring`` (its operations bypass seccomp),
  ``userfaultfd``, ``perf_event_open``, ``bpf``, ``personality``, ``unshare``,
  ``setns``, ``mount`` and the new mount API, ``chroot``, ``pivot_root``,
  ``open_by_handle_at``, ``mknod``, module, kexec, swap, clock, reboot and
  quota calls, and every ``set*uid``/``set*gid``/``capset`` (the child has
  already dropped to its own user id when this is installed);
- ``prctl`` options that undo the sandbox: ``PR_SET_PDEATHSIG`` (outliving the
  grader), ``PR_SET_PTRACER``, ``PR_SET_MM``, ``PR_SET_CHILD_SUBREAPER``.

This file is loaded by path in the child and must use the standard library only.
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
_ERRNO = 0x00050000
_NR, _ARCH = 0, 4


def _arg(i):
    return 16 + 8 * i  # low half of args[i] in struct seccomp_data (little-endian)


_TIOCSTI, _TIOCLINUX = 0x5412, 0x541C
_PR_SET_PDEATHSIG, _PR_SET_MM, _PR_SET_CHILD_SUBREAPER, _PR_SET_PTRACER = 1, 35, 36, 0x59616D61

# System call numbers: x86_64 and the generic table (aarch64). None: not on that machine.
_CALLS = {
    #                    x86_64 aarch64
    "clone": (56, 220), "clone3": (435, 435), "fork": (57, None), "vfork": (58, None),
    "execve": (59, 221), "execveat": (322, 281),
    "kill": (62, 129), "tkill": (200, 130), "tgkill": (234, 131),
    "rt_sigqueueinfo": (129, 138), "rt_tgsigqueueinfo": (297, 240),
    "pidfd_send_signal": (424, 424), "pidfd_open": (434, 434), "pidfd_getfd": (438, 438),
    "ptrace": (101, 117), "process_vm_readv": (310, 270), "process_vm_writev": (311, 271), "kcmp": (312, 272),
    "process_madvise": (440, 440), "process_mrelease": (448, 448),
    "prlimit64": (302, 261), "setpriority": (141, 140), "sched_setaffinity": (203, 122),
    "sched_setscheduler": (144, 119), "sched_setparam": (142, 118), "sched_setattr": (314, 274),
    "ioprio_set": (251, 30), "migrate_pages": (256, 238), "move_pages": (279, 239),
    "socket": (41, 198),
    "shmget": (29, 194), "shmat": (30, 196), "shmctl": (31, 195), "semget": (64, 190), "semop": (65, 193),
    "semctl": (66, 191), "semtimedop": (220, 192), "msgget": (68, 186), "msgsnd": (69, 189),
    "msgrcv": (70, 188), "msgctl": (71, 187),
    "mq_open": (240, 180), "mq_unlink": (241, 181), "mq_timedsend": (242, 182), "mq_timedreceive": (243, 183),
    "mq_notify": (244, 184), "mq_getsetattr": (245, 185),
    "memfd_create": (319, 279), "memfd_secret": (447, 447),
    "keyctl": (250, 219), "add_key": (248, 217), "request_key": (249, 218),
    "io_uring_setup": (425, 425), "io_uring_enter": (426, 426), "io_uring_register": (427, 427),
    "userfaultfd": (323, 282), "perf_event_open": (298, 241), "bpf": (321, 280), "personality": (135, 92),
    "unshare": (272, 97), "setns": (308, 268), "mount": (165, 40), "umount2": (166, 39),
    "pivot_root": (155, 41), "chroot": (161, 51), "open_tree": (428, 428), "move_mount": (429, 429),
    "fsopen": (430, 430), "fsconfig": (431, 431), "fsmount": (432, 432), "fspick": (433, 433),
    "mount_setattr": (442, 442), "open_by_handle_at": (304, 265), "name_to_handle_at": (303, 264),
    "mknod": (133, None), "mknodat": (259, 33),
    "init_module": (175, 105), "finit_module": (313, 273), "delete_module": (176, 106),
    "kexec_load": (246, 104), "kexec_file_load": (320, 294), "reboot": (169, 142),
    "swapon": (167, 224), "swapoff": (168, 225), "acct": (163, 89), "quotactl": (179, 60), "syslog": (103, 116),
    "settimeofday": (164, 170), "clock_settime": (227, 112), "clock_adjtime": (305, 266), "adjtimex": (159, 171),
    "sethostname": (170, 161), "setdomainname": (171, 162), "vhangup": (153, 58), "lookup_dcookie": (212, 18),
    "fanotify_init": (300, 262), "iopl": (172, None), "ioperm": (173, None), "modify_ldt": (154, None),
    "uselib": (134, None), "sysfs": (139, None), "ustat": (136, None),
    "setuid": (105, 146), "setgid": (106, 144), "setreuid": (113, 145), "setregid": (114, 143),
    "setresuid": (117, 147), "setresgid": (119, 149), "setgroups": (116, 159), "setfsuid": (122, 151),
    "setfsgid": (123, 152), "capset": (126, 91),
    "prctl": (157, 167), "ioctl": (16, 29),
}
_ARCHES = {"x86_64": (0xC000003E, 317, 0), "aarch64": (0xC00000B7, 277, 1)}  # AUDIT_ARCH, seccomp(), column

_DENIED = ("fork", "vfork", "execve", "execveat", "tkill", "pidfd_send_signal", "pidfd_open", "pidfd_getfd",
           "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "process_madvise", "process_mrelease",
           "ioprio_set", "migrate_pages", "move_pages", "socket",
           "shmget", "shmat", "shmctl", "semget", "semop", "semctl", "semtimedop", "msgget", "msgsnd", "msgrcv",
           "msgctl", "mq_open", "mq_unlink", "mq_timedsend", "mq_timedreceive", "mq_notify", "mq_getsetattr",
           "memfd_create", "memfd_secret", "keyctl", "add_key", "request_key",
           "io_uring_setup", "io_uring_enter", "io_uring_register", "userfaultfd", "perf_event_open", "bpf",
           "personality", "unshare", "setns", "mount", "umount2", "pivot_root", "chroot", "open_tree",
           "move_mount", "fsopen", "fsconfig", "fsmount", "fspick", "mount_setattr", "open_by_handle_at",
           "name_to_handle_at", "mknod", "mknodat", "init_module", "finit_module", "delete_module", "kexec_load",
           "kexec_file_load", "reboot", "swapon", "swapoff", "acct", "quotactl", "syslog", "settimeofday",
           "clock_settime", "clock_adjtime", "adjtimex", "sethostname", "setdomainname", "vhangup",
           "lookup_dcookie", "fanotify_init", "iopl", "ioperm", "modify_ldt", "uselib", "sysfs", "ustat",
           "setuid", "setgid", "setreuid", "setregid", "setresuid", "setresgid", "setgroups", "setfsuid",
           "setfsgid", "capset")


class _Filter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8), ("k", ctypes.c_uint32)]


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Filter))]


def _assemble(items):
    """Resolve label jumps: ``items`` holds ``("label", name)`` and ``(code, jt, jf, k)`` with labels as jt/jf."""
    where, pos = {}, 0
    for it in items:
        if it[0] == "label":
            where[it[1]] = pos
        else:
            pos += 1
    out, pos = [], 0
    for it in items:
        if it[0] == "label":
            continue
        code, jt, jf, k = it
        jt, jf = (where[j] - pos - 1 if isinstance(j, str) else j for j in (jt, jf))
        if not (0 <= jt < 256 and 0 <= jf < 256):
            raise ValueError("seccomp program jump out of range")
        out.append((code, jt, jf, k))
        pos += 1
    return out


def program(machine: str, self_pid: int):
    """The BPF instructions as ``(code, jt, jf, k)`` tuples, or None for an unknown machine."""
    if machine not in _ARCHES:
        return None
    arch, _, col = _ARCHES[machine]
    nr = {name: nums[col] for name, nums in _CALLS.items() if nums[col] is not None}
    deny, nosys = (_RET, 0, 0, _ERRNO | errno.EPERM), (_RET, 0, 0, _ERRNO | errno.ENOSYS)
    allow = (_RET, 0, 0, _ALLOW)
    items = [(_LD_ABS_W, 0, 0, _ARCH), (_JEQ, 1, 0, arch), deny, (_LD_ABS_W, 0, 0, _NR)]
    if machine == "x86_64":
        items += [(_JGE, 0, 1, _X32_BIT), deny]  # x32 numbers reach the same calls
    blocks = []  # (syscall, instructions run when it matches: each ends in a return)

    def arg_in(i, values, fail, tag="a"):
        """Go on when the low half of args[i] is one of ``values``; else jump to ``fail``."""
        out = [(_LD_ABS_W, 0, 0, _arg(i))]
        for j, v in enumerate(values):
            out.append((_JEQ, f"ok{tag}", fail if j == len(values) - 1 else 0, v))
        return out + [("label", f"ok{tag}")]

    for name in _DENIED:
        if name in nr:
            blocks.append((name, [deny]))
    blocks.append(("clone3", [nosys]))
    blocks.append(("clone", [(_LD_ABS_W, 0, 0, _arg(0)), (_JSET, 0, 1, _CLONE_THREAD), allow, deny]))
    for name in ("kill", "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo"):
        blocks.append((name, [*arg_in(0, (self_pid,), "deny"), allow, ("label", "deny"), deny]))
    for name in ("prlimit64", "sched_setaffinity", "sched_setscheduler", "sched_setparam", "sched_setattr"):
        blocks.append((name, [*arg_in(0, (0, self_pid), "deny"), allow, ("label", "deny"), deny]))
    blocks.append(("setpriority", [*arg_in(0, (0,), "deny", "a"), *arg_in(1, (0, self_pid), "deny", "b"), allow,
                                   ("label", "deny"), deny]))
    blocks.append(("prctl", [(_LD_ABS_W, 0, 0, _arg(0)),
                             *[(_JEQ, "deny", 0, v) for v in (_PR_SET_PDEATHSIG, _PR_SET_MM,
                                                              _PR_SET_CHILD_SUBREAPER, _PR_SET_PTRACER)],
                             allow, ("label", "deny"), deny]))
    blocks.append(("ioctl", [(_LD_ABS_W, 0, 0, _arg(1)), (_JEQ, "deny", 0, _TIOCSTI), (_JEQ, "deny", 0, _TIOCLINUX),
                             allow, ("label", "deny"), deny]))
    for i, (name, body) in enumerate(blocks):
        # labels are local to each block: prefix them
        local = [("label", f"b{i}:{it[1]}") if it[0] == "label" else
                 (it[0], *(f"b{i}:{j}" if isinstance(j, str) else j for j in it[1:3]), it[3]) for it in body]
        items += [(_JEQ, 0, f"next{i}", nr[name]), *local, ("label", f"next{i}")]
    return _assemble(items + [allow])


def install(self_pid: int) -> bool:
    """Install the filter on every thread of this process; False where it is unavailable."""
    machine = platform.machine()
    prog = program(machine, self_pid)
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
