"""What a platform bundle grades with, written once at export and read in the grader.

``dlkata export`` writes ``dlkata-platform.json`` into every bundle: the
version of dlkata it was made with (the wheel it installs), the exercises
(resolved from ``--topics`` at export, so the bundle never depends on how a
later registry spells a selector), the seed, the limits, the feedback
language, the instructor's hidden-case file and the Gradescope visibilities.
The grader reads it back with :func:`load` and grades with
:meth:`PlatformSettings.grade_options`.

:func:`build_wheel` builds the wheel of THIS checkout (the grading edition:
engine, registry, references) for a bundle to install, and :func:`render`
fills the bundle's script templates (``templates/``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path

from .. import registry
from ..exercise import Exercise
from ..grading import GradeOptions
from ..hidden import Hidden
from ..hidden import load as load_hidden
from ..paths import ROOT

FORMAT = "dlkata-platform/1"
#: The settings file's name inside a bundle.
FILE_NAME = "dlkata-platform.json"
#: The hidden-case file's name inside a bundle.
HIDDEN_NAME = "hidden.json"
#: Gradescope's visibilities offered for public and hidden cases (its ``after_published`` is not offered).
VISIBILITIES = ("visible", "after_due_date", "hidden")
#: Where a grader image keeps its virtual environment and its expected outputs.
IMAGE_HOME = "/opt/dlkata"


@dataclass(frozen=True)
class PlatformSettings:
    """Everything a platform's grader needs besides the submission."""

    version: str
    wheel: str
    exercises: tuple[str, ...]
    seed: int = 0
    timeout: float = 60.0
    memory_mb: int = 2048
    lang: str = "en"
    hidden: str | None = None  # the hidden-case file's name beside the settings file
    visibility: dict = field(default_factory=lambda: {"public": "visible", "hidden": "hidden"})

    def selected(self) -> list[Exercise]:
        """The registry's exercises this bundle grades, in course order."""
        return [registry.get(i) for i in self.exercises]

    def hidden_spec(self, folder: Path) -> tuple[Hidden | None, Path | None]:
        """The hidden cases and their file (``folder`` holds the settings file), or ``(None, None)``."""
        if not self.hidden:
            return None, None
        path = Path(folder) / self.hidden
        return load_hidden(path), path

    def grade_options(self, folder: Path, with_hidden: bool = True) -> GradeOptions:
        """How ``dlkata grade`` grades this bundle's submissions (``folder`` holds the settings file)."""
        hidden, hidden_path = self.hidden_spec(folder) if with_hidden else (None, None)
        return GradeOptions(self.selected(), seed=self.seed, timeout=self.timeout, memory_mb=self.memory_mb,
                            hidden=hidden, hidden_path=hidden_path, lang=self.lang, jobs=1)

    def points(self) -> int:
        return sum(ex.points for ex in self.selected())


def settings_for(exercises: list[Exercise], wheel: str, hidden: bool, lang: str = "en", seed: int = 0,
                 timeout: float = 60.0, memory_mb: int = 2048, public_visibility: str = "visible",
                 hidden_visibility: str = "hidden") -> PlatformSettings:
    """The settings of a new bundle; ``ValueError`` names a bad visibility."""
    for name, value in (("public_visibility", public_visibility), ("hidden_visibility", hidden_visibility)):
        if value not in VISIBILITIES:
            raise ValueError(f"{name} must be one of {', '.join(VISIBILITIES)}, got {value!r}")
    return PlatformSettings(version=installed_version(), wheel=wheel, exercises=tuple(e.id for e in exercises),
                            seed=seed, timeout=timeout, memory_mb=memory_mb, lang=lang,
                            hidden=HIDDEN_NAME if hidden else None,
                            visibility={"public": public_visibility, "hidden": hidden_visibility})


def save(settings: PlatformSettings, folder: Path) -> Path:
    path = Path(folder) / FILE_NAME
    data = {"format": FORMAT, **asdict(settings), "exercises": list(settings.exercises)}
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def load(path: Path) -> PlatformSettings:
    """Read a bundle's settings; ``ValueError`` says what is wrong."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"cannot read the bundle's settings {path}: {exc}") from None
    if not isinstance(data, dict) or data.pop("format", None) != FORMAT:
        raise ValueError(f"{path} is not a dlkata platform settings file ({FORMAT})")
    try:
        settings = PlatformSettings(**{**data, "exercises": tuple(data["exercises"])})
        settings.selected()
    except (TypeError, KeyError) as exc:
        raise ValueError(f"{path}: {exc}") from None
    return settings


def installed_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("dlkata")
    except metadata.PackageNotFoundError:
        return "0+unknown"


#: What the wheel is built from: the project file and the folders it packages.
_BUILD_INPUTS = ("pyproject.toml", "README.md", "autograder", "cli", "solutions", "exercises", "datasets")


def build_wheel(dest: Path) -> Path:
    """Build the wheel of this checkout into ``dest``; returns its path.

    Built from a fresh copy of the checkout's packaged folders, so a stale
    ``build/`` folder can never put an old or deleted file into the bundle.
    Raises ``RuntimeError`` (with pip's output) when the build fails, and
    when this is not a checkout (an installed dlkata has no ``pyproject.toml``).
    """
    if not (ROOT / "pyproject.toml").exists():
        raise RuntimeError(f"{ROOT} is not a dlkata checkout (no pyproject.toml): export from the course repository")
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="dlkata-wheel-") as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        skip = shutil.ignore_patterns("__pycache__", "*.pyc", "*.nbi", "*.nbc", ".ipynb_checkpoints")
        for name in _BUILD_INPUTS:
            if (ROOT / name).is_dir():
                shutil.copytree(ROOT / name, src / name, ignore=skip)
            elif (ROOT / name).exists():
                shutil.copy2(ROOT / name, src / name)
        built = Path(tmp) / "wheel"
        proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                               "--quiet", "--wheel-dir", str(built), str(src)],
                              capture_output=True, text=True, timeout=600)
        wheels = sorted(built.glob("dlkata-*.whl"))
        if proc.returncode != 0 or len(wheels) != 1:
            raise RuntimeError(f"building the wheel of {ROOT} failed:\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
        target = dest / wheels[0].name
        shutil.copy2(wheels[0], target)
    return target


def render(template: str, **values: str) -> str:
    """The bundle file ``templates/<template>`` with each ``@@NAME@@`` replaced by ``values[NAME]``."""
    text = resources.files(__package__).joinpath("templates", template).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace(f"@@{key}@@", value)
    if "@@" in text:
        raise KeyError(f"{template}: no value for {text[text.index('@@'):].split()[0]}")
    return text
