"""A message's details: one service for the details view and `bouncedesk show`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop.domain.errors import NotFound
from desktop.domain.model import EventType
from desktop.services.details import load_message_report
from desktop.services.health import probe, probe_url
from desktop.store.database import Database, open_database
from tests.ui.seed import DIAGNOSTIC, JAN, seed_quarantined_jan


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.dispose()


def test_a_quarantined_message_by_number_message_id_or_itself(db: Database) -> None:
    seeded = seed_quarantined_jan(db, others=2)
    with db.unit_of_work() as uow:
        by_number = load_message_report(uow, str(seeded.jan_message), "nl")
        by_id = load_message_report(uow, "<jan4@mail.gala.example>", "nl")
        by_message = load_message_report(uow, by_number.details.message, "nl")
    assert by_number.details == by_id.details == by_message.details
    report = by_number
    assert report.details.message.recipient == JAN
    assert report.details.quarantine is not None and report.why is not None
    assert report.why.quarantine.id == seeded.quarantine and len(report.why.events) == 5
    assert report.explanation is not None and report.explanation.lang == "nl"
    bounce = next(e for e in report.details.events if e.type is EventType.SOFT_BOUNCE)
    start, end = report.spans[bounce.id]
    assert 0 <= start < end <= len(DIAGNOSTIC)  # the deciding phrase of the server's text


def test_a_delivered_message_has_no_why_and_an_unknown_one_is_not_found(db: Database) -> None:
    seed_quarantined_jan(db, others=1)
    with db.unit_of_work() as uow:
        report = load_message_report(uow, "other0@mail.gala.example", "en")
        assert report.why is None and report.details.quarantine is None
        with pytest.raises(NotFound, match="No message"):
            load_message_report(uow, "424242", "en")


def test_the_probe_tells_an_empty_database_from_a_filled_one(db: Database, db_url: str) -> None:
    with db.unit_of_work() as uow:
        assert not probe(uow).holds_messages
    seed_quarantined_jan(db, others=0)
    with db.unit_of_work() as uow:
        assert probe(uow).holds_messages
    verdict = probe_url(db_url)
    assert str(verdict).startswith("Connected to ")
    assert verdict.in_language("nl").startswith("Verbonden met ")
