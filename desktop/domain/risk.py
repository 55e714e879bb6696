"""Release-risk verdict: how likely an address is to fail again if its quarantine ends now."""

from __future__ import annotations

from datetime import datetime, timedelta

from desktop.domain.model import QuarantineCause, Reason, RiskLevel

# Full mailboxes are usually emptied within a few days; before that a release mostly buys
# another bounce.
MAILBOX_FULL_SETTLES = timedelta(days=3)
# Outages and overloaded servers tend to be over within a day.
PROVIDER_TROUBLE_SETTLES = timedelta(days=1)

_ADDRESS_GONE = frozenset({Reason.ADDRESS_UNKNOWN, Reason.DOMAIN_UNKNOWN})
_PROVIDER_TROUBLE = frozenset({Reason.SERVER_UNREACHABLE, Reason.SERVER_ERROR, Reason.DELAYED})
_ABOUT_THE_MESSAGE = frozenset({Reason.MESSAGE_TOO_LARGE, Reason.CONTENT_BLOCKED, Reason.POLICY})


def release_risk(
    reason: Reason,
    cause: QuarantineCause,
    started_at: datetime,
    now: datetime,
    released_before_and_bounced_again: bool,
) -> tuple[RiskLevel, str]:
    """The risk of releasing a quarantined address now, with a one-line why for the agent."""
    age = max(now - started_at, timedelta(0))
    if released_before_and_bounced_again:
        return RiskLevel.HIGH, "It was released before and bounced again; it will likely repeat."
    if cause is QuarantineCause.SPAM or reason is Reason.SPAM_COMPLAINT:
        return (
            RiskLevel.HIGH,
            "The recipient reported our mail as spam; mailing again harms the sender's reputation.",
        )
    if reason in _ADDRESS_GONE:
        return RiskLevel.HIGH, "The address or its domain does not exist; it will bounce again."
    if reason is Reason.MAILBOX_FULL:
        if age >= MAILBOX_FULL_SETTLES:
            return RiskLevel.LOW, "The mailbox was full days ago; mailboxes usually get emptied."
        return RiskLevel.MEDIUM, "The mailbox was full very recently and may still be full."
    if reason in _PROVIDER_TROUBLE:
        if age >= PROVIDER_TROUBLE_SETTLES:
            return RiskLevel.LOW, "The receiving server had trouble; that is usually over by now."
        return RiskLevel.MEDIUM, "The receiving server had trouble very recently; it may persist."
    if reason is Reason.BLOCKED:
        return (
            RiskLevel.MEDIUM,
            "The receiving provider blocked our mail; it bounces again until the block is lifted.",
        )
    if reason is Reason.MAILBOX_INACTIVE:
        return RiskLevel.MEDIUM, "The mailbox was inactive; check with the recipient it is in use."
    if reason in _ABOUT_THE_MESSAGE:
        return RiskLevel.LOW, "The problem was the message, not the address; fix the message."
    return RiskLevel.MEDIUM, "The reason is not known; the address may bounce again."
