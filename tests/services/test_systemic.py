"""Systemic blocks: bursts at one provider are flagged; ordinary failures are not."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.errors import NotFound
from desktop.domain.model import EventType, Reason, RequestState
from desktop.services.bulk_release import BulkState, bulk_request, cluster_addresses
from desktop.services.quarantine import list_quarantines
from desktop.services.release import ApprovalMode, set_approval_mode
from desktop.services.systemic import (
    Failure,
    SystemicCluster,
    SystemicConfig,
    find_clusters,
    set_systemic_config,
    systemic_clusters,
    systemic_config,
)
from desktop.store.database import Database, open_database
from tests.services.quarantine_data import NOW, add_message, add_quarantine, audit_count

CONFIG = SystemicConfig()


def failures(
    count: int, domain: str = "provider.nl", spread: timedelta = timedelta(minutes=50),
    reason: Reason = Reason.BLOCKED,
) -> list[Failure]:  # fmt: skip
    step = spread / max(count - 1, 1)
    return [
        Failure(f"user{i}@{domain}", reason, NOW - spread + step * i, quarantine_id=i + 1)
        for i in range(count)
    ]


def test_thirty_blocked_addresses_within_an_hour_are_a_suspected_provider_problem() -> None:
    (cluster,) = find_clusters(failures(30), CONFIG)
    assert cluster.domain == "provider.nl" and len(cluster.quarantined) == 30
    assert cluster.reasons[0] == (Reason.BLOCKED, 30) and cluster.share == 1.0
    assert "probably not about this address" in cluster.note()


@pytest.mark.parametrize(
    "burst",
    [
        failures(29),  # too few addresses
        failures(30, spread=timedelta(hours=3)),  # too slow: never 30 within an hour
        failures(30, reason=Reason.ADDRESS_UNKNOWN),  # about the addresses themselves
        failures(15) + failures(15, domain="other.nl"),  # two providers, neither bursts
    ],
)
def test_ordinary_failures_are_not_flagged(burst: list[Failure]) -> None:
    assert find_clusters(burst, CONFIG) == []


def test_only_the_addresses_inside_the_burst_are_marked() -> None:
    quiet = [
        Failure(f"early{i}@provider.nl", Reason.BLOCKED, NOW - timedelta(days=2, hours=i), 100 + i)
        for i in range(5)
    ]
    (cluster,) = find_clusters(failures(30) + quiet, CONFIG)
    assert not any(a.startswith("early") for a in cluster.addresses)


def test_thresholds_are_configurable() -> None:
    config = SystemicConfig(window=timedelta(minutes=10), min_addresses=5, min_share=0.5)
    assert find_clusters(failures(5, spread=timedelta(minutes=9)), config)
    assert not find_clusters(failures(5, spread=timedelta(minutes=11)), config)


@given(
    st.lists(
        st.tuples(
            st.integers(0, 40),
            st.sampled_from(["a.nl", "b.nl"]),
            st.integers(0, 600),
            st.sampled_from([Reason.BLOCKED, Reason.SERVER_ERROR, Reason.MAILBOX_FULL]),
        ),
        max_size=120,
    )
)
def test_every_cluster_holds_a_window_with_enough_distinct_addresses(
    raw: list[tuple[int, str, int, Reason]],
) -> None:
    config = SystemicConfig(window=timedelta(minutes=60), min_addresses=8)
    items = [Failure(f"u{n}@{d}", r, NOW + timedelta(minutes=m)) for n, d, m, r in raw]
    for cluster in find_clusters(items, config):
        mine = [f for f in items if f.address.endswith("@" + cluster.domain)]
        assert any(
            len({f.address for f in mine if start.at <= f.at <= start.at + config.window})
            >= config.min_addresses
            for start in mine
        )
        assert cluster.share >= config.min_share


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.dispose()


def test_the_list_marks_the_burst_and_the_cluster_is_released_through_requests(
    db: Database,
) -> None:
    with db.unit_of_work() as uow:
        set_approval_mode(uow, ApprovalMode.APPROVER, "lead", NOW)
        for i in range(32):
            add_quarantine(uow, f"user{i}@provider.nl", NOW - timedelta(minutes=40 - i),
                           Reason.BLOCKED if i % 4 else Reason.SERVER_ERROR)  # fmt: skip
        add_quarantine(uow, "jan@example.nl", NOW - timedelta(minutes=5))
        uow.commit()
    with db.unit_of_work() as uow:
        entries = {e.quarantine.address: e for e in list_quarantines(uow, NOW)}
        (cluster,) = systemic_clusters(uow, NOW)
    assert cluster.domain == "provider.nl" and len(cluster.quarantined) == 32
    flagged = entries["user3@provider.nl"].as_json()
    assert flagged["systemic_domain"] == "provider.nl"
    assert "probably not about this address" in flagged["systemic"]
    assert entries["jan@example.nl"].systemic is None
    with db.unit_of_work() as uow:
        lines = bulk_request(uow, cluster_addresses(uow, "@Provider.nl", NOW), "anna", now=NOW)
    assert {line.state for line in lines} == {BulkState.REQUESTED}
    assert {line.request_state for line in lines} == {RequestState.PENDING}
    assert audit_count(db, "release_requested") == 32
    with db.unit_of_work() as uow, pytest.raises(NotFound):
        cluster_addresses(uow, "example.nl", NOW)


def test_thresholds_are_stored_per_database_and_changes_are_audited(db: Database) -> None:
    wanted = SystemicConfig(window=timedelta(minutes=20), min_addresses=12, min_share=0.75)
    with db.unit_of_work() as uow:
        set_systemic_config(uow, wanted, "lead", NOW)
    with db.unit_of_work() as uow:
        set_systemic_config(uow, wanted, "lead", NOW)  # unchanged: nothing audited
    with db.unit_of_work() as uow:
        stored = systemic_config(uow)
        changes = uow.audit.entries(action="setting_changed")
    assert stored == wanted
    assert [(e.subject, e.before, e.after) for e in changes] == [
        ("systemic_window_minutes", None, "20"),
        ("systemic_min_addresses", None, "12"),
        ("systemic_min_share", None, "0.75"),
    ]


def _every_failure_in_python(db: Database, config: SystemicConfig) -> list[SystemicCluster]:
    """The reference: every open quarantine and recent bounce read, bursts found in Python."""
    with db.unit_of_work() as uow:
        failures = [
            Failure(address, reason, since, qid)
            for address, reason, since, qid in uow.quarantines.active_failures(NOW)
        ] + [
            Failure(address, Reason(reason), at)
            for address, reason, at in uow.quarantines.recent_bounces(NOW - config.window, NOW)
        ]
    return find_clusters(failures, config)


def test_bursts_tallied_in_the_database_match_reading_every_failure(db: Database) -> None:
    """On PostgreSQL older quarantines are tallied by window functions; the clusters must be
    exactly those of the plain algorithm, recent bounces of long-quarantined addresses too."""
    rng = random.Random(11)
    domains = ["storing.nl", "quiet.nl", "mixed.nl", "busy.com", "Provider.NL"]
    with db.unit_of_work() as uow:
        number = 0
        for domain in domains:
            provider_heavy = domain in {"storing.nl", "Provider.NL"}
            for _ in range(rng.randint(30, 90)):
                number += 1
                at = NOW - timedelta(seconds=rng.randint(0, 9 * 3600))
                reasons = [Reason.BLOCKED, Reason.SERVER_ERROR] if provider_heavy else []
                reason = rng.choice([*reasons, *reasons, Reason.ADDRESS_UNKNOWN, Reason.BLOCKED])
                add_quarantine(uow, f"user{number}@{domain}", at, reason)
        # A burst of exactly min_addresses at equal times, and late bounces of old addresses.
        for i in range(30):
            add_quarantine(uow, f"tie{i}@storing.nl", NOW - timedelta(hours=5), Reason.BLOCKED)
        for i in range(1, 40, 3):
            add_message(uow, f"user{i}@storing.nl", NOW - timedelta(minutes=rng.randint(0, 59)),
                        EventType.SOFT_BOUNCE, Reason.SERVER_ERROR)  # fmt: skip
        uow.commit()
    for config in (
        SystemicConfig(),
        SystemicConfig(window=timedelta(minutes=20), min_addresses=5, min_share=0.5),
        SystemicConfig(window=timedelta(hours=2), min_addresses=12, min_share=0.3),
    ):
        with db.unit_of_work() as uow:
            tallied = systemic_clusters(uow, NOW, config)
        assert tallied == _every_failure_in_python(db, config)
        assert any(c.first_at < NOW - 2 * config.window for c in tallied)  # old ones counted
