"""[[mailbox]] imap on a real Dovecot: TLS, IDLE, flag or move after commit, others untouched."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.live.sources.commit import EventCommitter
from desktop.live.sources.imap import ImapSettings, ImapWatch
from desktop.store.database import Database, open_database
from tests.ingest.feed_expect import path_of
from tests.live.dovecot import USER, DovecotServer, require_dovecot
from tests.live.helpers import event_count, running, wait_until

BOUNCES = ["rfc3464.eml", "exim.eml", "gmail.eml", "arf.eml"]
OTHERS = ["autoreply.eml", "not_bounce.eml"]


@pytest.fixture(scope="module")
def dovecot() -> Iterator[DovecotServer]:
    require_dovecot()
    server = DovecotServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def folder(dovecot: DovecotServer, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh folder per test (the server is shared by the module's tests)."""
    name = "t" + re.sub(r"\W", "", request.node.name)[-40:]
    client = dovecot.connect()
    client.create(name)
    client.logout()
    yield name


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.dispose()


def _append(dovecot: DovecotServer, folder: str, names: list[str]) -> None:
    client = dovecot.connect()
    for name in names:
        data = Path(path_of("dsn", name)).read_bytes().replace(b"\r\n", b"\n")
        status, _ = client.append(folder, None, None, data.replace(b"\n", b"\r\n"))
        assert status == "OK"
    client.logout()


def _flags(dovecot: DovecotServer, folder: str) -> dict[bytes, bytes]:
    """Message-ID header -> flags, for every mail in `folder`."""
    client = dovecot.connect()
    client.select(folder, readonly=True)
    _, data = client.fetch("1:*", "(FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
    client.logout()
    found: dict[bytes, bytes] = {}
    for item in data:
        if isinstance(item, tuple):
            flags = re.search(rb"FLAGS \(([^)]*)\)", item[0])
            found[item[1].strip()] = flags.group(1) if flags else b""
    return found


def _watch(
    db: Database, dovecot: DovecotServer, folder: str, port: int | None = None, **options: str
) -> ImapWatch:
    values = {
        "name": f"imap:{folder}",
        "host": "127.0.0.1",
        "user": USER,
        "password_file": str(dovecot.password_file),
        "folder": folder,
        "ca_file": str(dovecot.cert),
        **options,
    }
    settings = ImapSettings(port=port or dovecot.port, **values)  # type: ignore[arg-type]
    return ImapWatch(settings, EventCommitter(db))


def _events_in(names: list[str]) -> int:
    from desktop.ingest import dsn

    return sum(1 for name in names for _ in dsn.read([path_of("dsn", name)]))


def test_bounces_are_flagged_after_commit_and_idle_brings_new_ones(
    db: Database, db_url: str, dovecot: DovecotServer, folder: str
) -> None:
    _append(dovecot, folder, BOUNCES + OTHERS)
    source = _watch(db, dovecot, folder)
    with running(source) as report:
        wait_until(lambda: source.counts.moved == len(BOUNCES), "the bounces flagged")
        assert event_count(db_url) == _events_in(BOUNCES)
        # IDLE: a new bounce is read at once (the next look would be 25 minutes away).
        _append(dovecot, folder, ["qmail.eml"])
        wait_until(lambda: source.counts.moved == len(BOUNCES) + 1, "the new bounce")
    assert not report.errors, report.errors
    assert event_count(db_url) == _events_in([*BOUNCES, "qmail.eml"])
    assert source.counts.left_alone == {"autoreply": 1, "not_bounce": 1}
    flags = _flags(dovecot, folder)
    flagged = [mid for mid, value in flags.items() if b"$BounceDesk" in value]
    assert len(flagged) == len(BOUNCES) + 1
    # Auto-replies and other mail are left exactly as they were: no flag, not even \Seen.
    untouched = [value for value in flags.values() if b"$BounceDesk" not in value]
    assert untouched == [b"", b""]
    # A restart reads nothing again and counts nothing twice.
    again = _watch(db, dovecot, folder)
    with running(again):
        wait_until(lambda: again.counts.polls >= 1, "a look at the folder")
    assert again.counts.mails == 0 and again.counts.duplicates == 0


def test_a_done_folder_receives_the_bounces(
    db: Database, db_url: str, dovecot: DovecotServer, folder: str
) -> None:
    _append(dovecot, folder, BOUNCES + OTHERS)
    source = _watch(db, dovecot, folder, done_folder=f"{folder}-done")
    with running(source) as report:
        wait_until(lambda: source.counts.moved == len(BOUNCES), "the bounces moved")
    assert not report.errors, report.errors
    assert len(_flags(dovecot, folder)) == len(OTHERS)
    assert len(_flags(dovecot, f"{folder}-done")) == len(BOUNCES)
    assert event_count(db_url) == _events_in(BOUNCES)


def test_a_wrong_password_is_reported_in_one_line_and_retried(
    db: Database, dovecot: DovecotServer, folder: str, tmp_path: Path
) -> None:
    wrong = tmp_path / "wrong"
    wrong.write_text("not-the-password\n")
    source = _watch(db, dovecot, folder, password_file=str(wrong))
    with running(source) as report:
        wait_until(lambda: len(report.errors) >= 1, "the error")
    message = report.errors[0][1]
    assert "\n" not in message and "retrying" in message
    assert source.counts.errors >= 1 and source.counts.mails == 0


def test_starttls_on_the_plain_port(
    db: Database, db_url: str, dovecot: DovecotServer, folder: str
) -> None:
    _append(dovecot, folder, BOUNCES[:1])
    source = _watch(db, dovecot, folder, port=dovecot.starttls_port, tls="starttls")
    with running(source) as report:
        wait_until(lambda: source.counts.moved == 1, "the bounce flagged")
    assert not report.errors, report.errors
    assert event_count(db_url) == _events_in(BOUNCES[:1])


def test_a_dropped_connection_is_reported_and_the_watch_reconnects(
    db: Database, db_url: str, dovecot: DovecotServer, folder: str
) -> None:
    source = _watch(db, dovecot, folder)
    with running(source) as report:
        wait_until(lambda: source.counts.polls >= 1, "the first look")
        dovecot.kick()  # the server drops every session of the user
        wait_until(lambda: len(report.errors) >= 1, "the drop reported")
        _append(dovecot, folder, BOUNCES[:2])
        wait_until(lambda: source.counts.moved == 2, "the bounces after reconnecting")
    assert "\n" not in report.errors[0][1]
    assert event_count(db_url) == _events_in(BOUNCES[:2])
