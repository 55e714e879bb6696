"""`bouncedesk classify`: JSON lines in, one verdict per line out, bad lines reported."""

from __future__ import annotations

import io
import json

import pytest

from desktop.cli import main


def _run(
    monkeypatch: pytest.MonkeyPatch, text: str, *args: str
) -> tuple[int, list[dict[str, object]], str]:
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    monkeypatch.setattr("sys.stdout", out)
    monkeypatch.setattr("sys.stderr", err)
    status = main(["classify", *args])
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    return status, lines, err.getvalue()


def test_each_line_gets_a_verdict(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "\n".join(
        [
            json.dumps({"diagnostic": "550 5.1.1 <a@b.nl>: User unknown", "reply_code": 550}),
            json.dumps({"status": "4.4.1"}),
            json.dumps({}),
        ]
    )
    status, lines, _ = _run(monkeypatch, text + "\n", "--json")
    assert status == 0
    assert [line["reason"] for line in lines] == [
        "address_unknown",
        "server_unreachable",
        "unknown",
    ]
    assert lines[0]["hard"] is True and lines[1]["hard"] is False
    first = lines[0]["evidence"]
    assert isinstance(first, dict) and first["kind"] == "phrase" and first["text"] == "User unknown"
    assert all(
        {"line", "reason", "hard", "confidence", "evidence"} <= line.keys() for line in lines
    )


def test_bad_lines_are_reported_and_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    text = 'not json\n\n["a list"]\n{"diagnostic": 42}\n{"diagnostic": "Mailbox full"}\n'
    status, lines, _ = _run(monkeypatch, text)
    assert status == 0
    assert [line.get("line") for line in lines] == [1, 3, 4, 5]
    assert all("error" in line for line in lines[:3])
    assert lines[3]["reason"] == "mailbox_full"


def test_exit_one_when_every_line_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    status, lines, err = _run(monkeypatch, "{oops\n[1]\n")
    assert status == 1
    assert len(lines) == 2 and all("error" in line for line in lines)
    assert err.strip()


def test_empty_input_is_fine(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _run(monkeypatch, "")[:2] == (0, [])


def test_recipient_gets_a_typo_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    line = json.dumps({"diagnostic": "Domain not found", "recipient": "jan@hotmial.com"})
    _, lines, _ = _run(monkeypatch, line + "\n")
    assert lines[0]["reason"] == "domain_unknown" and lines[0]["suggestion"] == "hotmail.com"


def test_deferred_flag_means_delayed(monkeypatch: pytest.MonkeyPatch) -> None:
    _, lines, _ = _run(monkeypatch, json.dumps({"deferred": True}) + "\n")
    assert lines[0]["reason"] == "delayed"
