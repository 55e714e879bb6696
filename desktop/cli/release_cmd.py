"""`bouncedesk release request|approve|reject`: the one-click release, from scripts and tickets."""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli.arguments import record_id
from desktop.cli.context import CliContext, CliError
from desktop.cli.output import plural, print_json, print_table
from desktop.domain.errors import BounceDeskError

if TYPE_CHECKING:
    from desktop.services.ports import UnitOfWork


def current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in some containers
        return "unknown"


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "release", help="request, approve or reject the release of quarantined addresses"
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    request = actions.add_parser(
        "request",
        help="request the release of one or more addresses",
        description="File a release request. With several addresses, --from-file or --cluster,"
        " one request per eligible address; --dry-run shows each address's state and risk.",
    )
    request.add_argument("addresses", metavar="ADDRESS", nargs="*")
    request.add_argument("--from-file", metavar="FILE", help="addresses pasted from a ticket")
    request.add_argument("--cluster", metavar="DOMAIN", help="every address of a provider burst")
    request.add_argument("--dry-run", action="store_true", help="show what would happen only")
    for action in (request, *_decision_parsers(actions)):
        action.add_argument("--by", default=None, help="who acts (default: your user name)")
        action.add_argument("--note", default="", help="why (kept with the request)")
        action.add_argument("--json", action="store_true", help="one JSON object per line")
    request.set_defaults(func=_request)
    from desktop.cli.release_targets_cmd import add_actions

    add_actions(actions)


def _decision_parsers(actions: Any) -> list[argparse.ArgumentParser]:
    made = []
    for verb in ("approve", "reject"):
        parser: argparse.ArgumentParser = actions.add_parser(verb, help=f"{verb} a request")
        parser.add_argument("request_id", metavar="REQUEST_ID", type=record_id)
        parser.set_defaults(func=_decide, verb=verb)
        made.append(parser)
    return made


def _request(args: argparse.Namespace, ctx: CliContext) -> int:
    by = args.by or current_user()
    addresses = list(args.addresses)
    if args.from_file:
        try:
            text = Path(args.from_file).read_text(encoding="utf-8", errors="replace")
        except OSError as error:
            raise CliError(f"cannot read {args.from_file}: {error.strerror}") from error
        from desktop.services.bulk_release import parse_addresses

        addresses.extend(parse_addresses(text))
    if not addresses and not args.cluster:
        raise CliError("give an ADDRESS, --from-file FILE or --cluster DOMAIN", exit_status=2)
    single = len(args.addresses) == 1 and not (args.from_file or args.cluster or args.dry_run)
    try:
        with ctx.database().unit_of_work() as uow:
            if single:
                return _one(uow, args.addresses[0], by, args)
            return _many(uow, addresses, by, args)
    except BounceDeskError as error:
        raise CliError(str(error)) from error


def _one(uow: UnitOfWork, address: str, by: str, args: argparse.Namespace) -> int:
    from desktop.services.release import request_release

    outcome = request_release(uow, address, by, args.note)
    if args.json:
        print_json(
            {
                "request_id": outcome.request_id,
                "state": outcome.state.value,
                "created": outcome.created,
                "address": outcome.address,
                "risk": outcome.risk.value if outcome.risk else None,
            }
        )
    elif outcome.created:
        print(f"request {outcome.request_id} for {outcome.address}: {outcome.state.value}")
    else:
        print(f"already requested: request {outcome.request_id} for {outcome.address}"
              f" is {outcome.state.value}")  # fmt: skip
    return 0


def _many(uow: UnitOfWork, addresses: list[str], by: str, args: argparse.Namespace) -> int:
    from desktop.services import bulk_release as bulk

    if args.cluster:
        addresses = [*addresses, *bulk.cluster_addresses(uow, args.cluster)]
    if args.dry_run:
        lines = bulk.bulk_preview(uow, addresses)
    else:
        lines = bulk.bulk_request(uow, addresses, by, args.note)
    if args.json:
        for line in lines:
            print_json(line.as_json())
        return 0
    rows = [
        [
            line.address,
            line.state.value,
            line.risk.value if line.risk else "",
            str(line.request_id or ""),
            line.risk_why or "",
        ]
        for line in lines
    ]
    print_table(["address", "state", "risk", "request", "why"], rows)
    eligible = sum(1 for line in lines if line.state.value in ("quarantined", "requested"))
    verb = "would be requested" if args.dry_run else "requested"
    print(f"\n{eligible:,} of {plural(len(lines), 'address', 'addresses')} {verb}")
    return 0


def _decide(args: argparse.Namespace, ctx: CliContext) -> int:
    from desktop.services.release import approve, reject

    by = args.by or current_user()
    act = approve if args.verb == "approve" else reject
    try:
        with ctx.database().unit_of_work() as uow:
            decision = act(uow, args.request_id, by, args.note)
    except BounceDeskError as error:
        raise CliError(str(error)) from error
    if args.json:
        print_json(
            {
                "request_id": decision.request_id,
                "state": decision.state.value,
                "changed": decision.changed,
                "message": decision.message,
            }
        )
    else:
        print(decision.message)
    return 0
