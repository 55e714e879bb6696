"""More server phrases (second round), each written from an MTA's or provider's documentation."""

from __future__ import annotations

from desktop.domain.model import Reason
from desktop.domain.reason_phrases import Phrase, _rule

# The same scale as `reason_phrases`: a higher weight wins, specific status codes weigh 70.
# Each rule's source is named beside it and beside its test phrase in
# tests/domain/test_reasons_documented.py; none is taken from the corpus.

R = Reason

PROVIDERS: tuple[Phrase, ...] = (
    # Exchange's RequireSenderAuthenticationEnabled: the recipient (most often a group) takes
    # mail only from its own organisation's authenticated senders. Its NDR says "authentication
    # required", which must not read as our missing SMTP AUTH.
    _rule(R.BLOCKED, 84, "resolver.rst.authrequired", r"resolver\.rst\.authrequired"),
    # The recipient's mailbox is full, in the German wording of Microsoft's NDRs; the Dutch one
    # ("Het postvak van de ontvanger is vol") is reason_phrases_documented's "postvak" rule.
    _rule(
        R.MAILBOX_FULL,
        90,
        "postfach",
        r"postfach\s+(?:des\s+empf[äa]ngers\s+)?(?:ist\s+)?voll\b",
    ),
    # Quota texts of local delivery agents: GNU Mailutils' maidag ("message would exceed
    # maximum mailbox size for this recipient"), FTGate ("Allocated mailbox storage exceeded").
    _rule(
        R.MAILBOX_FULL,
        90,
        "maximum mailbox|allocated",
        r"exceed\w*\s+(?:the\s+)?maximum\s+mailbox\s+size|",
        r"allocated\s+(?:mailbox\s+)?storage\s+exceeded",
    ),
    # Exchange mail flow (transport) rules of the recipient's organisation: "550 5.7.900
    # TRANSPORT.RULES.RejectMessage; the message was rejected by organization policy".
    _rule(
        R.POLICY,
        80,
        "transport.rules|rejected by",
        r"transport\.rules\.reject|rejected\s+by\s+(?:the\s+)?organi[sz]ation(?:'s)?\s+policy",
    ),
    # Postfix smtpd's client rate limit (smtpd_client_message_rate_limit): "450 4.7.1 Error:
    # too much mail from ADDR" is a rate limit, not a block, whatever its 4.7.1 says.
    _rule(R.SERVER_ERROR, 75, "too much mail", r"too\s+much\s+mail\s+from"),
    # Postfix qmgr when its delivery agent failed: "status=deferred (unknown mail transport
    # error)", dsn=4.3.0; "mail transport unavailable" for a transport missing from master.cf.
    _rule(
        R.SERVER_ERROR,
        66,
        "unknown mail transport|mail transport",
        r"unknown\s+mail\s+transport\s+error|mail\s+transport\s+unavailable",
    ),
    # Sendmail's words for the resolver's TRY_AGAIN ("Name server: HOST: host name lookup
    # failure", the h_errno text of the C library): DNS did not answer in time.
    _rule(R.SERVER_UNREACHABLE, 75, "host name lookup", r"host\s+name\s+lookup\s+failure"),
    # Exim's smtp transport: "Remote host closed connection in response to end of data".
    _rule(
        R.SERVER_UNREACHABLE,
        74,
        "closed connection|closed the connection",
        r"closed\s+(?:the\s+)?connection\s+(?:in\s+response\s+to|unexpectedly|prematurely)",
    ),
    # Outlook.com's refusals of a sending IP: "550 SC-001 ... Unfortunately, messages from
    # ADDR weren't sent", with the SC-/DY-/OU- codes of its troubleshooting page
    # (mail.live.com/mail/troubleshooting.aspx: "rejected ... for policy reasons ... IP/domain
    # reputation problems").
    _rule(
        R.BLOCKED,
        78,
        "messages from",
        r"messages\s+from\s+\S+\s+(?:weren't|were\s+not)\s+sent",
    ),
    # Gmail's 550 5.7.1 for RFC 5322's From: and Message-ID fields (support.google.com/a/
    # answer/3726730): the message's form, a policy matter.
    _rule(
        R.POLICY,
        80,
        "missing a valid|no from",
        r"missing\s+a\s+valid\s+(?:address\s+in\s+from|message-id)|no\s+from:?\s+header",
    ),
    # Web.de/GMX's bilingual replies for a mailbox over its storage or message-count limit
    # ("Benutzer hat das Speichervolumen ueberschritten", "User has too many messages on the
    # server"), and the German "Speicherplatz des Kontos ueberschritten".
    _rule(
        R.MAILBOX_FULL,
        90,
        "user has|speicher|zuviele|zu viele",
        r"user\s+has\s+too\s+many\s+messages|zu\s*viele\s+(?:mails|nachrichten)\s+auf|",
        r"speicher(?:platz|volumen)\b[^.]{0,40}?\b[üu]e?berschritten",
    ),
    # A filter's ban of our sender or its domain, and its guard against address harvesting
    # (Baruwa's rejection list: "The sender ADDR is banned", "Dictionary attack detected").
    _rule(
        R.BLOCKED,
        78,
        "banned|dictionary",
        r"(?:sender|domain)\s+\S+\s+is\s+banned|dictionary\s+attack",
    ),
    # ...and its failed recipient check ("Recipient verification failed"): weaker than a
    # status code, which decides whether it is final.
    _rule(R.ADDRESS_UNKNOWN, 60, "recipient verif", r"recipient\s+verification\s+failed"),
    # Gmail's bounces in the sender's language, in the words of Google's own help pages for
    # them (support.google.com/mail/answer/6596 in es-419 and pt-BR, answer/82454 in it, and
    # the pt-BR SMTP error list): the address does not exist...
    _rule(
        R.ADDRESS_UNKNOWN,
        76,
        "esiste|existe",
        r"(?:account|indirizzo)\b[^.]{0,60}?\bnon\s+esiste|",
        r"(?:cuenta|direcci[óo]n)\b[^.]{0,60}?\bno\s+existe|",
        r"(?:conta|endere[çc]o)\b[^.]{0,60}?\bn[ãa]o\s+existe",
    ),
    # ...the inbox is out of storage...
    _rule(
        R.MAILBOX_FULL,
        90,
        "no tiene|sin espacio|armazenamento",
        r"(?:no\s+tiene|sin)\s+espacio\s+de\s+almacenamiento|sem\s+espa[çc]o\s+de\s+armazenamento",
    ),
    # ...Gmail's filter took the message for spam (not a recipient's complaint)...
    _rule(
        R.CONTENT_BLOCKED,
        78,
        "contrassegnat|marcó|marco",
        r"contrassegnat[oa]\s+come\s+spam|se\s+marc[óo]\s+como\s+spam",
    ),
    # ...the recipient's server did not take the connection ("did not accept our requests to
    # connect" in English, is in reason_phrases)...
    _rule(
        R.SERVER_UNREACHABLE,
        74,
        "non ha accettato",
        r"non\s+ha\s+accettato\s+le\s+nostre\s+richieste",
    ),
    # ...and our own account reached its sending limit ("You have reached a limit for sending
    # mail", "Alcanzaste el límite para enviar correos electrónicos").
    _rule(
        R.SERVER_ERROR,
        92,
        "for sending|alcanzaste|alcanzó|alcanzo",
        r"reached\s+(?:a|the|your)\s+(?:\S+\s+){0,2}?limit\s+for\s+sending|",
        r"alcanz(?:aste|[óo])\s+el\s+l[íi]mite\s+(?:para|de)\s+env[íi]",
    ),
    # The result types of RFC 8460's IANA registry ("STARTTLS Validation Result Types"), which
    # Exchange Online and other DANE/MTA-STS senders put in their NDRs: the TLS the policy
    # demands could not be had.
    _rule(
        R.POLICY,
        80,
        "starttls-not-supported|certificate-|tlsa-invalid|dnssec-invalid|dane-required|sts-",
        r"starttls-not-supported|certificate-(?:host-mismatch|expired|not-trusted)|",
        r"tlsa-invalid|dnssec-invalid|dane-required|sts-(?:policy-(?:invalid|fetch-error)|",
        r"webpki-invalid)",
    ),
    # Dovecot's rejection mail (its rejection_reason setting, "Your message to <%t> was
    # automatically rejected:%n%r"), sent when the recipient's own Sieve script rejects the
    # message: the recipient's filter. A full mailbox given as the reason still wins.
    _rule(R.MAILBOX_INACTIVE, 79, "automatically rejected", r"automatically\s+rejected"),
    # RFC 6591's authentication failure reports (Feedback-Type: auth-failure, DMARC's failure
    # reports) say our message failed SPF, DKIM or DMARC at the receiver, and may even have
    # been delivered (their Delivery-Result field); no recipient complained. Above the
    # complaint rules, which would read "Feedback-Type:" or "... report" as a complaint.
    _rule(
        R.POLICY,
        96,
        "authentication failure|authentication-failure|auth failure|auth-failure|feedback-type",
        r"auth(?:entication)?[- ]failure\s+report|feedback-type:\s*auth-failure",
    ),
    # Resolver words: the C library's gai_strerror(EAI_AGAIN) "Temporary failure in name
    # resolution" (getaddrinfo(3)); Go's net package "no such host" (NXDOMAIN); Microsoft's
    # 5.4.310 "DNS domain example.org does not exist" (NDR reference). Not our sender's domain.
    _rule(
        R.SERVER_UNREACHABLE,
        75,
        "temporary failure in name",
        r"temporary\s+failure\s+in\s+name\s+resolution",
    ),
    _rule(
        R.DOMAIN_UNKNOWN,
        80,
        "no such host|does",
        r"no\s+such\s+host|domain\s+\S+\s+does\s*n[o']t\s+exist",
    ),
    # ...unless it is our sender's domain (a plain look-behind above would slow every scan)
    _rule(
        R.BLOCKED,
        86,
        "does",
        r"(?:sender|mail\s*from)\s+domain\s+\S+\s+does\s*n[o']t\s+exist",
    ),
    # amavisd-new's content categories, as its DSN template names them (template-dsn.txt:
    # "BANNED contents type", "UNSOLICITED BULK EMAIL apparently from you", "invalid header",
    # "OVERSIZED message") and its SMTP rejections carry them ("Reject, id=... - BANNED: ...");
    # spamass-milter's default reject text "Blocked by SpamAssassin".
    _rule(
        R.CONTENT_BLOCKED,
        80,
        "banned|unsolicited|blocked by spamassassin|rejected by spamassassin",
        r"banned\s+contents?\b|-\s+banned\b|unsolicited\s+bulk\s+e-?mail|",
        r"(?:blocked|rejected)\s+by\s+spamassassin",
    ),
    _rule(
        R.POLICY,
        80,
        "invalid header|bad-header|bad mime",
        r"invalid\s+header\b|-\s+bad-header\b|bad\s+mime\s+header",
    ),
    _rule(R.MESSAGE_TOO_LARGE, 88, "oversized", r"oversized\s+message|-\s+oversized\b"),
    # Chinese providers' texts, as QQ Mail's help on its bounces lists them (qqmailbox.com,
    # "该用户不存在" no such user, "该用户未开通QQ邮箱" the user has no mailbox there,
    # "收件人空间不足" the recipient's space is used up) and the English keys Chinese hosting
    # lists give ("Content reject/Spam denied", "user not exist"); Coremail's "Fake sender"
    # and "Invalid IP" (icoremail.vip) refuse our sender or its IP.
    _rule(
        R.ADDRESS_UNKNOWN,
        76,
        "用户不存在|用户未开通|user not exist|recipient not exist|mailbox not exist",
        r"用户不存在|用户未开通|(?:user|recipient|mailbox)\s+not\s+exists?\b",
    ),
    _rule(R.MAILBOX_FULL, 90, "空间不足", r"空间不足"),
    _rule(R.CONTENT_BLOCKED, 80, "content reject", r"content\s+reject\b"),
    _rule(R.BLOCKED, 78, "fake sender|invalid ip", r"fake\s+sender|invalid\s+ip\b"),
    # Groups and lists that take mail only from their own: Microsoft's NDR for 5.7.133 ("The
    # group X only accepts messages from people in its organization or on its allowed senders
    # list"), Mailman 3's moderation reasons ("The message is not from a list member", "The
    # message comes from a moderated member") and Mailman 2's "Post to moderated list".
    _rule(
        R.BLOCKED,
        82,
        "only accepts|not from|comes from|post to",
        r"only\s+accepts\s+messages\s+from\s+(?:people|senders|members)|",
        r"not\s+from\s+a\s+list\s+member|comes\s+from\s+a\s+moderated\s+member|",
        r"post\s+to\s+(?:a\s+)?moderated\s+list",
    ),
    # qmail's bouncesaying(1): an address its owner has retired. Weaker than a status code, so
    # a 5.1.6 "mailbox has moved" beside it still decides.
    _rule(
        R.MAILBOX_INACTIVE,
        65,
        "no longer accepts",
        r"no\s+longer\s+accepts\s+(?:e-?mail|mail|messages)",
    ),
    # Connection limits by name (FTGate "Max concurrent sessions"): a busy server, whatever
    # enhanced code it puts beside it.
    _rule(
        R.SERVER_ERROR,
        75,
        "concurrent",
        r"max(?:imum)?\.?\s+(?:number\s+of\s+)?concurrent\s+(?:sessions|connections)",
    ),
    # Yahoo's bracketed codes (https://senders.yahooinc.com/smtp-error-codes/): TSS for
    # deferrals and blocks of a sending IP (volume, complaints, unknown recipients), GL for
    # reputation deferrals, BL for block-list listings. "[TSS11] Excessive unknown recipients"
    # is about our sending, not one unknown address; so is any such count of recipients.
    _rule(
        R.BLOCKED,
        80,
        "tss|gl|bl|excessive|too many",
        r"\[(?:tss|gl|bl)\d\d\]|(?:excessive|too\s+many)\s+(?:invalid|unknown|non-?existent)",
        r"\s+recipients",
    ),
    # Relaying refused in other words (Zoho Mail's "553 Relaying disallowed as ADDRESS"): our
    # envelope or route asked the server to relay, which RFC 5321 3.6 leaves to its policy.
    _rule(
        R.POLICY,
        80,
        "relay",
        r"relay(?:ing)?\s+(?:is\s+)?(?:disallowed|forbidden|refused)",
    ),
)
