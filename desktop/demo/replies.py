"""What receiving servers say, per reason, as the demo data's remote replies.

Each entry is (reply code, enhanced status, text); `{addr}`, `{domain}` and `{ip}` are filled
in. The texts follow the wording the big providers and stock MTAs use, so the demo exercises
the classifier and the help texts the way real feeds do.
"""

from __future__ import annotations

from desktop.domain.model import Reason

Reply = tuple[int, str, str]

HARD_REPLIES: dict[Reason, tuple[Reply, ...]] = {
    Reason.ADDRESS_UNKNOWN: (
        (
            550,
            "5.1.1",
            "The email account that you tried to reach does not exist. Please try "
            "double-checking the recipient's email address for typos or unnecessary spaces.",
        ),
        (
            550,
            "5.1.1",
            "<{addr}>: Recipient address rejected: User unknown in virtual mailbox table",
        ),
        (550, "5.5.0", "Requested action not taken: mailbox unavailable (user does not exist)"),
        (
            550,
            "5.1.10",
            "RESOLVER.ADR.RecipientNotFound; Recipient {addr} not found by SMTP address lookup",
        ),
        (554, "5.7.1", "<{addr}>: Recipient address rejected: no such user here"),
    ),
    Reason.DOMAIN_UNKNOWN: (
        (
            550,
            "5.1.2",
            "Host or domain name not found. Name service error for name={domain} "
            "type=MX: Host not found, try again",
        ),
        (556, "5.1.10", "Recipient address has null MX"),
        (550, "5.4.4", "Unable to route: no mail hosts for domain {domain}"),
    ),
    Reason.BLOCKED: (
        (554, "5.7.1", "Service unavailable; Client host [{ip}] blocked using zen.spamhaus.org"),
        (550, "5.7.1", "Mail from IP {ip} was rejected due to listing in Spamhaus SBL"),
        (
            550,
            "5.7.606",
            "Access denied, banned sending IP [{ip}]. To request removal from this "
            "list please visit the delist portal",
        ),
        (554, "5.7.1", "Sender address rejected: Access denied"),
    ),
    Reason.MAILBOX_INACTIVE: (
        (550, "5.2.1", "The email account that you tried to reach is disabled."),
        (550, "5.2.1", "<{addr}>: mailbox disabled, not accepting messages"),
        (554, "5.2.1", "This account has been suspended and is no longer receiving mail"),
    ),
}

SOFT_REPLIES: dict[Reason, tuple[Reply, ...]] = {
    Reason.MAILBOX_FULL: (
        (
            452,
            "4.2.2",
            "The email account that you tried to reach is over quota. Please direct "
            "the recipient to learn how to free up space.",
        ),
        (552, "5.2.2", "<{addr}>: Mailbox full, message rejected"),
        (452, "4.2.2", "Mailbox size limit exceeded for {addr}"),
        (550, "5.2.2", "Quota exceeded: the recipient's mailbox is full"),
    ),
    Reason.MAILBOX_INACTIVE: (
        (
            450,
            "4.2.1",
            "The user you are trying to contact is receiving mail at a rate that "
            "prevents additional messages from being delivered.",
        ),
        (451, "4.2.1", "Mailbox temporarily disabled"),
    ),
    Reason.SERVER_UNREACHABLE: (
        (421, "4.4.1", "connect to {domain}[{ip}]:25: Connection timed out"),
        (
            451,
            "4.4.2",
            "lost connection with mx.{domain}[{ip}] while receiving the initial server greeting",
        ),
        (421, "4.4.7", "Delivery time expired: message could not be delivered within 5 days"),
    ),
    Reason.SERVER_ERROR: (
        (451, "4.3.0", "Temporary local problem - please try later"),
        (
            421,
            "4.7.0",
            "Too many concurrent SMTP connections from this IP address; please try again later",
        ),
        (452, "4.3.1", "Insufficient system storage"),
        (
            450,
            "4.7.28",
            "Our system has detected an unusual rate of unsolicited mail originating "
            "from your IP address. To protect our users, mail sent from your IP has been "
            "temporarily rate limited.",
        ),
    ),
    Reason.MESSAGE_TOO_LARGE: (
        (552, "5.3.4", "Message size exceeds fixed maximum message size (20480000 bytes)"),
        (552, "5.2.3", "Message exceeds the maximum size allowed by the recipient"),
    ),
    Reason.CONTENT_BLOCKED: (
        (550, "5.7.1", "Message rejected as spam by Content Filtering"),
        (554, "5.7.1", "Our system has detected that this message is likely unsolicited mail."),
        (550, "5.7.0", "Message contains a virus or malicious content and was refused"),
    ),
    Reason.POLICY: (
        (
            550,
            "5.7.26",
            "Unauthenticated email from {sender_domain} is not accepted due to "
            "domain's DMARC policy.",
        ),
        (550, "5.7.23", "The message was rejected because of Sender Policy Framework violation"),
        (554, "5.7.5", "Message does not comply with required standards (RFC 5322 headers)"),
    ),
    Reason.BLOCKED: (
        (
            421,
            "4.7.0",
            "[{ip}] Our system has detected an unusual rate of unsolicited mail "
            "originating from your IP address; temporarily deferred due to user complaints",
        ),
    ),
}

DEFERRALS: tuple[Reply, ...] = (
    (450, "4.7.1", "<{addr}>: Recipient address rejected: Greylisted, please try again later"),
    (451, "4.7.1", "Please try again later (greylisting in action)"),
    (421, "4.7.0", "Try again later, closing connection."),
    (450, "4.2.0", "Temporarily deferred, please retry"),
)

MX_HOSTS: dict[str, str] = {
    "gmail.com": "gmail-smtp-in.l.google.com",
    "googlemail.com": "gmail-smtp-in.l.google.com",
    "hotmail.com": "hotmail-com.olc.protection.outlook.com",
    "outlook.com": "outlook-com.olc.protection.outlook.com",
    "live.nl": "eur.olc.protection.outlook.com",
    "hotmail.nl": "eur.olc.protection.outlook.com",
    "yahoo.com": "mta7.am0.yahoodns.net",
    "icloud.com": "mx01.mail.icloud.com",
    "ziggo.nl": "mx.ziggo.nl",
    "kpnmail.nl": "mx.kpnmail.nl",
    "planet.nl": "mx.kpnmail.nl",
    "xs4all.nl": "mxdrop.xs4all.nl",
    "home.nl": "mx.home.nl",
    "hetnet.nl": "mx.kpnmail.nl",
    "gmx.net": "mx00.emig.gmx.net",
    "web.de": "mx-ha03.web.de",
    "telfort.nl": "mx.telfort.nl",
}
