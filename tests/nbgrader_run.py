"""Running the real nbgrader in tests: a private Jupyter setup whose python3 kernel is this interpreter."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from dlkata.autograder import nbcheck

BIN = Path(sys.executable).parent


def nbgrader_env(tmp: Path) -> dict:
    """nbgrader's environment: a python3 kernelspec that is this interpreter, private Jupyter folders."""
    kernels = tmp / "jupyter" / "kernels" / "python3"
    kernels.mkdir(parents=True)
    (kernels / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (dlkata test)", "language": "python"}))
    env = dict(os.environ)
    env.update(PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}", JUPYTER_PATH=str(tmp / "jupyter"),
               JUPYTER_CONFIG_DIR=str(tmp / "jupyter-config"), JUPYTER_RUNTIME_DIR=str(tmp / "jupyter-runtime"),
               JUPYTER_PLATFORM_DIRS="1")
    env.pop(nbcheck.HIDDEN_ENV, None)
    return env


def run_nbgrader(args, course: Path, env: dict) -> subprocess.CompletedProcess:
    """``nbgrader ARGS`` in ``course``; fails the test with nbgrader's output when it fails."""
    proc = subprocess.run([str(BIN / "nbgrader"), *args], cwd=course, env=env, capture_output=True, text=True,
                          timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc
