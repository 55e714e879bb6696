"""`bouncedesk sync`: deliver pending release calls to the providers; --check reconciles."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli.context import CliContext, CliError
from desktop.cli.output import print_json
from desktop.domain.errors import BounceDeskError

if TYPE_CHECKING:
    from desktop.services.release_sync import RoundSummary, SyncTuning
    from desktop.targets.config import TargetConfig


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "sync",
        help="call the providers' suppression APIs for applied releases (without the service)",
        description="Deliver the release outbox to the [[release_targets]] of the config:"
        " runs until stopped, or with --once until nothing is due now. --check compares the"
        " providers' suppression lists with the desk instead and changes nothing.",
    )
    parser.add_argument("--config", metavar="FILE", help="the ingest config (TOML)")
    parser.add_argument("--once", action="store_true", help="deliver what is due, then stop")
    parser.add_argument("--check", action="store_true", help="reconcile suppression lists")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.set_defaults(func=run)


def load_config(path: str | None) -> tuple[dict[str, Any], Path]:
    if path is None:
        raise CliError("give --config FILE (the [[release_targets]] to call)", exit_status=2)
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle), Path(path).resolve().parent
    except OSError as error:
        raise CliError(f"cannot read {path}: {error.strerror}") from error
    except tomllib.TOMLDecodeError as error:
        raise CliError(f"{path} is not valid TOML: {error}") from error


def tuning_from(config: dict[str, Any]) -> SyncTuning:
    """`[release_sync]`: lease_seconds, backoff_base_seconds, backoff_cap_seconds, batch."""
    from datetime import timedelta

    from desktop.services.release_sync import SyncTuning

    table = config.get("release_sync", {})
    default = SyncTuning()
    try:
        return SyncTuning(
            lease=timedelta(seconds=float(table.get("lease_seconds", default.lease.seconds))),
            backoff_base=float(table.get("backoff_base_seconds", default.backoff_base)),
            backoff_cap=float(table.get("backoff_cap_seconds", default.backoff_cap)),
            batch=int(table.get("batch", default.batch)),
            idle_wait=float(table.get("idle_seconds", default.idle_wait)),
        )
    except (TypeError, ValueError) as error:
        raise CliError(f"[release_sync]: {error}") from error


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    config, base = load_config(args.config)
    from desktop.targets.config import parse_release_targets

    try:
        targets = parse_release_targets(config, base)
    except BounceDeskError as error:
        raise CliError(f"{args.config}: {error}") from error
    if not targets:
        raise CliError(f"{args.config}: no [[release_targets]] to call")
    # --db wins, then the config's [database] url, then $BOUNCEDESK_DB_URL / the local file.
    url = config.get("database", {}).get("url")
    own = CliContext(db_url=str(url)) if url and args.db is None else None
    try:
        if args.check:
            from desktop.cli.sync_check import run_check

            return run_check(args, own or ctx, targets)
        return _deliver(args, own or ctx, targets, tuning_from(config))
    except BounceDeskError as error:
        raise CliError(str(error)) from error
    finally:
        if own is not None:
            own.close()


def _deliver(
    args: argparse.Namespace, ctx: CliContext, targets: list[TargetConfig], tuning: SyncTuning
) -> int:
    from desktop.services.release_sync import OutboxWorker, build_clients, register_targets

    database = ctx.database()
    with database.unit_of_work() as uow:
        register_targets(uow, targets)

    def alert(item: Any, result: Any) -> None:
        print(
            f"bouncedesk: ALERT: {item.target} refused the credentials ({result.status});"
            " stopped until an approver retries it",
            file=sys.stderr,
        )

    worker = OutboxWorker(database, build_clients(targets), tuning, on_alert=alert)
    if args.once:
        summary = worker.run_until_idle()
    else:
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        summary = worker.run(stop)
    with database.unit_of_work() as uow:
        counts = uow.outbox.counts()
    _report(summary, counts, args.json)
    return 0


def _report(summary: RoundSummary, counts: dict[str, int], as_json: bool) -> None:
    fields = {
        "calls": summary.claimed,
        "done": summary.done,
        "retrying": summary.retried,
        "stopped": summary.stopped,
        "http_requests": summary.http_requests,
        "pending": counts.get("pending", 0),
        "stopped_total": counts.get("stopped", 0),
        "done_total": counts.get("done", 0),
    }
    if as_json:
        print_json(fields)
        return
    print(
        f"{summary.claimed} calls: {summary.done} done, {summary.retried} to retry,"
        f" {summary.stopped} stopped ({summary.http_requests} HTTP requests);"
        f" {fields['pending']} pending, {fields['stopped_total']} stopped in all"
    )
