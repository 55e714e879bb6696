"""`bouncedesk forget`: remove everything stored about one address (right to erasure)."""

from __future__ import annotations

import argparse
from typing import Any

from desktop.cli.context import CliContext, CliError
from desktop.cli.output import print_json
from desktop.cli.release_cmd import current_user
from desktop.domain.errors import BounceDeskError


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "forget",
        help="remove every message, event, raw record and quarantine of one address",
        description="Remove every message to ADDRESS with its events and raw source records,"
        " its quarantines with their release requests, and its soft-bounce run. Audit rows keep"
        " a salted hash of the address instead of the address.",
    )
    parser.add_argument("address", metavar="ADDRESS")
    parser.add_argument("--by", default=None, help="who asks (default: your user name)")
    parser.add_argument("--note", default="", help="why (kept in the audit row)")
    parser.add_argument("--json", action="store_true", help="one JSON object with the counts")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    from desktop.services.retention import forget

    try:
        summary = forget(
            ctx.database().unit_of_work, args.address, args.by or current_user(), args.note
        )
    except BounceDeskError as error:
        raise CliError(str(error)) from error
    counts = summary.counts.as_dict()
    if args.json:
        print_json({"token": summary.token} | counts)
        return 0
    print(
        f"forgot the address (audit log: {summary.token}): removed {counts['messages']:,}"
        f" messages, {counts['events']:,} events ({counts['raw_records']:,} raw records),"
        f" {counts['quarantines']:,} quarantines ({counts['release_requests']:,} requests),"
        f" {counts['address_states']:,} soft-bounce runs; {counts['audit_rows_redacted']:,}"
        " audit rows now show the token"
    )
    return 0
