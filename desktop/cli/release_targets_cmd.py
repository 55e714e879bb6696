"""`bouncedesk release show|retry-target|give-up-target`: a release's calls to the providers."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any

from desktop.cli.arguments import record_id
from desktop.cli.context import CliContext, CliError
from desktop.cli.output import iso, print_json, print_table
from desktop.domain.errors import BounceDeskError
from desktop.domain.release_targets import OutboxItem, describe, summarise


def add_actions(actions: Any) -> None:
    show: argparse.ArgumentParser = actions.add_parser(
        "show", help="a request with each release target's state"
    )
    show.add_argument("request_id", metavar="REQUEST_ID", type=record_id)
    show.add_argument("--json", action="store_true", help="one JSON object")
    show.set_defaults(func=_show)
    for verb, what in (
        ("retry-target", "call a failed, stopped or given-up target again now"),
        ("give-up-target", "stop trying one target for one release (say why in --note)"),
    ):
        parser: argparse.ArgumentParser = actions.add_parser(verb, help=what)
        parser.add_argument(
            "target_id", metavar="TARGET_ID", type=record_id, help="from release show"
        )
        parser.add_argument("--by", default=None, help="who acts (default: your user name)")
        parser.add_argument("--note", default="", help="why (kept with the target)")
        parser.add_argument("--json", action="store_true", help="one JSON object")
        parser.set_defaults(func=_move, verb=verb)


def target_json(item: OutboxItem, now: datetime) -> dict[str, Any]:
    return {
        "id": item.id,
        "target": item.target,
        "kind": item.kind,
        "state": item.state.value,
        "attempts": item.attempts,
        "last_status": item.last_status,
        "last_error": item.last_error,
        "next_attempt_at": iso(item.next_attempt_at) if item.state.value == "pending" else None,
        "done_at": iso(item.done_at),
        "idempotency_key": item.idempotency_key,
        "note": item.note,
        "summary": describe(item, now),
    }


def _show(args: argparse.Namespace, ctx: CliContext) -> int:
    from desktop.services.release_targets import release_targets_of

    now = datetime.now(UTC)
    try:
        with ctx.database().unit_of_work() as uow:
            request = uow.requests.get(args.request_id)
            items = release_targets_of(uow, args.request_id)
    except BounceDeskError as error:
        raise CliError(str(error)) from error
    assert request is not None  # release_targets_of raised NotFound otherwise
    if args.json:
        print_json(
            {
                "request_id": request.id,
                "address": request.address,
                "state": request.state.value,
                "requested_by": request.requested_by,
                "created_at": iso(request.created_at),
                "decided_by": request.decided_by,
                "decided_at": iso(request.decided_at),
                "targets": [target_json(item, now) for item in items],
                "summary": summarise(items, now),
            }
        )
        return 0
    print(f"request {request.id} for {request.address}: {request.state.value}")
    if not items:
        print("no release targets (none were registered when it was applied)")
        return 0
    rows = [[str(i.id), i.target, i.state.value, str(i.attempts), describe(i, now)] for i in items]
    print_table(["id", "target", "state", "attempts", "status"], rows)
    return 0


def _move(args: argparse.Namespace, ctx: CliContext) -> int:
    from desktop.cli.release_cmd import current_user
    from desktop.services.release_targets import give_up_target, retry_target

    act = retry_target if args.verb == "retry-target" else give_up_target
    by = args.by or current_user()
    try:
        with ctx.database().unit_of_work() as uow:
            moved = act(uow, args.target_id, by, args.note, datetime.now(UTC))
            item = uow.outbox.get(args.target_id)
    except BounceDeskError as error:
        raise CliError(str(error)) from error
    assert item is not None
    if args.json:
        print_json({"id": item.id, "state": item.state.value, "changed": moved})
    else:
        print(f"target {item.id} ({item.target}): {item.state.value}" + ("" if moved else
              " (unchanged)"))  # fmt: skip
    return 0
