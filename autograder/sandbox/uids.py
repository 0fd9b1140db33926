"""Unprivileged user ids for sandboxes started by a grader running as root.

Each live sandbox gets its own user id from a high range that no account
uses, held with a lock file for as long as the sandbox lives (so two graders
on one machine never hand out the same id at once). With its own id a
sandbox's ``RLIMIT_NPROC`` counts only its own threads, and it may not
signal, trace or ``prlimit`` another sandbox even where it could see one.
"""

from __future__ import annotations

import os
import secrets
import stat
import tempfile
import threading

#: The range ids are drawn from: just under 2**31, far above login, system,
#: container-subuid and systemd dynamic ranges.
UID_BASE = 2_100_000_000
UID_COUNT = 1 << 20

_taken: set[int] = set()
_taken_lock = threading.Lock()


def _lock_dir() -> str:
    """A folder only this (root) user may write, for the lock files."""
    for parent in ("/run/lock", "/var/lock", tempfile.gettempdir()):
        path = os.path.join(parent, f"dlkata-uids-{os.geteuid()}")
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            pass
        except OSError:
            continue
        st = os.lstat(path)
        if stat.S_ISDIR(st.st_mode) and st.st_uid == os.geteuid() and not st.st_mode & 0o022:
            return path
    raise OSError("no private folder for user-id lock files")


class UidLease:
    """One user id, held until :meth:`release` (the lock file is removed then)."""

    def __init__(self):
        import fcntl  # here, not at the top: the package is imported on every OS (the plain level)

        folder = _lock_dir()
        for _ in range(1000):
            uid = UID_BASE + secrets.randbelow(UID_COUNT)
            with _taken_lock:
                if uid in _taken:
                    continue
                _taken.add(uid)
            path = os.path.join(folder, str(uid))
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                # the file we locked must still be the one at `path` (another grader may have removed it)
                if os.fstat(fd).st_ino == os.stat(path, follow_symlinks=False).st_ino:
                    self.uid, self._fd, self._path = uid, fd, path
                    return
            except OSError:
                pass
            os.close(fd)
            with _taken_lock:
                _taken.discard(uid)
        raise OSError("no free user id for a sandbox")

    def release(self) -> None:
        """Give the user id back (idempotent)."""
        if self._fd is None:
            return
        try:
            os.unlink(self._path)
        except OSError:
            pass
        os.close(self._fd)
        self._fd = None
        with _taken_lock:
            _taken.discard(self.uid)
