"""``dlkata release OUT``: the student edition of the course, written from this checkout.

``OUT/`` is ready to be a git repository or a zip::

    README.md           for students, Korean and English: install, check, work, submit, pytest
    pyproject.toml      the student package: this checkout's version and dependencies, without
                        TensorFlow and nbgrader (nbformat only with the notebooks)
    src/dlkata/...      the engine files a student runs (:data:`STUDENT_FILES`), copied as they are;
                        ``autograder/edition.py`` says "student"; ``autograder/public_cases.bin``
    exercises/          the stubs (this checkout's exercises/, which must be what solutions/ generates)
    notebooks/          with ``--notebooks``: one notebook per topic, no reference code in it
    pytest.ini, .gitignore
    dist/dlkata-<version>-py3-none-any.whl   built from the above with pip, offline

Nothing else of the checkout ships: no ``solutions/``, no registry topic
module (their case generators and oracles, and the NumPy variants their
diagnoses recompute), no grader, gradebook, exports, bench, validation or
sample class (:data:`NEAR_ANSWERS` names what must never ship; the release
test proves it, and that no solution region appears in any released file).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import string
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import codec
from .paths import EXERCISES, ROOT, SOLUTIONS

#: The engine files the student edition ships, paths in this checkout; each is copied as it is.
STUDENT_FILES = (
    "autograder/__init__.py",
    "autograder/cases.py",
    "autograder/checking.py",
    "autograder/codec.py",
    "autograder/compare.py",
    "autograder/convnet.py",
    "autograder/curves.py",
    "autograder/diagnose.py",
    "autograder/diagnose_checks.py",
    "autograder/edition.py",
    "autograder/exercise.py",
    "autograder/messages.py",
    "autograder/paths.py",
    "autograder/pictures.py",
    "autograder/public.py",
    "autograder/render.py",
    "autograder/report.py",
    "autograder/safetext.py",
    "autograder/submit.py",
    "autograder/tolerances.py",
    "autograder/tracing.py",
    "autograder/vision.py",
    "autograder/written.py",
    "autograder/registry/__init__.py",
    "autograder/sandbox/__init__.py",
    "autograder/sandbox/cgroup.py",
    "autograder/sandbox/child.py",
    "autograder/sandbox/landlock.py",
    "autograder/sandbox/limits.py",
    "autograder/sandbox/plain.py",
    "autograder/sandbox/syscall_filter.py",
    "autograder/sandbox/uids.py",
    "autograder/sandbox/wall.py",
    "cli/__init__.py",
    "cli/__main__.py",
    "cli/main.py",
    "cli/show.py",
    "cli/show_common.py",
    "cli/show_curves.py",
    "cli/show_vision.py",
    "cli/submit.py",
    "datasets/__init__.py",
    "datasets/shapes.py",
    "datasets/tabular.py",
    "datasets/text_corpus.py",
    "datasets/word_vectors.py",
    "datasets/word_vectors.txt",
    "datasets/convnet/model.json",
    "datasets/convnet/weights.npz",
)
#: Shipped with ``--notebooks`` (what a notebook's test cell calls, and what it rebuilds the student's modules
#: with; stubs.py for the solution markers).
NOTEBOOK_FILES = ("autograder/nbcheck.py", "autograder/chunking.py", "autograder/nbsubmission.py", "autograder/stubs.py")
#: The pytest plugin, shipped when this checkout has it (``python -m pytest`` then checks exercises/).
PYTEST_PLUGIN = "autograder/pytest_plugin.py"
#: What computes (part of) an exercise's answer or holds answers: never shipped. The registry's topic
#: folders recompute wrong variants in NumPy (a plain CTC, convolution, RNN/LSTM/GRU forward and
#: BPTT, Keras' optimizer steps, pad_sequences, activations); spec_shapes and geometry compute output
#: shapes and parameter counts; bench_naive holds first-attempt kernels; the sample class and its zips
#: hold answers; validation and bench run the references; theory reads the notebooks' worked examples;
#: the platforms' bundles carry this checkout's own wheel (references and hidden cases); the mutation
#: modules mutate and run the references.
NEAR_ANSWERS = ("solutions",
                *(f"autograder/registry/{p.name}" for p in sorted((ROOT / "autograder" / "registry").iterdir())
                  if p.is_dir() and p.name != "__pycache__"),
                "autograder/spec_shapes.py", "autograder/geometry.py", "autograder/bench_naive.py",
                "autograder/bench.py", "autograder/platforms", "autograder/mutation.py", "autograder/mutation_run.py",
                "autograder/mutation_report.py",
                "autograder/sample_class.py", "autograder/validation.py", "autograder/theory.py",
                "autograder/keras_models.py", "autograder/oracle.py", "autograder/hidden.py",
                "datasets/submissions", "datasets/train_convnet.py")
#: Dependencies of this checkout that the student edition leaves out.
INSTRUCTOR_ONLY_DEPENDENCIES = ("tensorflow", "tensorflow-cpu", "nbgrader", "nbformat", "setuptools", "wheel")
PUBLIC_FILE = "autograder/public_cases.bin"


class ReleaseError(RuntimeError):
    """The release cannot be written (exercises/ out of date, OUT not empty, the wheel failed)."""


@dataclass
class Release:
    """What :func:`write` made."""

    out: Path
    version: str
    fingerprint: str
    files: list[Path] = field(default_factory=list)
    wheel: Path | None = None
    kept: list[Path] = field(default_factory=list)
    given: list[str] = field(default_factory=list)
    instructor_only: list[str] = field(default_factory=list)

    def summary(self) -> list[str]:
        lines = [f"wrote the student edition {self.version} (course {self.fingerprint}) to {self.out}: "
                 f"{len(self.files)} files"]
        if self.wheel is not None:
            lines.append(f"wheel: {self.wheel}")
        if self.given:
            lines.append(f"notebooks give these topics as locked cells: {', '.join(self.given)}")
        if self.instructor_only:
            lines.append("these exercises' output-only diagnoses need their topic's code and stay in this checkout "
                         f"(their mistakes ship as data): {', '.join(self.instructor_only)}")
        for path in self.kept:
            lines.append(f"kept {path}: it differs from the new stub (someone's work)")
        return lines


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def version() -> str:
    """The course version (this checkout's ``pyproject.toml``)."""
    return str(_project()["version"])


def student_dependencies() -> list[str]:
    """This checkout's dependencies without the instructor's (:data:`INSTRUCTOR_ONLY_DEPENDENCIES`)."""
    def name(req: str) -> str:
        return re.split(r"[\s;=<>!~\[]", req, maxsplit=1)[0].lower()

    return [req for req in _project()["dependencies"] if name(req) not in INSTRUCTOR_ONLY_DEPENDENCIES]


# ---------------------------------------------------------------------------- the public cases as data


def public_cases(seed: int = 0, progress=None, topics=None) -> dict:
    """Every exercise's public cases with their expected outputs and the outputs of the mistakes that apply
    to them, as data (``topics``: only those, by name).

    Imports TensorFlow for outputs not in the oracle cache (expected outputs, and the mistakes that run the
    oracle with other arguments). The layout is what :mod:`autograder.public` reads.
    """
    from . import curves, oracle, registry, tfbridge
    from .checking import draw_cases
    from .public import FORMAT

    say = progress or (lambda msg: None)
    chosen = [tp for tp in registry.topics() if topics is None or tp.name in topics]
    topics = []
    for tp in chosen:
        say(f"public cases of {tp.name}")
        exercises = []
        for ex in tp.exercises:
            cases = []
            for case in draw_cases(ex, seed):
                expected = oracle.expected(ex, case)
                cases.append({"name": case.name, "args": tuple(case.args), "kwargs": dict(case.kwargs),
                              "terms": int(case.terms), "note": case.note,
                              "scale": None if case.scale is None else float(case.scale),
                              "accuracy": None if case.accuracy is None else np.dtype(case.accuracy).name,
                              "expected": expected, "variants": mistake_outputs(ex, case, expected)})
            exercises.append({"name": ex.name, "points": ex.points, "hint": dict(ex.hint),
                              "outputs": list(ex.outputs), "diagnose": shipped_diagnose(ex),
                              "mistakes": [{"key": m.key, "output": m.output, "also": list(m.also)}
                                           for m in ex.mistakes],
                              "cases": cases})
        topics.append({"name": tp.name, "title": dict(tp.title), "exercises": exercises,
                       "messages": {key: dict(texts) for key, texts in tp.messages.items()}})
    say("Keras' training curves for `dlkata show curves`")
    shipped_curves = [{"settings": s, "history": curves.keras_history(s)} for s in curves.SHIPPED_SETTINGS]
    texts = {"notes": registry.notes(), "note_patterns": [list(p) for p in registry.note_patterns()],
             "descriptions": {tp.name: registry.descriptions(tp.name) for tp in chosen}}
    fingerprint = hashlib.sha256(codec.encode([topics, texts])).hexdigest()[:16]
    return {"format": FORMAT, "version": version(), "fingerprint": fingerprint, "seed": seed,
            "oracle": tfbridge.version(), "topics": topics, "curves": shipped_curves, **texts}


def mistake_outputs(ex, case, expected) -> list[dict]:
    """``{"mistake": index, "value", "fields", "terms"}`` for each of ``ex``'s mistakes that applies to ``case``
    and gives there an output other than the expected one (one that equals it could never be named); a
    mistake whose computation fails is left out, as :func:`autograder.diagnose.mistakes` skips it."""
    from .diagnose import part, reproduces

    out = []
    for i, m in enumerate(ex.mistakes):
        try:
            if not m.applies(case):
                continue
            terms = m.terms(case) if m.terms is not None else case.terms
            with np.errstate(all="ignore"):
                value = m.compute(case)
            if reproduces(part(ex, expected, m.output), value, terms):
                continue
            fields = m.fields(case) if m.fields is not None else {}
        except Exception:  # noqa: BLE001 - as in grading: a mistake that cannot be computed names nothing
            continue
        out.append({"mistake": i, "value": value, "fields": dict(fields), "terms": int(terms)})
    return out


def shipped_diagnose(ex) -> str | None:
    """The name of ``ex``'s output-only ``diagnose`` when it is one of :mod:`autograder.diagnose_checks`
    (the student edition runs it); None otherwise (none, or one that needs its topic's code: the
    instructor's checkout only)."""
    from . import diagnose_checks

    fn = ex.diagnose
    if fn is None or getattr(diagnose_checks, getattr(fn, "__name__", ""), None) is not fn:
        return None
    return fn.__name__


def instructor_only_diagnoses() -> list[str]:
    """The exercises whose output-only diagnosis needs their topic's code, so the student edition has none."""
    from . import registry

    return [ex.id for ex in registry.exercises() if ex.diagnose is not None and shipped_diagnose(ex) is None]


# ---------------------------------------------------------------------------- OUT/


def _check_exercises() -> list[Path]:
    from .stubs import drift

    changes = drift()
    if changes:
        names = ", ".join(str(ch.path.name) for ch in changes)
        raise ReleaseError(f"exercises/ is not what solutions/ generates ({names}): run `dlkata sync` first")
    return sorted(p for p in EXERCISES.glob("*.py"))


def package_files(notebooks: bool = False) -> list[str]:
    """The checkout paths the student package holds."""
    files = list(STUDENT_FILES) + (list(NOTEBOOK_FILES) if notebooks else [])
    if (ROOT / PYTEST_PLUGIN).exists():
        files.append(PYTEST_PLUGIN)
    return files


def _packages(files, notebooks: bool = False, given=()) -> list[str]:
    found = {"dlkata." + ".".join(Path(f).parent.parts) for f in files if f.endswith(".py")}
    return sorted(found | ({"dlkata.layouts"} if notebooks else set()) | ({"dlkata.solutions"} if given else set()))


def pyproject(notebooks: bool = False, given=()) -> str:
    """The student package's ``pyproject.toml``."""
    project = _project()
    files = package_files(notebooks)
    deps = "".join(f'    "{d}",\n' for d in student_dependencies())
    packages = ", ".join(f'"{p}"' for p in _packages(files, notebooks, given))
    plugin = ""
    if PYTEST_PLUGIN in files:
        plugin = '\n[project.entry-points.pytest11]\ndlkata = "dlkata.autograder.pytest_plugin"\n'
    return f'''# The dlkata course, student edition (written by `dlkata release`).
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "dlkata"
version = "{project["version"]}"
description = "dlkata, student edition: build the NumPy heart of Keras and check it offline."
readme = "README.md"
requires-python = "{project["requires-python"]}"
license = {{ text = "{project.get("license", {}).get("text", "MIT")}" }}
dependencies = [
{deps}]

[project.scripts]
dlkata = "dlkata.cli:main"
{plugin}
[tool.setuptools]
packages = [{packages}]
package-dir = {{ "" = "src" }}

[tool.setuptools.package-data]
"dlkata.autograder" = ["public_cases.bin"]
"dlkata.datasets" = ["convnet/*", "word_vectors.txt"]
'''


def readme(notebooks: bool = False, plugin: bool = False) -> str:
    """The students' README (Korean and English)."""
    template = string.Template((Path(__file__).with_name("student_readme.md")).read_text(encoding="utf-8"))
    v = version()
    pytest_en = ("`python -m pytest` in this folder runs every public case as a test item, with the reports of "
                 "`dlkata check` (pytest.ini turns the dlkata plugin on): `python -m pytest -m dense`, "
                 "`--dlkata-lang ko`, `-x`, `--lf` work as usual, and `--dlkata-inline` runs your function in "
                 "pytest's own process so that `--pdb` or your editor's debugger stops in it."
                 if plugin else "`dlkata check` is the way to check; a pytest entry is not part of this course yet.")
    pytest_ko = ("이 폴더에서 `python -m pytest`를 실행하면 공개 케이스 하나하나가 테스트가 되고, 보고는 "
                 "`dlkata check`와 같습니다 (pytest.ini가 dlkata 플러그인을 켭니다). `python -m pytest -m dense`, "
                 "`--dlkata-lang ko`, `-x`, `--lf`를 그대로 쓸 수 있고, `--dlkata-inline`은 함수를 pytest 프로세스 "
                 "안에서 실행하므로 `--pdb`나 편집기의 디버거가 여러분의 코드에서 멈춥니다."
                 if plugin else "검사는 `dlkata check`로 합니다. 이 과정에는 아직 pytest 진입점이 없습니다.")
    nb_en = ("\nThe notebooks in `notebooks/` hold the same exercises with the theory (open them with Jupyter: "
             "`pip install jupyterlab`, then `jupyter lab`). A notebook takes the functions of earlier topics from "
             "your `exercises/`, or, for topics your instructor gave, from the reference; each test cell runs the "
             "cases of `dlkata check`. Hand notebooks in with `dlkata submit --notebooks --id YOUR-STUDENT-ID`.\n"
             if notebooks else "")
    nb_ko = ("\n`notebooks/`의 노트북에는 같은 연습문제와 이론이 있습니다 (Jupyter로 여세요: `pip install jupyterlab` 후 "
             "`jupyter lab`). 앞 주제의 함수는 여러분의 `exercises/`에서 가져오고, 강사가 준 주제는 참고 답안에서 "
             "가져옵니다. 채점 셀은 `dlkata check`와 같은 케이스를 실행합니다. 노트북 제출은 "
             "`dlkata submit --notebooks --id 학번`입니다.\n" if notebooks else "")
    return template.substitute(version=v, wheel=f"dlkata-{v}-py3-none-any.whl", pytest_en=pytest_en,
                               pytest_ko=pytest_ko, notebooks_en=nb_en, notebooks_ko=nb_ko)


GITIGNORE = """.venv/
__pycache__/
*.pyc
.pytest_cache/
.ipynb_checkpoints/
pictures/
curves.png
# your submission zip: hand it in, do not commit it
*.zip
"""


def pytest_ini(plugin: bool) -> str:
    if plugin:
        return ("[pytest]\n# `python -m pytest` runs every public case of exercises/ as a test item (the dlkata "
                "plugin): the same\n# cases and reports as `dlkata check`. `-m <topic>` picks a topic, "
                "`--dlkata-lang ko` Korean reports.\ndlkata = true\n")
    return "[pytest]\n# Check with `dlkata check`; this course has no pytest entry yet.\n"


def _write(path: Path, data, made: list[Path]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    made.append(path)


def write(out, notebooks: bool = False, give=(), lang: str = "both", force: bool = False, wheel: bool = True,
          progress=None, seed: int = 0) -> Release:
    """Write the student edition to ``out`` (see the module docstring); returns what was made."""
    out = Path(out)
    say = progress or (lambda msg: None)
    if out.exists() and any(out.iterdir()) and not force:
        raise ReleaseError(f"{out} is not empty: give a new folder (or --force to write over a previous release)")
    inside = [ROOT / d for d in ("autograder", "cli", "datasets", "exercises", "solutions", "tests")]
    if out.resolve() == ROOT.resolve() or any(d.resolve() in (out.resolve(), *out.resolve().parents) for d in inside):
        raise ReleaseError(f"{out} is the course checkout or inside its own folders: give another folder")
    stubs = _check_exercises()
    given = given_with_dependencies(give)
    data = public_cases(seed, say)
    release = Release(out, data["version"], data["fingerprint"], instructor_only=instructor_only_diagnoses())
    files = package_files(notebooks)
    plugin = PYTEST_PLUGIN in files
    pkg = out / "src" / "dlkata"
    shutil.rmtree(pkg, ignore_errors=True)
    for rel in files:
        target = pkg / rel
        text = (ROOT / rel).read_bytes()
        if rel == "autograder/edition.py":
            marker = b'EDITION = "instructor"'
            if text.count(marker) != 1:
                raise ReleaseError("autograder/edition.py must say EDITION = \"instructor\" exactly once")
            text = text.replace(marker, b'EDITION = "student"')
        _write(target, text, release.files)
    _write(pkg / PUBLIC_FILE, codec.encode(data), release.files)
    _write(out / "pyproject.toml", pyproject(notebooks, given), release.files)
    _write(out / "README.md", readme(notebooks, plugin), release.files)
    _write(out / "pytest.ini", pytest_ini(plugin), release.files)
    _write(out / ".gitignore", GITIGNORE, release.files)
    for src in stubs:
        target = out / "exercises" / src.name
        new = src.read_text(encoding="utf-8")
        if target.exists() and target.read_text(encoding="utf-8") != new:
            release.kept.append(target)  # a re-release over a working copy never replaces work
            continue
        _write(target, new, release.files)
    if notebooks:
        from .notebooks import write_student

        say("notebooks")
        release.given = given
        for name, text in layouts().items():
            _write(pkg / "layouts" / name, text, release.files)
        for name, text in given_references(given).items():
            _write(pkg / "solutions" / name, text, release.files)
        for path in write_student(out / "notebooks", lang, give=given):
            release.files.append(path)
    if wheel:
        say("building the wheel")
        release.wheel = build_wheel(out)
        release.files.append(release.wheel)
    say("auditing the release for answers")
    findings = audit(out, allowed=given)
    if findings:
        raise ReleaseError(f"{out} would give answers away; nothing should be handed out from it:\n  "
                           + "\n  ".join(findings))
    return release


def given_with_dependencies(give) -> list[str]:
    """The topics to give (``--give``) with the earlier topics they build on, in course order."""
    from . import chunking, registry

    names = [tp.name for tp in registry.topics()]
    unknown = [t for t in give if t not in names]
    if unknown:
        raise ReleaseError(f"--give: unknown topic(s) {', '.join(unknown)}; topics are: {', '.join(names)}")
    wanted = set(give)
    for t in list(wanted):
        wanted |= {d for d in chunking.dependencies(t) if not d.startswith("_")}
    return [t for t in names if t in wanted]


def layouts() -> dict[str, str]:
    """``src/dlkata/layouts/``: each topic's module with the stubs between their markers (what a
    notebook's code is rebuilt into), and ``_validate.py``."""
    from .stubs import make_stub

    files = {"__init__.py": '"""Module layouts for the notebooks\' checks (written by dlkata release)."""\n'}
    for path in sorted(SOLUTIONS.glob("*.py")):
        if path.name != "__init__.py":
            files[path.name] = make_stub(path.read_text(encoding="utf-8"), str(path), keep_markers=True)
    return files


def given_references(given) -> dict[str, str]:
    """``src/dlkata/solutions/``: the reference modules of the ``given`` topics only (and the given
    ``_validate.py``), imported by the notebooks as in the instructor's checkout."""
    if not given:
        return {}
    files = {"__init__.py": '"""The reference of the topics your instructor gave (dlkata release --give)."""\n',
             "_validate.py": (SOLUTIONS / "_validate.py").read_text(encoding="utf-8")}
    for topic in given:
        files[f"{topic}.py"] = (SOLUTIONS / f"{topic}.py").read_text(encoding="utf-8")
    return files


def build_wheel(out: Path) -> Path:
    """Build ``out/dist/dlkata-<version>-py3-none-any.whl`` from ``out``'s package, offline (pip, no build isolation)."""
    out = Path(out)
    dist = out / "dist"
    dist.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="dlkata-release-") as tmp:
        work = Path(tmp) / "project"
        work.mkdir()
        for name in ("pyproject.toml", "README.md"):
            shutil.copy(out / name, work / name)
        shutil.copytree(out / "src", work / "src", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        built = Path(tmp) / "wheel"
        cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
               "--disable-pip-version-check", "-q", "-w", str(built), str(work)]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        wheels = sorted(built.glob("dlkata-*-py3-none-any.whl"))
        if proc.returncode != 0 or len(wheels) != 1:
            raise ReleaseError(f"building the wheel failed (pip wheel needs setuptools and wheel installed):\n"
                               f"{proc.stdout}{proc.stderr}")
        target = dist / wheels[0].name
        for old in dist.glob("dlkata-*.whl"):
            old.unlink()
        shutil.move(str(wheels[0]), target)
    return target


# ---------------------------------------------------------------------------- the audit: no answers ship

#: Lines of a solution region checked together: any run this long found in a released file is a leak,
#: a whole region is one however short it is, unless its code is tiny (:data:`TRIVIAL`).
WINDOW = 3
#: A region (or run) whose normalised code is shorter than this many characters is common code
#: (``return np.tanh(x)``, ``return table[ids]``): its appearance proves nothing.
TRIVIAL = 25


def normal_lines(text: str) -> list[str]:
    """Code lines with whitespace runs collapsed; blank and comment-only lines dropped."""
    out = []
    for line in text.splitlines():
        line = re.sub(r"\s+", " ", line.strip())
        if line and not line.startswith("#"):
            out.append(line)
    return out


def solution_regions(solutions: Path = SOLUTIONS) -> list[tuple[str, list[str]]]:
    """``(where, normalised lines)`` of every ``### BEGIN/END SOLUTION`` region of ``solutions/``."""
    from .stubs import BEGIN, END

    regions = []
    for path in sorted(Path(solutions).glob("*.py")):
        body, start = None, 0
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip() == BEGIN:
                body, start = [], n
            elif line.strip() == END and body is not None:
                regions.append((f"{path.name}:{start}", normal_lines("\n".join(body))))
                body = None
            elif body is not None:
                body.append(line)
    return regions


def needles(regions) -> list[tuple[str, list[str]]]:
    """The runs of region lines the audit looks for: each region whole, and each run of :data:`WINDOW` lines."""
    found = []
    for where, lines in regions:
        runs = [lines] + [lines[i:i + WINDOW] for i in range(len(lines) - WINDOW + 1)] if len(lines) > WINDOW \
            else [lines]
        found += [(where, run) for run in runs if run and len(" ".join(run)) >= TRIVIAL]
    return found


def released_texts(out: Path):
    """``(name, text)`` of every file under ``out``, the wheel's members included (a notebook's code
    cells as code, binary files as the text they contain)."""
    def text_of(name: str, data: bytes) -> str:
        if name.endswith(".ipynb"):
            try:
                cells = json.loads(data.decode("utf-8"))["cells"]
                return "\n".join("".join(c.get("source", "")) for c in cells)
            except (ValueError, KeyError, TypeError):
                pass
        return data.decode("utf-8", errors="ignore")

    for path in sorted(Path(out).rglob("*")):
        if not path.is_file():
            continue
        rel = str(path.relative_to(out)).replace("\\", "/")
        data = path.read_bytes()
        yield rel, text_of(rel, data)
        if path.suffix == ".whl":
            with zipfile.ZipFile(path) as zf:
                for member in zf.namelist():
                    yield f"{rel}!{member}", text_of(member, zf.read(member))


def audit(out, allowed=()) -> list[str]:
    """Why ``out`` may not be handed out: a near-answer module it ships (:data:`NEAR_ANSWERS`), or a
    solution region of ``solutions/`` found in one of its files (:func:`needles`), except those of the
    ``allowed`` topics (given with the notebooks). Empty when clean."""
    return audit_texts(released_texts(Path(out)), allowed)


def audit_texts(texts, allowed=()) -> list[str]:
    """:func:`audit` of ``(name, text)`` pairs (or a ``{name: text}`` dict)."""
    findings = []
    texts = list(texts.items() if isinstance(texts, dict) else texts)
    given_files = {f"solutions/{t}.py" for t in allowed} | ({"solutions/__init__.py", "solutions/_validate.py"}
                                                            if allowed else set())
    for name, _ in texts:
        inner = name.split("!", 1)[-1]
        inner = inner.split("src/dlkata/", 1)[-1] if "src/dlkata/" in inner else inner.removeprefix("dlkata/")
        for bad in NEAR_ANSWERS:
            if (inner == bad or inner.startswith(bad + "/")) and inner not in given_files:
                findings.append(f"{name}: ships {bad}")
    bodies = {name: "\n" + "\n".join(normal_lines(text)) + "\n" for name, text in texts}
    regions = [(where, lines) for where, lines in solution_regions() if where.split(".py:")[0] not in allowed]
    for where, run in needles(regions):
        needle = "\n" + "\n".join(run) + "\n"
        for name, body in bodies.items():
            if needle in body:
                findings.append(f"{name}: holds solutions/{where} ({run[0][:60]}...)")
    return findings
