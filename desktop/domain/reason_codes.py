"""What SMTP reply codes and RFC 3463 enhanced status codes say about a bounce's reason."""

from __future__ import annotations

from typing import NamedTuple

from desktop.domain.model import Reason

# How much a code tells us. A phrase of the diagnostic with a higher weight wins over it.
SPECIFIC = 70  # the code names the problem (5.1.1, 5.2.2, 5.7.26)
SENDER = 85  # the code is about our sender address, whatever the text says about domains
GENERIC = 30  # the code only names a class of problem (x.0.0, x.7.1 "not authorized")
REPLY = 20  # a bare three-digit reply code


class CodeMeaning(NamedTuple):
    reason: Reason
    weight: int


R = Reason
_S, _G = SPECIFIC, GENERIC

# (subject, detail) -> meaning, from the RFC 3463 registry and its updates
# (RFC 3886, 4468, 4954, 5248, 6531, 6710, 7293, 7372, 7505, 8617, 8689, IANA registry).
_DETAILS: dict[tuple[int, int], CodeMeaning] = {
    # X.1 addressing
    (1, 0): CodeMeaning(R.ADDRESS_UNKNOWN, _G),  # other address status
    (1, 1): CodeMeaning(R.ADDRESS_UNKNOWN, _S),  # bad destination mailbox address
    (1, 2): CodeMeaning(R.DOMAIN_UNKNOWN, _S),  # bad destination system address
    (1, 3): CodeMeaning(R.ADDRESS_UNKNOWN, _S),  # bad destination mailbox address syntax
    (1, 4): CodeMeaning(R.ADDRESS_UNKNOWN, _S),  # destination mailbox address ambiguous
    (1, 5): CodeMeaning(R.UNKNOWN, _G),  # destination address valid
    (1, 6): CodeMeaning(R.ADDRESS_UNKNOWN, _S),  # mailbox has moved, no forwarding address
    (1, 7): CodeMeaning(R.BLOCKED, SENDER),  # bad sender's mailbox address syntax
    (1, 8): CodeMeaning(R.BLOCKED, SENDER),  # bad sender's system address
    (1, 9): CodeMeaning(R.POLICY, _S),  # message relayed to non-compliant mailer
    # RFC 7505 registers 1.10 as "recipient has null MX", but Microsoft 365 sends 5.1.10 for
    # every unknown recipient, which is far more common; a null-MX text still wins as a phrase.
    (1, 10): CodeMeaning(R.ADDRESS_UNKNOWN, _S),
    # X.2 mailbox
    (2, 0): CodeMeaning(R.MAILBOX_INACTIVE, _G),
    (2, 1): CodeMeaning(R.MAILBOX_INACTIVE, _S),  # mailbox disabled, not accepting messages
    (2, 2): CodeMeaning(R.MAILBOX_FULL, _S),  # mailbox full
    (2, 3): CodeMeaning(R.MESSAGE_TOO_LARGE, _S),  # message length exceeds administrative limit
    (2, 4): CodeMeaning(R.SERVER_ERROR, _S),  # mailing list expansion problem
    # X.3 mail system
    (3, 0): CodeMeaning(R.SERVER_ERROR, _G),
    (3, 1): CodeMeaning(R.SERVER_ERROR, _S),  # mail system full
    (3, 2): CodeMeaning(R.SERVER_ERROR, _S),  # system not accepting network messages
    (3, 3): CodeMeaning(R.POLICY, _S),  # system not capable of selected features
    (3, 4): CodeMeaning(R.MESSAGE_TOO_LARGE, _S),  # message too big for system
    (3, 5): CodeMeaning(R.SERVER_ERROR, _S),  # system incorrectly configured
    # X.4 network and routing
    (4, 0): CodeMeaning(R.SERVER_UNREACHABLE, _G),
    (4, 1): CodeMeaning(R.SERVER_UNREACHABLE, _S),  # no answer from host
    (4, 2): CodeMeaning(R.SERVER_UNREACHABLE, _S),  # bad connection
    (4, 3): CodeMeaning(R.SERVER_UNREACHABLE, _S),  # directory (DNS) server failure
    (4, 4): CodeMeaning(R.DOMAIN_UNKNOWN, _S),  # unable to route
    (4, 5): CodeMeaning(R.SERVER_ERROR, _S),  # mail system congestion
    (4, 6): CodeMeaning(R.SERVER_UNREACHABLE, _S),  # routing loop detected
    (4, 7): CodeMeaning(R.SERVER_UNREACHABLE, _S),  # delivery time expired
    # X.5 protocol
    (5, 0): CodeMeaning(R.POLICY, _G),
    (5, 1): CodeMeaning(R.POLICY, _S),  # invalid command
    (5, 2): CodeMeaning(R.POLICY, _S),  # syntax error
    (5, 3): CodeMeaning(R.SERVER_ERROR, _S),  # too many recipients
    (5, 4): CodeMeaning(R.POLICY, _S),  # invalid command arguments
    (5, 5): CodeMeaning(R.POLICY, _S),  # wrong protocol version
    (5, 6): CodeMeaning(R.POLICY, _S),  # authentication exchange line too long
    # X.6 media and content
    (6, 0): CodeMeaning(R.CONTENT_BLOCKED, _G),
    # X.7 security and policy
    (7, 0): CodeMeaning(R.BLOCKED, _G),
    (7, 1): CodeMeaning(R.BLOCKED, _G),  # delivery not authorized: says who, not why
    (7, 2): CodeMeaning(R.POLICY, _S),  # mailing list expansion prohibited
    (7, 13): CodeMeaning(R.MAILBOX_INACTIVE, _S),  # user account disabled
    (7, 17): CodeMeaning(R.ADDRESS_UNKNOWN, _S),  # mailbox owner has changed
    (7, 18): CodeMeaning(R.DOMAIN_UNKNOWN, _S),  # domain owner has changed
    (7, 25): CodeMeaning(R.BLOCKED, _S),  # reverse DNS validation failed
    (7, 28): CodeMeaning(R.BLOCKED, _S),  # mail flood detected
    # Microsoft Exchange / Microsoft 365 extensions, documented in their NDR reference
    (1, 351): CodeMeaning(R.ADDRESS_UNKNOWN, _S),
    (4, 310): CodeMeaning(R.DOMAIN_UNKNOWN, _S),  # DNS domain does not exist
    (7, 509): CodeMeaning(R.POLICY, _S),  # DMARC reject
    (7, 510): CodeMeaning(R.POLICY, _S),
    (7, 512): CodeMeaning(R.POLICY, _S),  # RFC 5322 non-compliant From
    (7, 515): CodeMeaning(R.POLICY, _S),  # authentication level not met
    (7, 57): CodeMeaning(R.POLICY, _S),  # client not authenticated to send
    (7, 64): CodeMeaning(R.POLICY, _S),  # tenant attribution: relay access denied
    (7, 750): CodeMeaning(R.POLICY, _S),  # unregistered domain
}


def _by_subject(klass: int, subject: int, detail: int) -> CodeMeaning | None:
    """Details not in the table: ranges some providers use, else the subject's generic meaning."""
    if subject == 7:
        if 3 <= detail <= 12 or 14 <= detail <= 16 or 19 <= detail <= 24 or 26 <= detail <= 30:
            # TLS, authentication, priority, RRVS, DKIM/SPF/DMARC/ARC, null-MX sender, REQUIRETLS
            return CodeMeaning(R.POLICY, _S)
        if 500 <= detail <= 799:
            return CodeMeaning(R.BLOCKED, _S)  # Microsoft: banned/blocked sending IP or tenant
        if 100 <= detail <= 199:
            # Microsoft: the recipient or group takes mail only from senders it allows
            # (5.7.124 not in allowed-senders list, 5.7.133-136 not authenticated for it)
            return CodeMeaning(R.BLOCKED, _S)
    if subject == 1 and detail >= 11:
        return CodeMeaning(R.ADDRESS_UNKNOWN, _S)  # provider extensions: recipient not found
    if subject == 6 and 1 <= detail <= 10:
        return CodeMeaning(R.CONTENT_BLOCKED, _S)
    if subject == 4 and detail >= 300:
        return CodeMeaning(R.SERVER_UNREACHABLE, _S)  # Microsoft: expired / DNS / refused
    generic = _DETAILS.get((subject, 0))
    if generic is None:
        return None
    if klass == 4 and subject in (0, 5):
        # a temporary failure that ended as a bounce: the retry period ran out
        return CodeMeaning(R.SERVER_UNREACHABLE, _G)
    return generic


def status_meaning(klass: int, subject: int, detail: int) -> CodeMeaning | None:
    """The reason an enhanced status code names, or None when it names nothing useful."""
    if klass == 2:
        return None
    if subject == 0:
        if klass == 4:
            return CodeMeaning(R.SERVER_UNREACHABLE, _G - 5)
        return None
    found = _DETAILS.get((subject, detail))
    if found is None:
        found = _by_subject(klass, subject, detail)
    elif klass == 4 and subject == 5 and detail == 0:
        # a temporary failure that ended as a bounce: the retry period ran out
        found = CodeMeaning(R.SERVER_UNREACHABLE, _G)
    if found is None or found.reason is R.UNKNOWN:
        return None
    return found


# RFC 5321 reply codes. They overlap heavily, so they only decide when nothing else does.
_REPLIES: dict[int, Reason] = {
    421: R.SERVER_ERROR,
    450: R.SERVER_ERROR,  # mailbox busy, greylisting: try later
    451: R.SERVER_ERROR,
    452: R.SERVER_ERROR,
    454: R.POLICY,
    500: R.POLICY,
    501: R.POLICY,
    502: R.POLICY,
    503: R.POLICY,
    504: R.POLICY,
    521: R.DOMAIN_UNKNOWN,  # host does not accept mail (RFC 7504)
    530: R.POLICY,
    535: R.POLICY,
    550: R.ADDRESS_UNKNOWN,  # mailbox unavailable: most often, not found
    551: R.ADDRESS_UNKNOWN,  # user not local
    552: R.MESSAGE_TOO_LARGE,  # "exceeded storage allocation": most often the message size
    553: R.ADDRESS_UNKNOWN,  # mailbox name not allowed
    554: R.BLOCKED,  # transaction failed: mostly rejections by policy
    556: R.DOMAIN_UNKNOWN,  # domain does not accept mail (RFC 7504)
    571: R.BLOCKED,
}


def reply_meaning(code: int) -> Reason | None:
    """The reason a bare reply code suggests, or None."""
    found = _REPLIES.get(code)
    if found is not None:
        return found
    if 400 <= code < 500:
        return R.SERVER_ERROR
    return None
