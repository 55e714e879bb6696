"""The crash handler: a bug logs its traceback and tells the user where the log is."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from desktop.ui.common.dialogs import show_crash

log = logging.getLogger("desktop")


def install_crash_handler(log_file: Path) -> None:
    """Never a raw traceback in front of the user: the log keeps it, a dialog points there."""

    def report(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        log.critical("Unexpected error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        show_crash(f"{kind.__name__}: {value}", log_file)

    def thread_report(args: threading.ExceptHookArgs) -> None:
        log.critical(
            "Unexpected error in a thread:\n%s",
            "".join(traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback)),
        )

    sys.excepthook = report
    threading.excepthook = thread_report
