"""Webhook one-time tokens (Mailgun's): remembered with the events they signed, pruned by age.

A token is saved in the transaction that stores its body's events, so it is remembered exactly
when the body was stored, survives a restart, and is seen by every service sharing the
database. Tokens whose signed time is older than the accepted age need no memory: a replay of
one is refused as stale.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from desktop.services.ports import UnitOfWork, UnitOfWorkFactory


def remember_tokens(uow: UnitOfWork, provider: str, tokens: Sequence[tuple[str, float]]) -> None:
    """Save (token, signed time in s since 1970) pairs inside the caller's transaction."""
    uow.tokens.add(provider, [(token, _moment(signed)) for token, signed in tokens])


def forget_tokens(uow: UnitOfWork, signed_before: float) -> int:
    """Prune tokens signed before `signed_before` (inside the caller's transaction)."""
    return uow.tokens.prune(_moment(signed_before))


def recent_tokens(
    uow_factory: UnitOfWorkFactory, provider: str, signed_since: float
) -> list[tuple[str, float]]:
    """The tokens of `provider` signed since `signed_since`, oldest first."""
    with uow_factory() as uow:
        rows = uow.tokens.since(provider, _moment(signed_since))
    return [(token, moment.timestamp()) for token, moment in rows]


def _moment(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)
