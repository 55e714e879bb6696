"""How long the sending side keeps retrying a deferred message, per source, and who sent it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from types import MappingProxyType


@dataclass(frozen=True, slots=True)
class RetryWindow:
    """A sending side's retry behaviour: how long it keeps a message, how long between tries.

    `max_backoff` is the longest wait between two attempts: with no attempt seen for clearly
    longer than that, the sender has stopped trying (or its attempts no longer reach us).
    """

    lifetime: timedelta
    max_backoff: timedelta
    documented_by: str  # where the figure comes from, shown to the agent

    def __post_init__(self) -> None:
        if self.lifetime <= timedelta(0) or self.max_backoff <= timedelta(0):
            raise ValueError("retry lifetime and backoff must be positive")


# The sending sides' documented defaults. Postfix: maximal_queue_lifetime = 5d and
# maximal_backoff_time = 4000s (postconf(5)). Amazon SES: DeliveryOptions.MaxDeliverySeconds
# is at most 50400 s = 14 h, its default (SES API v2 reference). SendGrid: deferred mail is
# retried for up to 72 hours (Twilio SendGrid "Deferrals"). For the others no retry window is
# published; RFC 5321 4.5.4.1 asks a sender to keep trying for at least 4-5 days, so 5 days.
_HOUR = timedelta(hours=1)
DEFAULT_WINDOWS: Mapping[str, RetryWindow] = MappingProxyType(
    {
        "postfix": RetryWindow(timedelta(days=5), timedelta(seconds=4000), "Postfix defaults"),
        "ses": RetryWindow(timedelta(hours=14), 4 * _HOUR, "Amazon SES's documented maximum"),
        "sendgrid": RetryWindow(timedelta(hours=72), 4 * _HOUR, "SendGrid's documentation"),
        "mailgun": RetryWindow(timedelta(days=5), 4 * _HOUR, "RFC 5321's advice"),
        "postmark": RetryWindow(timedelta(days=5), 4 * _HOUR, "RFC 5321's advice"),
        "mandrill": RetryWindow(timedelta(days=5), 4 * _HOUR, "RFC 5321's advice"),
        "mta": RetryWindow(timedelta(days=5), 4 * _HOUR, "RFC 5321's advice"),
    }
)

# What a stored raw record of each feed looks like (the first bytes say enough).
_SIDES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("postfix", re.compile(r"\bpostfix(?:/[\w.-]+)+\[\d+\]:")),
    ("ses", re.compile(r"notificationType|\\?\"eventType\\?\"|arn:aws:sns")),
    ("sendgrid", re.compile(r'"sg_(?:event|message)_id"')),
    ("mailgun", re.compile(r'"event-data"|"log-level"\s*:')),
    ("postmark", re.compile(r'"RecordType"\s*:')),
    ("mandrill", re.compile(r'"msys"\s*:|"_id"\s*:.*"ts"\s*:')),
    ("mta", re.compile(r"(?im)^(?:reporting-mta|x-postfix-queue-id|final-recipient)\s*:")),
)
_WILL_RETRY_UNTIL = re.compile(r"(?im)^will-retry-until\s*:\s*(.+)$")


def sending_side(raw: str | None) -> str:
    """Which system sent the message, judged from a stored raw record ('mta' when unsure)."""
    if not raw:
        return "mta"
    head = raw[:4000]
    for side, pattern in _SIDES:
        if pattern.search(head):
            return side
    return "mta"


def will_retry_until(raw: str | None) -> datetime | None:
    """The give-up time a delay DSN announces itself (RFC 3464 2.3.8), when it has one."""
    if not raw:
        return None
    found = _WILL_RETRY_UNTIL.search(raw)
    if found is None:
        return None
    try:
        moment = parsedate_to_datetime(found[1].strip())
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def window_for(side: str, overrides: Mapping[str, RetryWindow] | None = None) -> RetryWindow:
    """The retry window of a sending side: the settings' override, else the default."""
    if overrides and side in overrides:
        return overrides[side]
    return DEFAULT_WINDOWS.get(side, DEFAULT_WINDOWS["mta"])


def parse_overrides(hours: Mapping[str, object]) -> dict[str, RetryWindow]:
    """Windows from the settings' {side: hours} map; unusable entries are left out."""
    windows: dict[str, RetryWindow] = {}
    for side, value in hours.items():
        if side not in DEFAULT_WINDOWS or isinstance(value, bool):
            continue
        if not isinstance(value, int | float) or not 0 < value <= 24 * 30:
            continue
        default = DEFAULT_WINDOWS[side]
        lifetime = timedelta(hours=float(value))
        windows[side] = RetryWindow(lifetime, min(default.max_backoff, lifetime), "your settings")
    return windows
