"""The bounce reason classifier: codes, provider phrases, precedence, hard/soft and totality."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.domain.model import Reason
from desktop.domain.reasons import (
    _GROUPS,
    Classification,
    _lower_same_length,
    _phrase,
    _woken,
    classify,
)

R = Reason

# Texts in the style the big receivers and stock MTAs write (with made-up addresses/hosts).
PHRASES: list[tuple[str, Reason]] = [
    # unknown recipients
    (
        "550 5.1.1 <jan@example.nl>: Recipient address rejected: User unknown in local recipient"
        " table",
        R.ADDRESS_UNKNOWN,
    ),
    (
        "550-5.1.1 The email account that you tried to reach does not exist. Please try"
        " double-checking the recipient's email address for typos",
        R.ADDRESS_UNKNOWN,
    ),
    (
        "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
        R.ADDRESS_UNKNOWN,
    ),
    (
        "554 delivery error: dd This user doesn't have a yahoo.com account (x@yahoo.com) [0]",
        R.ADDRESS_UNKNOWN,
    ),
    ("Sorry, no mailbox here by that name. (#5.1.1)", R.ADDRESS_UNKNOWN),
    ("550 Requested action not taken: mailbox unavailable", R.ADDRESS_UNKNOWN),
    ("550 5.1.1 Onbekende gebruiker", R.ADDRESS_UNKNOWN),
    ("550 5.4.1 Recipient address rejected: Access denied. AS(201806281)", R.ADDRESS_UNKNOWN),
    ("550 5.1.6 recipient no longer on server: piet@example.nl", R.ADDRESS_UNKNOWN),
    # domains
    (
        "Host or domain name not found. Name service error for name=exmaple.nl type=A: Host not"
        " found",
        R.DOMAIN_UNKNOWN,
    ),
    ("DNS Error: DNS type 'mx' lookup of gmial.com responded with code NXDOMAIN", R.DOMAIN_UNKNOWN),
    (
        "556 5.1.10 The domain example.nl doesn't receive email according to the administrator:"
        " returned Null MX",
        R.DOMAIN_UNKNOWN,
    ),
    ("Sorry, I couldn't find any host named example.nll. (#5.1.2)", R.DOMAIN_UNKNOWN),
    # mailbox full / inactive
    ("452 4.2.2 The email account that you tried to reach is over quota.", R.MAILBOX_FULL),
    ("552 5.2.2 Mailbox full", R.MAILBOX_FULL),
    ("550 5.7.1 Requested action aborted: mailbox is full", R.MAILBOX_FULL),
    ("Mailbox quota exceeded", R.MAILBOX_FULL),
    ("550 5.2.2 De mailbox is vol", R.MAILBOX_FULL),
    ("550 5.2.1 The email account that you tried to reach is disabled.", R.MAILBOX_INACTIVE),
    ("550 5.2.1 Mailbox disabled for this recipient", R.MAILBOX_INACTIVE),
    ("554 This account has been suspended", R.MAILBOX_INACTIVE),
    # too large
    ("552 5.3.4 Message size exceeds fixed limit", R.MESSAGE_TOO_LARGE),
    ("552-5.2.3 Your message exceeded Google's message size limits.", R.MESSAGE_TOO_LARGE),
    (
        "550 5.2.3 RESOLVER.RST.RecipSizeLimit; message too large for this recipient",
        R.MESSAGE_TOO_LARGE,
    ),
    # blocks
    (
        "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org",
        R.BLOCKED,
    ),
    ("550 5.7.606 Access denied, banned sending IP [192.0.2.1].", R.BLOCKED),
    (
        "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume"
        " or user complaints",
        R.BLOCKED,
    ),
    (
        "554-mx.gmx.net (mxgmx104) Nemesis ESMTP Service not available 554-No SMTP service"
        " 554-IP address is block listed.",
        R.BLOCKED,
    ),
    (
        "550 5.7.1 Our system has detected that this message is likely suspicious due to the very"
        " low reputation of the sending IP address.",
        R.BLOCKED,
    ),
    ("450 4.7.1 Client host rejected: cannot find your reverse hostname, [192.0.2.1]", R.BLOCKED),
    (
        "553 5.1.8 <noreply@example.org>... Domain of sender address noreply@example.org does not"
        " exist",
        R.BLOCKED,
    ),
    # content
    ("554 5.7.1 Message rejected as spam by Content Filtering.", R.CONTENT_BLOCKED),
    ("550 5.7.1 Message content rejected, UBE, id=12345-01", R.CONTENT_BLOCKED),
    (
        "552 5.7.0 This message was blocked because its content presents a potential security"
        " issue.",
        R.CONTENT_BLOCKED,
    ),
    ("554 5.7.1 The message contains a virus", R.CONTENT_BLOCKED),
    # policy
    (
        "550 5.7.26 Unauthenticated email from example.org is not accepted due to domain's DMARC"
        " policy.",
        R.POLICY,
    ),
    (
        "550 5.7.509 Access denied, sending domain EXAMPLE.ORG does not pass DMARC verification",
        R.POLICY,
    ),
    ("554 5.7.1 <jan@example.nl>: Relay access denied", R.POLICY),
    ("554 5.7.9 Message not accepted for policy reasons.", R.POLICY),
    ("550 5.7.1 Messages with multiple addresses in From: header are not accepted.", R.POLICY),
    # unreachable / server trouble
    ("connect to mx.example.nl[192.0.2.1]:25: Connection timed out", R.SERVER_UNREACHABLE),
    ("Sorry, I wasn't able to establish an SMTP connection. (#4.4.1)", R.SERVER_UNREACHABLE),
    ("retry timeout exceeded", R.SERVER_UNREACHABLE),
    ("554 5.4.6 Hop count exceeded - possible mail loop", R.SERVER_UNREACHABLE),
    (
        "Name service error for name=example.nl type=MX: Host not found, try again",
        R.SERVER_UNREACHABLE,
    ),
    ("421 4.7.0 Error: too many connections from 192.0.2.1", R.SERVER_ERROR),
    (
        "450 4.2.1 The user you are trying to contact is receiving mail at a rate that prevents"
        " additional messages from being delivered.",
        R.SERVER_ERROR,
    ),
    ("451 4.3.0 Error: queue file write error", R.SERVER_ERROR),
    ("451 4.7.1 Greylisted, please try again later", R.SERVER_ERROR),
    (
        "host mx.example.jp said: 550 Unknown user x@example.jp (in reply to end of DATA command)",
        R.MAILBOX_INACTIVE,
    ),
    (
        "550 5.1.1 <x@example.nl>: Recipient address rejected: undeliverable address",
        R.ADDRESS_UNKNOWN,
    ),
    ("550 Rejected by header based Anti-Spoofing policy", R.POLICY),
    ("553 sorry, that domain isn't in my list of allowed rcpthosts. (#5.7.1)", R.POLICY),
    (
        "554 Service unavailable; Client host [192.0.2.1] blocked using Barracuda Reputation",
        R.BLOCKED,
    ),
    ("554 Reject due to IP reputation", R.BLOCKED),
    ("550 High probability of spam", R.CONTENT_BLOCKED),
    ("mail for example.nl loops back to myself", R.SERVER_UNREACHABLE),
    ("Connected to 192.0.2.1 but greeting failed.", R.SERVER_UNREACHABLE),
    # our return address failed the server's callout: our configuration, see
    # test_reasons_postmasters
    ("550 Sender verify failed", R.POLICY),
    (
        "554 5.7.1 Your message was rejected by the recipient's mail server because it looks"
        " like spam",
        R.CONTENT_BLOCKED,
    ),
    (
        "550-Requested action not taken: mailbox unavailable 550 invalid DNS MX or A/AAAA"
        " resource record",
        R.BLOCKED,
    ),
    (
        "550 5.2.2 STOREDRV.Deliver.Exception:QuotaExceededException.MapiExceptionShutoffQuota",
        R.MAILBOX_FULL,
    ),
    ("No MX found for domain example.nll", R.DOMAIN_UNKNOWN),
    ("Message rejected under suspicion of SPAM", R.CONTENT_BLOCKED),
    ("Connected to 192.0.2.1 but sender was rejected.", R.BLOCKED),
    ("553-you are trying to use me [mx.example.net] as a relay", R.POLICY),
    # complaints and delays
    (
        "This is an email abuse report for an email message received from IP 192.0.2.1",
        R.SPAM_COMPLAINT,
    ),
    ("Delivery to the following recipients has been delayed.", R.DELAYED),
]


@pytest.mark.parametrize(("text", "expected"), PHRASES)
def test_provider_phrases(text: str, expected: Reason) -> None:
    assert classify(text).reason is expected


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("5.1.1", R.ADDRESS_UNKNOWN),
        ("5.1.2", R.DOMAIN_UNKNOWN),
        ("5.1.6", R.ADDRESS_UNKNOWN),
        ("5.2.1", R.MAILBOX_INACTIVE),
        ("4.2.2", R.MAILBOX_FULL),
        ("5.2.3", R.MESSAGE_TOO_LARGE),
        ("5.3.4", R.MESSAGE_TOO_LARGE),
        ("4.3.1", R.SERVER_ERROR),
        ("4.4.1", R.SERVER_UNREACHABLE),
        ("4.4.2", R.SERVER_UNREACHABLE),
        ("5.4.4", R.DOMAIN_UNKNOWN),
        ("4.4.7", R.SERVER_UNREACHABLE),
        ("5.6.1", R.CONTENT_BLOCKED),
        ("5.7.13", R.MAILBOX_INACTIVE),
        ("5.7.23", R.POLICY),
        ("5.7.25", R.BLOCKED),
        ("5.7.26", R.POLICY),
        ("5.7.1", R.BLOCKED),
    ],
)
def test_status_codes_alone(status: str, expected: Reason) -> None:
    verdict = classify(None, status)
    assert verdict.reason is expected
    assert verdict.evidence is not None and verdict.evidence.kind == "status"


def test_reply_code_alone_is_weak_evidence() -> None:
    verdict = classify("", None, 552)
    assert verdict.reason is R.MESSAGE_TOO_LARGE
    assert verdict.evidence is not None and verdict.evidence.kind == "reply_code"
    assert verdict.confidence < classify(None, "5.3.4").confidence


def test_specific_text_beats_generic_code() -> None:
    assert classify("550 5.7.1 mailbox full", "5.7.1", 550).reason is R.MAILBOX_FULL
    assert classify("sorry, mailbox is over quota (#5.1.1)", "5.1.1").reason is R.MAILBOX_FULL


def test_specific_code_beats_weak_text() -> None:
    text = "550 5.1.1 <x@icloud.com>: inactive email address"
    assert classify(text, "5.1.1", 550).reason is R.ADDRESS_UNKNOWN


def test_sender_address_problems_are_not_unknown_recipients() -> None:
    text = "553 5.1.8 <bounce@example.org>: Sender address rejected: Domain not found"
    assert classify(text).reason is R.BLOCKED


def test_hard_and_soft() -> None:
    assert classify("550 5.1.1 User unknown").hard
    assert not classify("450 4.1.1 User unknown", "4.1.1").hard
    assert not classify("552 5.2.2 Mailbox full", "5.2.2").hard  # full mailboxes get emptied
    assert not classify("Connection timed out").hard
    assert classify("User unknown").hard  # no code: the help article's hard bounce
    assert not classify(None, "5.4.7").hard  # a retry period that ran out is not the address
    assert not classify("552 5.3.4 Message size exceeds fixed limit").hard  # fix the message
    assert not classify("550 5.7.26 DMARC policy", "5.7.26").hard  # fix the sender's setup
    assert classify("554 5.7.1 Client host blocked using zen.spamhaus.org").hard
    assert classify("550 5.2.1 Mailbox disabled", "5.2.1").hard


def test_deferred_without_evidence_is_delayed() -> None:
    assert classify(None, deferred=True).reason is R.DELAYED
    assert classify("451 try again later", None, 451, deferred=True).reason is R.SERVER_ERROR
    assert classify("", None, 451, deferred=True).reason is R.DELAYED  # a bare code says little
    assert classify(None, "4.4.1", deferred=True).reason is R.SERVER_UNREACHABLE
    assert classify(None).reason is R.UNKNOWN


def test_phrase_evidence_points_into_the_text() -> None:
    text = "host mx.example.nl said: 550 5.1.1 <JAN@EXAMPLE.NL>: User Unknown (in reply to RCPT)"
    evidence = classify(text).evidence
    assert evidence is not None and evidence.start is not None and evidence.end is not None
    assert text[evidence.start : evidence.end] == evidence.text == "User Unknown"


def test_status_found_in_the_text_is_located() -> None:
    text = "Remote server said: 550 5.1.2 bad destination system"
    evidence = classify(text).evidence
    assert evidence is not None and evidence.kind == "status"
    assert evidence.start is not None and evidence.end is not None
    assert text[evidence.start : evidence.end] == "5.1.2"


def test_offsets_survive_characters_that_grow_when_lower_cased() -> None:
    text = "İİİ 550 mailbox full"
    evidence = classify(text).evidence
    assert evidence is not None and evidence.start is not None
    assert text[evidence.start : evidence.end] == "mailbox full"


def test_numbers_inside_ip_addresses_are_not_codes() -> None:
    verdict = classify("seen at 192.5.1.1 and 10.550.2.1 port 25", None, None)
    assert verdict.reason is R.UNKNOWN and verdict.evidence is None


def _check(verdict: Classification, text: str | None) -> None:
    assert isinstance(verdict.reason, Reason)
    assert 0.0 <= verdict.confidence <= 1.0
    evidence = verdict.evidence
    if verdict.reason is R.UNKNOWN:
        assert verdict.confidence == 0.0
    if evidence is not None and evidence.start is not None:
        assert text is not None and evidence.end is not None
        assert 0 <= evidence.start < evidence.end <= len(text)
        assert text[evidence.start : evidence.end] == evidence.text


@given(
    st.one_of(st.none(), st.text()),
    st.one_of(st.none(), st.text(), st.from_regex(r"[245]\.\d{1,3}\.\d{1,3}", fullmatch=True)),
    st.one_of(st.none(), st.integers(), st.text()),
    st.booleans(),
)
def test_any_input_gives_a_valid_verdict(
    text: str | None, status: str | None, reply: int | str | None, deferred: bool
) -> None:
    _check(classify(text, status, reply, deferred=deferred), text)


_WORDS = [
    "550",
    "5.1.1",
    "user",
    "unknown",
    "mailbox",
    "full",
    "quota",
    "over",
    "is",
    "the",
    "not",
    "found",
    "does",
    "doesn't",
    "exist",
    "domain",
    "host",
    "rejected",
    "blocked",
    "using",
    "spam",
    "content",
    "message",
    "too",
    "large",
    "size",
    "exceeds",
    "connection",
    "timed",
    "out",
    "refused",
    "relay",
    "access",
    "denied",
    "sender",
    "address",
    "recipient",
    "dmarc",
    "policy",
    "reasons",
    "account",
    "disabled",
    "temporarily",
    "deferred",
    "try",
    "again",
    "later",
    "rate",
    "limit",
    "reverse",
    "dns",
    "no",
    "such",
    "invalid",
    "report",
    "abuse",
    "ip",
    "your",
    "listed",
    "in",
    "spamhaus",
    "virus",
    "expired",
    "delayed",
    "onbekende",
    "gebruiker",
    "vol",
    "by",
    "that",
    "name",
    "null",
    "mx",
    "4.4.1",
    "421",
    ":",
    "-",
    ".",
]


@given(st.lists(st.sampled_from(_WORDS), max_size=14), st.sampled_from([" ", "  ", "\n"]))
def test_anchors_never_hide_a_phrase(words: list[str], glue: str) -> None:
    text = glue.join(words)
    lowered = _lower_same_length(text)
    assert _phrase(lowered, text) == _phrase(lowered, text, use_anchors=False)


def test_an_anchor_inside_another_is_still_seen() -> None:
    # "unknown host" and "host not" overlap; the weaker rule must still be woken up
    text = "the name unknown host not found here"
    lowered = _lower_same_length(text)
    assert _phrase(lowered, text) == _phrase(lowered, text, use_anchors=False)


@pytest.mark.parametrize(("text", "expected"), PHRASES)
def test_anchors_agree_on_the_examples(text: str, expected: Reason) -> None:
    del expected
    lowered = _lower_same_length(text)
    assert _phrase(lowered, text) == _phrase(lowered, text, use_anchors=False)


@pytest.mark.parametrize("rule", range(len(_GROUPS)))
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_text_a_rule_matches_wakes_that_rule(rule: int, data: st.DataObject) -> None:
    group = _GROUPS[rule]
    text = data.draw(st.from_regex(group.pattern, fullmatch=True))
    assert rule in _woken(text)
