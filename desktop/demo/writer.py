"""The demo's row builder: generated messages through the quarantine rules into bulk rows."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from desktop.demo.world import DemoMessage
from desktop.domain import policy
from desktop.domain.model import (
    EventType,
    MessageStatus,
    QuarantineCause,
    Reason,
    RequestState,
    status_after,
)
from desktop.domain.risk import release_risk
from desktop.store.bulk_import import rows as bulk
from desktop.store.bulk_import.rows import (
    Row,
    audit_row,
    event_row,
    message_row,
    quarantine_marker,
    quarantine_row,
    request_row,
)
from desktop.store.bulk_import.writer import BulkWriter
from desktop.store.rollup import owners_of_rows

# Events the rules take no notice of: observing them would only cost time. (No event of a
# message follows a rejected send, so a deferral never meets an active quarantine here.)
_POLICY_IGNORES = frozenset({EventType.QUEUED, EventType.DEFERRED})
AGENTS = ("Sanne (support)", "Daan (support)", "Fleur (team lead)")
_RELEASABLE = frozenset(
    {
        Reason.MAILBOX_FULL,
        Reason.BLOCKED,
        Reason.SERVER_ERROR,
        Reason.SERVER_UNREACHABLE,
        Reason.MAILBOX_INACTIVE,
        Reason.CONTENT_BLOCKED,
        Reason.POLICY,
        Reason.UNKNOWN,
    }
)


@dataclass
class DemoRows:
    messages: list[Row] = field(default_factory=list)
    events: list[Row] = field(default_factory=list)
    quarantines: list[Row] = field(default_factory=list)
    links: list[tuple[int, int]] = field(default_factory=list)
    requests: list[Row] = field(default_factory=list)
    audit: list[Row] = field(default_factory=list)


class DemoWriter:
    """Runs generated messages through the quarantine policy and buffers rows for bulk writing."""

    def __init__(
        self,
        writer: BulkWriter,
        accounts: dict[str, int],
        now: datetime,
        seed: int,
        config: policy.PolicyConfig,
    ) -> None:
        self._w = writer
        self._accounts = accounts
        self._now = now
        self._rng = random.Random(seed ^ 0x5EED)
        self._config = config
        self._states: dict[str, policy.AddressState] = {}
        self._releases: dict[str, datetime] = {}
        self._released_bounced: set[str] = set()
        self.rows = DemoRows()
        self.ids = {
            t: writer.next_id(t)
            for t in ("messages", "events", "quarantines", "release_requests", "audit_log")
        }
        self.counts = {"messages": 0, "events": 0, "quarantines": 0, "requests": 0}

    def _id(self, table: str) -> int:
        value = self.ids[table]
        self.ids[table] = value + 1
        return value

    def add(self, message: DemoMessage) -> None:
        stamp = self._w.stamp
        mid = self._id("messages")
        address = message.recipient
        state = self._states.get(address, policy.AddressState())
        status: MessageStatus | None = None
        reason: Reason | None = None
        last_at = message.created_at
        for raw in message.events:
            at = max(raw.at, state.last_at) if state.last_at else raw.at
            release_at = self._releases.get(address)
            if release_at is not None and release_at <= at:
                state = policy.release(state, release_at)
                del self._releases[address]
            event_id = self._id("events")
            etype, diagnostic, ev_reason = raw.type, raw.diagnostic, raw.reason
            started: policy.QuarantineStart | None = None
            if raw.type not in _POLICY_IGNORES:
                outcome = policy.observe(
                    state, policy.Observation(event_id, raw.type, at, raw.reason), self._config
                )
                state = outcome.state
                etype, started = outcome.effective_type, outcome.started
                if outcome.rejected_cause is not None:
                    assert state.quarantine is not None
                    diagnostic = f"rejected: {outcome.rejected_cause.value}"
                    ev_reason = state.quarantine.reason
            self.rows.events.append(
                event_row(
                    event_id,
                    mid,
                    etype.value,
                    stamp(at),
                    raw.reply_code if etype is raw.type else None,
                    raw.status if etype is raw.type else None,
                    diagnostic,
                    raw.remote_host if etype is raw.type else None,
                    ev_reason.value if ev_reason else None,
                    "demo",
                    None,
                    None,
                )
            )
            self.counts["events"] += 1
            status = status_after(status, etype)
            if ev_reason is not None and etype is not EventType.DELIVERED:
                reason = ev_reason
            last_at = at
            if started is not None:
                last_at = self._quarantine(mid, address, started)
            if etype is EventType.REJECTED:
                break  # a rejected send never left: nothing else happens to this message
        if status is MessageStatus.DELIVERED:
            reason = None
        self._states[address] = state
        self.rows.messages.append(
            message_row(
                mid,
                message.message_id,
                self._accounts[message.account],
                message.sender,
                address,
                message.subject,
                (status or MessageStatus.QUEUED).value,
                reason.value if reason else None,
                stamp(message.created_at),
                stamp(last_at),
            )
        )
        self.counts["messages"] += 1

    def _quarantine(self, mid: int, address: str, q: policy.QuarantineStart) -> datetime:
        """Write a quarantine, its cause links and marker event; maybe a release request."""
        stamp = self._w.stamp
        qid = self._id("quarantines")
        marker_at = q.started_at  # as an import writes it: rows.quarantine_marker
        marker = quarantine_marker(self._id("events"), mid, q, stamp(marker_at), "demo", None)
        self.rows.events.append(marker)
        self.counts["events"] += 1
        self.rows.links.extend((qid, int(ref)) for ref in q.cause_refs)
        released_at = self._maybe_release(qid, mid, address, q)
        # One open quarantine per address (migration 0003): one that ran out before the demo's
        # end is recorded as expired, as `bouncedesk expire` would have done.
        expired = released_at is None and q.ends_at <= self._now
        if expired:
            self._audit(q.ends_at, "bouncedesk", "quarantine_expired",
                        f"quarantine {qid} ({address})", "quarantined",
                        f"ended {q.ends_at.isoformat(timespec='seconds')}")  # fmt: skip
        self.rows.quarantines.append(
            (*quarantine_row(qid, address, q, stamp, released_at),
             stamp(q.ends_at) if expired else None)
        )  # fmt: skip
        self.counts["quarantines"] += 1
        if address in self._released_bounced or released_at is not None:
            self._released_bounced.add(address)
        return marker_at

    def _maybe_release(
        self, qid: int, mid: int, address: str, q: policy.QuarantineStart
    ) -> datetime | None:
        rng, stamp = self._rng, self._w.stamp
        releasable = q.reason in _RELEASABLE and q.cause is not QuarantineCause.SPAM
        if q.ends_at > self._now > q.started_at and rng.random() < 0.3:
            # Still in quarantine when the demo ends: some wait in the approvers' queue.
            asked = q.started_at + (self._now - q.started_at) * rng.random()
            agent = rng.choice(AGENTS[:2])
            risk, why = release_risk(
                q.reason, q.cause, q.started_at, asked, address in self._released_bounced
            )
            self.rows.requests.append(
                request_row(
                    self._id("release_requests"),
                    qid,
                    RequestState.PENDING.value,
                    agent,
                    "Client called: the address is in use again",
                    risk.value,
                    why,
                    stamp(asked),
                    None,
                    None,
                    "",
                )
            )
            self._audit(
                asked, agent, "release_requested", f"quarantine {qid} ({address})", None, "pending"
            )
            self.counts["requests"] += 1
            return None
        roll = rng.random()
        if roll > (0.25 if releasable else 0.06):
            return None
        asked = q.started_at + timedelta(seconds=rng.uniform(1800, 3 * 86400))
        if asked >= min(self._now, q.ends_at):
            return None
        agent = rng.choice(AGENTS[:2])
        risk, why = release_risk(
            q.reason, q.cause, q.started_at, asked, address in self._released_bounced
        )
        rid = self._id("release_requests")
        subject = f"quarantine {qid} ({address})"
        self._audit(asked, agent, "release_requested", subject, None, "pending")
        decided = asked + timedelta(seconds=rng.uniform(120, 6 * 3600))
        if decided >= min(self._now, q.ends_at):  # still waiting for an approver
            self.rows.requests.append(
                request_row(
                    rid,
                    qid,
                    RequestState.PENDING.value,
                    agent,
                    "Client confirmed the address works",
                    risk.value,
                    why,
                    stamp(asked),
                    None,
                    None,
                    "",
                )
            )
            self.counts["requests"] += 1
            return None
        approver = AGENTS[2]
        if not releasable:
            self.rows.requests.append(
                request_row(
                    rid,
                    qid,
                    RequestState.REJECTED.value,
                    agent,
                    "",
                    risk.value,
                    why,
                    stamp(asked),
                    approver,
                    stamp(decided),
                    "The address does not exist; it would bounce again.",
                )
            )
            self._audit(decided, approver, "release_rejected", subject, "pending", "rejected")
            self.counts["requests"] += 1
            return None
        self.rows.requests.append(
            request_row(
                rid,
                qid,
                RequestState.APPLIED.value,
                agent,
                "Client says the mailbox has been cleaned up",
                risk.value,
                why,
                stamp(asked),
                approver,
                stamp(decided),
                "",
            )
        )
        self._audit(decided, approver, "release_approved", subject, "pending", "approved")
        self._audit(decided, approver, "release_applied", subject, "quarantined", "released")
        self.rows.events.append(
            event_row(
                self._id("events"),
                mid,
                EventType.RELEASED.value,
                stamp(decided),
                None,
                None,
                f"released by {approver}",
                None,
                None,
                "demo",
                None,
                None,
            )
        )
        self.counts["events"] += 1
        self.counts["requests"] += 1
        self._releases[address] = decided
        return decided

    def _audit(
        self,
        at: datetime,
        actor: str,
        action: str,
        subject: str,
        before: str | None,
        after: str | None,
    ) -> None:
        self.rows.audit.append(
            audit_row(
                self._id("audit_log"), self._w.stamp(at), actor, action, subject, before, after
            )
        )

    def flush(self) -> None:
        w, r = self._w, self.rows
        w.write("messages", bulk.MESSAGE_COLUMNS, r.messages)
        w.write_events(r.events, owners_of_rows(r.messages))
        w.write("quarantines", (*bulk.QUARANTINE_COLUMNS, "expired_at"), r.quarantines)
        w.write("quarantine_events", bulk.QUARANTINE_EVENT_COLUMNS, r.links)
        w.write("release_requests", bulk.REQUEST_COLUMNS, r.requests)
        w.write("audit_log", bulk.AUDIT_COLUMNS, r.audit)
        self.rows = DemoRows()

    def soft_runs(self) -> list[tuple[str, list[int]]]:
        return [(a, [int(x) for x in s.soft_refs]) for a, s in self._states.items() if s.soft_refs]
