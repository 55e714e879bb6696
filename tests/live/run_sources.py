"""A tiny runner for tests: `python -m tests.live.run_sources CONFIG.toml DB_URL`.

Runs every source of the config until SIGTERM or SIGINT, then prints each source's counts as
one JSON line per source on stdout. The ingest service's own runner lives elsewhere; this one
lets the tests kill a real process in the middle of its work.
"""

from __future__ import annotations

import dataclasses
import json
import signal
import sys
import threading
import tomllib
from types import FrameType

from desktop.live.sources import build_sources, run_sources


def main(argv: list[str]) -> int:
    config_path, db_url = argv
    with open(config_path, "rb") as handle:
        config = tomllib.load(handle)
    sources = build_sources(config, db_url)
    stop = threading.Event()

    def stop_on_signal(_number: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, stop_on_signal)
    signal.signal(signal.SIGINT, stop_on_signal)
    print("started", flush=True)
    run_sources(sources, stop)
    for source in sources:
        counts = dataclasses.asdict(getattr(source, "counts"))  # noqa: B009 - any source type
        print(json.dumps({"source": source.name, **counts}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
