"""Bulk release from a pasted list: dry run per address, then one request each."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from desktop.domain.model import EventType, Reason, RequestState, RiskLevel
from desktop.services.bulk_release import BulkState, bulk_preview, bulk_request, parse_addresses
from desktop.services.release import ApprovalMode, request_release, set_approval_mode
from tests.helpers.fakes import FakeStore
from tests.services.quarantine_data import NOW, add_message, add_quarantine, logged

TICKET = """Hi, please unblock these:
  Jan@Example.nl, <piet@example.nl>; kees@example.nl
anna@example.nl nobody@example.nl  not-an-address
jan@example.nl
"""


def test_pasted_text_becomes_each_address_once_in_order() -> None:
    assert parse_addresses(TICKET) == [
        "hi", "please", "unblock", "these:", "jan@example.nl", "piet@example.nl",
        "kees@example.nl", "anna@example.nl", "nobody@example.nl", "not-an-address",
    ]  # fmt: skip


@pytest.fixture
def db() -> Iterator[FakeStore]:
    """No SQL is under test here: the in-memory unit of work stands in for the database."""
    database = FakeStore()
    with database.unit_of_work() as uow:
        set_approval_mode(uow, ApprovalMode.APPROVER, "lead", NOW)
        add_quarantine(uow, "jan@example.nl", reason=Reason.MAILBOX_FULL,
                       started_at=NOW - timedelta(days=5))  # fmt: skip
        add_quarantine(uow, "piet@example.nl")
        add_quarantine(uow, "kees@example.nl")
        add_message(uow, "anna@example.nl", NOW - timedelta(days=1), EventType.DELIVERED, None)
        uow.commit()
    with database.unit_of_work() as uow:
        request_release(uow, "kees@example.nl", "bob", "", NOW)
    yield database


def test_the_dry_run_says_where_each_address_stands_and_writes_nothing(db: FakeStore) -> None:
    addresses = parse_addresses(TICKET)[4:]
    with db.unit_of_work() as uow:
        lines = {line.address: line for line in bulk_preview(uow, addresses, NOW)}
    assert {a: line.state for a, line in lines.items()} == {
        "jan@example.nl": BulkState.QUARANTINED,
        "piet@example.nl": BulkState.QUARANTINED,
        "kees@example.nl": BulkState.ALREADY_REQUESTED,
        "anna@example.nl": BulkState.NOT_QUARANTINED,
        "nobody@example.nl": BulkState.UNKNOWN_ADDRESS,
        "not-an-address": BulkState.INVALID,
    }
    assert lines["jan@example.nl"].risk is RiskLevel.LOW
    assert lines["piet@example.nl"].risk is RiskLevel.HIGH
    assert lines["kees@example.nl"].request_state is RequestState.PENDING
    assert logged(db.unit_of_work, "release_requested") == 1


def test_one_request_each_for_the_eligible_and_again_is_already_requested(db: FakeStore) -> None:
    addresses = parse_addresses(TICKET)[4:]
    with db.unit_of_work() as uow:
        lines = {
            line.address: line for line in bulk_request(uow, addresses, "anna", "ticket 7", NOW)
        }
    assert lines["jan@example.nl"].state is BulkState.REQUESTED
    assert lines["piet@example.nl"].state is BulkState.REQUESTED
    assert lines["kees@example.nl"].state is BulkState.ALREADY_REQUESTED
    assert lines["anna@example.nl"].state is BulkState.NOT_QUARANTINED
    assert logged(db.unit_of_work, "release_requested") == 3
    with db.unit_of_work() as uow:
        again = bulk_request(uow, addresses, "anna", "", NOW)
        pending = uow.requests.by_state(RequestState.PENDING)
    assert {line.state for line in again if line.request_id} == {BulkState.ALREADY_REQUESTED}
    assert len(pending) == 3 and {p.note for p in pending} >= {"ticket 7"}
    assert lines["jan@example.nl"].as_json()["state"] == "requested"
