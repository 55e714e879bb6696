"""Every text plan on PostgreSQL gives the brute-force answer, page by page, with its count:
the newest window, the id list, and windows growing after a sparse start (made small here)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.domain.search import SearchCriteria, matches, sort_key
from desktop.services.search import count_messages
from desktop.store.database import Database
from tests.services.test_search import _all_pages, _store, criteria_strategy, message_strategy

PLANS = {  # (WINDOW, ID_LIST_LIMIT, COMMON_SHARE, WALK_BUDGET)
    "window": (2000, 20_000, 100, 50_000),
    "id list": (1, 20_000, 10**9, 50_000),
    "id list after a short walk": (1, 20_000, 10**9, 2),
    "growing windows": (1, 0, 10**9, 50_000),
    "growing windows after a probe": (1, 0, 10**9, 2),
    "common count": (1, 0, 1, 50_000),
}


@pytest.mark.parametrize("plan", list(PLANS))
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=st.lists(message_strategy, max_size=25),
    criteria=criteria_strategy.filter(lambda c: bool(c.contains or c.subject)),
    limit=st.integers(1, 7),
)
def test_each_plan_equals_brute_force(
    database: Database,
    plan: str,
    rows: list[dict[str, object]],
    criteria: SearchCriteria,
    limit: int,
) -> None:
    window, id_list, common, budget = PLANS[plan]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("desktop.store.pg_text_search.WINDOW", window)
        patch.setattr("desktop.store.pg_text_search.ID_LIST_LIMIT", id_list)
        patch.setattr("desktop.store.pg_text_search.COMMON_SHARE", common)
        patch.setattr("desktop.store.pg_text_search.WALK_BUDGET", budget)
        stored = _store(database, rows)
        expected = sorted((m for m in stored if matches(m, criteria)), key=sort_key, reverse=True)
        assert [m.id for m in _all_pages(database, criteria, limit)] == [m.id for m in expected]
        with database.unit_of_work() as uow:
            assert count_messages(uow, criteria) == len(expected)
            assert count_messages(uow, criteria, cap=2) == min(2, len(expected))
