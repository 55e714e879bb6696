"""`bouncedesk report`: a client's deliverability report as a PDF (Qt's own PDF output)."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

from desktop.cli.context import CliContext, CliError
from desktop.domain.errors import BounceDeskError


def _day(text: str) -> datetime:
    """A date (the whole day, UTC) or an ISO 8601 time."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (use 2026-11-01)") from error
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "report", help="a client's deliverability report as a PDF"
    )
    parser.add_argument("account", help="the account (client) name, as in the search")
    parser.add_argument("--since", type=_day, required=True, help="first day (UTC)")
    parser.add_argument("--until", type=_day, required=True, help="last day, included (UTC)")
    parser.add_argument("--out", type=Path, required=True, help="the PDF file to write")
    parser.add_argument("--lang", choices=("en", "nl"), default="en")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    from desktop.services.report import client_report

    since = args.since
    until = args.until
    if until.time() == time(0) and until.tzinfo is UTC:
        until = until + timedelta(days=1)  # a date names the whole day
    out: Path = args.out
    if not out.parent.exists():
        raise CliError(f"no such folder: {out.parent}")
    try:
        with ctx.database().unit_of_work() as uow:
            report = client_report(uow, args.account, since, until, UTC, args.lang)
    except BounceDeskError as error:
        raise CliError(str(error)) from error
    _render(report, out)
    print(f"wrote {out}")
    return 0


def _render(report: Any, out: Path) -> None:
    # Qt only here: the chart is a widget, so a QApplication, offscreen (no display needed).
    from PySide6.QtWidgets import QApplication

    from desktop.ui.report.render import render_pdf

    app = QApplication.instance() or QApplication([sys.argv[0], "-platform", "offscreen"])
    try:
        render_pdf(report, out)
    except OSError as error:
        raise CliError(f"cannot write {out}: {error}") from error
    del app
