"""`bouncedesk show`: one message with its event timeline and the advice for its reason."""

from __future__ import annotations

import argparse
from typing import Any

from desktop.cli.context import CliContext, CliError
from desktop.cli.output import event_json, iso, message_json, print_json
from desktop.domain.advice import LANGUAGES
from desktop.domain.errors import BounceDeskError


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "show", help="a message with its timeline and what to do about it"
    )
    parser.add_argument("message", metavar="MESSAGE", help="the message number or its Message-ID")
    parser.add_argument("--lang", choices=LANGUAGES, default="en", help="client text language")
    parser.add_argument("--json", action="store_true", help="one JSON object")
    parser.add_argument(
        "--raw",
        action="store_true",
        help="the original records of its events (log line, DSN mail decoded, webhook JSON)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    from desktop import settings as user_settings
    from desktop.domain.retry import parse_overrides
    from desktop.services.details import load_message_report

    try:
        windows = parse_overrides(user_settings.load().retry_hours)
        with ctx.database().unit_of_work() as uow:
            report = load_message_report(uow, args.message, args.lang, windows=windows)
    except BounceDeskError as error:
        raise CliError(str(error)) from error
    details, explanation = report.details, report.explanation
    if args.raw:
        return _print_originals(args, ctx, details.message.id)
    if args.json:
        obj: dict[str, Any] = message_json(details.message)
        obj["events"] = [event_json(e) for e in details.events]
        obj["advice"] = explanation.as_json() if explanation else None
        obj["quarantine"] = (
            {
                "id": details.quarantine.id,
                "cause": details.quarantine.cause.value,
                "reason": details.quarantine.reason.value,
                "started_at": iso(details.quarantine.started_at),
                "ends_at": iso(details.quarantine.ends_at),
            }
            if details.quarantine
            else None
        )
        print_json(obj)
        return 0
    m = details.message
    print(f"Message {m.id}  <{m.message_id}>")
    print(f"  account   {m.account}")
    print(f"  from      {m.sender}")
    print(f"  to        {m.recipient}")
    print(f"  subject   {m.subject}")
    print(f"  status    {m.status.value}" + (f" ({m.reason.value})" if m.reason else ""))
    print("\nTimeline")
    for e in details.events:
        codes = " ".join(x for x in (str(e.reply_code or ""), e.status or "") if x)
        print(f"  {e.at.astimezone():%Y-%m-%d %H:%M:%S}  {e.type.value:<14} {codes:<12} "
              f"{e.remote_host or ''}")  # fmt: skip
        if e.diagnostic:
            print(f"      {' '.join(e.diagnostic.split())}")
    if details.quarantine:
        q = details.quarantine
        until = f"{q.ends_at.astimezone():%Y-%m-%d %H:%M}"
        print(f"\nQuarantined ({q.cause.value}, {q.reason.value}) until {until}")
    if explanation:
        print()
        print(explanation.as_text())
    return 0


def _print_originals(args: argparse.Namespace, ctx: CliContext, message: int) -> int:
    """`show --raw`: what the GUI's 'Show original' shows, one event after the other."""
    from desktop.services.originals import original_records

    try:
        with ctx.database().unit_of_work() as uow:
            views = original_records(uow, message)
    except BounceDeskError as error:
        raise CliError(str(error)) from error
    if args.json:
        for view in views:
            print_json({"message": message} | view.as_json())
        return 0
    for view in views:
        record = view.record
        print(f"=== {record.at.astimezone():%Y-%m-%d %H:%M:%S}  {record.type.value}"
              f"  {record.source or ''}")  # fmt: skip
        if view.highlight is not None:
            start, end = view.highlight
            print(f"deciding phrase: {' '.join(view.text[start:end].split())}")
        print(view.text or "(no original record stored)")
        print()
        if view.escalation:
            print("For escalation:")
            print(view.escalation)
            print()
    return 0
