"""Play the triage vignettes directly against the protocol engine, in-process (seconds).

No Rasa, no gateway: the same scripted patient as tools/eval_vignettes.py (keyword found in
the question -> answer, else `default`), talking to ``actions.protocol`` through its public
API (observe, next_question, answer, evaluate), so protocol changes can be measured quickly.
The full-stack figures (``make eval``) remain the reference: NLU and dialogue can differ.

Usage:
    .venv-api/bin/python tools/protocol_eval.py [--file data/eval/vignettes.yml ...]
        [--half tune|check|all] [--only ID ...] [--verbose] [--json out.json]
        [--reprompt-answer default|same]

The cases are split in two halves by a hash of their id (stable, independent of order):
``tune`` is the half used while changing the protocol, ``check`` the half held back to
detect overfitting. Figures are printed for each half and for the whole file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from actions.protocol import load_protocol  # noqa: E402
from tools.eval_vignettes import (  # noqa: E402
    DEFAULT_FILE,
    Case,
    CaseResult,
    Turn,
    YamlSubsetError,
    compute_metrics,
    find_answer,
    load_cases,
    pct,
    rank,
)

MAX_TURNS = 30


def half_of(case_id: str) -> str:
    """'tune' or 'check', from a hash of the case id."""
    return "tune" if hashlib.sha1(case_id.encode("utf-8")).digest()[0] % 2 == 0 else "check"


REPROMPT_MODE = "same"  # or "default": see --reprompt-answer


def play_case(protocol, case: Case) -> CaseResult:
    """Observe the patient's opening message(s), answer every question, evaluate."""
    state = protocol.new_state()
    transcript: list[Turn] = []
    pending = None  # question currently asked (the stack treats later messages as answers)
    for text in case.say:
        transcript.append(Turn("patient", text))
        if pending is None:
            protocol.observe(state, text)
        else:
            protocol.answer(state, pending.id, text)
        pending = protocol.next_question(state)
    prompt = None
    for _ in range(MAX_TURNS):
        q = protocol.next_question(state)
        if q is None:
            break
        shown = prompt or q.text
        transcript.append(Turn("bot", shown, [b["title"] for b in q.buttons]))
        # after a reprompt the scripted patient either answers from the reprompt text
        # (usually its default, like a patient pressing a button) or repeats its answer
        # to the original question (worst case: the cautious reading is then kept)
        lookup = q.text if (prompt and REPROMPT_MODE == "same") else shown
        reply = find_answer(lookup, case.answers, case.default)
        transcript.append(Turn("patient", reply))
        out = protocol.answer(state, q.id, reply)
        prompt = None if out.accepted else out.reprompt
    result = protocol.evaluate(state)
    d = result.to_dict()
    transcript.append(
        Turn(
            "triage",
            result.level,
            triage={k: d[k] for k in ("level", "uncertain", "needs_clinician", "complaints", "red_flags")},
        )
    )
    return CaseResult(
        id=case.id,
        gold=case.level,
        predicted=result.level,
        reasons=list(result.reasons),
        transcript=transcript,
    )


def print_metrics(title: str, results: list[CaseResult]) -> dict:
    m = compute_metrics(results)
    if not m.get("cases"):
        print(f"{title}: no case")
        return m
    print(
        f"{title:<22} n={m['cases']:<3} three-level {pct(m['three_level_accuracy']):>8}  "
        f"exact {pct(m['five_level_accuracy']):>8}  emergent sens. {pct(m['emergent_sensitivity']):>8}  "
        f"under {pct(m['under_triage_rate']):>7}  over {pct(m['over_triage_rate']):>7}"
    )
    return m


def print_miss(r: CaseResult, verbose: bool) -> None:
    direction = "UNDER" if rank(r.predicted) < rank(r.gold) else "over"
    print(f"--- {r.id}: gold {r.gold}, predicted {r.predicted} ({direction})")
    print(f"    reasons: {'; '.join(r.reasons)}")
    if verbose:
        for t in r.transcript:
            if t.speaker == "triage":
                print(f"    [triage] {t.triage}")
            else:
                print(f"    {t.speaker:>7}: {t.text}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--file", type=Path, action="append", help="vignette file(s) (default: data/eval/vignettes.yml)"
    )
    ap.add_argument("--half", choices=("tune", "check", "all"), default="all", help="which misses to list")
    ap.add_argument("--only", action="append", default=[], metavar="ID")
    ap.add_argument("--verbose", "-v", action="store_true", help="print the transcripts of misses")
    ap.add_argument("--quiet", "-q", action="store_true", help="do not list misses")
    ap.add_argument("--protocol", type=Path, help="protocol directory (default data/protocol)")
    ap.add_argument("--json", type=Path)
    ap.add_argument(
        "--reprompt-answer",
        choices=("default", "same"),
        default="same",
        help="after a reprompt: repeat the answer to the original question (same, the "
        "default: the stack re-asks the question after the reprompt, so the scripted patient "
        "of make eval does exactly this) or answer from the reprompt text (default)",
    )
    args = ap.parse_args(argv)
    global REPROMPT_MODE
    REPROMPT_MODE = args.reprompt_answer
    protocol = load_protocol(args.protocol)
    files = args.file or [DEFAULT_FILE]
    all_results: dict[str, list[CaseResult]] = {}
    for f in files:
        try:
            cases = load_cases(f)
        except (OSError, YamlSubsetError, KeyError) as exc:
            print(f"cannot read vignettes {f}: {exc}", file=sys.stderr)
            return 1
        if args.only:
            wanted = {i for item in args.only for i in item.split(",")}
            cases = [c for c in cases if c.id in wanted]
        all_results[str(f)] = [play_case(protocol, c) for c in cases]
    print(f"protocol {protocol.version}")
    payload = {}
    for f, results in all_results.items():
        print(f"\n== {f}")
        tune = [r for r in results if half_of(r.id) == "tune"]
        check = [r for r in results if half_of(r.id) == "check"]
        payload[f] = {
            "tune": print_metrics("tune half", tune),
            "check": print_metrics("check half", check),
            "all": print_metrics("all", results),
        }
        if not args.quiet:
            shown = results if args.half == "all" else [r for r in results if half_of(r.id) == args.half]
            misses = [r for r in shown if r.predicted != r.gold]
            misses.sort(key=lambda r: (rank(r.predicted) >= rank(r.gold), r.id))
            print(f"\nmisses ({args.half}): {len(misses)}")
            for r in misses:
                print_miss(r, args.verbose)
        payload[f]["results"] = [asdict(r) for r in results]
    if args.json:
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
