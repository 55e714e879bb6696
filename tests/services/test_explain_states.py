"""Explanations built from reason and state: every combination, none contradicting the timeline."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from desktop import resources
from desktop.domain.advice import HELP_FILE, LANGUAGES
from desktop.domain.model import (
    Event,
    EventType,
    Message,
    MessageStatus,
    Quarantine,
    QuarantineCause,
    Reason,
)
from desktop.domain.outcome import NextStep, moment_text
from desktop.services.explain import explain
from desktop.services.search import MessageDetails

NOW = datetime(2026, 12, 5, 14, 0, tzinfo=UTC)  # a Saturday
SENT = NOW - timedelta(hours=1)
POSTFIX_DEFER = (
    "Dec  5 13:00:00 mx1 postfix/smtp[123]: 4F1A2B: to=<jan@example.nl>, relay=mx.example.nl"
    "[192.0.2.1]:25, delay=1, dsn=4.2.2, status=deferred (host mx.example.nl said: 452 4.2.2"
    " Mailbox full)"
)
# Words that promise another attempt, and words that say the end has come.
RETRY_CLAIMS = (
    "not been delivered yet",
    "keeps trying",
    "tries again",
    "retries",
    "nog niet afgeleverd",
    "blijft het",
    "probeert het nog",
)
FINAL_CLAIMS = ("will not be sent again", "stopped trying", "definitief", "gestopt")


def _message(status: MessageStatus, reason: Reason | None) -> Message:
    return Message(
        id=1,
        message_id="<m1@example.org>",
        account="acme",
        sender="news@acme.example",
        recipient="jan@example.nl",
        subject="Invitation",
        status=status,
        reason=reason,
        created_at=SENT,
        last_event_at=SENT,
    )


def _event(kind: EventType, at: datetime, raw: str | None = None) -> Event:
    return Event(id=int(at.timestamp()), message=1, type=kind, at=at, raw=raw)


def _quarantine(ends_at: datetime, released_at: datetime | None = None) -> Quarantine:
    return Quarantine(
        id=7,
        address="jan@example.nl",
        cause=QuarantineCause.HARD_BOUNCE,
        reason=Reason.ADDRESS_UNKNOWN,
        started_at=SENT + timedelta(minutes=1),
        ends_at=ends_at,
        released_at=released_at,
    )


def details_in(step: NextStep, reason: Reason | None, rejected: bool = False) -> MessageDetails:
    """A message whose timeline and quarantines put it in `step`."""
    failed = MessageStatus.REJECTED if rejected else MessageStatus.HARD_BOUNCE
    sent = _event(EventType.SENT, SENT)
    if step is NextStep.RETRYING:
        soft = _event(EventType.SOFT_BOUNCE, NOW - timedelta(minutes=20), POSTFIX_DEFER)
        return MessageDetails(_message(MessageStatus.SOFT_BOUNCE, reason), [sent, soft], None)
    if step is NextStep.GIVEN_UP:
        # a soft bounce from yesterday, with no retry since
        old = _event(EventType.SOFT_BOUNCE, NOW - timedelta(days=1), POSTFIX_DEFER)
        return MessageDetails(_message(MessageStatus.SOFT_BOUNCE, reason), [sent, old], None)
    final = _event(EventType.REJECTED if rejected else EventType.HARD_BOUNCE, SENT)
    message = _message(failed, reason)
    if step is NextStep.FINAL:
        return MessageDetails(message, [sent, final], None)
    if step is NextStep.QUARANTINED:
        active = _quarantine(NOW + timedelta(days=6))
        return MessageDetails(message, [sent, final], active, active)
    if step is NextStep.QUARANTINE_ENDED:
        return MessageDetails(message, [sent, final], None, _quarantine(NOW - timedelta(hours=2)))
    released = _quarantine(NOW + timedelta(days=6), released_at=NOW - timedelta(hours=3))
    return MessageDetails(message, [sent, final], None, released)


CASES = [
    (reason, step, lang, False)
    for reason in Reason
    for step in NextStep
    for lang in LANGUAGES
    # a spam complaint or a delay is not a bounce the sender retries
    if not (step in (NextStep.RETRYING, NextStep.GIVEN_UP) and reason is Reason.SPAM_COMPLAINT)
] + [
    (Reason.ADDRESS_UNKNOWN, step, lang, True)
    for step in (NextStep.FINAL, NextStep.QUARANTINED, NextStep.QUARANTINE_ENDED, NextStep.RELEASED)
    for lang in LANGUAGES
]


@pytest.mark.parametrize(("reason", "step", "lang", "rejected"), CASES)
def test_every_reason_in_every_state_says_what_the_timeline_says(
    reason: Reason, step: NextStep, lang: str, rejected: bool
) -> None:
    details = details_in(step, reason, rejected)
    explanation = explain(details, lang, NOW, zone=UTC)
    assert explanation is not None
    assert explanation.next_step is step
    assert explanation.next_text
    client = explanation.client_text.lower()
    agent = f"{explanation.meaning} {explanation.next_text}".lower()
    assert "jan@example.nl" in client and "{" not in client
    staff_texts = (explanation.meaning, explanation.risk_why, *explanation.what_you_can_do)
    assert not any("{" in text for text in staff_texts), staff_texts
    if step is NextStep.RETRYING:
        assert explanation.retry_until == SENT + timedelta(days=5)  # Postfix: 5 days
        assert moment_text(SENT + timedelta(days=5), lang, UTC).lower() in client
        assert not any(claim in client for claim in FINAL_CLAIMS)
        assert "gives up around" in agent
    else:
        assert explanation.retry_until is None
        assert not any(claim in client for claim in RETRY_CLAIMS), client
        assert not any(claim in agent for claim in RETRY_CLAIMS), agent
        assert not any(step.startswith("Wait") for step in explanation.what_you_can_do)
    if step is NextStep.QUARANTINED:
        assert moment_text(NOW + timedelta(days=6), lang, UTC).lower() in client
        assert "is quarantined until" in agent
    else:
        assert "is quarantined until" not in agent
    if step is NextStep.RELEASED:
        assert ("released" if lang == "en" else "vrijgegeven") in client
    if step is NextStep.FINAL:
        assert "not quarantined" in agent
    if step is NextStep.GIVEN_UP:
        assert moment_text(NOW - timedelta(days=1), lang, UTC).lower() in client


def test_the_reasons_own_words_make_no_claim_about_the_state() -> None:
    # the reason says why; retrying, quarantining and releasing are the state's to say
    document = json.loads(resources.read_text("help", HELP_FILE))
    forbidden = (*RETRY_CLAIMS, "quarantined", "soft bounce", "hard bounce", "at once", "for now")
    forbidden += ("voorlopig", "opnieuw versturen", "in quarantaine geplaatst", "meteen")
    for key in [*(reason.value for reason in Reason), "rejected"]:
        entry = document["entries"][key]
        texts = [
            *entry["meaning"].values(),  # the agent's, in English and Dutch
            *entry["client"].values(),
            *entry["client_advice"].values(),
        ]
        for text in texts:
            assert not any(word in text.lower() for word in forbidden), (key, text)


def test_a_bounced_postfix_retry_text_reads_as_final_and_quarantined() -> None:
    # the new user's case: "status=bounced dsn=5.4.4 ... Host not found, try again", stored as
    # a hard bounce and quarantined; the words must not promise another attempt
    details = details_in(NextStep.QUARANTINED, Reason.SERVER_UNREACHABLE)
    explanation = explain(details, "en", NOW, zone=UTC)
    assert explanation is not None
    assert "could not be reached" in explanation.client_text
    assert "until Friday 11 December 14:00" in explanation.client_text
    assert "tries again" not in explanation.client_text
    assert "not been delivered yet" not in explanation.client_text


def test_the_forecast_in_both_languages() -> None:
    details = details_in(NextStep.RETRYING, Reason.MAILBOX_FULL)
    english = explain(details, "en", NOW, zone=UTC)
    dutch = explain(details, "nl", NOW, zone=UTC)
    assert english is not None and dutch is not None
    assert "keeps trying for up to 5 days" in english.client_text
    assert "gives up around Thursday 10 December 13:00" in english.client_text
    assert "tot 5 dagen lang proberen" in dutch.client_text
    assert "stopt hij rond donderdag 10 december 13:00" in dutch.client_text
    assert english.next_text is not None
    assert "quarantined after 5 soft bounces in a row" in english.next_text
    assert english.as_json()["next"] == "retrying"
    assert english.as_json()["retry_until"] == "2026-12-10T13:00:00+00:00"
    assert english.what_you_can_do[0].startswith("Wait: the mail server retries")


@pytest.mark.parametrize("step", list(NextStep))
def test_the_agents_texts_follow_the_staff_language(step: NextStep) -> None:
    """A Dutch desk reads the reason, the steps, the risk and what happens next in Dutch; the
    client's language is a separate choice."""
    details = details_in(step, Reason.MAILBOX_FULL)
    dutch = explain(details, "en", NOW, zone=UTC, staff_lang="nl")
    english = explain(details, "en", NOW, zone=UTC)
    assert dutch is not None and english is not None
    assert dutch.title == "Mailbox is vol" and english.title == "Mailbox is full"
    assert dutch.next_text is not None and dutch.next_text.startswith("Wat er nu gebeurt:")
    assert dutch.client_text == english.client_text  # the client's language did not change
    for text in (dutch.meaning, dutch.risk_why, *dutch.what_you_can_do):
        assert text not in (english.meaning, english.risk_why, *english.what_you_can_do)
    if step is NextStep.RETRYING:
        assert dutch.what_you_can_do[0] == (
            "Wacht: de mailserver probeert het zelf opnieuw tot ongeveer"
            " donderdag 10 december 13:00."
        )
    if dutch.quarantine_meaning is not None:
        assert "quarantaine" in dutch.quarantine_meaning


def test_a_delivered_message_has_nothing_to_explain() -> None:
    message = _message(MessageStatus.DELIVERED, None)
    assert explain(MessageDetails(message, [], None), "en", NOW) is None


def test_the_sender_step_names_the_senders_domain() -> None:
    details = details_in(NextStep.FINAL, Reason.POLICY)
    english = explain(details, "en", NOW, zone=UTC)
    dutch = explain(details, "en", NOW, zone=UTC, staff_lang="nl")
    assert english is not None and dutch is not None
    assert any("(acme.example)" in step for step in english.what_you_can_do)
    assert any("(acme.example)" in step for step in dutch.what_you_can_do)
