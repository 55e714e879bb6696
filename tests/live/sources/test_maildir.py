"""[[mailbox]] maildir: bounces stored then moved; everything else left in new/ and counted."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.live.sources.commit import EventCommitter
from desktop.live.sources.maildir import MaildirSettings, MaildirWatch
from desktop.services.importing import import_feed
from desktop.store.database import Database, open_database
from tests.ingest.feed_expect import path_of
from tests.live.helpers import event_count, running, wait_until

BOUNCES = ["rfc3464.eml", "exim.eml", "gmail.eml", "arf.eml"]
OTHERS = {"autoreply.eml": "autoreply", "not_bounce.eml": "not_bounce"}


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.dispose()


def _maildir(root: Path) -> Path:
    for sub in ("new", "cur", "tmp"):
        (root / sub).mkdir(parents=True)
    return root


def _deliver(maildir: Path, name: str, number: int) -> str:
    unique = f"1764000000.M{number}P1.desk"
    shutil.copyfile(path_of("dsn", name), maildir / "new" / unique)
    return unique


def _watch(db: Database, maildir: Path, done_folder: str | None = None) -> MaildirWatch:
    settings = MaildirSettings("bounces", str(maildir), done_folder, poll_seconds=0.05)
    return MaildirWatch(settings, EventCommitter(db))


def _events_in(names: list[str]) -> int:
    from desktop.ingest import dsn

    return sum(1 for name in names for _ in dsn.read([path_of("dsn", name)]))


def test_bounces_are_stored_then_moved_and_other_mail_is_left_alone(
    db: Database, db_url: str, tmp_path: Path
) -> None:
    maildir = _maildir(tmp_path / "Maildir")
    bounces = [_deliver(maildir, name, n) for n, name in enumerate(BOUNCES)]
    others = {
        _deliver(maildir, name, 10 + n): kind for n, (name, kind) in enumerate(OTHERS.items())
    }
    source = _watch(db, maildir)
    with running(source) as report:
        wait_until(lambda: source.counts.moved == len(bounces), "the bounces moved")
        assert event_count(db_url) == _events_in(BOUNCES)
        # New mail while it runs.
        late = _deliver(maildir, "qmail.eml", 20)
        wait_until(lambda: source.counts.moved == len(bounces) + 1, "the late bounce")
    assert sorted(p.name for p in (maildir / "cur").iterdir()) == sorted(
        f"{name}:2,S" for name in [*bounces, late]
    )
    assert sorted(p.name for p in (maildir / "new").iterdir()) == sorted(others)
    assert source.counts.left_alone == {"autoreply": 1, "not_bounce": 1}
    assert event_count(db_url) == _events_in([*BOUNCES, "qmail.eml"])
    assert not report.errors
    # A restart does not count the mail it left alone again.
    again = _watch(db, maildir)
    with running(again):
        wait_until(lambda: again.counts.polls >= 3, "a few looks at new/")
    assert again.counts.mails == 0 and again.counts.left_alone == {}


def test_a_crash_between_commit_and_move_stores_nothing_twice(
    db: Database, db_url: str, tmp_path: Path
) -> None:
    maildir = _maildir(tmp_path / "Maildir")
    for n, name in enumerate(BOUNCES):
        _deliver(maildir, name, n)
    # As if the service had died after committing: the events are stored, the mail not moved.
    summary = import_feed(db, "dsn", [str(maildir / "new")])
    assert summary.imported == _events_in(BOUNCES)
    source = _watch(db, maildir)
    with running(source):
        wait_until(lambda: source.counts.moved == len(BOUNCES), "the bounces moved")
    assert source.counts.committed == 0 and source.counts.duplicates == summary.imported
    assert event_count(db_url) == summary.imported


def test_a_done_folder_receives_the_bounces_and_a_later_import_adds_nothing(
    db: Database, db_url: str, tmp_path: Path
) -> None:
    maildir = _maildir(tmp_path / "Maildir")
    for n, name in enumerate(BOUNCES):
        _deliver(maildir, name, n)
    source = _watch(db, maildir, done_folder="Done")
    with running(source):
        wait_until(lambda: source.counts.moved == len(BOUNCES), "the bounces moved")
    done = maildir / ".Done"
    assert len(list((done / "cur").iterdir())) == len(BOUNCES)
    assert (done / "new").is_dir() and (done / "tmp").is_dir()
    summary = import_feed(db, "dsn", [str(done)])
    assert summary.imported == 0 and summary.duplicates == _events_in(BOUNCES)


def test_unreadable_mail_is_reported_and_left_in_new(
    db: Database, db_url: str, tmp_path: Path
) -> None:
    maildir = _maildir(tmp_path / "Maildir")
    (maildir / "new" / "1764000000.M1P1.desk").write_bytes(b"\x00\x01\x02" * 400)
    source = _watch(db, maildir)
    with running(source) as report:
        wait_until(lambda: source.counts.bad == 1, "the bad mail")
    assert [p.name for p in (maildir / "new").iterdir()] == ["1764000000.M1P1.desk"]
    assert len(report.errors) == 1 and "binary data" in report.errors[0][1]
