"""The edge every feed event passes before it is stored: real times, real addresses, sizes."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from desktop.domain.model import ParsedEvent

# The stored columns' sizes (store/tables.py): a longer value must be a bad record, not a
# failed transaction on PostgreSQL and a silently different value on SQLite.
ADDRESS_LIMIT = 320
DOMAIN_LIMIT = 255
MESSAGE_ID_LIMIT = 998
# Times a feed can mean: after mail existed, and far enough from datetime's end that adding a
# quarantine length (or any policy arithmetic) cannot overflow.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(3000, 1, 1, tzinfo=UTC)
# C0 controls (all: an address has no tab or newline either), DEL and C1 controls.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def time_problem(moment: datetime) -> str | None:
    """Why `moment` cannot be an event's time, or None when it can."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        return "time without a zone"
    if not EARLIEST <= moment < LATEST:
        return f"impossible date {moment.isoformat()}"
    return None


def plausible_time(moment: datetime | None) -> datetime | None:
    """`moment` when it can be an event's time, else None (so a caller falls back)."""
    if moment is None or time_problem(moment) is not None:
        return None
    return moment


def address_problem(address: str, what: str = "recipient") -> str | None:
    """Why `address` cannot be stored as an address, or None when it can."""
    if len(address) > ADDRESS_LIMIT:
        return f"{what} address longer than {ADDRESS_LIMIT} characters"
    if _CONTROL.search(address):
        return f"{what} address holds a control character"
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain:
        return f"{what} address {address!r} has no user@domain form"
    if len(domain) > DOMAIN_LIMIT:
        return f"{what} domain longer than {DOMAIN_LIMIT} characters"
    if any(c.isspace() for c in address):
        return f"{what} address {address!r} holds a blank"
    if not address.isascii():
        try:
            address.encode("utf-8")
        except UnicodeEncodeError:
            return f"{what} address is not valid text (a lone surrogate)"
    return None


def _too_long(value: str | None, limit: int) -> bool:
    return value is not None and len(value) > limit


def event_problem(event: ParsedEvent) -> str | None:
    """Why `event` must be reported as a bad record rather than stored, or None when it is fine.

    Every reader's events pass through here (ingest.validated), so the rules hold on both
    engines alike and one poison record never rolls back the batch it came with.
    """
    why = time_problem(event.at) or address_problem(event.recipient)
    if why is not None:
        return why
    sender = event.sender
    # A From that is no bare address ("Name <a@b>") is kept as text; only what cannot be
    # stored is bad.
    if sender is not None and (len(sender) > ADDRESS_LIMIT or _CONTROL.search(sender)):
        return address_problem(sender, "sender")
    if _too_long(event.message_id, MESSAGE_ID_LIMIT):
        return f"Message-ID longer than {MESSAGE_ID_LIMIT} characters"
    # Account, status, remote host and key are cut to their columns by the writer: they name
    # nothing the desk looks up by, unlike the address, the sender and the Message-ID.
    return _unstorable_text(event)


def _unstorable_text(event: ParsedEvent) -> str | None:
    """A NUL or a lone surrogate anywhere: PostgreSQL refuses both in text."""
    for name, value in (
        ("Message-ID", event.message_id),
        ("subject", event.subject),
        ("account", event.account),
        ("diagnostic", event.diagnostic),
        ("remote host", event.remote_host),
        ("raw record", event.raw),
        ("source", event.source),
    ):
        if value is None:
            continue
        if "\x00" in value:
            return f"{name} holds a NUL character"
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return f"{name} is not valid text (a lone surrogate)"
    return None
