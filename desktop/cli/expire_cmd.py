"""`bouncedesk expire`: end the quarantines whose time is up (each audited once)."""

from __future__ import annotations

import argparse
from typing import Any

from desktop.cli.context import CliContext, CliError
from desktop.cli.output import iso, plural, print_json
from desktop.domain.errors import BounceDeskError


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "expire", help="end quarantines whose time is up"
    )
    parser.add_argument("--json", action="store_true", help="one JSON object per ended quarantine")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    from desktop.services.quarantine import expire_due

    ended = []
    try:
        while True:  # in pages, so a long-neglected database is not one huge transaction
            with ctx.database().unit_of_work() as uow:
                page = expire_due(uow)
            ended.extend(page)
            if not page:
                break
    except BounceDeskError as error:
        raise CliError(str(error)) from error
    for q in ended:
        if args.json:
            print_json({"id": q.id, "address": q.address, "ends_at": iso(q.ends_at)})
    if not args.json:
        print(f"{plural(len(ended), 'quarantine')} ended")
    return 0
