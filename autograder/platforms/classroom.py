"""GitHub Classroom: the autograding workflow ``dlkata export classroom`` writes.

Format: GitHub Classroom's autograding actions,
https://github.com/education/autograding-command-grader (inputs ``test-name``,
``setup-command``, ``command``, ``timeout`` in minutes, ``max-score``; output
``result``) and https://github.com/education/autograding-grading-reporter
(input ``runners``: the step ids; each step's result passed in the
environment variable ``<STEP ID IN CAPITALS>_RESULTS``), in a GitHub Actions
workflow (https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions).

The workflow goes into the student edition's repository as
``.github/workflows/classroom.yml``: it installs the repository, then runs
``dlkata check <topic>`` once per topic, worth the topic's points (a topic
scores when every exercise in it passes), and reports the total to GitHub
Classroom on every push. Only public cases run there: the student's
repository never holds the hidden cases.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..exercise import Topic

#: Where the workflow goes in the student's repository.
WORKFLOW = Path(".github") / "workflows" / "classroom.yml"
COMMAND_GRADER = "education/autograding-command-grader@v1"
REPORTER = "education/autograding-grading-reporter@v1"
#: Minutes each topic's check may take (a first run compiles the student's Numba kernels).
TIMEOUT_MINUTES = 10
PYTHON = "3.11"


def step_id(topic: Topic) -> str:
    """The step id of a topic: letters, digits, ``-`` and ``_`` (what Actions and the reporter accept)."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", topic.name)


def workflow(topics: list[Topic], install: str = "python -m pip install -e .") -> dict:
    """The workflow as data: checkout, Python, ``install``, one graded step per topic, the reporter."""
    steps = [
        {"name": "Check out the repository", "uses": "actions/checkout@v4"},
        {"name": "Set up Python", "uses": "actions/setup-python@v5", "with": {"python-version": PYTHON}},
        {"name": "Install the course", "run": install},
    ]
    for tp in topics:
        steps.append({
            "name": f"{tp.name}: {tp.title.get('en', tp.name)}",
            "id": step_id(tp),
            "uses": COMMAND_GRADER,
            "with": {"test-name": tp.name, "command": f"dlkata check {tp.name}",
                     "timeout": TIMEOUT_MINUTES, "max-score": tp.points},
        })
    steps.append({
        "name": "Report the points to GitHub Classroom",
        "uses": REPORTER,
        "env": {f"{step_id(tp).upper()}_RESULTS": f"${{{{steps.{step_id(tp)}.outputs.result}}}}" for tp in topics},
        "with": {"runners": ",".join(step_id(tp) for tp in topics)},
    })
    return {
        "name": "Autograding Tests",
        "on": ["push", "workflow_dispatch", "repository_dispatch"],
        "permissions": {"checks": "write", "actions": "read", "contents": "read"},
        "jobs": {"run-autograding-tests": {
            "runs-on": "ubuntu-latest",
            "if": "github.actor != 'github-classroom[bot]'",
            "steps": steps,
        }},
    }


HEADER = """\
# GitHub Classroom autograding for dlkata: `dlkata check <topic>` for each topic, worth
# the topic's points, on every push. Written by `dlkata export classroom`; regenerate it
# rather than editing it by hand.
"""


def export(out: Path, topics: list[Topic], force: bool = False, install: str = "python -m pip install -e .") -> Path:
    """Write ``out/.github/workflows/classroom.yml``; refuses to replace an existing one unless ``force``."""
    path = Path(out) / WORKFLOW
    if path.exists() and not force:
        raise FileExistsError(f"{path} exists; pass --force to replace it")
    path.parent.mkdir(parents=True, exist_ok=True)
    text = HEADER + yaml.safe_dump(workflow(topics, install), sort_keys=False, allow_unicode=True, width=120)
    path.write_text(text, encoding="utf-8")
    return path
