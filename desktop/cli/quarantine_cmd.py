"""`bouncedesk quarantine`: the quarantine list, an address's history, and why it is blocked."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from desktop.cli.arguments import count
from desktop.cli.context import CliContext, CliError
from desktop.cli.output import iso, message_json, print_json, print_table
from desktop.domain.errors import BounceDeskError
from desktop.domain.model import QuarantineCause, Reason

if TYPE_CHECKING:
    from desktop.services.uow import UnitOfWork


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "quarantine",
        help="the quarantine list",
        description="Quarantined addresses, newest first, with their release request and risk.",
    )
    parser.add_argument("--search", metavar="TEXT", help="part of the address")
    parser.add_argument("--cause", choices=[c.value for c in QuarantineCause])
    parser.add_argument("--reason", choices=[r.value for r in Reason])
    parser.add_argument("--all", action="store_true", help="also ended and released ones")
    parser.add_argument("--limit", type=count(1), default=1000, help="how many (default 1000)")
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
    from desktop.services.quarantine import QuarantineFilter, list_quarantines

    criteria = QuarantineFilter(
        search=args.search,
        cause=QuarantineCause(args.cause) if args.cause else None,
        reason=Reason(args.reason) if args.reason else None,
        include_ended=args.all,
    )
    entries = list_quarantines(uow, criteria=criteria, limit=args.limit)
    if args.json:
        for entry in entries:
            print_json(entry.as_json())
        return 0
    rows = []
    for e in entries:
        q = e.quarantine
        notes = [n for n in (e.after_release and e.after_release.describe(),) if n]
        if e.systemic:
            notes.append(f"provider-side problem at {e.systemic.domain}?")
        rows.append(
            [
                str(q.id),
                q.address,
                q.cause.value,
                q.reason.value,
                q.started_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                q.ends_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                e.request_state.value if e.request_state else "",
                e.risk.value,
                "; ".join(notes),
            ]
        )
    headers = ["id", "address", "cause", "reason", "started", "ends", "request", "risk", "note"]
    print_table(headers, rows)
    print(f"\n{len(rows)} quarantine(s)")
    return 0


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
                "messages": [message_json(m) for m in history.messages],
                "quarantines": [e.as_json() for e in history.quarantines],
            }
        )
        return 0
    print(f"{history.address}: {len(history.messages)} message(s)")
    for m in history.messages:
        when = m.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
        print(f"  {when}  {m.id:>8}  {m.account}  {m.status.value}  {' '.join(m.subject.split())}")
    print(f"{len(history.quarantines)} quarantine(s)")
    for e in history.quarantines:
        q = e.quarantine
        extra = f"  {e.after_release.describe()}" if e.after_release else ""
        print(f"  {iso(q.started_at)} .. {iso(q.released_at or q.ends_at)}  {q.cause.value}"
              f"  {q.reason.value}{extra}")  # fmt: skip
    return 0


def _systemic(uow: UnitOfWork, args: argparse.Namespace) -> int:
    from desktop.services.systemic import systemic_clusters

    for cluster in systemic_clusters(uow):
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
