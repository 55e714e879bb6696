"""The import use case on real SQLite files and real PostgreSQL databases."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from desktop.domain.errors import DatabaseUnavailable
from desktop.domain.model import (
    BadRecord,
    EventType,
    MessageStatus,
    ParsedEvent,
    QuarantineCause,
    Reason,
)
from desktop.services.importing import (
    READING,
    REBUILDING,
    SAVING,
    ImportProgress,
    ImportTuning,
    event_fields,
    import_feed,
)
from desktop.store.bulk_import.batch import BatchImporter
from desktop.store.database import Database, open_database
from desktop.store.tables import AuditRow, EventRow, MessageRow, QuarantineRow
from desktop.store.uow import SqlUnitOfWork

DATA = Path(__file__).parents[2] / "data"
START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
SOFT = "452 4.2.2 mailbox over quota"
HARD = "550 5.1.1 user unknown"


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.dispose()


def event(
    kind: EventType,
    recipient: str = "jan@example.nl",
    minute: int = 0,
    *,
    message_id: str | None = "m-1",
    key: str | None = None,
    diagnostic: str | None = None,
    extra: dict[str, str] | None = None,
) -> ParsedEvent:
    return ParsedEvent(
        source=f"test.log:{minute + 1}",
        type=kind,
        recipient=recipient,
        at=START + timedelta(minutes=minute),
        key=key or f"test:{recipient}:{kind.value}:{minute}",
        message_id=message_id,
        sender="tickets@organiser.example",
        subject="Your invitation",
        account="Oranje Gala Diner",
        diagnostic=diagnostic,
        extra=extra or {},
    )


def count(db: Database, table: Any) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def events_of(db: Database) -> list[tuple[str, str, str | None, str | None]]:
    with db.session() as session:
        rows = session.execute(
            select(EventRow.type, EventRow.key, EventRow.reason, EventRow.diagnostic).order_by(
                EventRow.at, EventRow.id
            )
        )
        return [(r[0], r[1] or "", r[2], r[3]) for r in rows]


def run(db: Database, records: Sequence[ParsedEvent | BadRecord], **options: Any) -> Any:
    return import_feed(db, "test", ["test.log"], records=records, **options)


# --- idempotency ---------------------------------------------------------------------------


def test_importing_the_same_events_twice_adds_nothing(db: Database) -> None:
    records: list[ParsedEvent | BadRecord] = [
        event(EventType.SENT, minute=0),
        event(EventType.DELIVERED, minute=1),
        event(EventType.SENT, "piet@example.nl", 2, message_id="m-2"),
    ]
    first = run(db, records)
    assert (first.imported, first.duplicates, first.messages) == (3, 0, 2)
    second = run(db, records)
    assert (second.imported, second.duplicates, second.messages) == (0, 3, 0)
    assert count(db, EventRow) == 3
    assert count(db, MessageRow) == 2


def test_a_key_repeated_inside_one_file_is_stored_once(db: Database) -> None:
    twice = event(EventType.SENT)
    summary = run(db, [twice, twice])
    assert (summary.imported, summary.duplicates) == (1, 1)


def test_the_same_postfix_file_twice_adds_nothing(db: Database) -> None:
    path = str(DATA / "postfix" / "maillog")
    first = import_feed(db, "postfix", [path])
    assert first.imported > 0
    events_after_first = count(db, EventRow)
    second = import_feed(db, "postfix", [path])
    assert second.imported == 0
    assert second.duplicates == first.imported
    assert count(db, EventRow) == events_after_first


# --- messages ------------------------------------------------------------------------------


def test_events_of_one_message_keep_its_status_and_reason(db: Database) -> None:
    run(
        db,
        [
            event(EventType.SENT, minute=0),
            event(EventType.DEFERRED, minute=1, diagnostic="451 4.3.0 try again later"),
            event(EventType.HARD_BOUNCE, minute=2, diagnostic=HARD),
        ],
    )
    with db.unit_of_work() as uow:
        (message,) = uow.messages.by_message_id("m-1")
    assert message.status is MessageStatus.HARD_BOUNCE
    assert message.reason is Reason.ADDRESS_UNKNOWN
    assert message.account == "Oranje Gala Diner"
    assert message.last_event_at == START + timedelta(minutes=2)


def test_a_later_batch_updates_a_stored_message(db: Database) -> None:
    run(db, [event(EventType.SENT, minute=0)])
    run(db, [event(EventType.DELIVERED, minute=5)])
    with db.unit_of_work() as uow:
        (message,) = uow.messages.by_message_id("m-1")
    assert message.status is MessageStatus.DELIVERED
    assert message.last_event_at == START + timedelta(minutes=5)


def test_a_bounce_without_message_id_finds_its_message_by_verp(db: Database) -> None:
    run(db, [event(EventType.SENT, minute=0)])
    bounce = event(
        EventType.HARD_BOUNCE,
        minute=3,
        message_id=None,
        diagnostic=HARD,
        extra={"verp_recipient": "Jan@Example.nl"},
    )
    summary = run(db, [bounce])
    assert summary.messages == 0
    with db.unit_of_work() as uow:
        (message,) = uow.messages.by_message_id("m-1")
        assert [e.type for e in uow.messages.timeline(message.id)][:2] == [
            EventType.SENT,
            EventType.HARD_BOUNCE,
        ]


def test_an_unmatched_event_creates_its_message(db: Database) -> None:
    orphan = ParsedEvent(
        source="x:1", type=EventType.SOFT_BOUNCE, recipient="kees@example.nl", at=START, key="o1"
    )
    summary = run(db, [orphan])
    assert summary.messages == 1
    with db.unit_of_work() as uow:
        message = uow.messages.latest_to("kees@example.nl")
    assert message is not None
    assert (message.account, message.sender, message.subject) == ("(unknown account)", "", "")
    assert message.status is MessageStatus.SOFT_BOUNCE


def test_values_longer_than_their_columns_are_cut_not_refused(db: Database) -> None:
    long = ParsedEvent(
        source="x:1",
        type=EventType.HARD_BOUNCE,
        recipient="kees@example.nl",
        at=START,
        key="k" * 300,
        status="5.1.1 (and an explanation)",
        remote_host="mx." + "a" * 300,
        account="A" * 300,
    )
    assert run(db, [long]).imported == 1
    again = run(db, [long])
    assert (again.imported, again.duplicates) == (0, 1)


# --- bad records, strict, cancel -----------------------------------------------------------


def test_bad_records_are_reported_and_the_good_ones_imported(db: Database) -> None:
    path = str(DATA / "sendgrid" / "bad.ndjson")
    reported: list[BadRecord] = []
    summary = import_feed(db, "sendgrid", [path], on_bad=reported.append)
    assert summary.imported >= 2
    assert summary.bad == len(reported) == len(summary.bad_records) > 0
    lines = {record.source.rpartition(":")[2] for record in reported}
    assert "3" in lines  # "not json at all" is the third line of the file
    assert all(record.source.startswith(path + ":") for record in reported)
    with db.unit_of_work() as uow:
        assert uow.messages.latest_to("one@example.nl") is not None
        assert uow.messages.latest_to("six@example.nl") is not None


def test_strict_stops_at_the_first_bad_record(db: Database) -> None:
    bad = BadRecord("test.log:2", "not a record")
    summary = run(
        db,
        [event(EventType.SENT, minute=0), bad, event(EventType.DELIVERED, minute=2)],
        strict=True,
    )
    assert summary.stopped_at == bad
    assert summary.imported == 1
    assert [row[0] for row in events_of(db)] == ["sent"]


def test_cancel_keeps_the_committed_batches_and_says_so(db: Database) -> None:
    records: list[ParsedEvent | BadRecord] = [
        event(EventType.SENT, f"r{i}@example.nl", i, message_id=f"m{i}") for i in range(10)
    ]
    summary = run(
        db, records, cancel=lambda: True, tuning=ImportTuning(batch_size=3, commit_every=3)
    )
    assert summary.cancelled
    assert summary.imported == 3 == summary.batches * 3
    assert count(db, EventRow) == 3
    again = run(db, records, tuning=ImportTuning(batch_size=3))
    assert (again.imported, again.duplicates) == (7, 3)


def test_a_database_failure_stops_the_import_and_keeps_earlier_batches(db: Database) -> None:
    opened = 0

    def failing_second_time() -> SqlUnitOfWork:
        nonlocal opened
        opened += 1
        if opened == 3:  # the first reads the stored policy, the second writes a batch
            raise DatabaseUnavailable("The database stopped answering: test")
        return db.unit_of_work()

    records = [event(EventType.SENT, f"r{i}@example.nl", i, message_id=f"m{i}") for i in range(9)]
    with pytest.raises(DatabaseUnavailable):
        import_feed(
            failing_second_time,
            "test",
            ["t"],
            records=records,
            tuning=ImportTuning(batch_size=3, commit_every=3),
        )
    assert count(db, EventRow) == 3


def test_progress_reports_counts_and_an_estimated_share(db: Database) -> None:
    snapshots: list[ImportProgress] = []
    path = str(DATA / "postfix" / "maillog")
    summary = import_feed(
        db, "postfix", [path], progress=snapshots.append, tuning=ImportTuning(batch_size=2)
    )
    assert len(snapshots) > 2
    reads = [s.read for s in snapshots]
    assert reads == sorted(reads) and reads[-1] == summary.read
    assert snapshots[-1].imported == summary.imported
    reading = [s for s in snapshots if s.phase == READING]
    shares = [s.fraction for s in reading]
    assert all(share is not None and 0 < share <= 0.99 for share in shares)
    assert all(s.source is not None and s.source.startswith(path) for s in snapshots)


def test_progress_says_when_reading_ends_and_counts_what_the_last_commits_save(
    db: Database,
) -> None:
    """Reading, then saving, then rebuilding the indexes set aside: the share is only the
    reading's, so a bar never stands full while the database still works."""
    snapshots: list[ImportProgress] = []
    path = str(DATA / "postfix" / "maillog")
    summary = import_feed(
        db,
        "postfix",
        [path],
        progress=snapshots.append,
        tuning=ImportTuning(batch_size=2, commit_every=4, suspend_indexes=True),
    )
    phases = [s.phase for s in snapshots]
    assert phases == sorted(phases, key=[READING, SAVING, REBUILDING].index)  # in this order
    # Only SQLite sets indexes aside (PostgreSQL keeps them: store/bulk_import/indexes.py).
    sqlite = db.engine.dialect.name == "sqlite"
    assert set(phases) == ({READING, SAVING, REBUILDING} if sqlite else {READING, SAVING})
    assert all(s.fraction is None for s in snapshots if s.phase != READING)
    imported = [s.imported for s in snapshots]
    assert imported == sorted(imported) and imported[-1] == summary.imported > 0
    # The commits made while reading show up before reading ends.
    assert any(s.imported > 0 for s in snapshots if s.phase == READING)


def test_each_import_writes_an_audit_row(db: Database) -> None:
    run(db, [event(EventType.SENT)], actor="anouk")
    with db.unit_of_work() as uow:
        (entry,) = uow.audit.entries()
    assert (entry.actor, entry.action) == ("anouk", "import")
    assert "test.log" in entry.subject
    assert entry.after is not None and '"imported": 1' in entry.after


# --- quarantine rules ----------------------------------------------------------------------


def test_five_soft_bounces_in_a_row_quarantine_the_address(db: Database) -> None:
    soft = [
        event(EventType.SOFT_BOUNCE, minute=i, message_id=f"m{i}", diagnostic=SOFT)
        for i in range(5)
    ]
    summary = run(
        db, soft, tuning=ImportTuning(batch_size=2, commit_every=2)
    )  # the run spans three transactions
    assert summary.quarantines == 1
    with db.unit_of_work() as uow:
        quarantine = uow.quarantines.active_for("jan@example.nl", START + timedelta(hours=1))
        assert quarantine is not None
        assert quarantine.cause is QuarantineCause.SOFT_BOUNCE
        assert quarantine.reason is Reason.MAILBOX_FULL
        assert len(quarantine.cause_event_ids) == 5
        causes = {e.id for m in range(5) for e in uow.messages.timeline(_mid(uow, f"m{m}"))}
        assert set(quarantine.cause_event_ids) <= causes


def test_a_soft_run_carries_over_to_the_next_import(db: Database) -> None:
    def soft(i: int) -> ParsedEvent:
        return event(EventType.SOFT_BOUNCE, minute=i, message_id=f"m{i}", diagnostic=SOFT)

    assert run(db, [soft(i) for i in range(3)]).quarantines == 0
    assert run(db, [soft(i) for i in range(3, 5)]).quarantines == 1


def test_a_delivery_resets_the_soft_run(db: Database) -> None:
    records: list[ParsedEvent | BadRecord] = [
        event(EventType.SOFT_BOUNCE, minute=i, message_id=f"m{i}", diagnostic=SOFT)
        for i in range(4)
    ]
    records.append(event(EventType.DELIVERED, minute=4, message_id="m4"))
    records.append(event(EventType.SOFT_BOUNCE, minute=5, message_id="m5", diagnostic=SOFT))
    assert run(db, records).quarantines == 0
    assert count(db, QuarantineRow) == 0


def test_a_hard_bounce_quarantines_and_later_sends_are_rejected(db: Database) -> None:
    summary = run(
        db,
        [
            event(EventType.HARD_BOUNCE, minute=0, diagnostic=HARD),
            event(EventType.SENT, minute=60, message_id="m-2"),
            event(EventType.SENT, "other@example.nl", 61, message_id="m-3"),
        ],
    )
    assert (summary.quarantines, summary.rejected) == (1, 1)
    rows = events_of(db)
    assert rows[1][:2] == ("quarantined", "test:jan@example.nl:hard_bounce:0#quarantined")
    rejected = [row for row in rows if row[0] == "rejected"]
    assert rejected == [
        ("rejected", "test:jan@example.nl:sent:60", "address_unknown", "rejected: hard-bounce")
    ]
    with db.unit_of_work() as uow:
        (message,) = uow.messages.by_message_id("m-2")
        assert message.status is MessageStatus.REJECTED
        (other,) = uow.messages.by_message_id("m-3")
        assert other.status is MessageStatus.SENT


def test_a_quarantine_from_an_earlier_import_rejects_sends(db: Database) -> None:
    run(db, [event(EventType.HARD_BOUNCE, minute=0, diagnostic=HARD)])
    summary = run(db, [event(EventType.SENT, minute=30, message_id="m-9")])
    assert summary.rejected == 1
    late = run(db, [event(EventType.SENT, minute=8 * 24 * 60, message_id="m-10")])
    assert late.rejected == 0  # the quarantine ended after seven days


# --- dry run -------------------------------------------------------------------------------


def test_a_dry_run_writes_nothing_and_shows_the_design_fields(db: Database) -> None:
    shown: list[dict[str, Any]] = []
    summary = import_feed(
        None,
        "postfix",
        [str(DATA / "postfix" / "maillog")],
        dry_run=True,
        on_event=lambda e: shown.append(event_fields(e)),
    )
    assert summary.dry_run and summary.imported == 0 and summary.events == len(shown) > 0
    assert set(shown[0]) == {
        "source", "type", "recipient", "status", "reply_code", "diagnostic", "reason", "at",
        "message_id",
    }  # fmt: skip
    bounces = [s for s in shown if s["type"] in ("hard_bounce", "soft_bounce", "deferred")]
    assert bounces and all(s["reason"] for s in bounces)
    assert count(db, EventRow) == 0
    assert count(db, AuditRow) == 0


def _mid(uow: Any, message_id: str) -> int:
    (message,) = uow.messages.by_message_id(message_id)
    return int(message.id)


def test_foreign_key_checks_are_off_only_inside_an_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SQLite only: PostgreSQL keeps its constraints, and an import never touches them there.
    database = open_database(f"sqlite:///{tmp_path / 'keys.sqlite3'}")
    seen: list[int] = []
    real_write = BatchImporter.write

    def write_then_fail(self: BatchImporter, uow: SqlUnitOfWork, events: Any) -> Any:
        counts = real_write(self, uow, events)
        seen.append(uow.session.execute(text("PRAGMA foreign_keys")).scalar_one())
        if len(seen) == 3:  # the second transaction's first batch
            raise RuntimeError("the disk went away")
        return counts

    monkeypatch.setattr(BatchImporter, "write", write_then_fail)
    records = [event(EventType.SENT, f"r{i}@example.nl", i, message_id=f"m{i}") for i in range(9)]
    with pytest.raises(RuntimeError):
        import_feed(
            database,
            "test",
            ["t"],
            records=records,
            tuning=ImportTuning(batch_size=3, commit_every=6),
        )
    assert seen == [0, 0, 0]
    # Whether the import committed, failed or rolled back, the pool hands out checked connections.
    for _ in range(3):
        with database.unit_of_work() as uow:
            assert uow.session.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
    database.dispose()


def test_an_import_leaves_the_substring_index_merging_and_complete(tmp_path: Path) -> None:
    # The import turns FTS5's incremental merging off while it fills the index (SQLite only).
    database = open_database(f"sqlite:///{tmp_path / 'fts.sqlite3'}")
    records = [event(EventType.SENT, f"r{i}@example.nl", i, message_id=f"m{i}") for i in range(9)]
    import_feed(
        database, "test", ["t"], records=records, tuning=ImportTuning(batch_size=2, commit_every=4)
    )
    with database.unit_of_work() as uow:
        merging = uow.session.execute(
            text("SELECT v FROM messages_fts_config WHERE k = 'automerge'")
        ).scalar_one()
        found = uow.session.execute(
            text("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH '\"@example.nl\"'")
        ).scalar_one()
    assert (merging, found) == (4, 9)
    database.dispose()


def test_the_share_read_follows_the_bytes_read_in_a_log_with_short_noise_lines(
    tmp_path: Path,
) -> None:
    """A postfix log's delivery lines are longer than its other lines; the share read once
    counted lines at the delivery lines' length and stood at 99 % halfway (#17, 11)."""
    sample = (DATA / "postfix" / "maillog").read_bytes()
    path = tmp_path / "maillog"
    path.write_bytes(sample * 400)  # about 1.8 MB: many reports along the way
    ends = [0]  # the byte offset at which each line ends
    for line in path.read_bytes().splitlines(keepends=True):
        ends.append(ends[-1] + len(line))
    snapshots: list[ImportProgress] = []
    import_feed(
        None,
        "postfix",
        [str(path)],
        dry_run=True,
        progress=snapshots.append,
        tuning=ImportTuning(batch_size=100),
    )
    errors = []
    for step in snapshots:
        assert step.fraction is not None and step.source is not None
        line = int(step.source.rpartition(":")[2])
        errors.append(abs(step.fraction - ends[line] / ends[-1]))
    assert len(errors) > 10
    assert max(errors) < 0.05
