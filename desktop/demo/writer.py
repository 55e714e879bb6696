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
    RiskLevel,
    status_after,
)
from desktop.domain.risk import release_risk
from desktop.services.release import ApprovalMode
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
_AUTO_NOTE = "auto-approved"  # the decision note services/release.py gives in auto mode
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


@dataclass(frozen=True, slots=True)
class _Ask:
    """An agent's release request, before its outcome is known."""

    id: int
    quarantine_id: int
    message_id: int  # the message whose event started the quarantine
    address: str
    agent: str
    asked: datetime
    risk: RiskLevel
    why: str
    subject: str  # of its audit rows


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
        mode: ApprovalMode,
    ) -> None:
        self._w = writer
        self._accounts = accounts
        self._now = now
        self._rng = random.Random(seed ^ 0x5EED)
        self._config = config
        self._auto = mode is ApprovalMode.AUTO
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
        """Maybe an agent asks for a release of `q`; the approval mode decides what follows.

        In auto mode (one local user) the request is applied at once, as the service does it,
        and an agent heeds a release-risk verdict that says the address will only bounce
        again; in approver mode a request waits, is rejected, or is approved and applied.
        Returns when the quarantine was released, if it was.
        """
        rng = self._rng
        releasable = q.reason in _RELEASABLE and q.cause is not QuarantineCause.SPAM
        if self._auto and not releasable:
            return None  # the one agent sees the verdict "it will only bounce again"
        if q.ends_at > self._now > q.started_at and rng.random() < 0.3:
            # Still in quarantine when the demo ends: some wait in the approvers' queue.
            asked = q.started_at + (self._now - q.started_at) * rng.random()
            ask = self._ask(qid, mid, address, q, rng.choice(AGENTS[:2]), asked)
            called = "Client called: the address is in use again"
            if self._auto:
                return self._applied(ask, called, ask.agent, asked, _AUTO_NOTE)
            self._request(ask, called, RequestState.PENDING)
            return None
        roll = rng.random()
        if roll > (0.25 if releasable else 0.06):
            return None
        asked = q.started_at + timedelta(seconds=rng.uniform(1800, 3 * 86400))
        if asked >= min(self._now, q.ends_at):
            return None
        ask = self._ask(qid, mid, address, q, rng.choice(AGENTS[:2]), asked)
        cleaned = "Client says the mailbox has been cleaned up"
        if self._auto:
            return self._applied(ask, cleaned, ask.agent, asked, _AUTO_NOTE)
        decided = asked + timedelta(seconds=rng.uniform(120, 6 * 3600))
        if decided >= min(self._now, q.ends_at):  # still waiting for an approver
            self._request(ask, "Client confirmed the address works", RequestState.PENDING)
            return None
        if not releasable:
            refusal = "The address does not exist; it would bounce again."
            self._request(ask, "", RequestState.REJECTED, AGENTS[2], decided, refusal)
            self._audit(decided, AGENTS[2], "release_rejected", ask.subject, "pending",
                        "rejected", refusal)  # fmt: skip
            return None
        return self._applied(ask, cleaned, AGENTS[2], decided, "")

    def _ask(
        self,
        qid: int,
        mid: int,
        address: str,
        q: policy.QuarantineStart,
        agent: str,
        asked: datetime,
    ) -> _Ask:
        risk, why = release_risk(
            q.reason, q.cause, q.started_at, asked, address in self._released_bounced
        )
        subject = f"quarantine {qid} ({address})"  # as services/release.py words it
        return _Ask(self._id("release_requests"), qid, mid, address, agent, asked, risk, why,
                    subject)  # fmt: skip

    def _request(
        self,
        ask: _Ask,
        note: str,
        state: RequestState,
        decided_by: str | None = None,
        decided_at: datetime | None = None,
        decision_note: str = "",
    ) -> None:
        """The request row and the audit row of its filing (its decision's rows are the
        caller's: they differ by outcome)."""
        stamp = self._w.stamp
        self.rows.requests.append(
            request_row(ask.id, ask.quarantine_id, state.value, ask.agent, note, ask.risk.value,
                        ask.why, stamp(ask.asked), decided_by, stamp(decided_at), decision_note)
        )  # fmt: skip
        self._audit(ask.asked, ask.agent, "release_requested", ask.subject, None,
                    RequestState.PENDING.value, note)  # fmt: skip
        self.counts["requests"] += 1

    def _applied(
        self, ask: _Ask, note: str, by: str, decided: datetime, decision_note: str
    ) -> datetime:
        """A request approved by `by` and applied at `decided`, with the audit rows and the
        `released` event the release service writes."""
        self._request(ask, note, RequestState.APPLIED, by, decided, decision_note)
        self._audit(decided, by, "release_approved", ask.subject, "pending", "approved",
                    decision_note)  # fmt: skip
        self._audit(decided, by, "release_applied", ask.subject, "quarantined", "released")
        self.rows.events.append(
            event_row(self._id("events"), ask.message_id, EventType.RELEASED.value,
                      self._w.stamp(decided), None, None, f"released by {by}", None, None,
                      "demo", None, None)
        )  # fmt: skip
        self.counts["events"] += 1
        self._releases[ask.address] = decided
        return decided

    def _audit(
        self,
        at: datetime,
        actor: str,
        action: str,
        subject: str,
        before: str | None,
        after: str | None,
        note: str = "",
    ) -> None:
        self.rows.audit.append(
            audit_row(
                self._id("audit_log"), self._w.stamp(at), actor, action, subject, before, after,
                note,
            )
        )  # fmt: skip

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
