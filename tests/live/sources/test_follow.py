"""[[follow]] postfix: growth, half-written lines, restarts and both kinds of rotation."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.domain.errors import DatabaseUnavailable
from desktop.live.sources.commit import EventCommitter
from desktop.live.sources.follow import FollowSettings, PostfixFollow
from desktop.services.importing import import_feed
from desktop.services.ingest_positions import list_positions
from desktop.store.database import Database, open_database
from tests.live.helpers import (
    append,
    event_count,
    message_ids,
    postfix_log,
    running,
    wait_until,
)


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.dispose()


def _follow(db: Database, path: Path, **options: object) -> PostfixFollow:
    settings = FollowSettings(name="mail.log", path=str(path), poll_seconds=0.05, **options)  # type: ignore[arg-type]
    return PostfixFollow(settings, EventCommitter(db))


def _all_message_ids(count: int) -> set[str]:
    return {f"m{number}@platform.example" for number in range(count)}


def test_follows_a_growing_log_and_waits_for_a_half_written_line(
    db: Database, db_url: str, tmp_path: Path
) -> None:
    log = tmp_path / "mail.log"
    lines, events = postfix_log(0, 30)
    cut = len(lines) // 2
    append(str(log), lines[:cut])
    half = lines[cut][:40]
    append(str(log), [half], end="")  # a line whose end is not written yet
    source = _follow(db, log)
    with running(source) as report:
        wait_until(lambda: source.counts.lines == cut, "the complete lines")
        assert source.counts.bad == 0  # the half line was not read as a (bad) line
        append(str(log), [lines[cut][40:], *lines[cut + 1 :]])
        wait_until(lambda: event_count(db_url) == events, "every event")
    assert source.counts.lines == len(lines)
    assert source.counts.duplicates == 0 and not report.errors
    # The queue-id state joined every delivery line to its message id.
    assert message_ids(db_url) == _all_message_ids(30)
    assert sum(count for _, count, _ in report.committed) == events


def test_a_restart_resumes_where_it_stopped_with_the_open_queue_ids(
    db: Database, db_url: str, tmp_path: Path
) -> None:
    log = tmp_path / "mail.log"
    lines, events = postfix_log(0, 40, lag=6)
    cut = len(lines) // 2
    append(str(log), lines[:cut])
    first = _follow(db, log)
    with running(first):
        wait_until(lambda: first.counts.lines == cut, "the first half")
    stored_first = event_count(db_url)
    append(str(log), lines[cut:])  # written while the service is down
    second = _follow(db, log)
    with running(second) as report:
        wait_until(lambda: event_count(db_url) == events, "every event")
    assert second.counts.lines == len(lines) - cut  # not one line read twice
    assert second.counts.duplicates == 0
    assert second.counts.committed == events - stored_first
    assert message_ids(db_url) == _all_message_ids(40)
    assert not report.errors
    [position] = list_positions(db.unit_of_work)
    assert position.source == "mail.log" and position.offset == log.stat().st_size


def test_rename_and_create_rotation_while_following(
    db: Database, db_url: str, tmp_path: Path
) -> None:
    log, old = tmp_path / "mail.log", tmp_path / "mail.log.1"
    lines, events = postfix_log(0, 30)
    part = len(lines) // 3
    append(str(log), lines[:part])
    source = _follow(db, log)
    with running(source) as report:
        wait_until(lambda: source.counts.lines == part, "the first part")
        os.rename(log, old)
        append(str(old), lines[part : 2 * part])  # syslog writes on to the renamed file a while
        append(str(log), lines[2 * part :])
        wait_until(lambda: event_count(db_url) == events, "every event")
    assert source.counts.lines == len(lines)
    assert source.counts.duplicates == 0 and not report.errors
    assert message_ids(db_url) == _all_message_ids(30)


def test_rename_rotation_while_stopped_reads_the_rest_of_the_old_file_first(
    db: Database, db_url: str, tmp_path: Path
) -> None:
    log, old = tmp_path / "mail.log", tmp_path / "mail.log.1"
    lines, events = postfix_log(0, 30)
    part = len(lines) // 3
    append(str(log), lines[:part])
    first = _follow(db, log)
    with running(first):
        wait_until(lambda: first.counts.lines == part, "the first part")
    append(str(log), lines[part : 2 * part], end="")  # its last line ends without a newline
    os.rename(log, old)
    append(str(log), lines[2 * part :])
    second = _follow(db, log)
    with running(second) as report:
        wait_until(lambda: event_count(db_url) == events, "every event")
    assert second.counts.lines == len(lines) - part
    assert second.counts.duplicates == 0 and not report.errors
    assert message_ids(db_url) == _all_message_ids(30)


def test_copytruncate_rotation_while_following_and_while_stopped(
    db: Database, db_url: str, tmp_path: Path
) -> None:
    log, copy = tmp_path / "mail.log", tmp_path / "mail.log.1"
    lines, events = postfix_log(0, 60)
    parts = [lines[i : i + len(lines) // 4] for i in range(0, len(lines), len(lines) // 4)]
    append(str(log), parts[0])
    source = _follow(db, log)
    with running(source) as report:
        wait_until(lambda: source.counts.lines == len(parts[0]), "the first part")
        append(str(log), parts[1])
        shutil.copyfile(log, copy)  # logrotate's copytruncate: copy, then truncate in place
        os.truncate(log, 0)
        append(str(log), parts[2])
        wait_until(lambda: source.counts.lines == sum(map(len, parts[:3])), "three parts")
    assert not report.errors
    # Stopped: more lines, then a copytruncate the service does not see happen.
    append(str(log), parts[3][:5])
    shutil.copyfile(log, copy)
    os.truncate(log, 0)
    append(str(log), parts[3][5:] + [line for part in parts[4:] for line in part])
    again = _follow(db, log)
    with running(again) as report:
        wait_until(lambda: event_count(db_url) == events, "every event")
    assert source.counts.duplicates == 0 and again.counts.duplicates == 0
    assert source.counts.lines + again.counts.lines == len(lines)
    assert message_ids(db_url) == _all_message_ids(60) and not report.errors


def test_a_later_import_of_the_followed_log_stores_nothing_twice(
    db: Database, db_url: str, tmp_path: Path
) -> None:
    log = tmp_path / "mail.log"
    lines, events = postfix_log(0, 25)
    append(str(log), lines)
    source = _follow(db, log)
    with running(source):
        wait_until(lambda: event_count(db_url) == events, "every event")
    summary = import_feed(db, "postfix", [str(log)])
    assert summary.imported == 0 and summary.duplicates == events
    assert event_count(db_url) == events


def test_start_at_end_skips_what_the_file_held(db: Database, db_url: str, tmp_path: Path) -> None:
    log = tmp_path / "mail.log"
    old_lines, _ = postfix_log(0, 10)
    new_lines, new_events = postfix_log(100, 10)
    append(str(log), old_lines)
    source = _follow(db, log, start_at_end=True)
    with running(source):
        wait_until(lambda: source.counts.commits == 1, "the starting position saved")
        append(str(log), new_lines)
        wait_until(lambda: event_count(db_url) == new_events, "the new events")
    assert message_ids(db_url) == {f"m{n}@platform.example" for n in range(100, 110)}


def test_a_log_that_is_not_there_yet_is_waited_for(
    db: Database, db_url: str, tmp_path: Path
) -> None:
    log = tmp_path / "mail.log"
    lines, events = postfix_log(0, 5)
    source = _follow(db, log)
    with running(source) as report:
        append(str(log), lines)
        wait_until(lambda: event_count(db_url) == events, "every event")
    assert not report.errors


class _FailingOnce(EventCommitter):
    """The real committer, except that one commit fails as a lost database connection does."""

    def __init__(self, database: Database, fail_at: int) -> None:
        super().__init__(database)
        self.calls = 0
        self._fail_at = fail_at

    def commit(self, events, position):  # type: ignore[no-untyped-def]
        self.calls += 1
        if self.calls == self._fail_at:
            raise DatabaseUnavailable("The database stopped answering: connection lost")
        return super().commit(events, position)


def test_a_failed_commit_is_reported_and_the_source_goes_on_from_the_saved_position(
    db: Database, db_url: str, tmp_path: Path
) -> None:
    log = tmp_path / "mail.log"
    lines, events = postfix_log(0, 30, lag=5)
    cut = len(lines) // 2
    append(str(log), lines[:cut])
    committer = _FailingOnce(db, fail_at=3)
    settings = FollowSettings(name="mail.log", path=str(log), poll_seconds=0.05)
    source = PostfixFollow(settings, committer)
    with running(source) as report:
        wait_until(lambda: source.counts.lines >= cut, "the first half")
        append(str(log), lines[cut:])  # read, then its commit fails
        wait_until(lambda: event_count(db_url) == events, "every event after the retry")
    assert len(report.errors) == 1 and "connection lost" in report.errors[0][1]
    assert source.counts.errors == 1 and source.counts.duplicates == 0
    assert message_ids(db_url) == _all_message_ids(30)


def test_a_file_started_before_a_stop_is_found_after_the_next_rotation(
    db: Database, db_url: str, tmp_path: Path
) -> None:
    log, old, older = tmp_path / "mail.log", tmp_path / "mail.log.1", tmp_path / "mail.log.2"
    lines, events = postfix_log(0, 30)
    part = len(lines) // 3
    append(str(log), lines[:part])
    first = _follow(db, log)
    with running(first):
        wait_until(lambda: first.counts.lines == part, "the first part")
        os.rename(log, old)
        log.touch()  # the new file, still empty when the service stops
        wait_until(lambda: first.counts.commits >= 3, "the switch to the new file")
    append(str(log), lines[part : 2 * part])
    os.rename(old, older)
    os.rename(log, old)  # rotated again while the service is down
    append(str(log), lines[2 * part :])
    second = _follow(db, log)
    with running(second) as report:
        wait_until(lambda: event_count(db_url) == events, "every event")
    assert second.counts.lines == len(lines) - part and second.counts.duplicates == 0
    assert not report.errors and message_ids(db_url) == _all_message_ids(30)
