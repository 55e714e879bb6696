"""What the import tracks between batches: messages (status, reason, times) and addresses."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from desktop.domain.model import EventType, MessageStatus, Reason, recipient_domain, status_after
from desktop.domain.policy import AddressState, Observation, PolicyConfig, observe
from desktop.store.bulk_import.lookups import StoredMessage

# Statuses nothing later in a feed may undo: a late "sent" must not hide a delivery.
_FINAL = frozenset(
    {
        MessageStatus.DELIVERED,
        MessageStatus.HARD_BOUNCE,
        MessageStatus.REJECTED,
        MessageStatus.SPAM_COMPLAINT,
    }
)
# Events whose reason explains the message's status; after the others the message has none.
_EXPLAINED = frozenset(
    {
        EventType.DEFERRED,
        EventType.SOFT_BOUNCE,
        EventType.HARD_BOUNCE,
        EventType.REJECTED,
        EventType.SPAM_COMPLAINT,
    }
)


# The status a type of event names, if any: such an event decides the message's status.
_STATUS_NAMED: dict[EventType, MessageStatus | None] = {
    kind: {status.value: status for status in MessageStatus}.get(kind.value) for kind in EventType
}


@dataclass(slots=True)
class TrackedMessage:
    """A message as the import knows it; `pending` holds its insert values until written."""

    id: int
    status: MessageStatus | None
    reason: Reason | None
    created_at: datetime
    last_event_at: datetime
    pending: tuple[str, int, str, str, str] | None = (
        None  # message_id, account, sender, to, subject
    )
    dirty: bool = False
    owner: tuple[int, str] = (0, "")  # account id and receiving domain, for the roll-up


def from_stored(stored: StoredMessage) -> TrackedMessage:
    return TrackedMessage(
        stored.id,
        stored.status,
        stored.reason,
        stored.created_at,
        stored.last_event_at,
        owner=(stored.account_id, recipient_domain(stored.recipient)),
    )


def settle(message: TrackedMessage, kind: EventType, reason: Reason | None, at: datetime) -> None:
    """Keep the message's status, reason and times in step with its events."""
    before = message.status
    after = status_after(before, kind)
    message.dirty = True
    if at < message.created_at:
        message.created_at = at
    if before is not None and at < message.last_event_at:
        # Older than an event already applied: only a final outcome may still take over.
        if after in _FINAL and before not in _FINAL:
            message.status = after
            message.reason = reason if kind in _EXPLAINED else None
        return
    message.last_event_at = at
    if after is not None and _STATUS_NAMED[kind] is after:
        message.status = after
        message.reason = reason if kind in _EXPLAINED else None


@dataclass(slots=True)
class TrackedAddress:
    state: AddressState
    saved_run: tuple[int, ...]  # the soft run as the database holds it
    last_at: datetime | None = None  # the latest event applied, inert ones included


def inert_kinds(policy: PolicyConfig) -> frozenset[EventType]:
    """Event types the rules ignore on an address with no quarantine and no soft run.

    Asked of the policy engine rather than assumed, so a change of the rules cannot leave the
    import's short cut behind.
    """
    blank = AddressState()
    moment = datetime(2000, 1, 1, tzinfo=UTC)
    inert: set[EventType] = set()
    for kind in EventType:
        outcome = observe(blank, Observation(0, kind, moment), policy)
        unchanged = replace(outcome.state, last_at=None) == blank
        if unchanged and outcome.effective_type is kind and outcome.started is None:
            inert.add(kind)
    return frozenset(inert)
