"""Small helpers every feed reader shares: SMTP reply parsing, times, typed field access, keys."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import Any

from desktop.domain.model import normalise_address

RAW_LIMIT = 4096  # the raw record kept with an event; enough to read, small enough to store
TEXT_LIMIT = 2000  # a diagnostic longer than this is noise, not explanation

# "550 5.1.1 ...", "550-5.1.1 ...", "smtp; 550 5.1.1 ...", "smtp;250 2.0.0 OK"
_REPLY = re.compile(
    r"^\s*(?:[a-z-]+\s*;\s*)?([245]\d\d)(?=[\s-]|$)[\s-]*(?:([245]\.\d{1,3}\.\d{1,3})(?![\d.]))?",
    re.I,
)
# An enhanced status anywhere in the text, but never a piece of an IP address or version number.
_ENHANCED = re.compile(r"(?<![\d.])([245]\.\d{1,3}\.\d{1,3})(?![\d.])")
# The "diagnostic type" a DSN puts before the server's words: "smtp; 550 ...", "X-Postfix; ..."
_DIAGNOSTIC_TYPE = re.compile(r"^\s*(?:smtp|x-[\w.-]+)\s*;\s*(?=\S)", re.I)
_EPOCH_MAX = 32503680000.0  # year 3000: beyond it a number is not a timestamp we can trust


@dataclass
class ReadStats:
    """What a reader passed over without calling it bad (opens, clicks, ...), by kind.

    Filled in while the reader's iterator is consumed; one reader, one thread.
    """

    skipped: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A record a mapper recognised and chose not to import (an engagement event, say)."""

    what: str


def parse_smtp_reply(text: str | None) -> tuple[int | None, str | None]:
    """The reply code and enhanced status in an SMTP response text, when they are there."""
    if not text:
        return None, None
    match = _REPLY.match(text)
    if match:
        code = int(match.group(1))
        status = match.group(2)
        if status is None:
            found = _ENHANCED.search(text, match.end())
            status = found.group(1) if found else None
        return code, status
    found = _ENHANCED.search(text)
    return None, found.group(1) if found else None


def server_text(text: str | None) -> str | None:
    """A diagnostic without its "smtp;" type prefix: the remote server's own words."""
    if text is None:
        return None
    return _DIAGNOSTIC_TYPE.sub("", text, count=1) or None


def clean(text: str, limit: int = TEXT_LIMIT) -> str:
    """Untrusted text made storable: no NULs, no lone surrogates, bounded length."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    if not text.isascii():
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text if len(text) <= limit else text[:limit]


def get_str(record: Mapping[str, Any], key: str, limit: int = TEXT_LIMIT) -> str | None:
    """The non-blank string at `key`, cleaned; numbers are accepted as their text."""
    value = record.get(key)
    if value.__class__ is str:
        value = value.strip()
        # The common case, checked cheaply: short ASCII with nothing to clean out.
        if value.isascii() and len(value) <= limit and "\x00" not in value:
            return value or None
        return clean(value, limit) if value else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def get_dict(record: Mapping[str, Any], key: str) -> dict[str, Any]:
    value = record.get(key)
    return value if isinstance(value, dict) else {}


def get_list(record: Mapping[str, Any], key: str) -> list[Any]:
    value = record.get(key)
    return value if isinstance(value, list) else []


def get_int(record: Mapping[str, Any], key: str) -> int | None:
    value = record.get(key)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit() and len(value) < 10:
        return int(value)
    return None


def address(value: Any) -> str | None:
    """A recipient address as the domain compares them, or None when there is none.

    Never cut or cleaned: an address too long or holding control characters is a bad record
    (domain.validation), not a different, shorter address.
    """
    if not isinstance(value, str):
        return None
    found = normalise_address(value)
    return found or None


def from_epoch(value: Any) -> datetime | None:
    """Seconds since 1970 (int, float or numeric text) as an aware UTC time."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return None
    if not isinstance(value, int | float) or not 0 < value < _EPOCH_MAX:
        return None
    return datetime.fromtimestamp(value, UTC)


def from_iso(value: Any, default_tz: tzinfo = UTC) -> datetime | None:
    """An ISO 8601 time as aware UTC; a time without zone is taken to be in `default_tz`."""
    if not isinstance(value, str) or not 10 <= len(value) <= 40:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=default_tz)
    try:
        return moment.astimezone(UTC)
    except (OverflowError, ValueError):
        return None


def raw_text(text: str) -> str:
    return clean(text, RAW_LIMIT)


def record_key(fmt: str, record: Any) -> str:
    """A stable key for a record that has no id of its own: the same record, the same key."""
    canonical = json.dumps(record, sort_keys=True, separators=(",", ":"), default=str)
    digest = hashlib.sha1(canonical.encode("utf-8", "replace"), usedforsecurity=False)
    return f"{fmt}:sha1:{digest.hexdigest()}"


def text_key(fmt: str, text: str) -> str:
    digest = hashlib.sha1(text.encode("utf-8", "replace"), usedforsecurity=False)
    return f"{fmt}:sha1:{digest.hexdigest()}"


def strip_brackets(value: str | None) -> str | None:
    """A message id without the angle brackets some feeds keep around it."""
    if value is None:
        return None
    value = value.strip().strip("<>").strip()
    return value or None
