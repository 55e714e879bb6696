"""The Overview's figures on real databases: tiles against earlier weeks, chart, clients."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from desktop.domain.model import EventType, MessageStatus, ParsedEvent
from desktop.domain.stats import Dimension
from desktop.services.importing import import_feed
from desktop.services.overview import (
    Period,
    TileKind,
    incidents,
    period_figures,
    today_tiles,
)
from desktop.store.database import Database, open_database

BLOCK = "550 5.7.1 Service unavailable; client host blocked using Spamhaus"
NOW = datetime(2026, 11, 27, 15, 30, tzinfo=UTC)  # a Friday afternoon


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.dispose()


def send(
    address: str,
    at: datetime,
    outcome: EventType,
    account: str = "Oranje Gala Diner",
    diagnostic: str | None = None,
) -> list[ParsedEvent]:
    base = dict(
        recipient=address,
        message_id=f"{address}-{at.isoformat()}",
        sender="tickets@organiser.example",
        subject="Invitation",
        account=account,
    )
    return [
        ParsedEvent(source="t:1", type=EventType.SENT, at=at, key=f"s:{address}:{at}", **base),  # type: ignore[arg-type]
        ParsedEvent(
            source="t:2",
            type=outcome,
            at=at + timedelta(minutes=1),
            key=f"o:{address}:{at}",
            diagnostic=diagnostic,
            **base,  # type: ignore[arg-type]
        ),
    ]


def test_tiles_compare_today_with_the_same_hours_of_earlier_weeks(db: Database) -> None:
    records: list[ParsedEvent] = []
    for week in range(1, 5):  # every earlier Friday morning: 20 delivered, 1 hard bounce
        day = NOW - timedelta(days=7 * week)
        for i in range(20):
            records += send(f"a{i}w{week}@example.nl", day.replace(hour=9), EventType.DELIVERED)
        records += send(f"x{week}@example.nl", day.replace(hour=10), EventType.HARD_BOUNCE,
                        diagnostic="550 5.1.1 user unknown")  # fmt: skip
    for i in range(20):  # today: as many sent, but 15 of them bounce hard
        outcome = EventType.HARD_BOUNCE if i < 15 else EventType.DELIVERED
        records += send(f"t{i}@example.nl", NOW.replace(hour=9), outcome,
                        diagnostic="550 5.1.1 user unknown" if i < 15 else None)  # fmt: skip
    import_feed(db, "test", ["t"], records=records)
    with db.unit_of_work() as uow:
        tiles = {tile.kind: tile for tile in today_tiles(uow, NOW, UTC)}
    assert tiles[TileKind.SENT].value == 20 and not tiles[TileKind.SENT].flagged
    assert tiles[TileKind.SENT].history == (21.0, 21.0, 21.0, 21.0)
    hard = tiles[TileKind.HARD]
    assert hard.value == 15 and hard.history == (1.0,) * 4 and hard.flagged
    assert hard.usual == "usually 1"
    assert hard.criteria is not None and hard.criteria.status is MessageStatus.HARD_BOUNCE
    delivered = tiles[TileKind.DELIVERED]
    assert delivered.text == "25.0%" and delivered.flagged
    assert tiles[TileKind.QUARANTINES].value == 15 and tiles[TileKind.QUARANTINES].flagged
    assert tiles[TileKind.PENDING].value == 0


def test_period_chart_clients_and_a_block_incident(db: Database) -> None:
    records: list[ParsedEvent] = []
    for i in range(40):  # a normal week at ziggo.nl
        records += send(f"n{i}@ziggo.nl", NOW - timedelta(days=3, minutes=i), EventType.DELIVERED)
    for i in range(60):  # today from 14:10: most of ziggo.nl blocks us
        at = NOW.replace(hour=14, minute=10) + timedelta(seconds=30 * i)
        if i < 45:
            records += send(f"b{i}@ziggo.nl", at, EventType.HARD_BOUNCE, "Cleaning Crew", BLOCK)
        else:
            records += send(f"ok{i}@gmail.com", at, EventType.DELIVERED)
    import_feed(db, "test", ["t"], records=records)
    with db.unit_of_work() as uow:
        day = period_figures(uow, NOW, Period.DAY, UTC)
        week = period_figures(uow, NOW, Period.WEEK, UTC, domain="ziggo.nl")
        found = incidents(uow, NOW, UTC)
    assert len(day.bars) == 24 and len(week.bars) == 7
    assert day.domains[:2] == ("ziggo.nl", "gmail.com")
    (blocked_bar,) = [bar for bar in day.bars if bar.start.hour == 14]
    assert blocked_bar.sent == 60 and round(blocked_bar.total) == 75
    assert day.reasons[0].value == "blocked"
    assert [c.account for c in day.clients] == ["Cleaning Crew", "Oranje Gala Diner"]
    assert day.clients[0].hint.startswith("100% blocked by receiving servers")
    assert day.clients[0].figures.hard_bounces == 45
    assert sum(bar.sent for bar in week.bars) == 85  # ziggo.nl only
    (incident,) = found
    assert incident.text.startswith("ziggo.nl: 100% blocked since 14:11, usually 0.0% — ")
    assert "escalate, don't release one by one" in incident.text
    assert incident.criteria.domain == "ziggo.nl"
    assert len(incident.cluster.quarantined) == 45


def test_the_week_chart_sums_local_days(db: Database) -> None:
    zone = timezone(timedelta(hours=2))
    late = datetime(2026, 11, 25, 21, 30, tzinfo=UTC)  # 23:30 on the 25th, there
    records = send("a@example.nl", late, EventType.DELIVERED)
    records += send("b@example.nl", late + timedelta(hours=1), EventType.DELIVERED)  # 00:30
    import_feed(db, "test", ["t"], records=records)
    with db.unit_of_work() as uow:
        week = period_figures(uow, NOW, Period.WEEK, zone)
    sent = {bar.start.astimezone(zone).day: bar.sent for bar in week.bars if bar.sent}
    assert sent == {25: 1, 26: 1}
    assert week.bars[0].start == datetime(2026, 11, 21, tzinfo=zone)


def test_the_month_chart_keeps_each_local_day_across_a_daylight_saving_change(
    db: Database,
) -> None:
    """Amsterdam leaves summer time on 25 October 2026: days before it are UTC+2, after UTC+1."""
    zone = ZoneInfo("Europe/Amsterdam")
    now = datetime(2026, 11, 3, 12, tzinfo=UTC)
    summer = datetime(2026, 10, 23, 22, 30, tzinfo=UTC)  # 00:30 on the 24th, there
    winter = datetime(2026, 10, 26, 23, 30, tzinfo=UTC)  # 00:30 on the 27th, there
    records = send("a@example.nl", summer, EventType.DELIVERED)
    records += send("b@example.nl", winter, EventType.DELIVERED)
    import_feed(db, "test", ["t"], records=records)
    with db.unit_of_work() as uow:
        month = period_figures(uow, now, Period.MONTH, zone)
    sent = {bar.start.astimezone(zone).day: bar.sent for bar in month.bars if bar.sent}
    assert sent == {24: 1, 27: 1}
    assert all(bar.start.astimezone(zone).hour == 0 for bar in month.bars)


def test_per_domain_and_account_figures_over_days_keep_the_period_edges(db: Database) -> None:
    """Beyond 48 hours the daily roll-ups answer the whole UTC days; the edges' hours come
    from the hourly one, so a send just outside the period is not counted."""
    since = datetime(2026, 11, 20, 22, tzinfo=UTC)  # midnight in UTC+2
    until = datetime(2026, 11, 26, 22, tzinfo=UTC)
    records = send("in@example.nl", since + timedelta(minutes=5), EventType.DELIVERED)
    records += send("out@example.nl", since - timedelta(hours=2), EventType.DELIVERED)
    records += send("late@example.nl", until + timedelta(minutes=5), EventType.DELIVERED)
    records += send("mid@example.nl", since + timedelta(days=3), EventType.DELIVERED)
    import_feed(db, "test", ["t"], records=records)
    with db.unit_of_work() as uow:
        for by in ([Dimension.DOMAIN], [Dimension.ACCOUNT, Dimension.REASON]):
            counts = uow.stats.counts(since, until, by)
            sent = sum(c.n for c in counts if c.type is EventType.SENT)
            assert sent == 2, by
