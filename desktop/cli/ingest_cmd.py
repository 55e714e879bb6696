"""`bouncedesk ingest`: run the live feeds (webhooks, log follow, mailbox), or show their state."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import Any

from desktop.cli.context import CliContext, CliError
from desktop.cli.output import print_json, print_table
from desktop.domain.errors import BounceDeskError


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "ingest",
        help="run the live feeds: webhooks, log follow, mailboxes",
        description="Run every source in the config at once, until SIGTERM; or, with --status,"
        " show when each source last brought events. The database: --db, else"
        " $BOUNCEDESK_DB_URL, else [database] url in the config.",
    )
    parser.add_argument("--config", metavar="FILE", help="the TOML config (see DESIGN.md)")
    parser.add_argument("--status", action="store_true", help="show each source's freshness")
    parser.add_argument("--json", action="store_true", help="with --status: JSON lines")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    from desktop.live.config import LiveConfig, load_config

    config: LiveConfig | None = None
    try:
        if args.config:
            config = load_config(args.config)
    except BounceDeskError as error:
        raise CliError(str(error)) from error
    if not args.status and config is None:
        raise CliError("ingest needs --config FILE (or --status)", exit_status=2)
    url = args.db or os.environ.get("BOUNCEDESK_DB_URL") or (config and config.database_url)
    if args.status:
        return _status(CliContext(url) if url else ctx, args.json)
    assert config is not None
    return _serve(config, url or ctx.db_url_or_default())


def _serve(config: Any, url: str) -> int:
    from desktop.live.service import IngestService

    logging.basicConfig(
        stream=sys.stdout, level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s"
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)  # its set-up chatter is no event
    from desktop.db_url import masked

    logging.getLogger("bouncedesk.ingest").info("database: %s", masked(url))
    try:
        service = IngestService(config, url)
    except BounceDeskError as error:
        raise CliError(str(error)) from error
    return service.run()


def _status(ctx: CliContext, as_json: bool) -> int:
    from desktop.services.live_status import freshness, source_states, span

    try:
        states = source_states(ctx.database().unit_of_work)
    except BounceDeskError as error:
        raise CliError(str(error)) from error
    finally:
        ctx.close()
    if as_json:
        for state in states:
            print_json(state.as_json())
        return 0
    if not states:
        print("no live source has reported yet")
        return 0
    rows = [
        [
            state.name,
            f"{span(state.lag)} ago" if state.lag is not None else "never",
            str(state.events_today),
            state.last_error or "",
        ]
        for state in states
    ]
    headers = ["source", "last event", "today", "last error"]
    if any(state.dead_letters for state in states):
        headers.insert(3, "dead letters")
        for row, state in zip(rows, states, strict=True):
            row.insert(3, str(state.dead_letters))
    print_table(headers, rows)
    print(freshness(states).text)
    return 0
