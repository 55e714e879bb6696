"""How a source outlives its failures: report one line, wait, start again from the database."""

from __future__ import annotations

import threading
from collections.abc import Callable

from desktop.live.sources.base import SourceCounts, SourceReport

FIRST_PAUSE = 1.0  # seconds before the first retry; doubled each time, up to MAX_PAUSE
MAX_PAUSE = 60.0


def run_with_retries(
    name: str,
    stop: threading.Event,
    report: SourceReport,
    counts: SourceCounts,
    body: Callable[[], None],
    first_pause: float = FIRST_PAUSE,
) -> None:
    """Run `body` until it returns with `stop` set; after a failure, pause and run it again.

    `body` starts from what the database holds (its saved position), so a failure in the
    middle of a batch (database gone, file unreadable, server hung up) loses nothing that was
    committed and reads nothing twice. Any exception counts: a service that follows feeds for
    months must report and go on, not die in a thread nobody watches.
    """
    pause = first_pause
    while not stop.is_set():
        try:
            body()
            if stop.is_set():
                return
            pause = first_pause  # returned without a stop: a clean restart, as after a failure
        except Exception as error:
            counts.errors += 1
            text = " ".join(str(error).split()) or type(error).__name__
            report.error(name, f"{type(error).__name__}: {text[:500]}; retrying in {pause:g} s")
            if stop.wait(pause):
                return
            pause = min(pause * 2, MAX_PAUSE)
