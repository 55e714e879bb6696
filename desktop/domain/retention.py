"""Retention and erasure of personal data: what was removed, and the salted address token."""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, fields

RETENTION_KEY = "retention_days"  # db_settings: days to keep messages; unset keeps everything
SALT_KEY = "erasure_salt"  # db_settings: the salt of forgotten addresses' tokens


@dataclass(frozen=True, slots=True)
class RemovalCounts:
    """What a purge or a forget removed (or, on a dry run, would remove)."""

    messages: int = 0
    events: int = 0
    raw_records: int = 0  # events that carried the original source record
    quarantines: int = 0
    release_requests: int = 0
    address_states: int = 0
    # Older than the period but kept: they hold the cause of an open quarantine or a soft-bounce
    # run still counting (the quarantine rules need them).
    kept_messages: int = 0
    audit_rows_redacted: int = 0

    def __add__(self, other: RemovalCounts) -> RemovalCounts:
        return RemovalCounts(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        )

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def address_token(salt: str, address: str) -> str:
    """What audit rows keep instead of a forgotten address: a salted SHA-256, shortened.

    The same address gives the same token in one database (so an auditor can tell two rows
    are about one person, or check a named address against it), but the token alone does not
    give the address back without the database's salt.
    """
    digest = hashlib.sha256(f"{salt}:{address}".encode()).hexdigest()
    return f"forgotten:{digest[:24]}"


def address_pattern(address: str) -> re.Pattern[str]:
    """`address` as a whole address inside free text, whatever its case (not inside a longer
    address: forgetting an@x.nl leaves jan@x.nl alone)."""
    return re.compile(
        r"(?<![A-Za-z0-9._%+-])" + re.escape(address) + r"(?![A-Za-z0-9_-]|\.[A-Za-z0-9])",
        re.IGNORECASE,
    )
