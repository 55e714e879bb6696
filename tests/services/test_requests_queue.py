"""The requests queue shows each request's risk and, once applied, the re-bounce watch."""

from __future__ import annotations

from datetime import timedelta

from desktop.domain.model import EventType, RequestState
from desktop.services.release import ApprovalMode, approve, request_release, set_approval_mode
from desktop.services.requests_queue import list_requests
from tests.helpers.fakes import FakeStore
from tests.services.quarantine_data import NOW, add_message, seed


def test_queue_shows_risk_state_and_the_outcome_after_release() -> None:
    db = FakeStore()  # no SQL under test: the in-memory unit of work
    with db.unit_of_work() as uow:
        set_approval_mode(uow, ApprovalMode.APPROVER, "lead", NOW)
    seed(db, "jan@example.nl", "piet@example.nl")
    with db.unit_of_work() as uow:
        jan = request_release(uow, "jan@example.nl", "anna", "client called", NOW).request_id
    with db.unit_of_work() as uow:
        piet = request_release(uow, "piet@example.nl", "anna", "", NOW).request_id
    with db.unit_of_work() as uow:
        approve(uow, jan, "carla", "", NOW)
    with db.unit_of_work() as uow:
        add_message(uow, "jan@example.nl", NOW + timedelta(hours=2), EventType.DELIVERED, None)
        uow.commit()
    with db.unit_of_work() as uow:
        everything = list_requests(uow)
        pending = list_requests(uow, RequestState.PENDING)
    assert [e.request.id for e in everything] == [piet, jan]
    assert [e.request.id for e in pending] == [piet]
    shown = everything[1].as_json()
    assert shown["state"] == "applied" and shown["after_release"] == "delivered 2 h after release"
    assert shown["risk"] == "high" and "does not exist" in str(shown["risk_why"])
    assert shown["note"] == "client called" and shown["decided_by"] == "carla"
    assert everything[0].after_release is None
