"""An import's new quarantines joined to the ones stored: one open quarantine per address."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from sqlalchemy.orm import Session

from desktop.domain.policy import QuarantineStart, settle
from desktop.store.bulk_import import open_quarantines as stored

T = TypeVar("T")


@dataclass
class Settled(Generic[T]):
    """What to store of a batch's new quarantines, each carried with the caller's `T`.

    `opened` are stored open, `closed` stored already over (history that arrived late);
    `links` tie the events of quarantines folded into a stored one to that one.
    """

    opened: list[tuple[QuarantineStart, T]] = field(default_factory=list)
    closed: list[tuple[QuarantineStart, T]] = field(default_factory=list)
    links: list[tuple[int, int]] = field(default_factory=list)
    extended: int = 0


def settle_started(
    session: Session, started: Sequence[tuple[QuarantineStart, str, T]]
) -> Settled[T]:
    """Apply `domain.policy.settle` to each new (quarantine, address, item) against the
    address's open one.

    Stored quarantines are extended or closed here, before the caller inserts the new rows,
    so the unique index on open quarantines (migration 0003) holds at every statement.
    """
    result: Settled[T] = Settled()
    if not started:
        return result
    current = stored.open_quarantines(session, [address for _, address, _ in started])
    # Per address: the open span so far, and the stored id when the open one is stored.
    spans: dict[str, tuple[int | None, QuarantineStart, T | None]] = {
        address: (
            q.id,
            QuarantineStart(q.cause, q.reason, q.started_at, q.ends_at, ()),
            None,
        )
        for address, q in current.items()
    }
    to_close: list[stored.OpenQuarantine] = []
    for start, address, new_item in sorted(started, key=lambda entry: entry[0].started_at):
        held = spans.get(address)
        settled = settle((held[1].started_at, held[1].ends_at) if held else None, start)
        if settled.action == "open":
            spans[address] = (None, start, new_item)
        elif settled.action == "closed":
            result.closed.append((start, new_item))
        elif settled.action == "replace":
            assert held is not None
            if held[0] is not None:
                to_close.append(current[address])
            else:  # the open one is new in this batch: it is stored closed after all
                assert held[2] is not None
                result.closed.append((held[1], held[2]))
            spans[address] = (None, start, new_item)
        else:  # extend
            assert held is not None
            widened = QuarantineStart(
                held[1].cause,
                held[1].reason,
                settled.started_at,
                settled.ends_at,
                (*held[1].cause_refs, *start.cause_refs),
            )
            spans[address] = (held[0], widened, held[2])
            result.extended += 1
    stored.close_at_end(session, to_close)
    for address, (qid, span, item) in spans.items():
        if item is not None:
            result.opened.append((span, item))
        elif qid is not None:
            before = current[address]
            if (span.started_at, span.ends_at) != (before.started_at, before.ends_at):
                stored.extend(session, qid, span.started_at, span.ends_at)
            # The stored one's own causes are not in the span: these are the new events'.
            result.links.extend((qid, int(ref)) for ref in dict.fromkeys(span.cause_refs))
    return result
