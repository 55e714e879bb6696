"""PostgreSQL writes the audit log itself: each workflow action, done as each role through the
services, leaves exactly one audit row naming the role that acted; times are the server's;
nobody approves their own request (four eyes), whatever a client sends."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from sqlalchemy import exc, make_url, text

from desktop.domain.errors import PermissionDenied
from desktop.domain.model import EventType, ParsedEvent, Reason, RequestState
from desktop.domain.policy import PolicyConfig
from desktop.services.importing import import_feed
from desktop.services.importing.live import LiveImporter
from desktop.services.policy import DeskRole, set_policy
from desktop.services.quarantine import expire_due
from desktop.services.release import (
    ApprovalMode,
    approve,
    reject,
    request_release,
    set_approval_mode,
)
from desktop.services.retention import forget, purge, set_retention
from desktop.services.systemic import SystemicConfig, set_systemic_config
from desktop.store.database import Database
from tests.hardening.conftest import NOW, OTHER, World
from tests.services.quarantine_data import add_quarantine

pytestmark = pytest.mark.postgres

Row = tuple[str, str, str]  # (action, actor, db_role)


def _last_id(database: Database) -> int:
    with database.engine.connect() as connection:
        return int(connection.scalar(text("SELECT coalesce(max(id), 0) FROM audit_log")) or 0)


def _rows_after(database: Database, last: int) -> list[Row]:
    with database.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT action, actor, db_role FROM audit_log WHERE id > :last ORDER BY id"),
            {"last": last},
        )
        return [(str(a), str(b), str(c)) for a, b, c in rows]


def _writes(world: World, action: Callable[[], object]) -> list[Row]:
    """The audit rows `action` left behind (read as the owner)."""
    last = _last_id(world.owner)
    action()
    return _rows_after(world.owner, last)


def _hard_bounce(address: str, at: datetime, key: str) -> ParsedEvent:
    return ParsedEvent(
        type=EventType.HARD_BOUNCE,
        at=at,
        recipient=address,
        message_id=f"{key}@test",
        reply_code=550,
        status="5.1.1",
        reason=Reason.ADDRESS_UNKNOWN,
        source=f"t:{key}",
        key=key,
    )


def test_each_workflow_action_leaves_one_audit_row_with_its_role(world: World) -> None:
    agent, approver = world.agent_login, world.approver_login
    owner = str(make_url(world.owner.url).username)

    def as_agent_request() -> int:
        with world.agent.unit_of_work() as uow:
            return request_release(uow, OTHER, "anna", "client called", NOW).request_id

    requested: list[int] = []
    assert _writes(world, lambda: requested.append(as_agent_request())) == [
        ("release_requested", "anna", agent)
    ]

    def as_approver(step: Callable[..., object], *args: object) -> Callable[[], object]:
        def run() -> object:
            with world.approver.unit_of_work() as uow:
                return step(uow, *args)

        return run

    assert _writes(world, as_approver(reject, requested[-1], "carla", "no")) == [
        ("release_rejected", "carla", approver)
    ]
    with world.owner.unit_of_work() as uow:  # the notes given go with the rows
        notes = [(e.action, e.note) for e in uow.audit.entries(limit=100_000)][-2:]
    assert notes == [("release_requested", "client called"), ("release_rejected", "no")]
    assert _writes(world, lambda: requested.append(as_agent_request())) == [
        ("release_requested", "anna", agent)
    ]
    assert _writes(world, as_approver(approve, requested[-1], "carla", "ok")) == [
        ("release_approved", "carla", approver),
        ("release_applied", "carla", approver),
    ]

    def as_agent_expire() -> None:
        with world.agent.unit_of_work() as uow:
            expire_due(uow)

    assert _writes(world, as_agent_expire) == [("quarantine_expired", "system", agent)]
    assert _writes(world, as_approver(set_retention, 400, "carla")) == [
        ("setting_changed", "carla", approver)
    ]
    strict = PolicyConfig(3, timedelta(days=14), quarantine_on_spam=False)
    assert _writes(world, as_approver(set_policy, strict, "carla", DeskRole.APPROVER)) == [
        ("policy_changed", "carla", approver)
    ]
    systemic = SystemicConfig(window=timedelta(minutes=30), min_addresses=10, min_share=0.5)
    assert (
        _writes(world, as_approver(set_systemic_config, systemic, "carla"))
        == [("setting_changed", "carla", approver)] * 3
    )  # one row per setting changed
    assert _writes(world, as_approver(set_approval_mode, ApprovalMode.AUTO, "carla")) == [
        ("setting_changed", "carla", approver)
    ]

    # The owner's work: an import that replaces a quarantine which ran out unrecorded (its
    # expiry is audited too), a live commit, a purge and a forget.
    with world.owner.unit_of_work() as uow:
        add_quarantine(uow, "late@example.nl", NOW - timedelta(days=20))
        uow.commit()
    fresh = _hard_bounce("late@example.nl", NOW - timedelta(minutes=5), "late-1")
    imported = _writes(
        world,
        lambda: import_feed(world.owner, "test", ["t"], records=[fresh], actor="importer"),
    )
    assert imported == [("quarantine_expired", "system", owner), ("import", "importer", owner)]
    live = LiveImporter(world.owner.unit_of_work)
    second = _hard_bounce("new@example.nl", NOW - timedelta(minutes=1), "live-1")
    assert _writes(world, lambda: live.commit([second], source="webhooks")) == [
        ("live_import", "system", owner)
    ]
    assert _writes(world, lambda: live.commit([second], source="webhooks")) == []  # a duplicate
    assert _writes(world, lambda: purge(world.owner.unit_of_work, 365, "cron")) == [
        ("purge", "cron", owner)
    ]
    assert _writes(world, lambda: forget(world.owner.unit_of_work, OTHER, "lead")) == [
        ("address_forgotten", "lead", owner)
    ]


def _server_now(world: World) -> datetime:
    with world.owner.engine.connect() as connection:
        moment = connection.scalar(text("SELECT now() AT TIME ZONE 'UTC'"))
    assert isinstance(moment, datetime)
    return moment.replace(tzinfo=UTC)


def test_a_forged_time_or_role_is_replaced_by_the_servers(world: World) -> None:
    last = _last_id(world.owner)
    with world.agent.engine.begin() as connection:
        request = connection.scalar(
            text(
                "INSERT INTO release_requests (quarantine_id, state, requested_by, note,"
                " created_at) SELECT id, 'pending', 'anna', '', now() - interval '9 days'"
                " FROM quarantines WHERE address = :address RETURNING id"
            ),
            {"address": OTHER},
        )
    with world.approver.engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE release_requests SET state = 'rejected', decided_by = 'carla',"
                " decided_at = now() - interval '30 days' WHERE id = :id"
            ),
            {"id": request},
        )
    now = _server_now(world)
    with world.owner.unit_of_work() as uow:
        stored = uow.requests.get(int(request))
        entries = uow.audit.entries(after_id=last)
    assert stored is not None and stored.state is RequestState.REJECTED
    assert now - timedelta(minutes=1) <= stored.created_at <= now
    assert stored.decided_at is not None and now - timedelta(minutes=1) <= stored.decided_at
    assert [(e.action, e.actor) for e in entries] == [
        ("release_requested", "anna"),
        ("release_rejected", "carla"),
    ]
    assert all(now - timedelta(minutes=1) <= e.at <= now for e in entries)
    assert _rows_after(world.owner, last) == [
        ("release_requested", "anna", world.agent_login),
        ("release_rejected", "carla", world.approver_login),
    ]


def _own_request(world: World) -> int:
    """A request the approver's login filed under the name "carla" (approvers may request)."""
    with world.approver.unit_of_work() as uow:
        return request_release(uow, OTHER, "carla", "", NOW).request_id


def test_approving_ones_own_request_is_refused_by_the_server(world: World) -> None:
    request = _own_request(world)
    approve_sql = text(
        "UPDATE release_requests SET state = 'approved', decided_by = :by WHERE id = :id"
    )
    with pytest.raises(exc.DBAPIError) as raised, world.approver.engine.begin() as connection:
        connection.execute(approve_sql, {"by": " Carla ", "id": request})  # case, spaces aside
    assert isinstance(raised.value.orig, psycopg.errors.InsufficientPrivilege)
    assert "four eyes" in str(raised.value.orig)
    # Through the store, as the app would hit it: one clear line for the user.
    with pytest.raises(PermissionDenied) as denied, world.approver.unit_of_work() as uow:
        uow.requests.transition(
            request, (RequestState.PENDING,), RequestState.APPROVED, "carla", NOW
        )
    message = str(denied.value)
    assert message.startswith("Four eyes: whoever asked for this release cannot approve it")
    assert "\n" not in message and "SQL" not in message
    with world.owner.unit_of_work() as uow:
        still = uow.requests.get(request)
    assert still is not None and still.state is RequestState.PENDING
    # A shared login is not one person: another name on the same login may approve.
    with world.approver.engine.begin() as connection:
        connection.execute(approve_sql, {"by": "lead", "id": request})


def test_in_auto_mode_the_requester_applies_their_own_request(world: World) -> None:
    with world.approver.unit_of_work() as uow:
        set_approval_mode(uow, ApprovalMode.AUTO, "lead")
    with world.approver.unit_of_work() as uow:
        outcome = request_release(uow, OTHER, "carla", "", NOW)
    assert outcome.state is RequestState.APPLIED
