"""What the database can tell of burst membership without sending every failure over."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.domain.model import Reason


@dataclass(frozen=True, slots=True)
class BurstTallies:
    """Among older open quarantines: per domain (burst members, members failing for a
    provider-side reason), and the reason of each asked-about address that is a member."""

    per_domain: dict[str, tuple[int, int]]
    member_reasons: dict[str, Reason]
