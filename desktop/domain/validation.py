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
# What an address cannot hold: controls and blanks of any kind, found in one search.
_NOT_IN_ADDRESS = re.compile(r"[\x00-\x20\x7f-\x9f\s]")


def time_problem(moment: datetime) -> str | None:
    """Why `moment` cannot be an event's time, or None when it can."""
    if moment.tzinfo is None:
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
    if (found := _NOT_IN_ADDRESS.search(address)) is not None:
        if _CONTROL.match(found.group()):
            return f"{what} address holds a control character"
        return f"{what} address {address!r} holds a blank"
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain:
        return f"{what} address {address!r} has no user@domain form"
    if len(domain) > DOMAIN_LIMIT:
        return f"{what} domain longer than {DOMAIN_LIMIT} characters"
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
    for value in (
        event.message_id, event.subject, event.account, event.diagnostic,
        event.remote_host, event.raw, event.source,
    ):  # fmt: skip
        # The common case, decided by two C-level tests: ASCII text without a NUL.
        if value is None or (value.isascii() and "\x00" not in value):
            continue
        if "\x00" in value:
            return "a field holds a NUL character"
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "a field is not valid text (a lone surrogate)"
    return None
