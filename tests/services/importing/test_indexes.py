"""A big import on SQLite loads without its search indexes and always leaves them in place."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from desktop.domain.model import ParsedEvent
from desktop.services.importing import ImportTuning, import_feed
from desktop.store.bulk_import import indexes as bulk_indexes
from desktop.store.database import Database, open_database
from desktop.store.tables import EventRow, MessageRow, SettingRow

DATA = Path(__file__).parents[2] / "data"
MAILLOG = str(DATA / "postfix" / "maillog")


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.dispose()


def indexes(db: Database) -> set[str]:
    with db.session() as session:
        rows = session.execute(text("SELECT name FROM sqlite_master WHERE type = 'index'"))
        return {name for (name,) in rows}


def stored(db: Database) -> list[Any]:
    with db.session() as session:
        events = session.execute(
            select(EventRow.id, EventRow.message_id, EventRow.type, EventRow.key).order_by(
                EventRow.id
            )
        ).all()
        messages = session.execute(
            select(MessageRow.id, MessageRow.message_id, MessageRow.status).order_by(MessageRow.id)
        ).all()
        left = session.get(SettingRow, bulk_indexes.SETTING_KEY)
    return [[tuple(row) for row in events], [tuple(row) for row in messages], left]


def test_an_import_with_its_indexes_set_aside_stores_the_same_rows(tmp_path: Path) -> None:
    results = []
    for suspend in (False, True):
        database = open_database(f"sqlite:///{tmp_path}/{suspend}.sqlite3")
        before = indexes(database)
        summary = import_feed(
            database, "postfix", [MAILLOG], tuning=ImportTuning(suspend_indexes=suspend)
        )
        assert indexes(database) == before
        results.append((summary.counts() | {"files": None}, stored(database)))
        database.dispose()
    assert results[0] == results[1]
    assert results[0][0]["imported"] > 0


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_indexes_are_missing_while_loading_and_back_after(db: Database) -> None:
    seen: list[set[str]] = []

    def look(_event: ParsedEvent) -> None:
        if not seen:
            seen.append(indexes(db))

    before = indexes(db)
    import_feed(db, "postfix", [MAILLOG], tuning=ImportTuning(suspend_indexes=True), on_event=look)
    assert not seen[0] & {*bulk_indexes.SUSPENDABLE, bulk_indexes.RECIPIENT_INDEX}
    assert indexes(db) == before


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_bounce_mail_keeps_the_recipient_index_for_verp_matching(db: Database) -> None:
    seen: list[set[str]] = []

    def look(_event: ParsedEvent) -> None:
        if not seen:
            seen.append(indexes(db))

    before = indexes(db)
    mail = sorted(str(path) for path in (DATA / "dsn").glob("*.eml"))
    summary = import_feed(db, "dsn", mail, tuning=ImportTuning(suspend_indexes=True), on_event=look)
    assert summary.imported > 0
    assert bulk_indexes.RECIPIENT_INDEX in seen[0]
    assert not seen[0] & set(bulk_indexes.SUSPENDABLE)
    assert indexes(db) == before


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_cancelled_import_puts_the_indexes_back(db: Database) -> None:
    before = indexes(db)
    summary = import_feed(
        db,
        "postfix",
        [MAILLOG],
        tuning=ImportTuning(suspend_indexes=True, batch_size=2),
        cancel=lambda: True,
    )
    assert summary.cancelled
    assert indexes(db) == before
    assert stored(db)[2] is None


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_failing_import_puts_the_indexes_back(db: Database) -> None:
    before = indexes(db)

    def fail(_event: ParsedEvent) -> None:
        raise RuntimeError("the caller failed")

    with pytest.raises(RuntimeError):
        import_feed(
            db, "postfix", [MAILLOG], tuning=ImportTuning(suspend_indexes=True), on_event=fail
        )
    assert indexes(db) == before


def test_small_imports_and_postgresql_keep_their_indexes(db: Database) -> None:
    """Decided by the feed size; PostgreSQL is never touched even when asked."""
    seen: list[bool] = []

    def look(_event: ParsedEvent) -> None:
        with db.session() as session:
            seen.append(session.get(SettingRow, bulk_indexes.SETTING_KEY) is not None)

    import_feed(db, "postfix", [MAILLOG], on_event=look)
    import_feed(db, "sendgrid", [str(DATA / "sendgrid" / "events.ndjson")], on_event=look)
    assert seen and not any(seen)
    if db.dialect == "postgresql":
        seen.clear()
        import_feed(
            db,
            "postfix",
            [MAILLOG + ".iso"],
            tuning=ImportTuning(suspend_indexes=True),
            on_event=look,
        )
        assert seen and not any(seen)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_indexes_are_set_aside_when_the_feed_outweighs_the_database(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.services.importing import indexes as import_indexes

    monkeypatch.setattr(import_indexes, "MIN_BYTES", 0)  # the test feed is small
    seen: list[bool] = []

    def look(_event: ParsedEvent) -> None:
        if len(seen) < 1:
            with db.session() as session:
                seen.append(session.get(SettingRow, bulk_indexes.SETTING_KEY) is not None)

    import_feed(db, "postfix", [MAILLOG], on_event=look)
    assert seen == [True]  # an empty database
    import_feed(db, "postfix", [MAILLOG + ".iso"])  # its new messages, stored before counting
    with db.session() as session:
        stored = bulk_indexes.stored_messages_bound(session)
    share, per_event = import_indexes.SET_ASIDE_SHARE, import_indexes.BYTES_PER_EVENT
    smallest = -(-stored // share) * per_event  # the smallest feed that outweighs it
    for size, set_aside in ((smallest - per_event, False), (smallest, True)):
        monkeypatch.setattr(import_indexes, "feed_bytes", lambda _paths, size=size: size)
        seen.clear()
        import_feed(db, "postfix", [MAILLOG + ".iso"], on_event=look)  # now adds nothing
        assert seen == [set_aside]
