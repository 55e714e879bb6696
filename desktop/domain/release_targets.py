"""Release targets: the providers' suppression lists a release must also clear, and their states."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from enum import StrEnum


class TargetKind(StrEnum):
    """The providers Bounce Desk can clear a suppression at."""

    SENDGRID = "sendgrid"
    MAILGUN = "mailgun"
    POSTMARK = "postmark"
    MANDRILL = "mandrill"
    SES = "ses"


# The names staff see, e.g. in "SendGrid ✓ 12:03".
KIND_LABELS = {
    TargetKind.SENDGRID: "SendGrid",
    TargetKind.MAILGUN: "Mailgun",
    TargetKind.POSTMARK: "Postmark",
    TargetKind.MANDRILL: "Mandrill",
    TargetKind.SES: "SES",
}


class DeliveryState(StrEnum):
    """Where one outbox row (one release at one target) stands."""

    PENDING = "pending"  # to be called, now or at next_attempt_at (after a failure)
    DONE = "done"  # the provider confirmed, or said the address was not there (404)
    STOPPED = "stopped"  # 401/403: the target is stopped until an approver retries it
    GIVEN_UP = "given_up"  # an approver gave up on it, with a note


class CallOutcome(StrEnum):
    """What one call to a provider means for its outbox row."""

    DONE = "done"
    GONE = "gone"  # 404 / "not on the list": already gone, which is success
    RETRY = "retry"  # 429, 5xx, network failure: try again later
    STOP = "stop"  # 401/403: wrong or missing credentials; stop the target and alert


@dataclass(frozen=True, slots=True)
class CallResult:
    """The answer to one provider call (several HTTP requests for Mailgun's domains)."""

    outcome: CallOutcome
    status: int  # the HTTP status that decided it; 0 when no answer came
    detail: str = ""
    retry_after: float | None = None  # seconds, from a Retry-After header
    requests: int = 1

    @property
    def succeeded(self) -> bool:
        return self.outcome in (CallOutcome.DONE, CallOutcome.GONE)


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """One release to deliver to one target. Frozen: rows never cross threads alive."""

    id: int
    request_id: int
    address: str
    cause: str
    reason: str
    target: str
    kind: str
    idempotency_key: str
    state: DeliveryState
    attempts: int
    next_attempt_at: datetime
    last_status: int | None
    last_error: str
    done_at: datetime | None
    created_at: datetime
    updated_at: datetime
    note: str = ""


def target_label(item: OutboxItem) -> str:
    """The provider's name, or the target's own name when it differs from its kind."""
    try:
        label = KIND_LABELS[TargetKind(item.kind)]
    except ValueError:
        label = item.kind
    return label if item.target == item.kind else f"{label} ({item.target})"


def _minutes(span: timedelta) -> str:
    seconds = max(0, int(span.total_seconds()))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{round(seconds / 60)} min"
    return f"{seconds // 3600} h {seconds % 3600 // 60} min"


def describe(item: OutboxItem, now: datetime, zone: tzinfo | None = None) -> str:
    """One target's state: 'SendGrid ✓ 12:03', 'Mailgun failed (503), retrying in 5 min'.

    Times are shown in `zone` (the agent's; UTC when not given).
    """
    label = target_label(item)
    if item.state is DeliveryState.DONE and item.done_at is not None:
        done = item.done_at.astimezone(zone) if zone else item.done_at
        return f"{label} ✓ {done.strftime('%H:%M')}"
    if item.state is DeliveryState.STOPPED:
        return f"{label} stopped ({item.last_status}): needs an approver"
    if item.state is DeliveryState.GIVEN_UP:
        return f"{label} given up"
    if item.attempts == 0:
        return f"{label} waiting"
    code = item.last_status or "no answer"
    wait = item.next_attempt_at - now
    when = "retrying now" if wait.total_seconds() <= 0 else f"retrying in {_minutes(wait)}"
    return f"{label} failed ({code}), {when}"


def failing_since(item: OutboxItem) -> datetime | None:
    """When an unfinished target started failing (its creation), or None when it is fine."""
    if item.state in (DeliveryState.PENDING, DeliveryState.STOPPED) and item.attempts > 0:
        return item.created_at
    return None


def backoff_seconds(attempts: int, base: float, cap: float, draw: float) -> float:
    """Exponential backoff with jitter: a delay in [half, whole] of min(cap, base·2^(n-1)).

    `draw` is a random number in [0, 1) from the caller, so this stays pure and testable.
    """
    whole = min(cap, base * 2.0 ** max(0, attempts - 1))
    return whole / 2 + whole / 2 * draw


def summarise(items: list[OutboxItem], now: datetime, zone: tzinfo | None = None) -> str:
    """Every target of one release on one line, joined by " · "."""
    return " · ".join(describe(item, now, zone) for item in items)
