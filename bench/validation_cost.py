"""What the one validation edge (ingest.validated) costs per event, beside a bare iteration.

Run: .venv/bin/python bench/validation_cost.py [--events N]
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime

from bench.machine_speed import describe
from desktop.domain.model import EventType, ParsedEvent, parsed_event
from desktop.ingest import validated


def _events(count: int) -> list[ParsedEvent]:
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    return [
        parsed_event(
            f"feed:{i}", EventType.DELIVERED, f"user{i}@example.nl", moment, f"key{i}",
            message_id=f"m{i}@platform.example", sender="events@organiser.example",
            subject="Invitation gala dinner", account="gala-organiser",
            diagnostic="250 2.0.0 OK", remote_host="mx.example.nl", raw="x" * 200,
            status="2.0.0",
        )
        for i in range(count)
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=200_000)
    events = _events(parser.parse_args().events)
    best_bare = best_checked = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for _event in events:
            pass
        best_bare = min(best_bare, time.perf_counter() - started)
        started = time.perf_counter()
        for _event in validated(events):
            pass
        best_checked = min(best_checked, time.perf_counter() - started)
    per_event = (best_checked - best_bare) / len(events) * 1e6
    print(describe())
    print(f"validation: {per_event:.2f} µs per event ({len(events):,} events, best of 3)")


if __name__ == "__main__":
    main()
