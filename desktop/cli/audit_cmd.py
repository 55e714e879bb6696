"""`bouncedesk audit`: read or export the append-only audit log."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from desktop.cli.arguments import count
from desktop.cli.context import CliContext, CliError
from desktop.cli.output import TableStream, plural, print_json
from desktop.cli.search_cmd import parse_time
from desktop.domain.errors import BounceDeskError


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "audit", help="the audit log: who requested, decided, released, imported, changed what"
    )
    parser.add_argument("--since", type=parse_time, help="at or after (ISO 8601)")
    parser.add_argument("--until", type=parse_time, help="before (ISO 8601)")
    parser.add_argument("--action", help="only this action, e.g. release_applied")
    parser.add_argument("--actor", help="only this person")
    parser.add_argument(
        "--limit", type=count(0), default=0, help="at most this many (default 0: all)"
    )
    parser.add_argument("--csv", metavar="FILE", help="write CSV to FILE ('-' for stdout)")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    from desktop.services.audit_export import audit_entries, entry_json, write_csv
    from desktop.services.paging import checked_limit

    try:
        with ctx.database().unit_of_work() as uow:
            entries = audit_entries(
                uow, args.since, args.until, args.action, args.actor, checked_limit(args.limit)
            )
            if args.csv == "-":
                write_csv(entries, sys.stdout)
                return 0
            if args.csv:
                try:
                    with open(args.csv, "w", encoding="utf-8", newline="") as out:
                        count = write_csv(entries, out)
                except OSError as error:
                    raise CliError(f"cannot write {args.csv}: {error.strerror}") from error
                print(f"{plural(count, 'audit entry', 'audit entries')} written to {args.csv}")
                return 0
            if args.json:
                for entry in entries:
                    print_json(entry_json(entry))
                return 0
            table = TableStream(["at", "actor", "action", "subject", "before", "after", "note"])
            for e in entries:
                table.add(
                    [
                        e.at.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
                        e.actor,
                        e.action,
                        e.subject,
                        e.before or "",
                        e.after or "",
                        e.note or "",
                    ]
                )
            table.flush()
    except BounceDeskError as error:
        raise CliError(str(error)) from error
    return 0
