"""Release requests: one pending per quarantine, enforced by a unique partial index."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Select, exc, insert, select, update
from sqlalchemy.orm import Session

from desktop.domain.model import ReleaseRequest, RequestState, RiskLevel
from desktop.store.tables import QuarantineRow, ReleaseRequestRow

_CHUNK = 500


def _request(row: ReleaseRequestRow, address: str) -> ReleaseRequest:
    return ReleaseRequest(
        id=row.id,
        quarantine_id=row.quarantine_id,
        address=address,
        state=RequestState(row.state),
        requested_by=row.requested_by,
        created_at=row.created_at,
        note=row.note,
        risk=RiskLevel(row.risk) if row.risk else None,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        decision_note=row.decision_note,
    )


class SqlReleaseRequestRepository:
    """Receives a session it does not own; never commits."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def _select(self) -> Select[ReleaseRequestRow, str]:
        return select(ReleaseRequestRow, QuarantineRow.address).join(
            QuarantineRow, QuarantineRow.id == ReleaseRequestRow.quarantine_id
        )

    def create_pending(
        self,
        quarantine_id: int,
        requested_by: str,
        note: str,
        at: datetime,
        risk: RiskLevel | None = None,
        risk_why: str | None = None,
        *,
        only_if_active: bool = False,
    ) -> int | None:
        """A new pending request's id, or None when one is already pending (the index says so).

        With `only_if_active`, also None when the quarantine was released or ran out by `at`
        while the caller was deciding: checked after the insert, inside the same savepoint, so a
        release committed by someone else just before cannot leave a stale request behind.
        """
        values = {
            "quarantine_id": quarantine_id,
            "state": RequestState.PENDING.value,
            "requested_by": requested_by,
            "note": note,
            "created_at": at,
            "risk": risk.value if risk else None,
            "risk_why": risk_why,
        }
        try:
            with self._session.begin_nested() as savepoint:
                new_id = self._session.scalar(
                    insert(ReleaseRequestRow).values(**values).returning(ReleaseRequestRow.id)
                )
                if only_if_active and not self._still_active(quarantine_id, at):
                    savepoint.rollback()
                    return None
        except exc.IntegrityError:
            return None
        return int(new_id) if new_id is not None else None

    def _still_active(self, quarantine_id: int, at: datetime) -> bool:
        # A column query, not session.get: the identity map may hold the row as first read.
        found = self._session.scalar(
            select(QuarantineRow.id).where(
                QuarantineRow.id == quarantine_id,
                QuarantineRow.released_at.is_(None),
                QuarantineRow.ends_at > at,
            )
        )
        return found is not None

    def get(self, request_id: int) -> ReleaseRequest | None:
        row = self._session.execute(
            self._select().where(ReleaseRequestRow.id == request_id)
        ).first()
        return _request(row[0], row[1]) if row else None

    def pending_for(self, quarantine_id: int) -> ReleaseRequest | None:
        row = self._session.execute(
            self._select().where(
                ReleaseRequestRow.quarantine_id == quarantine_id,
                ReleaseRequestRow.state == RequestState.PENDING.value,
            )
        ).first()
        return _request(row[0], row[1]) if row else None

    def latest_for(self, quarantine_id: int) -> ReleaseRequest | None:
        row = self._session.execute(
            self._select()
            .where(ReleaseRequestRow.quarantine_id == quarantine_id)
            .order_by(ReleaseRequestRow.created_at.desc(), ReleaseRequestRow.id.desc())
            .limit(1)
        ).first()
        return _request(row[0], row[1]) if row else None

    def by_state(self, state: RequestState, limit: int = 500) -> list[ReleaseRequest]:
        rows = self._session.execute(
            self._select()
            .where(ReleaseRequestRow.state == state.value)
            .order_by(ReleaseRequestRow.created_at, ReleaseRequestRow.id)
            .limit(limit)
        )
        return [_request(row[0], row[1]) for row in rows]

    def transition(
        self,
        request_id: int,
        from_states: tuple[RequestState, ...],
        to_state: RequestState,
        by: str,
        at: datetime,
        note: str = "",
    ) -> bool:
        """Compare-and-set: true only for the one caller that moved the request."""
        values: dict[str, object] = {"state": to_state.value}
        if to_state in (RequestState.APPROVED, RequestState.REJECTED):
            values.update(decided_by=by, decided_at=at, decision_note=note)
        result = self._session.execute(
            update(ReleaseRequestRow)
            .where(
                ReleaseRequestRow.id == request_id,
                ReleaseRequestRow.state.in_([s.value for s in from_states]),
            )
            .values(**values)
        )
        return bool(getattr(result, "rowcount", 0))

    def latest_for_many(self, quarantine_ids: Sequence[int]) -> dict[int, ReleaseRequest]:
        """The newest request of each quarantine that has one (for the quarantine list)."""
        found: dict[int, ReleaseRequest] = {}
        for start in range(0, len(quarantine_ids), _CHUNK):
            chunk = quarantine_ids[start : start + _CHUNK]
            rows = self._session.execute(
                self._select()
                .where(ReleaseRequestRow.quarantine_id.in_(chunk))
                .order_by(ReleaseRequestRow.id)
            )
            for row in rows:  # ascending ids: the newest request of each quarantine wins
                found[row[0].quarantine_id] = _request(row[0], row[1])
        return found

    def risk_why(self, request_id: int) -> str | None:
        """The one-line reason stored with the risk verdict when the request was filed."""
        return self._session.scalar(
            select(ReleaseRequestRow.risk_why).where(ReleaseRequestRow.id == request_id)
        )

    def recent(self, limit: int = 500) -> list[ReleaseRequest]:
        """Every request, newest first (the requests queue shows pending ones on top itself)."""
        rows = self._session.execute(
            self._select().order_by(ReleaseRequestRow.id.desc()).limit(limit)
        )
        return [_request(row[0], row[1]) for row in rows]

    def risk_whys(self, request_ids: Sequence[int]) -> dict[int, str]:
        """The stored risk explanation of each of `request_ids` that has one."""
        found: dict[int, str] = {}
        for start in range(0, len(request_ids), _CHUNK):
            rows = self._session.execute(
                select(ReleaseRequestRow.id, ReleaseRequestRow.risk_why).where(
                    ReleaseRequestRow.id.in_(request_ids[start : start + _CHUNK])
                )
            )
            found.update({int(rid): why for rid, why in rows if why})
        return found

    def in_state(self, state: RequestState, limit: int = 500) -> list[ReleaseRequest]:
        """Requests in `state`, newest first."""
        rows = self._session.execute(
            self._select()
            .where(ReleaseRequestRow.state == state.value)
            .order_by(ReleaseRequestRow.id.desc())
            .limit(limit)
        )
        return [_request(row[0], row[1]) for row in rows]
