"""`make eval`: start the stack on free ports, play the vignettes over REST, print the figures.

With `--nlu` it also runs `rasa test nlu` on the held-out set (tests/nlu/test_nlu.yml).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from tools.stack import RASA_BIN, ROOT, Ports, Stack, latest_model


def nlu_report(out_dir: Path) -> dict:
    """Intent macro-F1 and entity F1 of the trained model on the held-out test set."""
    subprocess.run(
        [
            str(RASA_BIN / "rasa"),
            "test",
            "nlu",
            "--nlu",
            "tests/nlu/test_nlu.yml",
            "-m",
            str(latest_model()),
            "--out",
            str(out_dir),
            "--no-plot",
        ],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    intents = json.loads((out_dir / "intent_report.json").read_text())
    figures = {
        "intent_macro_f1": intents["macro avg"]["f1-score"],
        "intent_accuracy": intents.get("accuracy"),
    }
    entity_file = out_dir / "DIETClassifier_report.json"
    if entity_file.exists():
        entities = json.loads(entity_file.read_text())
        figures["entity_micro_f1"] = entities.get("micro avg", {}).get("f1-score")
        figures["entity_macro_f1"] = entities.get("macro avg", {}).get("f1-score")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--nlu", action="store_true", help="also evaluate the NLU on the held-out set")
    parser.add_argument("--json", default=str(ROOT / "var" / "eval.json"))
    args, rest = parser.parse_known_args()
    if args.nlu:
        with tempfile.TemporaryDirectory() as tmp:
            print(json.dumps({"nlu_held_out": nlu_report(Path(tmp))}, indent=2))
    var_dir = Path(tempfile.mkdtemp(prefix="triage-eval-"))
    with Stack(ports=Ports.random(), var_dir=var_dir) as stack:
        return subprocess.call(
            [
                sys.executable,
                str(ROOT / "tools" / "eval_vignettes.py"),
                "--base-url",
                stack.gateway_url,
                "--json",
                args.json,
                *rest,
            ],
            cwd=ROOT,
        )


if __name__ == "__main__":
    sys.exit(main())
