"""What graded code can reach, tried from inside a real sandbox at each isolation level.

A probe package attempts, through ctypes where the audit hook would only give
a nicer message, what an attacker who reads our source would try; every test
runs inside the bubblewrap wall (skipped, with the reason, where it does not
stand) and in the fallback, and asserts what that level promises.
"""

from __future__ import annotations

import errno
import os
import socket
import threading
from pathlib import Path

import pytest

from dlkata.autograder.sandbox import Limits, cgroup, make_sandbox, probe, readable_system_paths
from dlkata.autograder.sandbox import uids

from .isolation_levels import LEVELS, needs_wall

PROBE = r'''
import ctypes
import errno
import os
import socket

libc = ctypes.CDLL(None, use_errno=True)


def _try(fn):
    try:
        return ("ok", fn())
    except OSError as exc:
        return ("refused", exc.errno)
    except Exception as exc:
        return ("refused", type(exc).__name__)


def _raw(ret):
    """A raw libc call's result: (\"ok\", value) or (\"refused\", errno)."""
    return ("ok", ret) if ret >= 0 else ("refused", ctypes.get_errno())


def reads(paths):
    def read(p):
        fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK)
        try:
            return len(os.read(fd, 64))
        finally:
            os.close(fd)
    return {p: _try(lambda p=p: read(p)) for p in paths}


def exists(paths):
    return {p: os.path.lexists(p) for p in paths}


def pids():
    return sorted(int(p) for p in os.listdir("/proc") if p.isdigit())


def identity():
    with open("/proc/self/status") as f:
        status = dict(line.rstrip("\n").split(":\t", 1) for line in f if ":\t" in line)
    return {"uid": os.getuid(), "caps": status["CapEff"].strip(), "seccomp": status["Seccomp"].strip(),
            "nnp": status["NoNewPrivs"].strip(), "ppid": os.getppid(), "env": sorted(os.environ)}


def syscalls(target_pid):
    """Calls that reach past the process, each through libc (no audit hook on the way)."""
    out = {}

    class Rl(ctypes.Structure):
        _fields_ = [("cur", ctypes.c_uint64), ("max", ctypes.c_uint64)]

    out["prlimit other"] = _raw(libc.prlimit(target_pid, 7, None, ctypes.byref(Rl())))
    out["setpriority other"] = _raw(libc.setpriority(0, target_pid, 19))
    mask = ctypes.c_uint64(1)
    out["sched_setaffinity other"] = _raw(libc.sched_setaffinity(target_pid, 8, ctypes.byref(mask)))
    out["kill other (signal 0)"] = _raw(libc.kill(target_pid, 0))
    out["kill -1 (signal 0)"] = _raw(libc.kill(-1, 0))
    out["ptrace attach"] = _raw(libc.ptrace(16, target_pid, None, None))
    out["pidfd_open"] = _raw(libc.syscall(434, target_pid, 0))
    out["fork"] = _raw(libc.syscall(57)) if os.uname().machine == "x86_64" else ("refused", 0)
    out["execve"] = _raw(libc.execve(b"/bin/true", None, None))
    out["unshare user"] = _raw(libc.unshare(0x10000000))
    out["socket inet"] = _raw(libc.socket(2, 2, 0))
    out["socket unix"] = _raw(libc.socket(1, 1, 0))
    out["memfd_create"] = _raw(libc.syscall(319 if os.uname().machine == "x86_64" else 279, b"x", 0))
    out["io_uring_setup"] = _raw(libc.syscall(425, 1, ctypes.create_string_buffer(120)))
    out["userfaultfd"] = _raw(libc.syscall(323 if os.uname().machine == "x86_64" else 282, 0))
    out["keyctl read session"] = _raw(libc.syscall(250 if os.uname().machine == "x86_64" else 219, 11, -3, None, 0))
    out["perf_event_open"] = _raw(libc.syscall(298 if os.uname().machine == "x86_64" else 241,
                                              ctypes.create_string_buffer(128), 0, -1, -1, 0))
    out["personality"] = _raw(libc.personality(0x0040000))
    out["shmget"] = _raw(libc.shmget(0, 4096, 0o1000 | 0o600))
    out["mknod"] = _raw(libc.mknod(b"/tmp/dev", 0o60600, os.makedev(8, 0)))
    out["prctl pdeathsig off"] = _raw(libc.prctl(1, 0, 0, 0, 0))
    out["ioctl TIOCSTI"] = _raw(libc.ioctl(0, 0x5412, ctypes.byref(ctypes.c_char(b"x"))))
    out["setuid 0"] = _raw(libc.setuid(0))
    return out


def own_limits():
    """Raising its own CPU limit is allowed (and harmless); its other limits cannot be raised."""
    class Rl(ctypes.Structure):
        _fields_ = [("cur", ctypes.c_uint64), ("max", ctypes.c_uint64)]
    up = Rl(1 << 40, 1 << 40)
    return {name: _raw(libc.prlimit(0, res, ctypes.byref(up), None)) for name, res in (("AS", 9), ("NPROC", 6))}


def writes(paths):
    def write(p):
        with open(p, "w") as f:
            f.write("x")
        return True
    return {p: _try(lambda p=p: write(p)) for p in paths}


def fill(path, mb):
    """Write ``mb`` megabytes to ``path`` until the file system or a limit says no."""
    block = b"x" * (1 << 20)
    done = 0
    try:
        with open(path, "wb") as f:
            for _ in range(mb):
                f.write(block)
                f.flush()
                done += 1
    except OSError as exc:
        return done, exc.errno
    return done, 0


def threads(n):
    import threading
    import time
    started = 0
    try:
        for _ in range(n):
            threading.Thread(target=time.sleep, args=(30,), daemon=True).start()
            started += 1
    except RuntimeError:
        pass
    return started
'''


@pytest.fixture(scope="module")
def probe_pkg(tmp_path_factory):
    pkg = tmp_path_factory.mktemp("probe") / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "probe.py").write_text(PROBE)
    return pkg


@pytest.fixture(params=LEVELS)
def box(request, probe_pkg):
    with make_sandbox(probe_pkg, isolation=request.param) as b:
        b.start()
        yield b


def _value(box, function, *args):
    r = box.call("probe", function, args, timeout=60)
    assert r.ok, r.error
    return r.value


def test_the_run_reports_what_stood(box):
    iso = box.isolation
    assert iso.level in ("strict", "fallback")
    assert iso.seccomp, "the seccomp filter did not load"
    ident = _value(box, "identity")
    assert ident["seccomp"] == "2" and ident["nnp"] == "1"
    assert set(ident["env"]) - {"PWD"} == {"PATH", "HOME", "TMPDIR", "LANG", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                                           "NUMBA_NUM_THREADS", "NUMBA_CACHE_DIR", "MALLOC_ARENA_MAX"}  # bwrap sets PWD
    if os.geteuid() == 0 and iso.level == "strict":
        assert uids.UID_BASE <= ident["uid"] < uids.UID_BASE + uids.UID_COUNT
        assert int(ident["caps"], 16) == 0


def test_no_call_reaches_another_process_or_the_kernel_surface(box):
    target = os.getpid()  # the grader: in the wall it is not even visible
    got = _value(box, "syscalls", target)
    allowed = {k: v for k, v in got.items() if v[0] == "ok"}
    assert allowed == {}, allowed


def test_own_limits_cannot_be_raised(box):
    got = _value(box, "own_limits")
    assert got["AS"][0] == "refused" and got["NPROC"][0] == "refused"


def test_secrets_of_the_grader_stay_out_of_reach(box, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("CANARY")
    master, slave = os.openpty()
    try:
        os.write(master, b"typed by the instructor\n")
        paths = ["/etc/shadow", str(secret), os.ttyname(slave), "/dev/tty", f"/proc/{os.getpid()}/environ",
                 f"/proc/{os.getpid()}/cmdline", f"/proc/{os.getpid()}/fd/0", "/root/.bash_history",
                 str(Path.home() / ".ssh" / "id_rsa")]
        got = _value(box, "reads", paths)
    finally:
        os.close(master)
        os.close(slave)
    leaked = {p: v for p, v in got.items() if v[0] == "ok"}
    if box.isolation.level == "fallback":  # world-readable /proc files of other processes are not hidden
        leaked.pop(f"/proc/{os.getpid()}/cmdline", None)
    assert leaked == {}, leaked


@needs_wall
def test_the_wall_shows_only_python_the_submission_and_a_scratch(probe_pkg):
    with make_sandbox(probe_pkg, isolation="strict") as b:
        absent = ["/etc/shadow", "/etc/passwd", "/home", "/sys", "/dev/pts", "/dev/shm", "/run/user", "/var",
                  str(Path.home() / ".cache" / "dlkata"), str(Path(__file__).resolve().parent.parent / "solutions")]
        seen = _value(b, "exists", absent)
        assert not any(seen.values()), {p for p, v in seen.items() if v}
        assert _value(b, "pids") == [1, 2]  # bubblewrap's pid 1 and itself
        wrote = _value(b, "writes", ["/tmp/x", "/submission/x", "/submission/probe.py", "/usr/x"])
        assert wrote["/tmp/x"][0] == "ok"
        assert all(wrote[p][0] == "refused" for p in ("/submission/x", "/submission/probe.py", "/usr/x"))


@needs_wall
def test_the_scratch_is_capped_and_files_are_capped(probe_pkg):
    limits = Limits(scratch_mb=32, file_mb=16)
    with make_sandbox(probe_pkg, limits=limits, isolation="strict") as b:
        done, err = _value(b, "fill", "/tmp/big", 100)
        assert done == 16 and err == errno.EFBIG  # RLIMIT_FSIZE
        total = 16
        for i in range(4):
            done, err = _value(b, "fill", f"/tmp/more{i}", 16)
            total += done
            if err:
                assert err == errno.ENOSPC
                break
        assert total <= 32


@pytest.mark.parametrize("level", LEVELS)
def test_threads_are_capped_per_sandbox(probe_pkg, level):
    with make_sandbox(probe_pkg, limits=Limits(tasks=40), isolation=level, threads=1) as b:
        if b.isolation is None:
            b.start()
        n = _value(b, "threads", 500)
    if os.geteuid() == 0 and level == "fallback" and "own user id" not in b.isolation.user \
            and not b.isolation.cgroup.startswith("cgroup"):
        pytest.skip("a fallback sandbox of root with no cgroup has no thread cap (RLIMIT_NPROC ignores root)")
    assert n < 500


@pytest.mark.skipif(cgroup.support().version == 0, reason=f"no cgroup here: {cgroup.support().why}")
@pytest.mark.parametrize("level", LEVELS)
def test_memory_the_address_space_does_not_count_is_capped_by_the_cgroup(probe_pkg, level):
    """Pages of the scratch tmpfs are the sandbox's memory too: with a 1 MB tmpfs, RLIMIT_AS alone would not
    stop this (files are not address space); the memory cgroup does."""
    limits = Limits(memory_mb=300, scratch_mb=600, file_mb=600)
    with make_sandbox(probe_pkg, limits=limits, isolation=level) as b:
        b.start()
        assert b.isolation.cgroup.startswith("cgroup")
        r = b.call("probe", "fill", ("/tmp/mem" if level == "strict" else f"{b._scratch}/mem", 2000), timeout=120)
    if level == "strict":  # a tmpfs: its pages are charged to the cgroup (300 + 600 MB): killed or refused first
        assert not r.ok or r.value[0] < 900, r
    else:  # the fallback's scratch is on disk: page cache is reclaimable, so only the file size cap stops it
        assert not r.ok or r.value[0] <= 600, r


def test_nothing_outlives_the_sandbox(probe_pkg):
    leftovers = []
    for level in [p.values[0] if hasattr(p, "values") else p for p in LEVELS]:
        try:
            b = make_sandbox(probe_pkg, isolation=level)
            b.start()
        except Exception:  # noqa: BLE001 - the wall's absence is reported by the skipped tests
            continue
        pid = b.child_pid
        t = threading.Thread(target=b.call, args=("probe", "threads", (20,)), kwargs={"timeout": 30})
        t.start()
        t.join()
        b.close()
        leftovers += [pid] if Path(f"/proc/{pid}").exists() and \
            "Z" not in Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] else []
    assert leftovers == []


def test_probe_reports_a_level():
    iso = probe("fallback")
    assert iso.level == "fallback" and "no wall" in iso.wall
    assert "seccomp" in iso.summary()


def test_no_socket_of_the_host_is_reachable(box, tmp_path):
    """UDP and TCP to the grader's loopback, a path-named unix socket and an abstract one: nothing arrives."""
    received = []
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", 0))
    udp.settimeout(0.5)
    path = tmp_path / "agent.sock"
    unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    unix.bind(str(path))
    unix.listen(1)
    unix.settimeout(0.5)
    code = (f"import socket\n"
            f"def go():\n"
            f"    out = []\n"
            f"    for fam, typ, addr in ((socket.AF_INET, socket.SOCK_DGRAM, ('127.0.0.1', {udp.getsockname()[1]})),"
            f" (socket.AF_UNIX, socket.SOCK_STREAM, {str(path)!r}), (socket.AF_UNIX, socket.SOCK_STREAM, '\\0dlkata-x')):\n"
            f"        try:\n"
            f"            s = socket.socket(fam, typ); s.connect(addr); s.send(b'LEAK'); out.append('sent')\n"
            f"        except Exception as exc:\n"
            f"            out.append(type(exc).__name__)\n"
            f"    return out\n")
    (Path(box.directory) / "leak.py").write_text(code)
    try:
        r = box.call("leak", "go", timeout=30)
        assert r.ok and "sent" not in r.value, r
        try:
            received.append(udp.recv(100))
        except OSError:
            pass
        try:
            received.append(unix.accept())
        except OSError:
            pass
    finally:
        (Path(box.directory) / "leak.py").unlink()
        udp.close()
        unix.close()
    assert received == []


NUMBA_PROBE = '''
import numba
import numpy as np


@numba.njit(cache=True)
def total(x):
    s = 0.0
    for v in x:
        s += v
    return s


def run():
    return float(total(np.arange(10.0))), sum(total.stats.cache_hits.values())
'''


@pytest.mark.parametrize("level", LEVELS)
def test_numba_cache_goes_from_the_public_sandbox_to_the_hidden_one(tmp_path, level):
    """A graded submission's cache lives in its scratch; what the public cases compiled is carried, capped
    and read-only, into the fresh sandbox of its hidden cases, which then loads instead of compiling."""
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "kernels.py").write_text(NUMBA_PROBE)
    carried = tmp_path / "carried"
    carried.mkdir()
    with make_sandbox(pkg, isolation=level) as first:
        assert first.call("kernels", "run", timeout=120).value[0] == 45.0
        assert first.carry_numba_cache(carried)
    assert {p.suffix for p in carried.rglob("*") if p.is_file()} == {".nbi", ".nbc"}
    with make_sandbox(pkg, isolation=level, numba_seed=carried) as second:
        value, hits = second.call("kernels", "run", timeout=120).value
    assert value == 45.0 and hits == 1
    with make_sandbox(pkg, isolation=level, limits=Limits(carry_mb=0)) as third:
        third.call("kernels", "run", timeout=120)
        assert not third.carry_numba_cache(tmp_path / "none")  # over the cap: nothing is carried


@pytest.mark.parametrize("level", LEVELS)
def test_two_sandboxes_at_once_on_one_numba_cache_both_work(tmp_path, level):
    """Two checks of one folder at once (a student's `dlkata check` beside `pytest --dlkata`, or CI's test
    workers): the second must not take the persistent Numba cache from under the first (as root each child
    has its own user id); it compiles into its own scratch instead."""
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    run_as = "\n\ndef run_as(dtype):\n    return float(total(np.arange(10, dtype=dtype)))\n"
    (pkg / "kernels.py").write_text(NUMBA_PROBE + run_as)
    cache = tmp_path / "numba"
    cache.mkdir()
    with make_sandbox(pkg, isolation=level, numba_cache=cache) as first, \
            make_sandbox(pkg, isolation=level, numba_cache=cache) as second:
        assert first.call("kernels", "run", timeout=120).value[0] == 45.0  # the first one caches there
        for box, dtype in ((second, "float64"), (first, "float32"), (second, "int64")):  # each compiles anew
            r = box.call("kernels", "run_as", (dtype,), timeout=120)
            assert r.ok and r.value == 45.0, r.error
    assert {p.suffix for p in cache.rglob("*") if p.is_file()} >= {".nbi", ".nbc"}
    with make_sandbox(pkg, isolation=level, numba_cache=cache) as again:  # the folder is free again
        assert again.call("kernels", "run", timeout=120).value == (45.0, 1)


def test_the_fallback_never_grants_a_protected_path_inside_a_system_folder(probe_pkg):
    """A course installed under /usr (as a system package would be) stays unreadable in the fallback too."""
    def real_file(folder: Path):
        return next((f for f in sorted(folder.iterdir()) if f.is_file() and not f.is_symlink()
                     and os.access(f, os.R_OK)), None)

    inside = next((d for d in sorted(Path("/usr/share").iterdir()) if d.is_dir() and not d.is_symlink()
                   and real_file(d)), None)
    if inside is None:
        pytest.skip("no folder of /usr/share holds a file of its own")
    some_file = real_file(inside)
    granted = readable_system_paths((str(inside),))
    assert str(inside) not in granted and not [g for g in granted if g.startswith(str(inside) + "/")]
    assert "/usr/lib" in granted or any(g.startswith("/usr/lib/") for g in granted)
    with make_sandbox(probe_pkg, isolation="fallback", protected=[inside]) as b:
        got = _value(b, "reads", [str(some_file)])
    assert got[str(some_file)][0] == "refused"


@needs_wall
@pytest.mark.skipif(os.geteuid() != 0, reason="only a grader running as root copies a folder its sandbox cannot read")
def test_a_private_folder_is_copied_for_the_sandbox_without_its_links(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("CANARY")
    secret.chmod(0o644)
    pkg = tmp_path / "private"
    pkg.mkdir(mode=0o700)
    (pkg / "probe.py").write_text(PROBE)
    (pkg / "probe.py").chmod(0o600)
    (pkg / "leak.txt").symlink_to(secret)
    os.mkfifo(pkg / "pipe")
    with make_sandbox(pkg, isolation="strict") as b:
        got = _value(b, "reads", ["/submission/leak.txt", "/submission/pipe", "/submission/probe.py"])
    assert got["/submission/leak.txt"][0] == "refused" and got["/submission/pipe"][0] == "refused"
    assert got["/submission/probe.py"][0] == "ok"
    assert oct(secret.stat().st_mode & 0o777) == oct(0o644)  # the link's target is untouched


def test_a_python_installation_under_tmp_is_bound_inside_the_scratch_not_hidden_by_it(tmp_path):
    """A CI checkout's venv often lives under /tmp: the scratch tmpfs at /tmp is mounted first, so the
    binds beneath it (made afterwards) stay visible."""
    from dlkata.autograder.sandbox import wall

    args = list(wall.layout(str(tmp_path), {}, 1 << 20).args)
    scratch = [i for i, a in enumerate(args) if a == "--tmpfs" and args[i + 1] == wall.SCRATCH]
    binds = [i for i, a in enumerate(args) if a in ("--ro-bind", "--bind", "--dir", "--symlink")]
    assert len(scratch) == 1 and binds and scratch[0] < min(binds), (scratch, binds[:3])
