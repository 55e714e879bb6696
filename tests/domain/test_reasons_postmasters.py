"""Third-round classifier rules: postmaster pages' codes and refusals of our sending side."""

from __future__ import annotations

import pytest

from desktop.domain.model import Reason
from desktop.domain.reasons import _lower_same_length, _phrase, classify

R = Reason

# (text, status, reply code, expected). The texts follow the documented wording with made-up
# addresses and hosts; the comment above each says where the wording is documented.
POSTMASTER_PHRASES: list[tuple[str, str | None, int | None, Reason]] = [
    # postmaster.orange.fr, error codes: 506/536 suspected spam ...
    ("550 5.2.0 Mail rejete. Mail rejected. OFR_506 [506]", "5.2.0", 550, R.CONTENT_BLOCKED),
    ("550 5.7.1 Mail rejete. Mail rejected. OFR005_536 [536]", "5.7.1", 550, R.CONTENT_BLOCKED),
    # ... SPF, DMARC and DKIM failures ...
    ("550 5.7.1 Echec SPF. SPF failure. OFR_397 [397]", "5.7.1", 550, R.POLICY),
    ("550 5.7.1 Echec DMARC. DMARC failure. OFR_515 [515]", "5.7.1", 550, R.POLICY),
    # ... no PTR for the sending IP, and the reputation limit ...
    ("421 4.7.1 Pas de PTR. No PTR record. OFR004_107 [107]", "4.7.1", 421, R.BLOCKED),
    ("421 mwinf ME Service refuse. Service refused. OFR_989 [989]", None, 421, R.BLOCKED),
    # ... and the connection limits
    (
        "421 4.2.1 Trop de connexions. Too many connections, slow down. OFR004_104 [104]",
        "4.2.1",
        421,
        R.SERVER_ERROR,
    ),
    # Spectrum's "understanding email error codes": the AUP#In-13x0 rate limiting
    (
        "550 5.1.0 <bounce@example.com> sender rejected. AUP#In-1310",
        "5.1.0",
        550,
        R.SERVER_ERROR,
    ),
    ("421 4.7.0 cmsmtp 192.0.2.1 throttled. AUP#In-1340", "4.7.0", 421, R.SERVER_ERROR),
    # Exim specification, "Callout verification": our return address could not be verified
    (
        "SMTP error from remote mail server after MAIL FROM:<bounce@example.com>:\n"
        "550-Verification failed for <bounce@example.com>\n550-Called: 192.0.2.2\n"
        "550-Sent: RCPT TO:<bounce@example.com>\n550-Response: 550 5.1.1 User unknown\n"
        "550 Sender verify failed",
        None,
        550,
        R.POLICY,
    ),
    # RFC 7505 3.4: the sender's domain publishes a null MX
    ("550 5.7.27 Sender address has null MX", "5.7.27", 550, R.POLICY),
    # Postfix postconf(5), reject_sender_login_mismatch
    (
        "553 5.7.1 <news@example.com>: Sender address rejected: not owned by user web",
        "5.7.1",
        553,
        R.POLICY,
    ),
    # support.google.com/a/answer/3726730
    (
        "552 5.2.2 The email account that you tried to reach is over quota and inactive.",
        "5.2.2",
        552,
        R.MAILBOX_INACTIVE,
    ),
    # Sendmail's virtusertable/access-map refusal
    ("553 5.3.0 <jan@example.nl>... Addressee unknown", "5.3.0", 553, R.ADDRESS_UNKNOWN),
    # Exchange Online NDR reference, 4.7.320-4.7.323
    ("450 4.7.320 Certificate validation failed", "4.7.320", 450, R.POLICY),
    # Postfix anvil(8)/postscreen rate limits, worded "slow down"
    (
        "450 4.7.1 Client host rejected: too many messages, slow down",
        "4.7.1",
        450,
        R.SERVER_ERROR,
    ),
    # Spamhaus DBL / SURBL: a link in the body is listed, not our IP
    (
        "554 5.7.1 Message contains a URL listed in the Spamhaus DBL",
        "5.7.1",
        554,
        R.CONTENT_BLOCKED,
    ),
    # RFC 5965: a complaint report carries no SMTP refusal; in a 550 the words are the filter's
    (
        "550 5.7.1 Your message looks like spam or has been reported as spam",
        "5.7.1",
        550,
        R.CONTENT_BLOCKED,
    ),
    # RFC 3463 X.4.3 with the server's own words for its directory
    ("451 4.4.3 LDAP lookup failed, try again later", "4.4.3", 451, R.SERVER_ERROR),
]


@pytest.mark.parametrize(("text", "status", "reply", "expected"), POSTMASTER_PHRASES)
def test_postmaster_phrases(
    text: str, status: str | None, reply: int | None, expected: Reason
) -> None:
    assert classify(text, status, reply).reason is expected


@pytest.mark.parametrize(("text", "status", "reply", "expected"), POSTMASTER_PHRASES)
def test_anchors_agree_on_the_postmaster_phrases(
    text: str, status: str | None, reply: int | None, expected: Reason
) -> None:
    del status, reply, expected
    lowered = _lower_same_length(text)
    assert _phrase(lowered, text) == _phrase(lowered, text, use_anchors=False)


def test_a_refused_return_address_does_not_quarantine_the_recipient() -> None:
    # the callout quotes "User unknown" about OUR address: the recipient must not be treated
    # as a hard address_unknown
    verdict = classify(
        "550-Verification failed for <bounce@example.com>\n550-Response: 550 User unknown\n"
        "550 Sender verify failed",
        None,
        550,
    )
    assert verdict.reason is not R.ADDRESS_UNKNOWN


def test_orange_codes_need_their_own_number() -> None:
    # another OFR number says nothing these rules know
    assert classify("421 Service refuse. OFR_777 [777]", None, 421).reason is not R.CONTENT_BLOCKED


def test_a_complaint_report_without_a_refusal_stays_a_complaint() -> None:
    assert classify("This message was reported as spam by the recipient.").reason is (
        R.SPAM_COMPLAINT
    )
