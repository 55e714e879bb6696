"""Demo data: reproducible, realistic, and obeying the quarantine rules on both engines."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.demo import DemoNeedsEmptyDatabase, generate_demo
from desktop.domain.model import EventType, QuarantineCause
from desktop.domain.policy import PolicyConfig
from desktop.services.release import ApprovalMode, set_approval_mode
from desktop.store.database import Database, open_database
from desktop.store.tables import Base, EventRow, MessageRow, QuarantineEventRow, QuarantineRow

NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)


def test_demo_follows_the_quarantine_rules(database: Database) -> None:
    summary = generate_demo(database, messages=1500, seed=7, now=NOW)
    assert summary.messages == 1500
    assert summary.events / summary.messages >= 4
    assert summary.quarantines > 0 and summary.requests > 0
    with database.session() as s:
        quarantines = s.execute(select(QuarantineRow)).scalars().all()
        links: dict[int, list[int]] = defaultdict(list)
        for q_id, e_id in s.execute(select(QuarantineEventRow.quarantine_id,
                                           QuarantineEventRow.event_id)):  # fmt: skip
            links[q_id].append(e_id)
        types = {row[0]: row[1] for row in s.execute(select(EventRow.id, EventRow.type))}
        rejected = s.execute(
            select(MessageRow.recipient, EventRow.at, EventRow.diagnostic)
            .join(EventRow, EventRow.message_id == MessageRow.id)
            .where(EventRow.type == EventType.REJECTED.value)
        ).all()
        statuses = set(s.scalars(select(MessageRow.status).distinct()))
        domains = s.scalar(select(func.count(func.distinct(MessageRow.recipient_domain))))
    assert {"delivered", "hard_bounce", "soft_bounce", "rejected"} <= statuses
    assert (domains or 0) >= 15
    limit = PolicyConfig().soft_bounce_limit
    by_address: dict[str, list[QuarantineRow]] = defaultdict(list)
    for q in quarantines:
        by_address[q.address].append(q)
        cause_types = [types[e] for e in links[q.id]]
        if q.cause == QuarantineCause.HARD_BOUNCE.value:
            assert cause_types == [EventType.HARD_BOUNCE.value]
        elif q.cause == QuarantineCause.SPAM.value:
            assert cause_types == [EventType.SPAM_COMPLAINT.value]
        else:
            assert cause_types == [EventType.SOFT_BOUNCE.value] * len(cause_types)
            assert len(cause_types) >= limit
        assert (q.ends_at - q.started_at).days == 7
    for spans in by_address.values():  # never two quarantines at once
        spans.sort(key=lambda q: q.started_at)
        for before, after in pairwise(spans):
            assert (before.released_at or before.ends_at) <= after.started_at
    for recipient, at, diagnostic in rejected:  # every rejection hit an active quarantine
        assert any(q.started_at <= at < (q.released_at or q.ends_at) for q in by_address[recipient])
        assert diagnostic.startswith("rejected: ")


def test_same_seed_same_data(tmp_path: Path) -> None:
    def rows(name: str) -> list[tuple[object, ...]]:
        database = open_database(f"sqlite:///{tmp_path / name}")
        try:
            generate_demo(database, messages=300, seed=11, now=NOW)
            with database.session() as s:
                query = select(MessageRow.recipient, MessageRow.subject, MessageRow.status,
                               MessageRow.created_at)  # fmt: skip
                return [tuple(row) for row in s.execute(query)]
        finally:
            database.dispose()

    assert rows("a.sqlite3") == rows("b.sqlite3")


def test_demo_rows_are_built_as_an_import_builds_them(database: Database) -> None:
    # The quarantine marker, its time and the recipient's domain come from
    # store/bulk_import/rows.py for both writers (they had drifted apart).
    generate_demo(database, messages=800, seed=3, now=NOW)
    with database.session() as s:
        markers = s.execute(
            select(EventRow.diagnostic, EventRow.at, EventRow.reason, MessageRow.recipient)
            .join(MessageRow, MessageRow.id == EventRow.message_id)
            .where(EventRow.type == EventType.QUARANTINED.value)
        ).all()
        started = {
            (q.address, q.started_at, q.reason): q.cause for q in s.scalars(select(QuarantineRow))
        }
        split = s.execute(select(MessageRow.recipient, MessageRow.recipient_domain)).all()
    assert markers
    for diagnostic, at, reason, recipient in markers:
        cause = started[(recipient, at, reason)]  # the marker is at the quarantine's start
        assert diagnostic == f"quarantined: {cause}"
    assert all(domain == recipient.rpartition("@")[2].lower() for recipient, domain in split)


def _row_counts(database: Database) -> dict[str, int]:
    with database.session() as s:
        return {
            table.name: int(s.scalar(select(func.count()).select_from(table)) or 0)
            for table in Base.metadata.sorted_tables
        }


def test_a_database_holding_data_is_refused_and_left_as_it_was(database: Database) -> None:
    # A second demo used to end in an IntegrityError (one open quarantine per address);
    # made-up history must not mix into what is there, so it is refused before any write.
    generate_demo(database, messages=200, seed=3, now=NOW)
    before = _row_counts(database)
    for seed, now in ((3, NOW), (4, NOW + timedelta(days=30))):
        with pytest.raises(DemoNeedsEmptyDatabase) as refused:
            generate_demo(database, messages=100, seed=seed, now=now)
        assert refused.value.messages == 200 and refused.value.quarantines > 0
        assert str(refused.value).startswith("this database already holds 200 messages and ")
        assert "demo data is only added to an empty database" in str(refused.value)
        assert _row_counts(database) == before


def test_the_refusal_counts_what_the_database_holds() -> None:
    # Quarantines count as data even without messages: the demo's own would collide with them.
    assert str(DemoNeedsEmptyDatabase(0, 1)).startswith("this database already holds 1 quarantine;")
    assert "holds 1 message and 2 quarantines;" in str(DemoNeedsEmptyDatabase(1, 2))


def test_settings_and_audit_rows_alone_leave_a_database_empty(database: Database) -> None:
    with database.unit_of_work() as uow:
        set_approval_mode(uow, ApprovalMode.APPROVER, "lead", NOW)
    assert generate_demo(database, messages=50, seed=2, now=NOW).messages == 50
