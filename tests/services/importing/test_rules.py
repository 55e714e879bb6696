"""An import applies exactly the policy engine's rules, whatever the batches and short cuts."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from desktop.domain.model import EventType, ParsedEvent
from desktop.domain.policy import Observation, PolicyConfig, replay
from desktop.services.importing import ImportTuning, import_feed
from desktop.store.bulk_import.tracked import inert_kinds
from desktop.store.database import Database, open_database
from desktop.store.tables import EventRow, QuarantineRow

START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
KINDS = (
    EventType.SENT,
    EventType.DELIVERED,
    EventType.DEFERRED,
    EventType.SOFT_BOUNCE,
    EventType.HARD_BOUNCE,
    EventType.SPAM_COMPLAINT,
)
_serial = itertools.count()


@pytest.fixture(scope="module")
def shared_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    folder: Path = tmp_path_factory.mktemp("rules")
    database = open_database(f"sqlite:///{folder / 'rules.sqlite3'}")
    yield database
    database.dispose()


def test_the_short_cut_only_skips_what_the_rules_ignore() -> None:
    inert = inert_kinds(PolicyConfig())
    assert EventType.SOFT_BOUNCE not in inert
    assert EventType.HARD_BOUNCE not in inert
    assert EventType.SPAM_COMPLAINT not in inert
    assert {EventType.SENT, EventType.DELIVERED, EventType.DEFERRED} <= inert
    assert EventType.SPAM_COMPLAINT in inert_kinds(PolicyConfig(quarantine_on_spam=False))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    history=st.lists(
        st.tuples(st.sampled_from(KINDS), st.integers(min_value=0, max_value=4 * 24 * 60)),
        min_size=1,
        max_size=25,
    ),
    batch_size=st.integers(min_value=1, max_value=8),
)
def test_an_import_stores_what_the_policy_engine_decides(
    shared_db: Database, history: list[tuple[EventType, int]], batch_size: int
) -> None:
    address = f"a{next(_serial)}@example.nl"
    moment = START
    events: list[ParsedEvent] = []
    for index, (kind, gap) in enumerate(history):
        moment += timedelta(minutes=gap)
        events.append(
            ParsedEvent(
                source=f"h:{index}",
                type=kind,
                recipient=address,
                at=moment,
                key=f"{address}:{index}",
                message_id=f"{address}:m{index}",
                diagnostic="550 5.1.1 user unknown" if kind is EventType.HARD_BOUNCE else None,
            )
        )
    import_feed(
        shared_db,
        "test",
        ["h"],
        records=events,
        tuning=ImportTuning(batch_size=batch_size, commit_every=batch_size),
    )

    config = PolicyConfig()
    expected = replay(
        [Observation(index, e.type, e.at, None) for index, e in enumerate(events)], config
    )
    with shared_db.session() as session:
        stored = list(
            session.scalars(
                select(EventRow.type)
                .where(EventRow.key.like(f"{address}:%"), EventRow.type != "quarantined")
                .order_by(EventRow.at, EventRow.id)
            )
        )
        quarantines = list(
            session.scalars(select(QuarantineRow.cause).where(QuarantineRow.address == address))
        )
    assert stored == [outcome.effective_type.value for outcome in expected]
    assert quarantines == [o.started.cause.value for o in expected if o.started is not None]
