"""Delivered, hard-bounce and complaint rates are shares of the messages sent in the period.

Before the fix they divided every event of a type in the period by the "sent" events in it:
a late delivery of mail sent just before the period made a small client "1 sent, 200.0%
delivered" (seen on demo data), and a period with nothing sent showed "Delivered 0.0%".
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from desktop.domain.model import EventType, ParsedEvent
from desktop.services.importing import import_feed
from desktop.services.overview import Period, TileKind, period_figures, today_tiles
from desktop.services.stats import GroupBy, stats_rows
from desktop.store.database import Database, open_database

NOW = datetime(2026, 11, 27, 15, 30, tzinfo=UTC)
DAY_START = datetime(2026, 11, 26, 16, tzinfo=UTC)  # the 24 h chart's first hour at NOW
MIDNIGHT = datetime(2026, 11, 27, tzinfo=UTC)  # today's tiles begin here (zone UTC)


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.dispose()


def mail(
    address: str, sent: datetime, outcome: EventType, answered: datetime, account: str
) -> list[ParsedEvent]:
    """One message: a "sent" event, then the receiving server's answer."""
    base = dict(
        recipient=address,
        message_id=f"{address}-{sent.isoformat()}",
        sender="tickets@organiser.example",
        subject="Invitation",
        account=account,
    )
    diagnostic = "550 5.1.1 user unknown" if outcome is EventType.HARD_BOUNCE else None
    return [
        ParsedEvent(source="t:1", type=EventType.SENT, at=sent, key=f"s:{address}", **base),  # type: ignore[arg-type]
        ParsedEvent(
            source="t:2",
            type=outcome,
            at=answered,
            key=f"o:{address}",
            diagnostic=diagnostic,
            **base,  # type: ignore[arg-type]
        ),
    ]


def _late_answers() -> list[ParsedEvent]:
    before, inside = DAY_START - timedelta(minutes=5), DAY_START + timedelta(hours=2)
    minute = timedelta(minutes=1)
    return [
        # Sent just before the period, delivered in it; one more sent and delivered in it.
        *mail("a1@wine.nl", before, EventType.DELIVERED, DAY_START + 10 * minute, "Wine Fair"),
        *mail("a2@wine.nl", inside, EventType.DELIVERED, inside + minute, "Wine Fair"),
        # An old message's hard bounce arrives in the period; the one sent in it is delivered.
        *mail("b1@club.nl", before, EventType.HARD_BOUNCE, DAY_START + minute, "Hockey Club"),
        *mail("b2@club.nl", inside, EventType.DELIVERED, inside + minute, "Hockey Club"),
        # Nothing sent in the period: only the answer to earlier mail falls in it.
        *mail("c1@late.nl", before, EventType.DELIVERED, DAY_START + minute, "Late Only"),
    ]


def test_clients_rates_count_the_messages_sent_in_the_period(db: Database) -> None:
    import_feed(db, "test", ["t"], records=_late_answers())
    with db.unit_of_work() as uow:
        day = period_figures(uow, NOW, Period.DAY, UTC)
    clients = {row.account: row.figures for row in day.clients}
    wine, club, late = clients["Wine Fair"], clients["Hockey Club"], clients["Late Only"]
    assert wine.delivered == 2  # both deliveries happened in the period ...
    assert wine.messages_sent == 1 and wine.delivered_rate == 100.0  # ... was 200.0
    assert club.messages_sent == 1 and club.delivered_rate == 100.0
    assert club.hard_bounce_rate == 0.0  # the bounce belongs to mail sent before: was 100.0
    assert late.messages_sent == 0
    assert (late.delivered_rate, late.hard_bounce_rate, late.complaint_rate) == (None,) * 3


def test_stats_rows_and_json_rates_stay_true(db: Database) -> None:
    import_feed(db, "test", ["t"], records=_late_answers())
    with db.unit_of_work() as uow:
        (total,) = stats_rows(uow, DAY_START, NOW)
        by_account = {row.key: row for row in stats_rows(uow, DAY_START, NOW, GroupBy.ACCOUNT)}
        by_hour = stats_rows(uow, DAY_START, NOW, GroupBy.HOUR)
    assert total.figures.messages_sent == 2 and total.figures.delivered_rate == 100.0
    wine = by_account["Wine Fair"].as_json(GroupBy.ACCOUNT)
    assert (wine["delivered"], wine["messages_sent"], wine["delivered_rate"]) == (2, 1, 100.0)
    late = json.loads(json.dumps(by_account["Late Only"].as_json(GroupBy.ACCOUNT)))
    assert late["delivered_rate"] is None and late["hard_bounce_rate"] is None  # null, not 0
    for row in by_hour:
        rate = row.figures.delivered_rate
        assert rate is None or 0.0 <= rate <= 100.0


def test_the_delivered_tile_is_a_share_of_todays_mail_or_none(db: Database) -> None:
    minute = timedelta(minutes=1)
    records = [  # last night's message delivered after midnight; one of today's, delivered
        *mail("n1@x.nl", MIDNIGHT - 5 * minute, EventType.DELIVERED, MIDNIGHT + minute, "A"),
        *mail("t1@x.nl", NOW - 60 * minute, EventType.DELIVERED, NOW - 59 * minute, "A"),
    ]
    import_feed(db, "test", ["t"], records=records)
    with db.unit_of_work() as uow:
        tiles = {tile.kind: tile for tile in today_tiles(uow, NOW, UTC)}
        tomorrow = {tile.kind: tile for tile in today_tiles(uow, NOW + timedelta(days=1), UTC)}
    assert tiles[TileKind.DELIVERED].value == 100.0  # was 200.0: 2 deliveries, 1 sent
    nothing = tomorrow[TileKind.DELIVERED]  # a day with no mail sent yet
    assert nothing.value is None and nothing.text == "no mail sent" and not nothing.flagged
    assert tomorrow[TileKind.SENT].value == 0
