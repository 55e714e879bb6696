"""Random runs of growth, half lines, both rotations and restarts: every line read exactly once."""

from __future__ import annotations

import os
import random
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.live.sources.commit import EventCommitter
from desktop.live.sources.follow import FollowSettings, PostfixFollow
from desktop.store.database import Database, open_database
from tests.live.helpers import (
    RecordingReport,
    append,
    event_count,
    message_ids,
    postfix_log,
    wait_until,
)
from tests.live.helpers import running as run_source

OPERATIONS = ("append", "half_line", "rename", "copytruncate", "restart")


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.dispose()


@pytest.mark.parametrize("seed", [1, 2])
def test_a_random_run_reads_every_line_exactly_once(
    db: Database, db_url: str, tmp_path: Path, seed: int
) -> None:
    chance = random.Random(seed)
    log = tmp_path / "mail.log"
    messages = 80
    lines, events = postfix_log(0, messages, lag=7)
    log.touch()
    written = 0
    sources: list[PostfixFollow] = []

    def new_source() -> PostfixFollow:
        settings = FollowSettings(name="mail.log", path=str(log), poll_seconds=0.02)
        sources.append(PostfixFollow(settings, EventCommitter(db)))
        return sources[-1]

    def read_lines() -> int:
        return sum(source.counts.lines for source in sources)

    def write(count: int) -> None:
        nonlocal written
        append(str(log), lines[written : written + count])
        written += min(count, len(lines) - written)

    report = RecordingReport()
    context = run_source(new_source(), report)
    context.__enter__()
    try:
        while written < len(lines):
            operation = chance.choice(OPERATIONS)
            if operation == "half_line" and written < len(lines):
                line = lines[written]
                append(str(log), [line[:20]], end="")
                time.sleep(0.05)  # a poll or two sees the unfinished line
                append(str(log), [line[20:]])
                written += 1
            elif operation == "rename":
                for number in (3, 2, 1):
                    older = log.with_name(f"mail.log.{number}")
                    if older.exists():
                        older.rename(log.with_name(f"mail.log.{number + 1}"))
                os.rename(log, log.with_name("mail.log.1"))
                log.touch()
            elif operation == "copytruncate":
                shutil.copyfile(log, log.with_name("mail.log.1"))
                os.truncate(log, 0)
            elif operation == "restart":
                context.__exit__(None, None, None)
                write(chance.randint(1, 15))  # written while the service is down
                context = run_source(new_source(), report)
                context.__enter__()
            write(chance.randint(1, 25))
            # Caught up before the next rotation: two rotations unread lose a file, as tail -F.
            target = written
            wait_until(lambda: read_lines() == target, f"line {target} ({operation})")  # noqa: B023
        wait_until(lambda: event_count(db_url) == events, "every event")
    finally:
        context.__exit__(None, None, None)
    assert read_lines() == len(lines)
    assert sum(source.counts.duplicates for source in sources) == 0
    assert message_ids(db_url) == {f"m{n}@platform.example" for n in range(messages)}
    assert not report.errors, report.errors
