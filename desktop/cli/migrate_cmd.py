"""`bouncedesk migrate`: create or upgrade the schema."""

from __future__ import annotations

import argparse
from typing import Any

from desktop.cli.context import CliContext


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "migrate", help="create or upgrade the database schema"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    from desktop.store.migrate import current_revision, head_revision

    database = ctx.database(migrate=True)
    with database.engine.connect() as connection:
        current = current_revision(connection)
    print(f"{database.url}: schema {current} (newest known: {head_revision()})")
    return 0
