"""The quarantine policy a team shares: read from the database, changed by approvers, audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from desktop.domain.errors import PermissionDenied, ValidationError
from desktop.domain.phrases import Wording
from desktop.domain.policy import PolicyConfig
from desktop.services.ports import UnitOfWork, UnitOfWorkFactory

SOFT_BOUNCES_KEY = "policy.soft_bounce_limit"
LENGTH_KEY = "policy.quarantine_seconds"
SPAM_KEY = "policy.quarantine_on_spam"
POLICY_SUBJECT = "quarantine policy"
_SAY_WHO = Wording(
    "Say who changes the policy (--by NAME).", "Zeg wie het beleid wijzigt (uw naam ontbreekt)."
)
_APPROVERS_ONLY = Wording(
    "Only an approver may change the quarantine policy.",
    "Alleen een goedkeurder mag het quarantainebeleid wijzigen.",
)


class DeskRole(StrEnum):
    """What a person may do: an agent files requests, an approver also decides and configures."""

    AGENT = "agent"
    APPROVER = "approver"


@dataclass(frozen=True, slots=True)
class PolicyChange:
    """The answer to `set_policy`: before and after, and whether anything changed."""

    before: PolicyConfig
    after: PolicyConfig

    @property
    def changed(self) -> bool:
        return self.before != self.after


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None  # a hand-edited value that is no number: the default holds


def get_policy(uow: UnitOfWork) -> PolicyConfig:
    """The database's quarantine rules; a rule nobody set keeps its DESIGN.md default."""
    default = PolicyConfig()
    stored = uow.settings.get_many([SOFT_BOUNCES_KEY, LENGTH_KEY, SPAM_KEY])  # every commit
    soft = _int(stored.get(SOFT_BOUNCES_KEY))
    seconds = _int(stored.get(LENGTH_KEY))
    spam = stored.get(SPAM_KEY)
    return PolicyConfig(
        soft_bounce_limit=soft if soft is not None and soft >= 1 else default.soft_bounce_limit,
        quarantine_length=timedelta(seconds=seconds)
        if seconds is not None and seconds > 0
        else default.quarantine_length,
        quarantine_on_spam=spam == "yes" if spam in ("yes", "no") else default.quarantine_on_spam,
    )


def stored_policy(factory: UnitOfWorkFactory | None) -> PolicyConfig:
    """`get_policy` in a unit of work of its own; the defaults when there is no database."""
    if factory is None:
        return PolicyConfig()
    with factory() as uow:
        return get_policy(uow)


def desk_role(uow: UnitOfWork) -> DeskRole:
    """The connected user's role: on PostgreSQL the server's roles say; a local file's user
    is its own approver."""
    return DeskRole.APPROVER if uow.settings.caller_may_approve() else DeskRole.AGENT


def set_policy(
    uow: UnitOfWork,
    config: PolicyConfig,
    by: str,
    role: DeskRole | None = None,
    note: str = "",
    now: datetime | None = None,
) -> PolicyChange:
    """Store the rules for everyone using this database: approvers only, one audit row.

    `role` is the caller's role when it knows it; else the database is asked. On PostgreSQL
    the server's grants refuse an agent's write whatever a client claims.
    """
    if not by.strip():
        raise ValidationError(_SAY_WHO())
    if (role or desk_role(uow)) is not DeskRole.APPROVER:
        raise PermissionDenied(_APPROVERS_ONLY())
    before = get_policy(uow)
    change = PolicyChange(before, config)
    if not change.changed:
        return change
    seconds = int(config.quarantine_length.total_seconds())
    uow.settings.set(SOFT_BOUNCES_KEY, str(config.soft_bounce_limit))
    uow.settings.set(LENGTH_KEY, str(seconds))
    uow.settings.set(SPAM_KEY, "yes" if config.quarantine_on_spam else "no")
    at = now if now is not None else datetime.now(UTC)
    uow.audit.record(
        by.strip(), "policy_changed", POLICY_SUBJECT, at, describe(before), describe(config), note
    )
    uow.commit()
    return change


def describe(config: PolicyConfig) -> str:
    """One line for people and the audit log."""
    spam = "quarantine" if config.quarantine_on_spam else "do not quarantine"
    return (
        f"quarantine after {config.soft_bounces_text()} in a row, for {config.length_text()};"
        f" spam complaints {spam}"
    )


def policy_json(config: PolicyConfig) -> dict[str, Any]:
    seconds = int(config.quarantine_length.total_seconds())
    return {
        "soft_bounces": config.soft_bounce_limit,
        "quarantine_days": seconds / 86_400 if seconds % 86_400 else seconds // 86_400,
        "quarantine_seconds": seconds,
        "complaints_quarantine": config.quarantine_on_spam,
        "text": describe(config),
    }
