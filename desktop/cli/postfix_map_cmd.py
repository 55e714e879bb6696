"""`bouncedesk postfix-map`: print the Postfix map file that refuses quarantined recipients."""

from __future__ import annotations

import argparse
from typing import Any

from desktop.cli.context import CliContext, CliError


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "postfix-map",
        help="print the pgsql:/sqlite: map file for check_recipient_access (see docs/postfix.md)",
    )
    parser.add_argument(
        "--user",
        help="the PostgreSQL login Postfix uses (default: the database's <name>_mta, e.g."
        " bouncedesk_mta; see migrate --roles)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    from desktop.domain.errors import BounceDeskError
    from desktop.store.postfix_map import render_map

    # The database must have the view: open (and migrate a new local file) before printing.
    ctx.database(migrate=True)
    try:
        text = render_map(ctx.db_url_or_default(), user=args.user)
    except BounceDeskError as error:
        raise CliError(str(error)) from error
    print(text, end="")
    return 0
