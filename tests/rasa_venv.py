"""Runs a test script in Rasa's interpreter (.venv-rasa, Python 3.10), where Rasa and its SDK live."""

from __future__ import annotations

import json
import subprocess

from tools.stack import RASA_BIN, ROOT


def run_in_rasa(script: str, *args: str) -> dict:
    """Runs `script` in Rasa's interpreter; its last line of output is a JSON report."""
    done = subprocess.run(
        [str(RASA_BIN / "python"), "-c", script, *args],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])
