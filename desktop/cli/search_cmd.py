"""`bouncedesk search`: the search view's query on the command line."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from typing import Any

from desktop.cli.arguments import count
from desktop.cli.context import CliContext, CliError
from desktop.cli.output import TableStream, message_json, plural, print_json
from desktop.domain.errors import BounceDeskError
from desktop.domain.model import MessageStatus, Reason
from desktop.domain.search import SearchCriteria, parse_query


def parse_time(text: str) -> datetime:
    """ISO 8601 date or date-time; without a zone it is taken as UTC."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            f"not a date or time: {text!r} (use 2026-11-27 or 2026-11-27T13:45)"
        ) from error
    try:
        return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    except OverflowError as error:  # 0001-01-01T00:00+14:00 is before the first UTC moment
        raise argparse.ArgumentTypeError(f"a time out of range: {text!r}") from error


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "search",
        help="find messages",
        description="Find messages, newest first. QUERY is what you would type in the search"
        ' field: an address, @domain, <message-id>, "subject words" or part of an address.',
    )
    parser.add_argument("query", nargs="*", help="free text, understood as in the app")
    parser.add_argument("--recipient", help="recipient address, exact")
    parser.add_argument("--domain", help="recipient domain, e.g. ziggo.nl")
    parser.add_argument("--contains", help="part of the recipient address")
    parser.add_argument("--subject", help="words of the subject")
    parser.add_argument("--sender", help="sender address, exact")
    parser.add_argument("--message-id", help="the Message-ID")
    parser.add_argument("--account", help="account (client) name, exact")
    parser.add_argument("--status", choices=[s.value for s in MessageStatus])
    parser.add_argument("--reason", choices=[r.value for r in Reason])
    parser.add_argument("--since", type=parse_time, help="created at or after (ISO 8601)")
    parser.add_argument("--until", type=parse_time, help="created before (ISO 8601)")
    parser.add_argument(
        "--limit", type=count(0), default=50, help="how many, any number (default 50; 0: all)"
    )
    parser.add_argument("--after", metavar="CURSOR", help="continue after this page cursor")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.set_defaults(func=run)


def criteria_from(args: argparse.Namespace) -> SearchCriteria:
    typed = parse_query(" ".join(args.query)) if args.query else SearchCriteria()
    explicit = SearchCriteria(
        recipient=args.recipient,
        domain=args.domain,
        contains=args.contains,
        subject=args.subject,
        sender=args.sender,
        message_id=args.message_id,
        account=args.account,
        status=MessageStatus(args.status) if args.status else None,
        reason=Reason(args.reason) if args.reason else None,
        since=args.since,
        until=args.until,
    )
    return typed.merged(explicit)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    from desktop.services.search import stream_messages

    try:
        criteria = criteria_from(args)
        with ctx.database().unit_of_work() as uow:
            # Pages of up to 1,000 are read as the lines go out: memory stays flat for any N.
            messages = stream_messages(uow, criteria, args.after, args.limit)
            if args.json:
                for message in messages:
                    print_json(message_json(message))
                if messages.next_cursor:  # on stderr: stdout holds only messages
                    print(f"more: --after {messages.next_cursor}", file=sys.stderr)
                return 0
            headers = ["time", "id", "account", "recipient", "subject", "status", "reason"]
            table = TableStream(headers)
            for m in messages:
                table.add(
                    [
                        m.created_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                        str(m.id),
                        m.account,
                        m.recipient,
                        m.subject,
                        m.status.value,
                        m.reason.value if m.reason else "",
                    ]
                )
            table.flush()
    except BounceDeskError as error:
        raise CliError(str(error)) from error
    print(f"\n{plural(messages.count, 'message')}; searched: {criteria.describe()}")
    if messages.next_cursor:
        print(f"more: --after {messages.next_cursor}")
    return 0
