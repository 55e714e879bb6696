"""`bouncedesk quarantine`: the quarantine list, an address's history, and why it is blocked."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from desktop.cli.arguments import count
from desktop.cli.context import CliContext, CliError
from desktop.cli.output import TableStream, iso, message_json, plural, print_json
from desktop.domain.errors import BounceDeskError
from desktop.domain.model import QuarantineCause, Reason
from desktop.domain.search import QuarantineFilter, QuarantineSort

if TYPE_CHECKING:
    from desktop.services.ports import UnitOfWork
    from desktop.services.quarantine import QuarantineEntry


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "quarantine",
        help="the quarantine list",
        description="Quarantined addresses, newest first, with their release request and risk.",
    )
    parser.add_argument(
        "--filter", "--search", dest="search", metavar="TEXT", help="part of the address"
    )
    parser.add_argument("--cause", choices=[c.value for c in QuarantineCause])
    parser.add_argument("--reason", choices=[r.value for r in Reason])
    parser.add_argument("--all", action="store_true", help="also ended and released ones")
    parser.add_argument(
        "--sort", choices=[s.value for s in QuarantineSort], default=QuarantineSort.NEWEST.value
    )
    parser.add_argument("--limit", type=count(0), default=0, help="how many (default 0: all)")
    parser.add_argument("--after", metavar="CURSOR", help="continue after this page cursor")
    shown = parser.add_mutually_exclusive_group()
    shown.add_argument("--why", metavar="ADDRESS", help="why this address is quarantined")
    shown.add_argument("--history", metavar="ADDRESS", help="every message and quarantine")
    shown.add_argument("--systemic", action="store_true", help="suspected provider-side problems")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    try:
        with ctx.database().unit_of_work() as uow:
            if args.why:
                return _why(uow, args)
            if args.history:
                return _history(uow, args)
            if args.systemic:
                return _systemic(uow, args)
            return _list(uow, args)
    except BounceDeskError as error:
        raise CliError(str(error)) from error


def _list(uow: UnitOfWork, args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from desktop.services.quarantine_pages import count_quarantines, list_header, stream_quarantines

    criteria = QuarantineFilter(
        search=args.search,
        cause=QuarantineCause(args.cause) if args.cause else None,
        reason=Reason(args.reason) if args.reason else None,
        include_ended=args.all,
        sort=QuarantineSort(args.sort),
    )
    # Counted first and streamed after, a page at a time: memory stays flat however many.
    now = datetime.now(UTC)
    open_total, matching = count_quarantines(uow, criteria, now)
    entries = stream_quarantines(uow, criteria, args.after, args.limit, now)
    if args.json:
        for entry in entries:
            print_json(entry.as_json())
        if entries.next_cursor:  # beside the JSON lines, so scripts still read only entries
            print(f"more: --after {entries.next_cursor}", file=sys.stderr)
        return 0
    headers = ["id", "address", "cause", "reason", "started", "ends", "request", "risk", "note"]
    table = TableStream(headers)
    for entry in entries:
        table.add(_row(entry))
    table.flush()
    print()
    if args.all:
        print(f"{plural(matching, 'quarantine')} · {entries.count:,} shown")
    else:
        print(list_header(open_total, matching, entries.count, criteria.is_filtered()))
    if entries.next_cursor:
        print(f"more: --after {entries.next_cursor}")
    return 0


def _row(entry: QuarantineEntry) -> list[str]:
    q = entry.quarantine
    notes = [n for n in (entry.after_release and entry.after_release.describe(),) if n]
    if entry.systemic:
        notes.append(f"provider-side problem at {entry.systemic.domain}?")
    if entry.request and entry.request.note:
        notes.append(f"{entry.request.requested_by}: {entry.request.note}")
    return [
        str(q.id),
        q.address,
        q.cause.value,
        q.reason.value,
        q.started_at.astimezone().strftime("%Y-%m-%d %H:%M"),
        q.ends_at.astimezone().strftime("%Y-%m-%d %H:%M"),
        entry.request_state.value if entry.request_state else "",
        entry.risk.value,
        "; ".join(notes),
    ]


def _why(uow: UnitOfWork, args: argparse.Namespace) -> int:
    from desktop.services.quarantine import why_quarantined

    why = why_quarantined(uow, args.why)
    if args.json:
        q = why.quarantine
        print_json(
            {
                "id": q.id,
                "address": q.address,
                "cause": q.cause.value,
                "reason": q.reason.value,
                "rule": why.rule,
                "started_at": iso(q.started_at),
                "ends_at": iso(why.ends_at),
                "events": [
                    {
                        "id": e.id,
                        "type": e.type.value,
                        "at": iso(e.at),
                        "status": e.status,
                        "reply_code": e.reply_code,
                        "diagnostic": e.diagnostic,
                    }
                    for e in why.events
                ],
            }
        )
        return 0
    print(why.as_text())
    return 0


def _history(uow: UnitOfWork, args: argparse.Namespace) -> int:
    from desktop.services.quarantine import address_history

    history = address_history(uow, args.history)
    if args.json:
        print_json(
            {
                "address": history.address,
                "message_count": history.message_count,
                "messages": [message_json(m) for m in history.messages],
                "quarantines": [e.as_json() for e in history.quarantines],
            }
        )
        return 0
    shown = len(history.messages)
    more = f" (newest {shown:,} shown)" if history.message_count > shown else ""
    print(f"{history.address}: {plural(history.message_count, 'message')}{more}")
    for m in history.messages:
        when = m.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
        print(f"  {when}  {m.id:>8}  {m.account}  {m.status.value}  {' '.join(m.subject.split())}")
    print(plural(len(history.quarantines), "quarantine"))
    for e in history.quarantines:
        q = e.quarantine
        extra = f"  {e.after_release.describe()}" if e.after_release else ""
        print(f"  {iso(q.started_at)} .. {iso(q.released_at or q.ends_at)}  {q.cause.value}"
              f"  {q.reason.value}{extra}")  # fmt: skip
    return 0


def _systemic(uow: UnitOfWork, args: argparse.Namespace) -> int:
    from desktop.services.systemic import systemic_clusters

    clusters = systemic_clusters(uow)
    if not clusters and not args.json:
        print("no systemic blocks: no provider-side problem is suspected right now")
    for cluster in clusters:
        if args.json:
            print_json(
                {
                    "domain": cluster.domain,
                    "addresses": len(cluster.addresses),
                    "quarantined": list(cluster.quarantined),
                    "reasons": {reason.value: n for reason, n in cluster.reasons},
                    "first_at": iso(cluster.first_at),
                    "last_at": iso(cluster.last_at),
                    "share": round(cluster.share, 3),
                }
            )
        else:
            print(f"{cluster.domain}: {cluster.note()}; {len(cluster.quarantined)} quarantined")
            print(f"  bulk release: bouncedesk release request --cluster {cluster.domain}")
    return 0
