"""Help texts: complete for every key and language, safe templates, risk verdicts."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop import resources
from desktop.domain.advice import (
    ALL_KEYS,
    HELP_FILE,
    LANGUAGES,
    PLACEHOLDERS,
    HelpError,
    advice_for,
    base_risk,
    parse_help,
    placeholders,
    render_client_explanation,
    render_client_explanation_html,
)
from desktop.domain.model import QuarantineCause, Reason, RiskLevel


def _help_document() -> dict[str, object]:
    document = json.loads(resources.read_text("help", HELP_FILE))
    assert isinstance(document, dict)
    return document


def test_every_reason_cause_and_event_has_help() -> None:
    expected = {r.value for r in Reason} | {c.value for c in QuarantineCause}
    assert expected | {"rejected", "released"} <= set(ALL_KEYS)
    for key in ALL_KEYS:
        advice = advice_for(key)
        assert advice.key == key
        assert advice.title and advice.meaning and advice.risk_why
        assert advice.what_you_can_do and all(step for step in advice.what_you_can_do)
        assert isinstance(advice.risk, RiskLevel)
        for language in LANGUAGES:
            assert advice.client_text[language].strip()
            assert placeholders(advice.client_text[language]) <= PLACEHOLDERS


def test_every_help_entry_has_its_staff_texts_in_english_and_dutch() -> None:
    """The desk shows the staff help in the UI language: each entry has both, and the Dutch is
    written, not a copy of the English."""
    entries = _help_document()["entries"]
    assert isinstance(entries, dict) and set(ALL_KEYS) <= set(entries)
    for key, entry in entries.items():
        for field in ("title", "meaning", "what_you_can_do", "risk_why"):
            assert set(entry[field]) == set(LANGUAGES), (key, field)
        assert len(entry["what_you_can_do"]["nl"]) == len(entry["what_you_can_do"]["en"]), key
        english, dutch = advice_for(key, lang="en"), advice_for(key, lang="nl")
        assert dutch.title and dutch.meaning and dutch.risk_why and dutch.what_you_can_do
        assert dutch.title != english.title, key
        assert dutch.meaning != english.meaning, key
        assert dutch.risk_why != english.risk_why, key
        assert set(dutch.what_you_can_do).isdisjoint(english.what_you_can_do), key
        assert (dutch.risk, dutch.client_text) == (english.risk, english.client_text)
        for text in (dutch.meaning, *dutch.what_you_can_do, dutch.risk_why):
            assert "{days}" not in text and "{soft_bounces}" not in text  # the policy is quoted


def test_the_dutch_staff_help_quotes_the_policy_in_dutch() -> None:
    hard = advice_for(QuarantineCause.HARD_BOUNCE.value, lang="nl")
    assert "7 dagen lang" in hard.meaning and "5 keer op rij" in hard.meaning
    assert advice_for("no-such-key", lang="nl") == advice_for(Reason.UNKNOWN, lang="nl")
    assert advice_for(Reason.BLOCKED, lang="fr") == advice_for(Reason.BLOCKED)  # English


@pytest.mark.parametrize("field", ["title", "meaning", "what_you_can_do", "risk_why"])
def test_a_missing_dutch_staff_text_is_refused(field: str) -> None:
    document = _help_document()
    entries = document["entries"]
    assert isinstance(entries, dict)
    del entries["mailbox_full"][field]["nl"]
    with pytest.raises(HelpError, match="'nl'"):
        parse_help(json.dumps(document))  # asked for English: Dutch is checked all the same


def test_client_texts_name_the_recipient() -> None:
    for key in ALL_KEYS:
        for language in LANGUAGES:
            text = render_client_explanation(key, language, "jan@ziggo.nl", "2026-11-27", "a@b.nl")
            assert "jan@ziggo.nl" in text
            assert "{" not in text and "}" not in text


def test_the_help_articles_rules_are_in_the_text() -> None:
    # hard bounce: quarantined at once; check the address; try another one
    hard = advice_for(QuarantineCause.HARD_BOUNCE.value)
    assert "at once" in hard.meaning and "7 days" in hard.meaning
    assert any("another email address" in step for step in hard.what_you_can_do)
    # soft bounce: retried, then quarantined and counted as a hard bounce
    soft = advice_for(QuarantineCause.SOFT_BOUNCE.value)
    assert "counts as a hard bounce" in soft.meaning
    # delayed: no view of delivery; ask the recipient to check the spam folder
    delayed = advice_for(Reason.DELAYED)
    assert "no view" in delayed.meaning
    assert "spam" in delayed.client_advice["en"] and "spammap" in delayed.client_advice["nl"]
    # spam alerts quarantine too; a wrong quarantine can be released
    assert "spam" in advice_for(QuarantineCause.SPAM.value).meaning
    assert any("release" in step.lower() for step in hard.what_you_can_do)


def test_unknown_template_placeholder_is_refused() -> None:
    document = _help_document()
    entries = document["entries"]
    assert isinstance(entries, dict)
    entries["blocked"]["client"]["nl"] = "Beste {klant}, het bericht aan {recipient} ..."
    with pytest.raises(HelpError, match="unknown"):
        parse_help(json.dumps(document))


@pytest.mark.parametrize("part", ["title", "meaning", "what_you_can_do", "risk", "client"])
def test_missing_part_is_refused(part: str) -> None:
    document = _help_document()
    entries = document["entries"]
    assert isinstance(entries, dict)
    del entries["mailbox_full"][part]
    with pytest.raises(HelpError):
        parse_help(json.dumps(document))


def test_missing_language_or_key_is_refused() -> None:
    document = _help_document()
    entries = document["entries"]
    assert isinstance(entries, dict)
    del entries["policy"]["client"]["nl"]
    with pytest.raises(HelpError, match="'nl'"):
        parse_help(json.dumps(document))
    del entries["policy"]
    with pytest.raises(HelpError, match="policy"):
        parse_help(json.dumps(document))


def test_suggestion_is_added_where_a_typo_hint_exists() -> None:
    moment = datetime(2026, 11, 27, 14, 30)
    text = render_client_explanation(
        Reason.ADDRESS_UNKNOWN, "nl", "jan@gmial.com", moment, "info@gala.nl", "gmail.com"
    )
    assert "@gmail.com" in text and "27 november 2026 om 14:30" in text and "Uw bericht" in text
    plain = render_client_explanation(
        Reason.MAILBOX_FULL, "en", "jan@x.nl", moment, "info@gala.nl", "gmail.com"
    )
    assert "gmail.com" not in plain


def test_dates_are_written_per_language() -> None:
    moment = datetime(2026, 3, 5, 9, 7)
    english = render_client_explanation("delayed", "en", "a@b.nl", moment, "c@d.nl")
    dutch = render_client_explanation("delayed", "nl", "a@b.nl", moment, "c@d.nl")
    assert "5 March 2026 at 09:07" in english
    assert "5 maart 2026 om 09:07" in dutch
    assert "5 maart 2026" in render_client_explanation("delayed", "nl", "a", moment.date(), "c")


def test_unknown_language_and_key_fall_back() -> None:
    english = render_client_explanation("blocked", "en", "a@b.nl", "today", "c@d.nl")
    assert render_client_explanation("blocked", "fr", "a@b.nl", "today", "c@d.nl") == english
    assert advice_for("no-such-key") == advice_for(Reason.UNKNOWN)


@given(st.text(), st.text(), st.text(), st.one_of(st.none(), st.text()))
def test_html_variant_escapes_every_value(
    recipient: str, sender: str, when: str, suggestion: str | None
) -> None:
    markup = render_client_explanation_html(
        Reason.DOMAIN_UNKNOWN, "en", recipient, when, sender, suggestion
    )
    inner = markup.removeprefix("<p>").removesuffix("</p>")
    assert "<" not in inner and ">" not in inner
    assert '"' not in inner


def test_base_risk_follows_the_reason() -> None:
    assert base_risk(Reason.ADDRESS_UNKNOWN)[0] is RiskLevel.HIGH
    assert base_risk(Reason.SPAM_COMPLAINT)[0] is RiskLevel.HIGH
    assert base_risk(Reason.SERVER_UNREACHABLE)[0] is RiskLevel.LOW
    assert base_risk(Reason.MAILBOX_FULL)[0] is RiskLevel.MEDIUM
    level, why = base_risk(Reason.MESSAGE_TOO_LARGE)
    assert level is RiskLevel.LOW and why
