"""The audit log: append-only on both engines, exported as JSON lines or CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import exc, text

from desktop.domain.records import AuditRecord
from desktop.services.audit_export import audit_entries, entry_json, write_csv
from desktop.store.database import Database, open_database
from tests.services.quarantine_data import NOW, owner_audit_rows


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    owner_audit_rows(
        database,
        [
            AuditRecord(actor, action, subject, NOW + timedelta(minutes=minute), None, "x")
            for minute, (actor, action, subject) in enumerate(
                [
                    ("anna", "release_requested", "quarantine 1 (jan@example.nl)"),
                    ("carla", "release_approved", "quarantine 1 (jan@example.nl)"),
                    ("anna", "release_requested", '=HYPERLINK("http://x")@evil.nl'),
                ]
            )
        ],
    )
    yield database
    database.dispose()


def test_rows_cannot_be_changed_or_deleted_even_by_the_owner(db: Database) -> None:
    for statement in ("UPDATE audit_log SET actor = 'mallory'", "DELETE FROM audit_log"):
        with pytest.raises(exc.DatabaseError, match="append-only"), db.engine.begin() as conn:
            conn.execute(text(statement))
    with db.unit_of_work() as uow:
        assert [e.actor for e in uow.audit.entries()] == ["anna", "carla", "anna"]


def test_filters_and_paging_read_every_matching_entry_in_order(db: Database) -> None:
    with db.unit_of_work() as uow:
        requested = list(audit_entries(uow, action="release_requested"))
        late = list(audit_entries(uow, since=NOW + timedelta(minutes=1)))
        by_carla = list(audit_entries(uow, actor="carla"))
        first = list(audit_entries(uow, limit=1))
    assert [e.id for e in requested] == sorted(e.id for e in requested) and len(requested) == 2
    assert [e.action for e in late] == ["release_approved", "release_requested"]
    assert [e.actor for e in by_carla] == ["carla"] and len(first) == 1
    assert entry_json(first[0])["at"] == NOW.isoformat(timespec="seconds")


def test_csv_has_a_header_and_defuses_spreadsheet_formulas(db: Database) -> None:
    out = io.StringIO()
    with db.unit_of_work() as uow:
        assert write_csv(audit_entries(uow), out) == 3
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == ["id", "at", "actor", "action", "subject", "before", "after", "note"]
    assert rows[1][2:5] == ["anna", "release_requested", "quarantine 1 (jan@example.nl)"]
    assert rows[3][4].startswith("'=HYPERLINK")


def test_a_note_written_with_an_action_is_read_back_and_exported(db: Database) -> None:
    note = "=the client confirmed the address is gone"
    rejected = AuditRecord("carla", "release_rejected", "quarantine 1", NOW, "pending", "rejected")
    owner_audit_rows(db, [rejected._replace(note=note)])
    with db.unit_of_work() as uow:
        entries = list(audit_entries(uow))
        out = io.StringIO()
        write_csv(audit_entries(uow), out)
    notes = [entry_json(e)["note"] for e in entries]
    assert notes == [None, None, None, "=the client confirmed the address is gone"]
    assert out.getvalue().splitlines()[-1].endswith(",'=the client confirmed the address is gone")
