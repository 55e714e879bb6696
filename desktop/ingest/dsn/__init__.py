"""The DSN reader: bounce mail (RFC 3464, non-standard notices, ARF complaints) into events."""

from __future__ import annotations

from desktop.ingest.dsn.read import (
    ReadStats,
    bare_message_id,
    classify_mail,
    parse_mail,
    read,
    read_date,
    read_with_stats,
)

__all__ = [
    "ReadStats",
    "bare_message_id",
    "classify_mail",
    "parse_mail",
    "read",
    "read_date",
    "read_with_stats",
]
