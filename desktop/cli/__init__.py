"""The `bouncedesk` command: no sub-command starts the GUI, a sub-command runs a use case.

Each sub-command lives in its own module here and exposes `add_parser(subparsers)`, which
registers its parser with `func=run`; `run(args, ctx)` returns the exit status.
Exit status: 0 success, 1 failure with a one-line message on stderr, 2 usage error.
`--db URL` may stand before the sub-command (the original form) or anywhere after it.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import Any

import desktop
from desktop.cli.context import CliContext, CliError
from desktop.cli.failures import environment_failure
from desktop.cli.output import end_quietly_on_broken_pipe, terminal_safe_stdout, terminal_text
from desktop.domain.errors import BounceDeskError

# Sub-command modules, in the order `--help` lists them. A module that is missing (work in
# progress on another branch) is simply not offered.
_COMMAND_MODULES = (
    "desktop.cli.demo_cmd",
    "desktop.cli.migrate_cmd",
    "desktop.cli.import_cmd",
    "desktop.cli.search_cmd",
    "desktop.cli.show_cmd",
    "desktop.cli.quarantine_cmd",
    "desktop.cli.release_cmd",
    "desktop.cli.expire_cmd",
    "desktop.cli.postfix_map_cmd",
    "desktop.cli.sync_cmd",
    "desktop.cli.purge_cmd",
    "desktop.cli.forget_cmd",
    "desktop.cli.retention_cmd",
    "desktop.cli.classify_cmd",
    "desktop.cli.audit_cmd",
    "desktop.cli.policy_cmd",
    "desktop.cli.screenshots_cmd",
    "desktop.cli.ingest_cmd",
    "desktop.cli.stats_cmd",
    "desktop.cli.report_cmd",
)


_DB_HELP = (
    "database URL (sqlite:///path or postgresql+psycopg://...); default:"
    " $BOUNCEDESK_DB_URL, else the local file in the user data folder"
)
_DB_AFTER = "db given after "  # + the parser's prog: each level keeps its own value


class _CommandParser(argparse.ArgumentParser):
    """Every sub-command's parser, nested ones too (argparse makes them of their parent's
    class): it takes `--db` after the command as well, so the option can go at either end."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_argument(
            "--db", metavar="URL", dest=_DB_AFTER + self.prog, default=argparse.SUPPRESS,
            help=_DB_HELP + "; may also go before the command",
        )  # fmt: skip


class _PrintVersion(argparse.Action):
    """`--version`, looked up only when asked for (the lookup slows every start)."""

    def __call__(self, parser: argparse.ArgumentParser, *_args: object, **_kw: object) -> None:
        print(f"bouncedesk {desktop.__version__}")  # on stdout, as argparse's own version action
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bouncedesk",
        description="Bounce Desk: look up failed messages, explain bounces, release quarantined"
        " addresses. Without a sub-command, starts the desktop app.",
    )
    parser.add_argument(
        "--version", action=_PrintVersion, nargs=0, help="show the version and exit"
    )
    parser.add_argument("--db", metavar="URL", help=_DB_HELP)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_CommandParser)
    for name in _COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.db = _chosen_database(parser, args)
    ctx = CliContext(db_url=args.db)
    try:
        if args.command is None:
            from desktop.app import run_gui

            return run_gui(ctx.db_url_or_default(use_settings=False))
        with terminal_safe_stdout():
            result: int = args.func(args, ctx)
        return result
    except CliError as exc:
        _fail(str(exc))
        return exc.exit_status
    except BrokenPipeError:  # `bouncedesk ... | head` stopped reading: not an error
        return end_quietly_on_broken_pipe()
    except KeyboardInterrupt:
        _fail("interrupted")
        return 1
    except BounceDeskError as exc:
        _fail(str(exc))
        return 1
    except Exception as exc:  # a bug: keep the traceback in the log, not on the screen
        if (known := environment_failure(exc)) is not None:
            _fail(known)
            return 1
        log = _log_crash(exc)
        _fail(f"internal error ({type(exc).__name__}: {exc}); details in {log}")
        return 1
    finally:
        ctx.close()


def _chosen_database(parser: argparse.ArgumentParser, args: argparse.Namespace) -> str | None:
    """The one `--db` given before or after the command; two different ones are a usage error."""
    given = [args.db] if args.db is not None else []
    given += [value for key, value in vars(args).items() if key.startswith(_DB_AFTER)]
    if len(set(given)) > 1:
        parser.error("--db is given more than once with different URLs; give it once")
    return given[-1] if given else None


def _fail(message: str) -> None:
    """The one line on stderr a failure gets, with no control characters from server text."""
    print(f"bouncedesk: {terminal_text(message)}", file=sys.stderr)


def _log_crash(exc: BaseException) -> str:
    import traceback
    from datetime import UTC, datetime

    from desktop.paths import log_dir

    try:
        path = log_dir() / "bouncedesk-cli.log"
        with path.open("a", encoding="utf-8") as log:
            log.write(f"--- {datetime.now(UTC).isoformat()} bouncedesk {desktop.__version__}\n")
            log.write("".join(traceback.format_exception(exc)))
    except (OSError, BounceDeskError) as error:  # an unwritable log folder hides nothing
        return f"no log file ({error})"
    return str(path)
