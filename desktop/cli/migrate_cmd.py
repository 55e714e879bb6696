"""`bouncedesk migrate`: create or upgrade the schema."""

from __future__ import annotations

import argparse
from typing import Any

from desktop.cli.context import CliContext, CliError


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "migrate", help="create or upgrade the database schema"
    )
    parser.add_argument(
        "--roles",
        action="store_true",
        help="also create this database's PostgreSQL group roles <name>_agent and"
        " <name>_approver (bouncedesk_agent, bouncedesk_approver for a database called"
        " bouncedesk), and the login role <name>_mta (reads quarantined_recipients only),"
        " and grant them this database (run again after each upgrade)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    from desktop.store.migrate import current_revision, head_revision

    database = ctx.database(migrate=True)
    with database.engine.connect() as connection:
        current = current_revision(connection)
    print(f"{database.url}: schema {current} (newest known: {head_revision()})")
    if args.roles:
        from desktop.domain.errors import BounceDeskError
        from desktop.store.roles import create_roles

        try:
            roles = create_roles(database.engine)
        except BounceDeskError as error:
            raise CliError(str(error)) from error
        print(f"roles ready: {', '.join(roles)}")
    return 0
