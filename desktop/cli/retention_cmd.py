"""`bouncedesk retention`: show or set the database's retention period (approvers only)."""

from __future__ import annotations

import argparse
from typing import Any

from desktop.cli.context import CliContext, CliError
from desktop.cli.output import print_json
from desktop.cli.purge_cmd import _days
from desktop.cli.release_cmd import current_user
from desktop.domain.errors import BounceDeskError


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "retention",
        help="show or set how many days `bouncedesk purge` keeps",
        description="Without options, print the period. On PostgreSQL only the approver role"
        " may change it.",
    )
    change = parser.add_mutually_exclusive_group()
    change.add_argument("--set", type=_days, metavar="DAYS", help="keep DAYS days of data")
    change.add_argument("--off", action="store_true", help="keep everything (no period)")
    parser.add_argument("--by", default=None, help="who changes it (default: your user name)")
    parser.add_argument("--json", action="store_true", help='{"retention_days": N or null}')
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    from desktop.services.retention import retention_days, set_retention

    try:
        with ctx.database().unit_of_work() as uow:
            if args.set is not None or args.off:
                set_retention(uow, None if args.off else args.set, args.by or current_user())
            days = retention_days(uow)
    except BounceDeskError as error:
        raise CliError(str(error)) from error
    if args.json:
        print_json({"retention_days": days})
    else:
        print(f"retention: {days} days" if days else "retention: none (everything is kept)")
    return 0
