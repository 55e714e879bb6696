"""The explanation of a message's outcome: help text, what to do, release risk, client text."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from desktop.domain.advice import (
    LANGUAGES,
    advice_for,
    render_client_explanation,
    render_client_explanation_html,
)
from desktop.domain.model import Event, MessageStatus, Reason, RiskLevel
from desktop.domain.risk import release_risk
from desktop.domain.typos import suggest_domain
from desktop.services.search import MessageDetails

_TYPO_REASONS = frozenset({Reason.ADDRESS_UNKNOWN, Reason.DOMAIN_UNKNOWN})


@dataclass(frozen=True, slots=True)
class Explanation:
    """Everything the reason panel and `bouncedesk show` say about one message."""

    key: str
    title: str
    meaning: str
    what_you_can_do: tuple[str, ...]
    risk: RiskLevel
    risk_why: str
    client_text: str
    client_html: str
    lang: str
    suggestion: str | None  # a likely intended address when the domain looks misspelt
    quarantine_key: str | None  # help key of the rule that quarantined the recipient
    quarantine_meaning: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "meaning": self.meaning,
            "what_you_can_do": list(self.what_you_can_do),
            "release_risk": self.risk.value,
            "release_risk_why": self.risk_why,
            "client_text": self.client_text,
            "lang": self.lang,
            "suggestion": self.suggestion,
            "quarantine_rule": self.quarantine_key,
        }

    def as_text(self) -> str:
        lines = [self.title, "", self.meaning, "", "What you can do:"]
        lines += [f"  - {step}" for step in self.what_you_can_do]
        if self.suggestion:
            lines += ["", f"Did they mean {self.suggestion}?"]
        if self.quarantine_meaning:
            lines += ["", "Why the address is quarantined:", f"  {self.quarantine_meaning}"]
        lines += ["", f"Release risk: {self.risk.value} - {self.risk_why}", ""]
        lines += [f"For the client ({self.lang}):", self.client_text]
        return "\n".join(lines)


def help_key(details: MessageDetails) -> str | None:
    """Which help entry explains this message (None for a plain delivery)."""
    message = details.message
    if message.status is MessageStatus.REJECTED:
        return "rejected"
    if message.reason is not None:
        return message.reason.value
    if message.status is MessageStatus.DEFERRED:
        return Reason.DELAYED.value
    if message.status in (MessageStatus.SOFT_BOUNCE, MessageStatus.HARD_BOUNCE):
        return Reason.UNKNOWN.value
    return None


def suggested_address(recipient: str, reason: Reason | None) -> str | None:
    if reason not in _TYPO_REASONS:
        return None
    local, _, domain = recipient.rpartition("@")
    fixed = suggest_domain(domain) if local else None
    return f"{local}@{fixed}" if fixed else None


def explain(
    details: MessageDetails, lang: str = "en", now: datetime | None = None
) -> Explanation | None:
    key = help_key(details)
    if key is None:
        return None
    message, quarantine = details.message, details.quarantine
    advice = advice_for(key, details.policy)
    suggestion = suggested_address(message.recipient, message.reason)
    risk, risk_why = advice.risk, advice.risk_why
    if quarantine is not None:
        risk, risk_why = release_risk(
            quarantine.reason,
            quarantine.cause,
            quarantine.started_at,
            now or datetime.now(UTC),
            False,
        )
    fix = suggestion.rpartition("@")[2] if suggestion else None
    # The client reads the date in the agent's zone, not UTC.
    args = (key, lang, message.recipient, message.created_at.astimezone(), message.sender, fix)
    return Explanation(
        key=key,
        title=advice.title,
        meaning=advice.meaning,
        what_you_can_do=advice.what_you_can_do,
        risk=risk,
        risk_why=risk_why,
        client_text=render_client_explanation(*args, config=details.policy),
        client_html=render_client_explanation_html(*args, config=details.policy),
        lang=lang if lang in LANGUAGES else LANGUAGES[0],
        suggestion=suggestion,
        quarantine_key=quarantine.cause.value if quarantine else None,
        quarantine_meaning=advice_for(quarantine.cause.value, details.policy).meaning
        if quarantine
        else None,
    )


def deciding_spans(events: Iterable[Event]) -> dict[int, tuple[int, int]]:
    """Per event id, where in its server text the phrase that decided the reason is."""
    # Imported on first use: compiling the classifier's phrase tables slows the cold start.
    from desktop.domain.reasons import classify

    spans: dict[int, tuple[int, int]] = {}
    for event in events:
        if not event.diagnostic:
            continue
        evidence = classify(event.diagnostic, event.status, event.reply_code).evidence
        if evidence is None or evidence.start is None or evidence.end is None:
            continue
        if 0 <= evidence.start < evidence.end <= len(event.diagnostic):
            spans[event.id] = (evidence.start, evidence.end)
    return spans
