"""Play the public triage vignettes against a running gateway and score the decisions.

Usage:
    python tools/eval_vignettes.py --base-url http://127.0.0.1:8000 \
        [--file data/eval/vignettes.yml] [--json out.json] [--only ID ...]

Each case is a fresh conversation over the public REST contract: accept the consent
disclaimer, send the patient's first message(s), answer follow-up questions from the
case's `answers` (keyword found in the question -> answer, else `default`) until the
assistant gives a triage level, then compare it with the gold level.

Needs Python 3.11 and httpx only (the vignette file is read by a small YAML-subset
reader below). Exit code: 0 whatever the scores, 2 when the gateway cannot be reached,
1 when the vignette file cannot be read.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx

LEVELS = ["self_care", "consultation", "consultation_24", "emergency", "emergency_ambulance"]
"""Triage levels from least to most urgent; the index is the urgency rank."""

THREE_LEVELS = {
    "emergency_ambulance": "emergent",
    "emergency": "emergent",
    "consultation_24": "non_emergent",
    "consultation": "non_emergent",
    "self_care": "self_care",
}

MAX_TURNS = 15
HANDED_OVER = ("closed", "waiting_clinician", "with_clinician")
"""Statuses in which the bot no longer asks anything."""
DEFAULT_FILE = Path(__file__).resolve().parent.parent / "data" / "eval" / "vignettes.yml"

# Button titles or payloads that mean "the assistant is asking something" rather than
# offering a follow-up action (booking, talking to a clinician...).
QUESTION_BUTTON_WORDS = {"oui", "non", "je ne sais pas", "ne sais pas", "jsp", "peut-etre"}
QUESTION_PAYLOAD_PREFIXES = ("/affirmer", "/nier", "/ne_sait_pas", "/informer")


# --------------------------------------------------------------------------- text helpers
def fold(text: str) -> str:
    """Lowercase, strip accents and ligatures, unify apostrophes: for tolerant matching."""
    text = text.lower().replace("œ", "oe").replace("æ", "ae").replace("’", "'")
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def find_answer(question: str, answers: dict[str, str], default: str) -> str:
    """Answer of the first key found in the question (at a word start), else the default."""
    folded = fold(question)
    for key, value in answers.items():
        if re.search(r"(?<![a-z0-9])" + re.escape(fold(key)), folded):
            return value
    return default


# ------------------------------------------------------------------- minimal YAML reader
class YamlSubsetError(ValueError):
    """The vignette file uses YAML this reader does not support."""


@dataclass
class _Line:
    indent: int
    text: str
    number: int


def _strip_comment(line: str) -> str:
    """Remove a trailing comment, ignoring '#' inside quoted strings."""
    quote: str | None = None
    i = 0
    while i < len(line):
        c = line[i]
        if quote == '"' and c == "\\":
            i += 2
            continue
        if quote:
            if c == quote:
                quote = None
        elif c in "\"'":
            quote = c
        elif c == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i].rstrip()
        i += 1
    return line.rstrip()


def _read_quoted(text: str, number: int) -> tuple[str, str]:
    """Parse a quoted scalar at the start of text; return (value, rest of the text)."""
    quote = text[0]
    out: list[str] = []
    i = 1
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "/": "/", "'": "'"}
    while i < len(text):
        c = text[i]
        if quote == '"' and c == "\\" and i + 1 < len(text):
            out.append(escapes.get(text[i + 1], text[i + 1]))
            i += 2
            continue
        if c == quote:
            if quote == "'" and text[i + 1 : i + 2] == "'":
                out.append("'")
                i += 2
                continue
            return "".join(out), text[i + 1 :]
        out.append(c)
        i += 1
    raise YamlSubsetError(f"line {number}: unterminated string")


def _scalar(text: str, number: int) -> Any:
    """Convert a scalar: quoted string, integer, null, boolean, empty flow list/map or plain text."""
    text = text.strip()
    if not text:
        return None
    if text[0] in "\"'":
        value, rest = _read_quoted(text, number)
        if rest.strip():
            raise YamlSubsetError(f"line {number}: unexpected text after string: {rest!r}")
        return value
    if text in ("[]", "{}"):
        return [] if text == "[]" else {}
    if text[0] in "[{|>&*!":
        raise YamlSubsetError(f"line {number}: unsupported YAML syntax: {text!r}")
    if re.fullmatch(r"[-+]?\d+", text):
        return int(text)
    lowered = text.lower()
    if lowered in ("null", "~"):
        return None
    if lowered in ("true", "false"):
        return lowered == "true"
    return text


def _split_key(text: str, number: int) -> tuple[str, str] | None:
    """Split 'key: value' into (key, value text); None if the text is not a mapping entry."""
    if text[0] in "\"'":
        key, rest = _read_quoted(text, number)
        if rest == ":" or rest.startswith(": "):
            return key, rest[1:].strip()
        return None
    match = re.match(r"([^\"'#][^:]*?):(?:\s+(.*))?$", text)
    if not match:
        return None
    return match.group(1).strip(), (match.group(2) or "").strip()


def _is_item(line: _Line) -> bool:
    return line.text == "-" or line.text.startswith("- ")


class _Parser:
    """Indentation-based reader for block mappings, block sequences and one-line scalars."""

    def __init__(self, source: str) -> None:
        self.lines: list[_Line] = []
        for number, raw in enumerate(source.splitlines(), start=1):
            if "\t" in raw[: len(raw) - len(raw.lstrip())]:
                raise YamlSubsetError(f"line {number}: tabs in indentation")
            text = _strip_comment(raw)
            if text.strip() and text.strip() != "---":
                self.lines.append(_Line(len(text) - len(text.lstrip()), text.strip(), number))

    def parse(self) -> Any:
        if not self.lines:
            return None
        value, end = self._block(0, self.lines[0].indent)
        if end != len(self.lines):
            raise YamlSubsetError(f"line {self.lines[end].number}: unexpected indentation")
        return value

    def _block(self, i: int, indent: int) -> tuple[Any, int]:
        if _is_item(self.lines[i]):
            return self._sequence(i, indent)
        return self._mapping(i, indent)

    def _sequence(self, i: int, indent: int) -> tuple[list[Any], int]:
        items: list[Any] = []
        while i < len(self.lines) and self.lines[i].indent == indent and _is_item(self.lines[i]):
            line = self.lines[i]
            rest = line.text[1:].lstrip()
            if not rest:
                if i + 1 < len(self.lines) and self.lines[i + 1].indent > indent:
                    value, i = self._block(i + 1, self.lines[i + 1].indent)
                else:
                    value, i = None, i + 1
            elif _split_key(rest, line.number) is not None:
                # "- key: value" opens a mapping whose keys align with "key".
                inner = indent + (len(line.text) - len(rest))
                self.lines[i] = _Line(inner, rest, line.number)
                value, i = self._mapping(i, inner)
            else:
                value, i = _scalar(rest, line.number), i + 1
            items.append(value)
        return items, i

    def _mapping(self, i: int, indent: int) -> tuple[dict[str, Any], int]:
        result: dict[str, Any] = {}
        while i < len(self.lines) and self.lines[i].indent == indent and not _is_item(self.lines[i]):
            line = self.lines[i]
            split = _split_key(line.text, line.number)
            if split is None:
                raise YamlSubsetError(f"line {line.number}: expected 'key: value', got {line.text!r}")
            key, rest = split
            i += 1
            if rest:
                result[key] = _scalar(rest, line.number)
            elif i < len(self.lines) and (
                self.lines[i].indent > indent or (self.lines[i].indent == indent and _is_item(self.lines[i]))
            ):
                result[key], i = self._block(i, self.lines[i].indent)
            else:
                result[key] = None
        return result, i


def load_yaml_subset(source: str) -> Any:
    """Parse the YAML subset the vignette file uses (no anchors, flow or multi-line scalars)."""
    return _Parser(source).parse()


# ------------------------------------------------------------------------------ vignettes
@dataclass
class Case:
    """One vignette: what the patient says, how they answer, and the gold triage level."""

    id: str
    level: str
    why: str
    say: list[str]
    answers: dict[str, str]
    default: str


def load_cases(path: Path) -> list[Case]:
    """Read and check the vignette file."""
    data = load_yaml_subset(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        raise YamlSubsetError(f"{path}: expected a mapping with a 'cases' list")
    cases = []
    for raw in data["cases"]:
        case = Case(
            id=str(raw["id"]),
            level=str(raw["level"]),
            why=str(raw.get("why") or ""),
            say=[str(s) for s in raw.get("say") or []],
            answers={str(k): str(v) for k, v in (raw.get("answers") or {}).items()},
            default=str(raw.get("default") if raw.get("default") is not None else "non"),
        )
        if case.level not in LEVELS:
            raise YamlSubsetError(f"{case.id}: unknown level {case.level!r}")
        if not case.say:
            raise YamlSubsetError(f"{case.id}: 'say' is empty")
        cases.append(case)
    return cases


# --------------------------------------------------------------------------- conversation
class GatewayUnreachable(Exception):
    """The gateway did not accept a connection: the evaluation cannot run."""


@dataclass
class Turn:
    """One exchange of the transcript: who spoke and what, with buttons and triage if any."""

    speaker: str
    text: str
    buttons: list[str] = field(default_factory=list)
    triage: dict[str, Any] | None = None


@dataclass
class CaseResult:
    """Outcome of one vignette."""

    id: str
    gold: str
    predicted: str | None
    reasons: list[str]
    transcript: list[Turn]
    error: str | None = None


class Conversation:
    """A patient conversation over POST /api/v1/conversations/{id}/messages."""

    def __init__(self, client: httpx.Client, base_url: str) -> None:
        self.client = client
        self.url = f"{base_url.rstrip('/')}/api/v1/conversations/eval-{uuid.uuid4().hex}/messages"
        self.token: str | None = None
        self.transcript: list[Turn] = []
        self.triage: dict[str, Any] | None = None

    def send(self, text: str) -> dict[str, Any]:
        """Send one patient message, record both sides, return the gateway's answer."""
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        self.transcript.append(Turn("patient", text))
        try:
            response = self.client.post(self.url, json={"text": text}, headers=headers)
        except httpx.TransportError as exc:
            if isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout)):
                raise GatewayUnreachable(str(exc)) from exc
            raise
        response.raise_for_status()
        answer = response.json()
        self.token = answer.get("conversation_token") or self.token
        for message in answer.get("messages") or []:
            buttons = [b.get("title") or b.get("payload") or "" for b in message.get("buttons") or []]
            self.transcript.append(Turn("bot", message.get("text") or "", buttons))
        if answer.get("triage"):
            self.triage = answer["triage"]
            self.transcript.append(
                Turn("triage", answer["triage"].get("level", "?"), triage=answer["triage"])
            )
        return answer


def consent_reply(answer: dict[str, Any]) -> str:
    """Payload of the button that accepts the disclaimer, else a plain acceptance."""
    for message in answer.get("messages") or []:
        for button in message.get("buttons") or []:
            label = fold(f"{button.get('title', '')} {button.get('payload', '')}")
            if "accepte" in label:
                return button.get("payload") or button.get("title") or "J'accepte"
    return "J'accepte"


def last_bot_message(answer: dict[str, Any]) -> dict[str, Any] | None:
    """The last message of an answer that has text or buttons."""
    messages = [m for m in answer.get("messages") or [] if m.get("text") or m.get("buttons")]
    return messages[-1] if messages else None


def asks_question(message: dict[str, Any] | None) -> bool:
    """True when the message's buttons are answer choices (oui/non...), not follow-up offers."""
    if not message:
        return False
    for button in message.get("buttons") or []:
        title = fold(button.get("title") or "").strip(" .!?")
        payload = fold(button.get("payload") or "")
        if title in QUESTION_BUTTON_WORDS or payload.startswith(QUESTION_PAYLOAD_PREFIXES):
            return True
    return False


def play_case(client: httpx.Client, base_url: str, case: Case) -> CaseResult:
    """Run one vignette in a new conversation and return the decision reached."""
    conversation = Conversation(client, base_url)
    error = None
    try:
        answer = conversation.send("Bonjour")
        answer = conversation.send(consent_reply(answer))
        for text in case.say:
            answer = conversation.send(text)
        for _ in range(MAX_TURNS):
            message = last_bot_message(answer)
            if answer.get("status") in HANDED_OVER and conversation.triage:
                break
            if answer.get("triage") and not asks_question(message):
                break
            question = (message or {}).get("text") or ""
            answer = conversation.send(find_answer(question, case.answers, case.default))
    except GatewayUnreachable:
        raise
    except (httpx.HTTPError, ValueError) as exc:
        error = f"{type(exc).__name__}: {exc}"
    triage = conversation.triage or {}
    return CaseResult(
        id=case.id,
        gold=case.level,
        predicted=triage.get("level"),
        reasons=list(triage.get("reasons") or []),
        transcript=conversation.transcript,
        error=error,
    )


# -------------------------------------------------------------------------------- metrics
def rank(level: str | None) -> int:
    """Urgency rank; no decision ranks below self_care (it gives the patient nothing)."""
    return LEVELS.index(level) if level in LEVELS else -1


def compute_metrics(results: list[CaseResult]) -> dict[str, Any]:
    """Accuracy (three and five levels), emergent sensitivity, under- and over-triage."""
    n = len(results)
    if not n:
        return {"cases": 0}
    emergent = [r for r in results if THREE_LEVELS[r.gold] == "emergent"]
    same_group = sum(THREE_LEVELS.get(r.predicted or "") == THREE_LEVELS[r.gold] for r in results)
    caught = sum(THREE_LEVELS.get(r.predicted or "") == "emergent" for r in emergent)
    return {
        "cases": n,
        "three_level_accuracy": same_group / n,
        "five_level_accuracy": sum(r.predicted == r.gold for r in results) / n,
        "emergent_sensitivity": caught / len(emergent) if emergent else None,
        "under_triage_rate": sum(rank(r.predicted) < rank(r.gold) for r in results) / n,
        "over_triage_rate": sum(rank(r.predicted) > rank(r.gold) for r in results) / n,
        "no_decision": sum(r.predicted is None for r in results),
        "errors": sum(r.error is not None for r in results),
    }


def pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f} %"


def print_report(results: list[CaseResult], metrics: dict[str, Any]) -> None:
    """Print the scores, then every missed case with its transcript."""
    print(f"\nCases: {metrics['cases']}")
    if not metrics["cases"]:
        return
    rows = [
        ("Three-level accuracy (emergent / non-emergent / self-care)", "three_level_accuracy"),
        ("Exact five-level accuracy", "five_level_accuracy"),
        ("Emergent sensitivity", "emergent_sensitivity"),
        ("Under-triage rate (less urgent than gold)", "under_triage_rate"),
        ("Over-triage rate (more urgent than gold)", "over_triage_rate"),
    ]
    for label, key in rows:
        print(f"{label + ':':<60} {pct(metrics[key])}")
    print(f"No decision: {metrics['no_decision']}   Errors: {metrics['errors']}")
    missed = [r for r in results if r.predicted != r.gold]
    print(f"\nMissed cases: {len(missed)}")
    for r in missed:
        direction = "UNDER" if rank(r.predicted) < rank(r.gold) else "over"
        print(f"\n--- {r.id}: gold {r.gold}, predicted {r.predicted or 'none'} ({direction})")
        if r.error:
            print(f"    error: {r.error}")
        if r.reasons:
            print(f"    reasons: {'; '.join(r.reasons)}")
        for turn in r.transcript:
            if turn.speaker == "triage":
                print(f"    [triage] {turn.text}")
                continue
            buttons = f"  [{' | '.join(turn.buttons)}]" if turn.buttons else ""
            print(f"    {turn.speaker:>7}: {turn.text}{buttons}")


# ----------------------------------------------------------------------------------- main
def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="gateway base URL")
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE, help="vignette file (YAML)")
    parser.add_argument("--json", type=Path, help="write metrics and per-case results to this file")
    parser.add_argument(
        "--only", action="append", default=[], metavar="ID", help="only this case (repeatable)"
    )
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per HTTP request")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        cases = load_cases(args.file)
    except (OSError, YamlSubsetError, KeyError) as exc:
        print(f"cannot read vignettes: {exc}", file=sys.stderr)
        return 1
    if args.only:
        wanted = {i for item in args.only for i in item.split(",")}
        unknown = wanted - {c.id for c in cases}
        if unknown:
            print(f"unknown case id(s): {', '.join(sorted(unknown))}", file=sys.stderr)
        cases = [c for c in cases if c.id in wanted]

    results: list[CaseResult] = []
    with httpx.Client(timeout=args.timeout) as client:
        for case in cases:
            try:
                result = play_case(client, args.base_url, case)
            except GatewayUnreachable as exc:
                print(f"cannot reach the gateway at {args.base_url}: {exc}", file=sys.stderr)
                return 2
            mark = "ok " if result.predicted == result.gold else "MISS"
            print(f"{mark} {case.id:<40} gold={case.level:<20} predicted={result.predicted}", flush=True)
            results.append(result)

    metrics = compute_metrics(results)
    print_report(results, metrics)
    if args.json:
        payload = {"metrics": metrics, "results": [asdict(r) for r in results]}
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
