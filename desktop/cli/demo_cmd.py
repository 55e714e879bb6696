"""`bouncedesk demo`: fill a database with realistic, reproducible demo data."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from desktop.cli.context import CliContext, CliError
from desktop.cli.output import plural


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from error
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "demo", help="fill the database with realistic demo data"
    )
    parser.add_argument("--messages", type=_positive, default=5000, help="how many (default 5000)")
    parser.add_argument("--seed", type=int, default=1, help="same seed, same data (default 1)")
    parser.set_defaults(func=run)


# Where a refused demo points the user: a file of its own, which the demo finds empty.
NEW_FILE_HINT = (
    "use --db with a new file, e.g. bouncedesk --db sqlite:///bouncedesk-demo.sqlite3 demo"
)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    from desktop.demo import DemoNeedsEmptyDatabase, DemoProgress, generate_demo
    from desktop.domain.errors import BounceDeskError

    started = time.perf_counter()
    tty = sys.stderr.isatty()

    def report(p: DemoProgress) -> None:
        if tty:
            rate = p.done / max(time.perf_counter() - started, 1e-9)
            print(f"\r{p.done:,}/{p.total:,} messages ({rate:,.0f}/s)", end="", file=sys.stderr)

    database = ctx.database()
    try:
        summary = generate_demo(database, args.messages, args.seed, progress=report)
    except DemoNeedsEmptyDatabase as error:
        raise CliError(f"{error} ({database.url}); {NEW_FILE_HINT}") from error
    except BounceDeskError as error:
        raise CliError(str(error)) from error
    if tty:
        print(file=sys.stderr)
    seconds = time.perf_counter() - started
    print(
        f"demo: {plural(summary.messages, 'message')}, {plural(summary.events, 'event')}, "
        f"{plural(summary.quarantines, 'quarantine')}, "
        f"{plural(summary.requests, 'release request')} in {seconds:.1f} s"
    )
    return 0
