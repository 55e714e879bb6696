"""Server phrases, third round: postmaster pages' own codes and the sender-side refusals.

The rules here correct places where a general phrase pointed at the recipient while the
server meant our sending side, or where a provider documents what its code means.
"""

from __future__ import annotations

from desktop.domain.model import Reason
from desktop.domain.reason_phrases import Phrase, _rule

# The same scale as `reason_phrases`: a higher weight wins, specific status codes weigh 70.
# Each rule's source is named beside it and beside its test phrase in
# tests/domain/test_reasons_postmasters.py; none is taken from the corpus.

R = Reason

POSTMASTERS: tuple[Phrase, ...] = (
    # Orange's postmaster page (postmaster.orange.fr, "codes d'erreur") gives each refusal an
    # OFR code, written "OFR_506" or "OFR004_104": 506 and 536 are suspected spam, ...
    _rule(R.CONTENT_BLOCKED, 88, "ofr", r"\bofr\d*_5(?:06|36)\b"),
    # ... 397/398 (SPF), 515 (DMARC) and 535 (no DKIM signature) are authentication, ...
    _rule(R.POLICY, 88, "ofr", r"\bofr\d*_(?:39[78]|515|535)\b"),
    # ... 107 is a missing reverse DNS (PTR) for the sending IP, and 988-990 a limit tied to
    # that IP's reputation: both are about our sending IP.
    _rule(R.BLOCKED, 88, "ofr", r"\bofr\d*_(?:107|98[89]|990)\b"),
    # ... 104 (too many connections at once) and 109 (too many messages in one connection)
    # are limits of the connection: slow down, the address is fine.
    _rule(R.SERVER_ERROR, 88, "ofr", r"\bofr\d*_(?:104|109)\b"),
    # Spectrum (Charter) tags its refusals "AUP#In-NNNN"; the 13x0 series is its Cloudmark rate
    # limiting: 1340 is "reduce your concurrent connections" on Spectrum's "understanding email
    # error codes" page, and 1310-1330 are the same limiter counting messages (deliverability
    # write-ups of the page: suped.com on AUP#I-1300 and on Charter.net throttling). The text
    # beside it says "sender rejected", but the remedy is to send slower, not a block list.
    _rule(R.SERVER_ERROR, 88, "aup", r"\baup#\s*i[nb]?-?13[1-4]0\b"),
    # Exim's sender verification by callout (Exim specification, "Callout verification"):
    # "550-Verification failed for <sender>" ... "550 Sender verify failed". The server could
    # not reach our return address; the "unknown user" it quotes is our sender, not the
    # recipient.
    _rule(
        R.POLICY,
        93,
        "sender verify|verification failed|callout verification|sender address verification",
        r"sender\s+verify\s+failed|verification\s+failed\s+for\s+<|",
        r"callout\s+verification\s+fail|sender\s+address\s+verification\s+fail",
    ),
    # RFC 7505 3.4: a server may refuse mail whose return address has a null MX, with 550
    # 5.7.27 "Sender address has null MX"; it is our sender domain, not the recipient's.
    _rule(
        R.POLICY,
        93,
        "sender address has|sender domain has",
        r"sender\s+(?:address|domain)\s+has\s+(?:a\s+)?null\s*mx",
    ),
    # Postfix reject_sender_login_mismatch (postconf(5)): "Sender address rejected: not owned
    # by user NAME": the login that sent it may not use that From address.
    _rule(R.POLICY, 90, "not owned by", r"not\s+owned\s+by\s+(?:user\s+)?\S"),
    # Gmail's "552 5.2.2 The email account that you tried to reach is over quota and inactive"
    # (support.google.com/a/answer/3726730): abandoned rather than merely full.
    _rule(R.MAILBOX_INACTIVE, 92, "over quota and inactive", r"over\s+quota\s+and\s+inactive"),
    # Sendmail's "Addressee unknown" (its virtusertable error and access-map rejections): the
    # recipient is not known there, whatever 5.3.0 the ruleset put before it.
    _rule(R.ADDRESS_UNKNOWN, 80, "addressee unknown", r"addressee\s+unknown"),
    # Exchange Online's TLS results for outbound mail (learn.microsoft.com, "Email
    # non-delivery reports and SMTP errors in Exchange Online", 4.7.320-4.7.323 certificate
    # validation failed): the TLS our connector demands could not be had.
    _rule(R.POLICY, 80, "certificate validation", r"certificate\s+validation\s+failed"),
    # "Slow down" is how servers word a rate limit (Postfix's anvil(8) limits and postscreen,
    # Orange's "Too many connections, slow down"): the sending pace, not the address or a
    # block list, whatever "rejected" stands beside it.
    _rule(R.SERVER_ERROR, 84, "slow down", r"\bslow\s+down\b"),
    # Domain block lists of URLs (Spamhaus DBL, SURBL, URIBL: "domains found in the body of
    # spam") name a link in the message, not our sending IP: the content decides.
    _rule(
        R.CONTENT_BLOCKED,
        88,
        "url|uri|link",
        r"\b(?:url|uri|link)s?\s+(?:\S+\s+){0,3}?(?:is\s+|are\s+)?listed\s+(?:in|on|at|by)\b",
    ),
    # Directory look-ups of the receiving system that failed (RFC 3463 X.4.3 names the
    # directory server; Postfix and Exim write "LDAP ... lookup failed"): a passing failure of
    # the server itself, decided by the phrase rather than the code's network subject.
    _rule(
        R.SERVER_ERROR,
        72,
        "ldap",
        r"\bldap\b[^.]{0,40}?\b(?:unavailable|error|failed|failure|timeout|down|busy)",
    ),
)
