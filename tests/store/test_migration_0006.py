"""Migration 0006 (ingest positions) on both engines, and the positions' repository/service."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import inspect

from desktop.domain.ingest_position import IngestPosition
from desktop.services.ingest_positions import (
    forget_position,
    list_positions,
    load_position,
    save_position,
)
from desktop.store import migrate
from desktop.store.database import open_database


def test_down_to_0002_drops_the_table_and_up_brings_it_back(db_url: str) -> None:
    database = open_database(db_url)
    try:
        assert "ingest_positions" in inspect(database.engine).get_table_names()
        migrate.downgrade(database.engine, "0002")
        assert "ingest_positions" not in inspect(database.engine).get_table_names()
        migrate.upgrade(database.engine)
        columns = {c["name"] for c in inspect(database.engine).get_columns("ingest_positions")}
        assert columns == {"source", "identity", "offset", "state", "updated_at"}
    finally:
        database.dispose()


def test_positions_are_saved_replaced_listed_and_forgotten(db_url: str) -> None:
    database = open_database(db_url)
    factory = database.unit_of_work
    try:
        assert load_position(factory, "mail.log") is None
        at = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
        big = 2**40  # offsets of logs beyond 4 GB fit
        with factory() as uow:
            save_position(uow, IngestPosition("mail.log", "2049:77:256:ab", big, '{"a":1}', at))
            save_position(uow, IngestPosition("bounces", "maildir", 0, "{}", at))
            uow.commit()
        with factory() as uow:  # not committed: rolled back
            save_position(uow, IngestPosition("mail.log", "x", 1, "{}", at))
        assert load_position(factory, "mail.log") == IngestPosition(
            "mail.log", "2049:77:256:ab", big, '{"a":1}', at
        )
        with factory() as uow:
            save_position(uow, IngestPosition("mail.log", "2049:78:0:da", 5, "{}", at))
            uow.commit()
        assert [p.source for p in list_positions(factory)] == ["bounces", "mail.log"]
        position = load_position(factory, "mail.log")
        assert (
            position is not None
            and position.offset == 5
            and position.identity.startswith("2049:78")
        )
        assert forget_position(factory, "mail.log") is True
        assert forget_position(factory, "mail.log") is False
        assert [p.source for p in list_positions(factory)] == ["bounces"]
    finally:
        database.dispose()
