"""Burst membership of older open quarantines, worked out inside PostgreSQL.

Burst detection (services/systemic.py) marks every failure that lies in a window holding
enough distinct addresses of one domain. Done in Python it reads every open quarantine: a
second or more at 200,000. For quarantines that started more than two windows ago, no window
that can mark them reaches the last window's bounces, and each address has one quarantine in
force, so counting rows is counting addresses: window functions give the exact answer there,
and only per-domain tallies cross the wire. The caller works out the recent part itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from desktop.domain.bursts import BurstTallies
from desktop.domain.model import Reason

# Members of bursts among quarantines in force at :at; the RANGE frames take the window as an
# interval, to the microsecond as Python compares. The domain is what follows the last '@'
# (string functions: a regular expression here took most of the query's time).
_MEMBERS = """
WITH f AS (
    SELECT id, address, reason, started_at AS t,
           CASE WHEN strpos(address, '@') > 0
                THEN lower(reverse(split_part(reverse(address), '@', 1))) ELSE '' END AS domain
    FROM quarantines
    WHERE released_at IS NULL AND started_at <= :at AND ends_at > :at
), counted AS (
    SELECT f.*, count(*) OVER (
        PARTITION BY domain ORDER BY t
        RANGE BETWEEN CAST(:window AS interval) PRECEDING AND CURRENT ROW
    ) AS n
    FROM f WHERE domain <> ''
), marked AS (
    SELECT counted.*, bool_or(n >= :least) OVER (
        PARTITION BY domain ORDER BY t
        RANGE BETWEEN CURRENT ROW AND CAST(:window AS interval) FOLLOWING
    ) AS member
    FROM counted
), members AS MATERIALIZED (
    SELECT id, address, reason, t AS started_at, domain FROM marked
    WHERE member AND t < :old_end
)
"""

_TALLIES = (
    _MEMBERS
    + """
SELECT 'tally' AS kind, domain, count(*) AS n,
       count(*) FILTER (WHERE reason IN :provider) AS p, NULL AS reason
FROM members GROUP BY domain
UNION ALL
SELECT 'overlap', address, 0, 0, reason FROM members WHERE address IN :overlap
"""
)

_ROWS = _MEMBERS + "SELECT address, reason, started_at, id FROM members WHERE domain IN :domains"


def _params(at: datetime, old_end: datetime, window: timedelta, least: int) -> dict[str, object]:
    naive = {
        name: moment.replace(tzinfo=None) for name, moment in (("at", at), ("old_end", old_end))
    }
    return {**naive, "window": window, "least": least}


def burst_tallies(
    session: Session,
    at: datetime,
    old_end: datetime,
    window: timedelta,
    least: int,
    provider: frozenset[Reason],
    overlap: Sequence[str],
) -> BurstTallies:
    """Per domain, (members, members failing for a `provider` reason), among quarantines in
    force at `at` that started before `old_end`; and the reason of each `overlap` address
    that is such a member."""
    statement = text(_TALLIES).bindparams(
        bindparam("provider", expanding=True), bindparam("overlap", expanding=True)
    )
    tallies: dict[str, tuple[int, int]] = {}
    members: dict[str, Reason] = {}
    rows = session.execute(
        statement,
        {
            **_params(at, old_end, window, least),
            "provider": sorted(reason.value for reason in provider),
            "overlap": list(dict.fromkeys(overlap)) or [""],
        },
    )
    for kind, key, count, providers, reason in rows:
        if kind == "tally":
            tallies[key] = (int(count), int(providers))
        else:
            members[key] = Reason(reason)
    return BurstTallies(tallies, members)


def burst_rows(
    session: Session,
    at: datetime,
    old_end: datetime,
    window: timedelta,
    least: int,
    domains: Sequence[str],
) -> list[tuple[str, Reason, datetime, int]]:
    """(address, reason, since, id) of those members at `domains`."""
    statement = text(_ROWS).bindparams(bindparam("domains", expanding=True))
    rows = session.execute(
        statement, {**_params(at, old_end, window, least), "domains": list(domains)}
    )
    return [
        (address, Reason(reason), since.replace(tzinfo=UTC), int(qid))
        for address, reason, since, qid in rows
    ]
