"""The shared quarantine policy: stored in the database, set by approvers, audited, quoted."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import make_url

from desktop.domain.errors import PermissionDenied, ValidationError
from desktop.domain.model import EventType, ParsedEvent, QuarantineCause, Reason
from desktop.domain.policy import PolicyConfig
from desktop.services.explain import explain
from desktop.services.importing import import_feed
from desktop.services.policy import (
    DeskRole,
    desk_role,
    get_policy,
    set_policy,
    stored_policy,
)
from desktop.services.quarantine import why_quarantined
from desktop.services.search import find_message, message_details
from desktop.store.database import Database, open_database
from desktop.store.roles import create_roles
from tests.helpers.databases import (
    MigratedTemplates,
    _pg_admin,
    drop_pg_database,
    pg_url,
    require_postgres,
)
from tests.services.quarantine_data import NOW, add_message, audit_count

STRICT = PolicyConfig(3, timedelta(days=14), quarantine_on_spam=False)


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.dispose()


def test_defaults_until_an_approver_sets_it_then_everyone_reads_it(db: Database) -> None:
    assert stored_policy(db.unit_of_work) == PolicyConfig() == stored_policy(None)
    with db.unit_of_work() as uow:
        change = set_policy(uow, STRICT, "lead", DeskRole.APPROVER, "too many retries", NOW)
    assert change.changed and change.before == PolicyConfig()
    with db.unit_of_work() as uow:
        assert get_policy(uow) == STRICT
        entry = list(uow.audit.entries())[-1]
    assert (entry.actor, entry.action, entry.note) == ("lead", "policy_changed", "too many retries")
    assert entry.before is not None and "5 soft bounces" in entry.before
    assert entry.after is not None and "3 soft bounces in a row, for 14 days" in entry.after
    with db.unit_of_work() as uow:  # the same again: nothing to write, nothing to audit
        assert not set_policy(uow, STRICT, "lead", DeskRole.APPROVER).changed
    assert audit_count(db, "policy_changed") == 1


def test_an_agent_may_not_change_it(db: Database) -> None:
    with pytest.raises(PermissionDenied, match="Only an approver"), db.unit_of_work() as uow:
        set_policy(uow, STRICT, "anna", DeskRole.AGENT)
    with pytest.raises(ValidationError, match="who"), db.unit_of_work() as uow:
        set_policy(uow, STRICT, "  ", DeskRole.APPROVER)
    with db.unit_of_work() as uow:
        assert get_policy(uow) == PolicyConfig()
        # the file's owner, or the server's superuser that made the test database
        assert desk_role(uow) is DeskRole.APPROVER


def test_the_import_applies_the_stored_rules(db: Database) -> None:
    with db.unit_of_work() as uow:
        set_policy(uow, STRICT, "lead", DeskRole.APPROVER)

    def soft(n: int) -> ParsedEvent:
        return ParsedEvent(
            type=EventType.SOFT_BOUNCE,
            at=NOW + timedelta(minutes=n),
            recipient="jan@example.nl",
            message_id=f"m{n}@test",
            reason=Reason.MAILBOX_FULL,
            source=f"t:{n}",
            key=f"soft{n}",
        )

    complaint = ParsedEvent(type=EventType.SPAM_COMPLAINT, at=NOW, recipient="kees@example.nl",
                            message_id="c@test", reason=Reason.SPAM_COMPLAINT, source="t:c",
                            key="complaint")  # fmt: skip
    summary = import_feed(db, "test", ["t"], records=[soft(0), soft(1), soft(2), complaint])
    assert summary.quarantines == 1  # after 3 soft bounces, not 5; the complaint does not count
    with db.unit_of_work() as uow:
        (quarantine,) = uow.quarantines.history("jan@example.nl")
        why = why_quarantined(uow, "jan@example.nl", NOW + timedelta(minutes=5))
    assert quarantine.cause is QuarantineCause.SOFT_BOUNCE
    assert quarantine.ends_at - quarantine.started_at == timedelta(days=14)
    assert why.rule.startswith("3 soft bounces in a row")


def test_explanations_and_client_texts_quote_the_configured_values(db: Database) -> None:
    with db.unit_of_work() as uow:
        set_policy(uow, STRICT, "lead", DeskRole.APPROVER)
    with db.unit_of_work() as uow:
        for n in range(3):
            add_message(uow, "jan@example.nl", NOW + timedelta(minutes=n), EventType.SOFT_BOUNCE,
                        Reason.MAILBOX_FULL)  # fmt: skip
        message, _ = add_message(uow, "jan@example.nl", NOW + timedelta(minutes=5),
                                 EventType.REJECTED, None)  # fmt: skip
        uow.quarantines.add("jan@example.nl", QuarantineCause.SOFT_BOUNCE, Reason.MAILBOX_FULL,
                            NOW, NOW + timedelta(days=14))  # fmt: skip
        uow.commit()
    with db.unit_of_work() as uow:
        details = message_details(uow, find_message(uow, str(message)), NOW + timedelta(hours=1))
    assert details.policy == STRICT
    english = explain(details, "en", NOW + timedelta(hours=1))
    dutch = explain(details, "nl", NOW + timedelta(hours=1))
    assert english is not None and dutch is not None
    assert "A quarantine lasts 14 days" in english.meaning
    assert english.quarantine_meaning is not None
    assert "3 times in a row" in english.quarantine_meaning
    assert "for 14 days nothing is sent" in english.quarantine_meaning
    assert "7 days" not in english.as_text() and "{" not in english.as_text()


@pytest.mark.postgres
def test_on_postgresql_the_server_says_who_is_an_approver(_templates: MigratedTemplates) -> None:
    require_postgres()
    name = _templates.pg_copy()
    db_url = pg_url(name)
    database = open_database(db_url)
    roles = create_roles(database.engine)
    made: list[tuple[str, Database]] = []
    try:
        for group in (roles.agent, roles.approver):
            role = f"bd_test_pol_{uuid.uuid4().hex[:8]}"
            with _pg_admin() as admin:
                admin.execute(f"CREATE ROLE {role} LOGIN IN ROLE {group}")  # type: ignore[arg-type]
            url = make_url(db_url).set(username=role).render_as_string(hide_password=False)
            made.append((role, open_database(url, migrate=False)))
        (_, agent), (_, approver) = made
        with agent.unit_of_work() as uow:
            assert desk_role(uow) is DeskRole.AGENT
        with pytest.raises(PermissionDenied), agent.unit_of_work() as uow:
            set_policy(uow, STRICT, "anna")
        with pytest.raises(PermissionDenied), agent.unit_of_work() as uow:
            set_policy(uow, STRICT, "anna", DeskRole.APPROVER)  # a claim the server refuses
        with approver.unit_of_work() as uow:
            assert desk_role(uow) is DeskRole.APPROVER
            assert set_policy(uow, STRICT, "carla").changed
        with agent.unit_of_work() as uow:
            assert get_policy(uow) == STRICT
    finally:
        for role, opened in made:
            opened.dispose()
            with _pg_admin() as admin:
                admin.execute(f"DROP ROLE IF EXISTS {role}")  # type: ignore[arg-type]
        database.dispose()
        drop_pg_database(name)
