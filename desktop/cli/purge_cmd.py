"""`bouncedesk purge`: remove data older than the retention period, batch by batch."""

from __future__ import annotations

import argparse
from typing import Any

from desktop.cli.context import CliContext, CliError
from desktop.cli.output import iso, print_json
from desktop.cli.release_cmd import current_user
from desktop.domain.errors import BounceDeskError


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a whole number of days: {text!r}") from error
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1 day")
    return value


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "purge",
        help="remove messages, events and raw records older than the retention period",
        description="Remove messages (with their events and raw source records), soft-bounce"
        " runs and ended quarantines older than DAYS, in short batches; open quarantines and the"
        " events that caused them stay. Without --older-than, the database's retention setting"
        " (bouncedesk retention) is used.",
    )
    parser.add_argument("--older-than", type=_days, metavar="DAYS", help="the period in days")
    parser.add_argument("--dry-run", action="store_true", help="count, remove nothing")
    parser.add_argument("--by", default=None, help="who purges (default: your user name)")
    parser.add_argument("--json", action="store_true", help="one JSON object with the counts")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    from desktop.services.retention import purge

    try:
        summary = purge(
            ctx.database().unit_of_work,
            args.older_than,
            args.by or current_user(),
            dry_run=args.dry_run,
        )
    except BounceDeskError as error:
        raise CliError(str(error)) from error
    counts = summary.counts.as_dict()
    if args.json:
        print_json(
            {"days": summary.days, "cutoff": iso(summary.cutoff), "dry_run": summary.dry_run}
            | counts
        )
        return 0
    verb = "would remove" if summary.dry_run else "removed"
    print(
        f"purge (before {iso(summary.cutoff)}): {verb} {counts['messages']:,} messages,"
        f" {counts['events']:,} events ({counts['raw_records']:,} raw records),"
        f" {counts['quarantines']:,} ended quarantines ({counts['release_requests']:,} requests),"
        f" {counts['address_states']:,} soft-bounce runs; kept {counts['kept_messages']:,}"
        " old messages an open quarantine or a running soft-bounce run still needs"
    )
    return 0
