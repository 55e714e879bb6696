"""`bouncedesk stats`: the Overview's delivery figures per hour, day, domain, reason or account."""

from __future__ import annotations

import argparse
from typing import Any

from desktop.cli.context import CliContext, CliError
from desktop.cli.output import print_json, print_table
from desktop.cli.search_cmd import parse_time
from desktop.domain.errors import BounceDeskError


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "stats", help="delivery figures from the event roll-up (default: the last 24 hours)"
    )
    parser.add_argument("--since", type=parse_time, help="from this time (ISO 8601, UTC)")
    parser.add_argument("--until", type=parse_time, help="up to this time (default: now)")
    parser.add_argument(
        "--by", choices=("hour", "day", "domain", "reason", "account"), help="one row per group"
    )
    parser.add_argument("--account", help="only this account's mail")
    parser.add_argument("--json", action="store_true", help="one JSON object per row")
    parser.add_argument(
        "--rebuild",
        action="store_true",
        help="recount the roll-up from every stored event first (old or repaired databases)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    from desktop.services.stats import GroupBy, rebuild_rollup, stats_rows, window

    by = GroupBy(args.by) if args.by else None
    try:
        since, until = window(args.since, args.until)
        database = ctx.database()
        if args.rebuild:
            with database.unit_of_work() as uow:
                rebuilt = rebuild_rollup(uow)
            if not args.json:
                print(f"roll-up rebuilt: {rebuilt} row(s)")
        with database.unit_of_work() as uow:
            rows = stats_rows(uow, since, until, by, args.account)
    except BounceDeskError as error:
        raise CliError(str(error)) from error
    if args.json:
        for row in rows:
            print_json(row.as_json(by))
        return 0
    # The counts are events in the period; the rates are shares of the messages sent in it
    # ("messages"), so a late answer to earlier mail never lifts one above 100.
    headers = [by.value if by else "period", "sent", "delivered", "deferred", "soft", "hard",
               "rejected", "complaints", "messages", "delivered %", "hard %",
               "complaint %"]  # fmt: skip
    table = []
    for row in rows:
        f = row.figures
        table.append(
            [row.key, *(str(n) for n in (f.sent, f.delivered, f.deferred, f.soft_bounces,
             f.hard_bounces, f.rejected, f.complaints, f.messages_sent)),
             *(_percent(r) for r in (f.delivered_rate, f.hard_bounce_rate, f.complaint_rate))]
        )  # fmt: skip
    print_table(headers, table)
    return 0


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"
