"""The instructor's hidden cases: a seed (and optionally which exercises) in a file.

The same case generators as the public cases are drawn with a secret seed,
so hidden cases cover the same edges with numbers students have never seen.
The file lives with the instructor; ``grade`` keeps it unreadable to graded
code, and ``withhold_feedback`` keeps hidden failures' details out of the
students' feedback.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from pathlib import Path

FORMAT = "dlkata-hidden/1"


@dataclass(frozen=True)
class Hidden:
    """Hidden-case settings: seed, draws per exercise, withheld feedback, exercise filter."""

    seed: int
    rounds: int = 1
    withhold_feedback: bool = True
    exercises: tuple[str, ...] | None = None  # None: every exercise

    def applies_to(self, exercise_id: str) -> bool:
        return self.exercises is None or exercise_id in self.exercises or exercise_id.split(".")[0] in self.exercises

    def fingerprint(self) -> dict:
        return {"seed": self.seed, "rounds": self.rounds, "exercises": self.exercises}


def new(path: Path, rounds: int = 1, withhold_feedback: bool = True, exercises=None) -> Hidden:
    """Write a new hidden-case file with a fresh random seed; refuses to overwrite."""
    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path} exists; hidden-case files are never overwritten")
    hidden = Hidden(secrets.randbits(62), rounds, withhold_feedback, tuple(exercises) if exercises else None)
    path.parent.mkdir(parents=True, exist_ok=True)  # `instructor/` of `dlkata hidden new instructor/hidden.json`
    path.write_text(json.dumps({"format": FORMAT, "seed": hidden.seed, "rounds": rounds,
                                "withhold_feedback": withhold_feedback,
                                "exercises": list(exercises) if exercises else None}, indent=2) + "\n")
    path.chmod(0o600)
    return hidden


def load(path: Path) -> Hidden:
    """Read a hidden-case file; ``ValueError`` says what is wrong with a bad one."""
    try:
        data = json.loads(Path(path).read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"cannot read hidden-case file {path}: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("seed"), int):
        raise ValueError(f"{path} is not a dlkata hidden-case file (make one with `dlkata hidden new`)")
    rounds = data.get("rounds", 1)
    if not isinstance(rounds, int) or rounds < 1:
        raise ValueError(f"{path}: rounds must be a positive integer")
    ex = data.get("exercises")
    return Hidden(int(data["seed"]), rounds, bool(data.get("withhold_feedback", True)), tuple(ex) if ex else None)
