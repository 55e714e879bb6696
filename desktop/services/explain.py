"""The explanation of a message's outcome: help text, what to do, release risk, client text."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any

from desktop.domain.advice import (
    LANGUAGES,
    advice_for,
    render_client_explanation,
    render_client_explanation_html,
    with_sender,
)
from desktop.domain.model import Event, MessageStatus, Reason, RiskLevel
from desktop.domain.original import whole_words
from desktop.domain.outcome import NextStep, Outcome, moment_text, next_step, state_sentence
from desktop.domain.retry import RetryWindow
from desktop.domain.risk import release_risk, risk_why_in
from desktop.domain.typos import suggest_domain
from desktop.services.search import MessageDetails

_TYPO_REASONS = frozenset({Reason.ADDRESS_UNKNOWN, Reason.DOMAIN_UNKNOWN})
# The first step while the sending side still retries, per staff language.
_WAIT = {
    "en": "Wait: the mail server retries by itself until about {when}.",
    "nl": "Wacht: de mailserver probeert het zelf opnieuw tot ongeveer {when}.",
}


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
    # what happens next (None for a message without a failure): the state, the agent's
    # sentence for it, and when the sending side gives up (for a message still retried)
    next_step: NextStep | None = None
    next_text: str | None = None
    retry_until: datetime | None = None

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
            "next": self.next_step.value if self.next_step else None,
            "next_text": self.next_text,
            "retry_until": self.retry_until.isoformat() if self.retry_until else None,
        }

    def as_text(self) -> str:
        lines = [self.title, "", self.meaning]
        if self.next_text:
            lines += ["", self.next_text]
        lines += ["", "What you can do:"]
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


def outcome_of(
    details: MessageDetails,
    now: datetime,
    windows: Mapping[str, RetryWindow] | None = None,
    soft_bounce_limit: int = 5,
) -> Outcome | None:
    """What happens next to this message, from its status, timeline and quarantines."""
    message = details.message
    return next_step(
        message.status,
        message.created_at,
        details.events,
        details.quarantine,
        details.latest_quarantine,
        now,
        windows,
        soft_bounce_limit,
    )


def explain(
    details: MessageDetails,
    lang: str = "en",
    now: datetime | None = None,
    *,
    windows: Mapping[str, RetryWindow] | None = None,
    zone: tzinfo | None = None,
    staff_lang: str = "en",
) -> Explanation | None:
    """The reason (why) and the state (what happens next) in words, for agent and client.

    `lang` is the client's language; `staff_lang` the agent's (the UI language): the title,
    meaning, steps, release risk and next step are in that one.
    `zone` is where the agent reads times (default: this machine's zone).
    """
    key = help_key(details)
    if key is None:
        return None
    message, quarantine = details.message, details.quarantine
    moment = now or datetime.now(UTC)
    outcome = outcome_of(details, moment, windows, details.policy.soft_bounce_limit)
    language = lang if lang in LANGUAGES else LANGUAGES[0]
    client_state = (
        state_sentence(outcome, language, for_client=True, zone=zone) if outcome else None
    )
    staff = staff_lang if staff_lang in LANGUAGES else LANGUAGES[0]
    agent_state = state_sentence(outcome, staff, for_client=False, zone=zone) if outcome else None
    advice = advice_for(key, details.policy, staff)
    suggestion = suggested_address(message.recipient, message.reason)
    risk, risk_why = advice.risk, advice.risk_why
    if quarantine is not None:
        risk, risk_why = release_risk(
            quarantine.reason,
            quarantine.cause,
            quarantine.started_at,
            moment,
            False,
        )
        risk_why = risk_why_in(risk_why, staff)
    fix = suggestion.rpartition("@")[2] if suggestion else None
    # The client reads the date in the agent's zone, not UTC.
    args = (key, lang, message.recipient, message.created_at.astimezone(zone), message.sender, fix)
    steps = tuple(with_sender(step, message.sender, staff) for step in advice.what_you_can_do)
    if outcome is not None and outcome.step is NextStep.RETRYING and outcome.gives_up:
        when = moment_text(outcome.gives_up, staff, zone)
        steps = (_WAIT[staff].format(when=when), *steps)
    return Explanation(
        key=key,
        title=advice.title,
        meaning=advice.meaning,
        what_you_can_do=steps,
        risk=risk,
        risk_why=risk_why,
        client_text=render_client_explanation(*args, config=details.policy, state=client_state),
        client_html=render_client_explanation_html(
            *args, config=details.policy, state=client_state
        ),
        lang=language,
        suggestion=suggestion,
        quarantine_key=quarantine.cause.value if quarantine else None,
        quarantine_meaning=advice_for(quarantine.cause.value, details.policy, staff).meaning
        if quarantine
        else None,
        next_step=outcome.step if outcome else None,
        next_text=agent_state,
        retry_until=outcome.gives_up if outcome and not outcome.is_final else None,
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
            spans[event.id] = whole_words(event.diagnostic, evidence.start, evidence.end)
    return spans
