"""Release-risk verdict: how likely an address is to fail again if its quarantine ends now."""

from __future__ import annotations

from datetime import datetime, timedelta

from desktop.domain.model import QuarantineCause, Reason, RiskLevel

# Full mailboxes are usually emptied within a few days; before that a release mostly buys
# another bounce.
MAILBOX_FULL_SETTLES = timedelta(days=3)
# Outages and overloaded servers tend to be over within a day.
PROVIDER_TROUBLE_SETTLES = timedelta(days=1)

_ADDRESS_GONE = frozenset({Reason.ADDRESS_UNKNOWN, Reason.DOMAIN_UNKNOWN})
_PROVIDER_TROUBLE = frozenset({Reason.SERVER_UNREACHABLE, Reason.SERVER_ERROR, Reason.DELAYED})
_ABOUT_THE_MESSAGE = frozenset({Reason.MESSAGE_TOO_LARGE, Reason.CONTENT_BLOCKED, Reason.POLICY})


def release_risk(
    reason: Reason,
    cause: QuarantineCause,
    started_at: datetime,
    now: datetime,
    released_before_and_bounced_again: bool,
) -> tuple[RiskLevel, str]:
    """The risk of releasing a quarantined address now, with a one-line why for the agent."""
    age = max(now - started_at, timedelta(0))
    if released_before_and_bounced_again:
        return RiskLevel.HIGH, "It was released before and bounced again; it will likely repeat."
    if cause is QuarantineCause.SPAM or reason is Reason.SPAM_COMPLAINT:
        return (
            RiskLevel.HIGH,
            "The recipient reported our mail as spam; mailing again harms the sender's reputation.",
        )
    if reason in _ADDRESS_GONE:
        return RiskLevel.HIGH, "The address or its domain does not exist; it will bounce again."
    if reason is Reason.MAILBOX_FULL:
        if age >= MAILBOX_FULL_SETTLES:
            return RiskLevel.LOW, "The mailbox was full days ago; mailboxes usually get emptied."
        return RiskLevel.MEDIUM, "The mailbox was full very recently and may still be full."
    if reason in _PROVIDER_TROUBLE:
        if age >= PROVIDER_TROUBLE_SETTLES:
            return RiskLevel.LOW, "The receiving server had trouble; that is usually over by now."
        return RiskLevel.MEDIUM, "The receiving server had trouble very recently; it may persist."
    if reason is Reason.BLOCKED:
        return (
            RiskLevel.MEDIUM,
            "The receiving provider blocked our mail; it bounces again until the block is lifted.",
        )
    if reason is Reason.MAILBOX_INACTIVE:
        return RiskLevel.MEDIUM, "The mailbox was inactive; check with the recipient it is in use."
    if reason in _ABOUT_THE_MESSAGE:
        return RiskLevel.LOW, "The problem was the message, not the address; fix the message."
    return RiskLevel.MEDIUM, "The reason is not known; the address may bounce again."


# The Dutch of each why above, for a desk in Dutch. Keyed by the English sentence, as a Qt
# catalogue is: release_risk's callers (the list, the preview, the CLI) keep one text.
_WHY_NL = {
    "It was released before and bounced again; it will likely repeat.": (
        "Het is al eens vrijgegeven en bouncete opnieuw; dat gebeurt waarschijnlijk weer."
    ),
    "The recipient reported our mail as spam; mailing again harms the sender's reputation.": (
        "De ontvanger meldde onze mail als spam; opnieuw mailen schaadt de reputatie van de"
        " afzender."
    ),
    "The address or its domain does not exist; it will bounce again.": (
        "Het adres of het domein bestaat niet; het bouncet opnieuw."
    ),
    "The mailbox was full days ago; mailboxes usually get emptied.": (
        "De mailbox was dagen geleden vol; mailboxen worden meestal geleegd."
    ),
    "The mailbox was full very recently and may still be full.": (
        "De mailbox was kortgeleden nog vol en kan nog steeds vol zijn."
    ),
    "The receiving server had trouble; that is usually over by now.": (
        "De ontvangende server had problemen; die zijn nu meestal voorbij."
    ),
    "The receiving server had trouble very recently; it may persist.": (
        "De ontvangende server had kortgeleden nog problemen; die kunnen aanhouden."
    ),
    "The receiving provider blocked our mail; it bounces again until the block is lifted.": (
        "De ontvangende provider blokkeerde onze mail; die bouncet opnieuw totdat de blokkade"
        " is opgeheven."
    ),
    "The mailbox was inactive; check with the recipient it is in use.": (
        "De mailbox was niet actief; ga bij de ontvanger na of hij in gebruik is."
    ),
    "The problem was the message, not the address; fix the message.": (
        "Het probleem zat in het bericht, niet in het adres; pas het bericht aan."
    ),
    "The reason is not known; the address may bounce again.": (
        "De reden is niet bekend; het adres kan opnieuw bouncen."
    ),
}


def risk_why_in(why: str, lang: str) -> str:
    """A why of release_risk in `lang` ('en' or 'nl'); a text it does not know stays as it is."""
    return _WHY_NL.get(why, why) if lang == "nl" else why
