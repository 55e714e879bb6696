"""`bouncedesk classify`: JSON lines of bounce data in, one reason verdict per line out."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from desktop.cli.context import CliContext
from desktop.cli.output import json_line
from desktop.domain.model import recipient_domain
from desktop.domain.typos import suggest_domain

if TYPE_CHECKING:  # the classifier compiles its phrase tables on import: not for other commands
    from desktop.domain.reasons import Classification

_FIELDS = ("diagnostic", "status", "reply_code")


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "classify",
        help="explain bounces given as JSON lines on stdin",
        description="Read one JSON object per line on stdin with any of diagnostic (the server's"
        " text), status (enhanced status code, e.g. 5.1.1) and reply_code (e.g. 550), plus"
        " optional recipient (for a typo hint) and deferred (true for a delay, not a bounce)."
        " Write one JSON object per input line: line, reason, hard, confidence, evidence.",
    )
    parser.add_argument("--json", action="store_true", help="JSON lines out (the only format)")
    parser.set_defaults(func=run)


class _BadInput(ValueError):
    pass


def _field(record: dict[str, Any], name: str, types: tuple[type, ...]) -> Any:
    value = record.get(name)
    if value is not None and (not isinstance(value, types) or isinstance(value, bool)):
        raise _BadInput(f"{name} must be {' or '.join(t.__name__ for t in types)} or null")
    return value


def _verdict_json(verdict: Classification) -> dict[str, Any]:
    evidence = verdict.evidence
    return {
        "reason": verdict.reason.value,
        "hard": verdict.hard,
        "confidence": verdict.confidence,
        "evidence": None
        if evidence is None
        else {
            "kind": evidence.kind,
            "text": evidence.text,
            "start": evidence.start,
            "end": evidence.end,
        },
    }


def classify_line(text: str) -> dict[str, Any]:
    """The verdict on one input line, as the JSON object to print (raises _BadInput)."""
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _BadInput(f"not JSON: {exc.msg}") from exc
    if not isinstance(record, dict):
        raise _BadInput("not a JSON object")
    diagnostic = _field(record, "diagnostic", (str,))
    status = _field(record, "status", (str,))
    reply_code = _field(record, "reply_code", (int, str))
    deferred = record.get("deferred") is True
    recipient = _field(record, "recipient", (str,))
    from desktop.domain.reasons import classify

    result = _verdict_json(classify(diagnostic, status, reply_code, deferred=deferred))
    if recipient is not None:
        result["suggestion"] = suggest_domain(recipient_domain(recipient))
    return result


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    """Classify every non-blank stdin line; exit 1 only when every line was unusable."""
    del args, ctx  # no options to honour, and no database needed
    seen = failed = 0
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        seen += 1
        try:
            output = {"line": number, **classify_line(line)}
        except _BadInput as exc:
            failed += 1
            output = {"line": number, "error": str(exc)}
        print(json_line(output), file=sys.stdout, flush=False)
    sys.stdout.flush()
    if seen and failed == seen:
        print("bouncedesk: no input line could be classified", file=sys.stderr)
        return 1
    return 0
