"""Search on real SQLite and PostgreSQL: equal to a brute-force filter, in order, across pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from desktop.domain.errors import ValidationError
from desktop.domain.model import Message, MessageStatus, Reason
from desktop.domain.records import NewMessage
from desktop.domain.search import SearchCriteria, matches, parse_query, sort_key
from desktop.services.search import count_messages, find_message, search_messages
from desktop.store.database import Database
from desktop.store.tables import MessageRow

T0 = datetime(2026, 11, 1, tzinfo=UTC)
ACCOUNTS = ("Gala BV", "Jazz Nights")
# Letters where Python's lower() and both engines' case folding agree, plus the characters a
# LIKE pattern or an FTS query would treat specially.
ALPHABET = "abcAB%_\\'\".@é-"

local = st.text(alphabet="ab%_.\\'é", min_size=1, max_size=6)
domain = st.sampled_from(["ziggo.nl", "gmail.com", "kpn_mail.nl", "a%b.nl"])
message_strategy = st.builds(
    lambda loc, d, s, st_, r, minutes, acc, mid: dict(
        recipient=f"{loc}@{d}".lower(), subject=s, status=st_, reason=r,
        created_at=T0 + timedelta(minutes=minutes), account=acc, message_id=mid,
    ),
    local, domain, st.text(alphabet=ALPHABET + " ", max_size=20),
    st.sampled_from(list(MessageStatus)), st.none() | st.sampled_from(list(Reason)),
    st.integers(0, 50), st.sampled_from(ACCOUNTS), st.sampled_from(["m1", "m2", "m3"]),
)  # fmt: skip
piece = st.text(alphabet=ALPHABET, min_size=1, max_size=4)
criteria_strategy = st.builds(
    SearchCriteria,
    recipient=st.none() | st.builds(lambda loc, d: f"{loc}@{d}", local, domain),
    recipient_prefix=st.none() | piece,
    domain=st.none() | domain,
    contains=st.none() | piece,
    subject=st.none() | st.lists(piece, min_size=1, max_size=2).map(" ".join),
    message_id=st.none() | st.sampled_from(["m1", "m2"]),
    account=st.none() | st.sampled_from(ACCOUNTS),
    status=st.none() | st.sampled_from(list(MessageStatus)),
    reason=st.none() | st.sampled_from(list(Reason)),
    since=st.none() | st.integers(0, 50).map(lambda m: T0 + timedelta(minutes=m)),
)


def _store(database: Database, rows: list[dict[str, object]]) -> list[Message]:
    with database.unit_of_work() as uow:
        uow.session.execute(delete(MessageRow))
        ids = {name: uow.messages.account_id(name) for name in ACCOUNTS}
        stored = []
        for row in rows:
            created = row["created_at"]
            assert isinstance(created, datetime)
            new = NewMessage(
                message_id=str(row["message_id"]), account_id=ids[str(row["account"])],
                sender="info@gala.nl", recipient=str(row["recipient"]), subject=str(row["subject"]),
                status=row["status"], reason=row["reason"],  # type: ignore[arg-type]
                created_at=created, last_event_at=created,
            )  # fmt: skip
            message = uow.messages.get(uow.messages.add(new))
            assert message is not None
            stored.append(message)
        uow.commit()
    return stored


def _all_pages(database: Database, criteria: SearchCriteria, limit: int) -> list[Message]:
    found: list[Message] = []
    cursor = None
    with database.unit_of_work() as uow:
        while True:
            page = search_messages(uow, criteria, cursor=cursor, limit=limit)
            assert len(page.messages) <= limit
            found.extend(page.messages)
            if page.next_cursor is None:
                return found
            cursor = page.next_cursor


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=st.lists(message_strategy, max_size=25), criteria=criteria_strategy,
       limit=st.integers(1, 7))  # fmt: skip
def test_search_equals_brute_force_across_pages(
    database: Database, rows: list[dict[str, object]], criteria: SearchCriteria, limit: int
) -> None:
    stored = _store(database, rows)
    expected = sorted((m for m in stored if matches(m, criteria)), key=sort_key, reverse=True)
    assert [m.id for m in _all_pages(database, criteria, limit)] == [m.id for m in expected]
    with database.unit_of_work() as uow:
        assert count_messages(uow, criteria) == len(expected)


def _sample(database: Database) -> list[Message]:
    rows = [
        dict(recipient="jan@ziggo.nl", subject="Invitation gala dinner", minutes=1),
        dict(recipient="jan.devries@gmail.com", subject="Uitnodiging gala", minutes=2),
        dict(recipient="piet_1%@kpnmail.nl", subject="100% sure: tickets", minutes=3),
        dict(recipient="o'brien@ziggo.nl", subject="It's \\ party time", minutes=4),
        dict(recipient="zoë@xs4all.nl", subject="Café evening", minutes=5),
    ]
    return _store(database, [
        {**r, "created_at": T0 + timedelta(minutes=int(str(r["minutes"]))), "status":
         MessageStatus.DELIVERED, "reason": None, "account": "Gala BV", "message_id": f"id{i}"}
        for i, r in enumerate(rows)
    ])  # fmt: skip


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("jan@ziggo.nl", ["jan@ziggo.nl"]),
        ("JAN@Ziggo.NL", ["jan@ziggo.nl"]),
        ("@ziggo.nl", ["o'brien@ziggo.nl", "jan@ziggo.nl"]),
        ("jan*", ["jan.devries@gmail.com", "jan@ziggo.nl"]),
        ("_1%", ["piet_1%@kpnmail.nl"]),
        ("%", ["piet_1%@kpnmail.nl"]),
        ("_", ["piet_1%@kpnmail.nl"]),
        ("o'b", ["o'brien@ziggo.nl"]),
        ("zoë", ["zoë@xs4all.nl"]),
        ('"gala"', ["jan.devries@gmail.com", "jan@ziggo.nl"]),
        ('"100%"', ["piet_1%@kpnmail.nl"]),
        ('"\\ party"', ["o'brien@ziggo.nl"]),
        ("café evening", ["zoë@xs4all.nl"]),
        ("<id2>", ["piet_1%@kpnmail.nl"]),
        ("nobody", []),
    ],
)
def test_typed_queries(database: Database, typed: str, expected: list[str]) -> None:
    _sample(database)
    found = _all_pages(database, parse_query(typed), limit=2)
    assert [m.recipient for m in found] == expected


@pytest.mark.parametrize(
    "typed",
    ["%", "_", "'", "\\", '"', "' OR 1=1 --", "ünïcødé ☃", "a" * 998, "x%_\\'\"y", "🎉@🎉.nl"],
)
def test_hostile_input_is_literal(database: Database, typed: str) -> None:
    stored = _sample(database)
    criteria = parse_query(typed)
    expected = sorted((m for m in stored if matches(m, criteria)), key=sort_key, reverse=True)
    assert _all_pages(database, criteria, limit=3) == expected


@pytest.mark.parametrize("typed", ["a" * 10_000, "nul\x00byte", "\ud800lone surrogate"])
def test_unusable_input_is_a_clear_validation_error(database: Database, typed: str) -> None:
    _sample(database)
    with pytest.raises(ValidationError) as raised:
        _all_pages(database, SearchCriteria(contains=typed), limit=3)
    assert str(raised.value)


def test_bad_cursor_and_page_size_are_validation_errors(database: Database) -> None:
    with database.unit_of_work() as uow:
        with pytest.raises(ValidationError, match="cursor"):
            search_messages(uow, SearchCriteria(), cursor="not-a-cursor")
        with pytest.raises(ValidationError, match="page"):
            search_messages(uow, SearchCriteria(), limit=0)


def test_find_message_by_number_or_message_id(database: Database) -> None:
    stored = _sample(database)
    with database.unit_of_work() as uow:
        assert find_message(uow, str(stored[0].id)) == stored[0]
        assert find_message(uow, "<id3>") == stored[3]


@pytest.mark.parametrize("typed", ["jan", "gala", '"gala dinner"', "@ziggo.nl", "zoë", "_1%"])
def test_common_words_take_the_scan_plan_with_the_same_results(
    database: Database, typed: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With many trigram matches both engines walk newest-first instead of sorting an id list."""
    stored = _sample(database)
    criteria = parse_query(typed)
    expected = sorted((m for m in stored if matches(m, criteria)), key=sort_key, reverse=True)
    monkeypatch.setattr("desktop.store.messages.FTS_ID_LIST_LIMIT", 0)
    assert _all_pages(database, criteria, limit=1) == expected
