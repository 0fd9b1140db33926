"""The limits every sandbox runs under, written down once.

``check``, ``grade``, ``validate``, ``bench``, the notebook checks and the
pictures all make their sandboxes through :func:`autograder.sandbox.make_sandbox`
with a :class:`Limits`; a command changes a field with ``dataclasses.replace``
(``--timeout``, ``--memory``), never by writing a second default.
"""

from __future__ import annotations

from dataclasses import dataclass

_MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one sandbox may use.

    - ``timeout``: wall-clock seconds for the cases of one exercise (public and
      hidden cases each get this budget, in their own sandbox);
    - ``memory_mb``: the child's address space, and (with the scratch) its
      memory cgroup where the machine gives one;
    - ``text_chars``: printed output, exception text and traceback are each
      cut to this many characters, in the child and again in the grader;
    - ``reply_floor_mb``, ``reply_factor``: a reply larger than
      ``max(floor, factor x the expected output's size)`` is the verdict
      "output too large" and is never read; ``reply_unknown_mb`` caps replies
      when no expected output is known (``validate``, pictures);
    - ``file_mb``: the largest file the child may write (``RLIMIT_FSIZE``);
    - ``scratch_mb``: the size of its private writable scratch (a tmpfs inside
      the wall; Numba's cache of a graded submission lives there);
    - ``tasks``: threads and processes together (``RLIMIT_NPROC`` for its own
      user id, and the pids cgroup);
    - ``carry_mb``: the most of a graded submission's Numba cache carried from
      the sandbox of its public cases to the fresh one of its hidden cases (so
      they do not compile again);
    - ``start_seconds``: how long the child may take to start (our set-up, not
      the student's code: not charged to any exercise).
    """

    timeout: float = 60.0
    # 2 GiB, for check and grade alike, so that what passes a student's `dlkata check`
    # passes the instructor's grade: PrairieLearn grades with 2 GiB too, and every
    # reference (Numba and LLVM compiling included) runs well inside it.
    memory_mb: int = 2048
    text_chars: int = 20_000
    reply_floor_mb: float = 1.0
    reply_factor: float = 4.0
    reply_unknown_mb: int = 256
    file_mb: int = 64
    scratch_mb: int = 256
    tasks: int = 256
    carry_mb: int = 64
    start_seconds: float = 120.0

    def reply_cap(self, expected_bytes: int | None) -> int:
        """Largest reply accepted for an expected output of ``expected_bytes`` (None: unknown)."""
        if expected_bytes is None:
            return int(self.reply_unknown_mb * _MB)
        return int(max(self.reply_floor_mb * _MB, self.reply_factor * expected_bytes))

    @property
    def memory_bytes(self) -> int:
        return int(self.memory_mb) * _MB

    @property
    def file_bytes(self) -> int:
        return int(self.file_mb) * _MB

    @property
    def scratch_bytes(self) -> int:
        return int(self.scratch_mb) * _MB


#: The limits of every sandbox unless a command changes a field.
DEFAULT_LIMITS = Limits()
