"""`bouncedesk import`: read feeds into the database, or preview them with --dry-run."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from types import FrameType
from typing import TYPE_CHECKING, Any, TextIO

from desktop.cli.context import CliContext, CliError
from desktop.cli.output import plural, print_json, terminal_text
from desktop.domain.errors import BounceDeskError, ValidationError
from desktop.domain.model import BadRecord, ParsedEvent
from desktop.ingest import FORMATS

if TYPE_CHECKING:
    from desktop.services.importing import ImportProgress, ImportSummary

_BAR_WIDTH = 30
_TTY_EVERY = 0.1  # seconds between redraws of the bar
_PLAIN_EVERY = 5.0  # seconds between progress lines when stderr is a file or pipe


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "import",
        help="import bounce mail, mail logs or provider event exports",
        description="Import feed files. Bad records are reported (path:line: why) and the rest"
        " imported; importing the same file twice adds nothing.",
    )
    parser.add_argument("format", metavar="FORMAT", choices=FORMATS, help=" | ".join(FORMATS))
    parser.add_argument("paths", metavar="PATH", nargs="+", help="files (or Maildir folders)")
    parser.add_argument(
        "--dry-run", action="store_true", help="print the parsed events; write nothing"
    )
    parser.add_argument("--strict", action="store_true", help="stop at the first bad record")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument("--by", metavar="NAME", help="who imports (for the audit log)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    # Imported here, not at the top: the import machinery is heavy, and every other command
    # (and `--version`) should start without it.
    from desktop.services.importing import event_fields, import_feed

    for path in args.paths:
        _check_readable(path, args.format)
    database = None if args.dry_run else ctx.database()
    display = _Progress(sys.stderr, quiet=args.json)
    interrupted = _Interrupt()

    def on_bad(record: BadRecord) -> None:
        display.clear()
        print(terminal_text(f"{record.source}: {record.why}"), file=sys.stderr)

    def on_event(event: ParsedEvent) -> None:
        display.clear()
        if args.json:
            print_json(event_fields(event))
        else:
            print(_event_line(event))

    with interrupted:
        try:
            summary = import_feed(
                database,
                args.format,
                args.paths,
                dry_run=args.dry_run,
                strict=args.strict,
                actor=args.by,
                progress=display.update,
                cancel=interrupted.asked,
                on_bad=on_bad,
                on_event=on_event if args.dry_run else None,
            )
        except ValidationError as exc:
            raise CliError(str(exc), exit_status=2) from exc
        except BounceDeskError as exc:
            raise CliError(str(exc)) from exc
    display.clear()
    _print_summary(summary, args)
    if summary.events == 0 and summary.bad > 0 and summary.stopped_at is None:
        # Not one record of the files was usable: the wrong format, or not a feed at all.
        first = summary.bad_records[0]
        raise CliError(
            f"nothing could be read as {args.format}: {first.source}: {first.why}"
            f" ({summary.bad:,} bad record(s))"
        )
    if summary.stopped_at is not None:
        where = summary.stopped_at
        raise CliError(f"stopped at the first bad record (--strict): {where.source}: {where.why}")
    if summary.cancelled:
        done = plural(summary.imported, "event")
        raise CliError(f"interrupted: {done} imported before the stop")
    return 0


def _check_readable(path: str, format: str) -> None:
    """One clear line for a path that cannot be a feed, before anything is read."""
    if not os.path.exists(path):
        raise CliError(f"no such file or folder: {path}")
    if os.path.isdir(path) and format != "dsn":  # a Maildir is a folder; no other feed is
        raise CliError(f"{path} is a folder; give the {format} files in it")
    if not os.access(path, os.R_OK):
        raise CliError(f"cannot read {path}: permission denied")


def _event_line(event: ParsedEvent) -> str:
    from desktop.services.importing import event_fields

    fields = event_fields(event)
    code = " ".join(str(fields[name]) for name in ("reply_code", "status") if fields[name])
    return "  ".join(
        [
            fields["source"],
            fields["at"],
            fields["type"],
            fields["recipient"],
            code or "-",
            fields["reason"] or "-",
        ]
    )


def _print_summary(summary: ImportSummary, args: argparse.Namespace) -> None:
    if args.json and not args.dry_run:
        print_json(summary.counts())
        return
    # A dry run's stdout is the events; the summary goes beside them on stderr.
    out = sys.stderr if args.dry_run else sys.stdout
    text = (
        f"read {summary.read}, imported {summary.imported}, duplicates {summary.duplicates},"
        f" bad {summary.bad}, skipped {summary.skipped}"
    )
    if args.dry_run:
        text = (
            f"dry run: read {summary.read}, events {summary.events}, bad {summary.bad},"
            f" skipped {summary.skipped}; nothing written"
        )
    elif summary.quarantines or summary.rejected:
        text += f"; quarantines started {summary.quarantines}, sends rejected {summary.rejected}"
    print(text, file=out)


class _Interrupt:
    """Turns Ctrl-C into a polite cancel, so committed batches are reported, not lost."""

    def __init__(self) -> None:
        self._asked = False
        self._previous: Any = None

    def asked(self) -> bool:
        return self._asked

    def _handler(self, _signum: int, _frame: FrameType | None) -> None:
        if self._asked:  # a second Ctrl-C: stop at once
            raise KeyboardInterrupt
        self._asked = True

    def __enter__(self) -> _Interrupt:
        try:
            self._previous = signal.signal(signal.SIGINT, self._handler)
        except ValueError:  # not the main thread: leave Ctrl-C alone
            self._previous = None
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)


class _Progress:
    """A progress bar on a terminal, a line every few seconds elsewhere, nothing when quiet."""

    def __init__(self, stream: TextIO, *, quiet: bool) -> None:
        self._stream = stream
        self._quiet = quiet
        self._tty = stream.isatty()
        self._last = time.monotonic()  # a quick import shows no progress at all
        self._drawn = False

    def update(self, progress: ImportProgress) -> None:
        if self._quiet:
            return
        now = time.monotonic()
        if now - self._last < (_TTY_EVERY if self._tty else _PLAIN_EVERY):
            return
        self._last = now
        if self._tty:
            self._stream.write("\r" + bar(progress) + "\x1b[K")
            self._drawn = True
        else:
            self._stream.write(line(progress) + "\n")
        self._stream.flush()

    def clear(self) -> None:
        if self._drawn:
            self._stream.write("\r\x1b[K")
            self._stream.flush()
            self._drawn = False


def bar(progress: ImportProgress) -> str:
    """`[#######-------]  45%  123,456 records  23,456/s` (no percentage when unknown)."""
    fraction = progress.fraction
    if fraction is None:
        head = ""
    else:
        filled = int(fraction * _BAR_WIDTH)
        head = f"[{'#' * filled}{'-' * (_BAR_WIDTH - filled)}] {fraction:4.0%}  "
    return f"{head}{line(progress)}"


def line(progress: ImportProgress) -> str:
    return (
        f"{progress.read:,} records  {progress.rate:,.0f}/s  imported {progress.imported:,}"
        f"  duplicates {progress.duplicates:,}  bad {progress.bad:,}"
    )
