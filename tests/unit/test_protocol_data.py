"""Integrity of the YAML protocol: every rule sourced, every level valid, loader validates."""

import shutil
from pathlib import Path

import pytest
import yaml

from actions.protocol import LEVELS, ProtocolError, load_protocol

DATA = Path(__file__).resolve().parents[2] / "data" / "protocol"


def test_counts(p):
    assert len(p.complaints) >= 30
    assert len(p.red_flags) >= 25
    assert {"emergency_ambulance", "emergency"} <= {rf.level for rf in p.red_flags}


def test_every_rule_and_flag_has_rationale(p):
    for c in p.complaints.values():
        for r in c.rules:
            assert r.source.strip(), (c.id, r.reason)
            assert r.reason.strip().endswith((".", "!", "?", "»")), (c.id, r.reason)
    for rf in p.red_flags:
        assert rf.source.strip() and rf.reason.strip(), rf.id
    for m in p.modifiers:
        assert m.source.strip(), m.id


def test_levels_have_advice_and_numbers(p):
    for lv in LEVELS:
        assert p.levels[lv]["advice"].strip()
        numbers = [n["number"] for n in p.levels[lv]["numbers"]]
        assert "15" in numbers
    amb = [n["number"] for n in p.levels["emergency_ambulance"]["numbers"]]
    assert {"15", "112", "114"} <= set(amb)
    assert "116 117" in [n["number"] for n in p.levels["consultation_24"]["numbers"]]


def test_complaint_questions_are_french_and_short(p):
    for q in p.questions.values():
        assert len(q.text) < 260, q.id
        assert q.text.endswith(("?", ".", "»")), q.id


def _copy(tmp_path):
    d = tmp_path / "protocol"
    shutil.copytree(DATA, d)
    return d


def test_loader_rejects_unknown_level(tmp_path):
    d = _copy(tmp_path)
    f = d / "complaints" / "sore_throat.yml"
    data = yaml.safe_load(f.read_text(encoding="utf-8"))
    data["rules"][0]["level"] = "urgent-ish"
    f.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ProtocolError):
        load_protocol(d)


def test_loader_rejects_unknown_question_in_rule(tmp_path):
    d = _copy(tmp_path)
    f = d / "complaints" / "ear_pain.yml"
    data = yaml.safe_load(f.read_text(encoding="utf-8"))
    data["rules"][0]["when"] = {"q": "does_not_exist"}
    f.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ProtocolError):
        load_protocol(d)


def test_loader_rejects_bad_pattern(tmp_path):
    d = _copy(tmp_path)
    f = d / "complaints" / "cough.yml"
    data = yaml.safe_load(f.read_text(encoding="utf-8"))
    data["synonyms"].append("?optional_first word")
    f.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError):
        load_protocol(d)


def test_version_bump_is_read(tmp_path):
    d = _copy(tmp_path)
    f = d / "protocol.yml"
    f.write_text(f.read_text(encoding="utf-8").replace('version: "', 'version: "9', 1), encoding="utf-8")
    p2 = load_protocol(d)
    assert p2.version.startswith("9") and p2 is not load_protocol()


def test_the_console_names_every_complaint(p):
    """The clinician console shows complaint ids with a French label of its own
    (web-widget/console/console.js); a complaint added to the protocol needs one there."""
    import re

    js = (DATA.parents[1] / "web-widget" / "console" / "console.js").read_text(encoding="utf-8")
    block = js[js.index("var COMPLAINTS = {") : js.index("};", js.index("var COMPLAINTS = {"))]
    labels = dict(re.findall(r'^\s+(\w+): "([^"]+)"', block, flags=re.M))
    assert set(p.complaints) <= set(labels), sorted(set(p.complaints) - set(labels))
    for cid, c in p.complaints.items():
        assert labels[cid] == c.label, (cid, labels[cid], c.label)
