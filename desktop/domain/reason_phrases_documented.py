"""More server phrases, each written from the MTA's or provider's own documentation."""

from __future__ import annotations

from desktop.domain.model import Reason
from desktop.domain.reason_phrases import Phrase, _rule

# The same scale as `reason_phrases`: a higher weight wins, specific status codes weigh 70.
# Where each wording comes from is in tests/domain/test_reasons_documented.py, one test per
# rule, with the page it was written from.

R = Reason

DOCUMENTED: tuple[Phrase, ...] = (
    # --- complaint and opt-out reports by their words (RFC 5965, provider feedback loops) ----
    _rule(
        R.SPAM_COMPLAINT,
        95,
        "complaint|opt|unsubscribe|reported|complained|marked",
        r"(?:spam|abuse)\s+complaint(?!s)|complaint\s+(?:about|regarding|against)\s+|",
        r"opt[- ]?out\s+(?:request|report|complaint)|unsubscribe\s+request|",
        r"reported\s+(?:\S+\s+){0,3}?as\s+(?:spam|junk|abuse)\b|",
        r"(?:recipient|user|subscriber)s?\s+(?:has\s+|have\s+)?(?:complained|marked\s+",
        r"(?:\S+\s+){0,3}?as\s+(?:spam|junk))",
    ),
    # --- sending limits of our own account, not a full mailbox ------------------------------
    _rule(
        R.SERVER_ERROR,
        92,
        "limit|quota|threshold|recipientthreshold|senderthreshold|messagethreshold",
        r"(?:sending|relay|daily|hourly|submission)\s+(?:user\s+)?(?:sending\s+|relay\s+)?",
        r"(?:limit|quota)\s+(?:has\s+been\s+)?(?:exceeded|reached)|",
        r"(?:recipient|sender|message)\s*threshold\s*exceeded|",
        r"reached\s+(?:your|the)\s+(?:daily|hourly)\s+(?:\S+\s+){0,2}?limit",
    ),
    # --- local delivery: the last hop handed the mail to a program or a file ----------------
    _rule(
        R.MAILBOX_FULL,
        91,
        "file too|mailbox_size_limit|mail file|mailfile",
        r"file\s+too\s+large|mailbox_size_limit|mail\s*file\s+(?:is\s+)?full|",
        r"mail\s*file\s+quota",
    ),
    # Dovecot's delivery agent writes "Not enough disk space" for ENOSPC and EDQUOT alike
    # ("Out of disk space or quota", src/lib-storage/mail-error.h) while storing this
    # recipient's mail: the recipient's storage is full.
    _rule(
        R.MAILBOX_FULL,
        80,
        "not enough",
        r"not\s+enough\s+(?:free\s+)?disk\s+space",
    ),
    # ...but Sendmail's "452 4.4.5 Insufficient disk space; try again later" (srvrsmtp.c,
    # MinFreeBlocks) is the receiving server's own queue disk: the server is in trouble.
    _rule(R.SERVER_ERROR, 82, "insufficient disk", r"insufficient\s+disk\s+space"),
    # RFC 5321 4.2.2 gives "mailbox busy" as 450's example; Dovecot's "Timeout while waiting
    # for lock" (mail-error.h, MAIL_ERRSTR_LOCK_TIMEOUT): a passing state of the server.
    _rule(
        R.SERVER_ERROR,
        75,
        "busy|timeout while",
        r"mailbox\s+(?:is\s+)?(?:temporarily\s+)?busy|timeout\s+while\s+waiting\s+for\s+lock",
    ),
    # ENOSPC from a receiving server (its queue or its whole store): RFC 3463 X.3.1, the mail
    # system is full, not one mailbox
    _rule(R.SERVER_ERROR, 80, "no space", r"no\s+space\s+left\s+on\s+device"),
    _rule(
        R.SERVER_ERROR,
        66,
        "command died|command output|child|pipe|could mean|mailer|local delivery|cannot|unable|"
        "maildir",
        r"command\s+died\s+with\s+status|command\s+output:|",
        r"child\s+process\s+of\s+\S+\s+transport|pipe\s+to\s+\|?\s*/|",
        r"could\s+mean\s+service\s+or\s+program\s+unavailable|unknown\s+mailer\s+error|",
        r"local\s+delivery\s+(?:failed|failure|error)|",
        r"(?:cannot|unable\s+to)\s+(?:update|append\s+to|write\s+to|create|chdir\s+to|open)\s+",
        r"(?:the\s+)?(?:mailbox|maildir|mail\s+file)|maildir\s+delivery",
    ),
    # --- directory look-ups ------------------------------------------------------------------
    _rule(
        R.ADDRESS_UNKNOWN,
        77,
        "not listed",
        r"not\s+listed\s+in\s+(?:the\s+)?(?:\S+\s+){0,2}?(?:directory|address\s+book)",
    ),
    _rule(
        R.SERVER_ERROR,
        68,
        "lookup|ldap|directory",
        r"temporary\s+lookup\s+failure|(?:table|alias|map|recipient)\s+lookup\s+",
        r"(?:error|failure|failed)|",
        r"\bldap\b[^.]{0,40}?\b(?:unavailable|error|failed|failure|timeout|down|busy)|",
        r"directory\s+(?:server|service|lookup)s?\s+(?:is\s+|are\s+)?(?:unavailable|",
        r"not\s+available|down|failed|busy)",
    ),
    # --- null MX, no SMTP service, DNS in its many wordings --------------------------------------
    _rule(
        R.DOMAIN_UNKNOWN,
        82,
        "null|nullmx|indicated|mail exchanger|nonexistentdomain|no route",
        # Exim's words for a null MX; a bare "no SMTP service" is a refused greeting (RFC 5321
        # 3.1), which says nothing about the domain
        r"null[\s-]?mx|nullmx|indicated\s+no\s+smtp\s+service|",
        r"(?:couldn't|could\s+not|can't|cannot)\s+find\s+a\s+mail\s+exchanger|",
        r"nonexistentdomain|no\s+route\s+found\s+to\s+domain",
    ),
    _rule(
        R.DOMAIN_UNKNOWN,
        66,
        "lookup",
        r"dns\s+lookup\s+(?:failure|failed|error)|mx\s+lookup\s+(?:failure|failed|error)|",
        r"host\s+lookup\s+failed(?!\s+temporarily)",
    ),
    _rule(
        R.SERVER_UNREACHABLE,
        75,
        "servfail|lookup|forwarding|not responding|no longer responding|mxloopback",
        r"servfail|lookup\s+did\s+not\s+complete|forwarding\s+loop|",
        r"(?:not|no\s+longer)\s+responding|",
        r"mxloopback",
    ),
    _rule(
        R.SERVER_UNREACHABLE,
        74,
        "could not be delivered|undeliverable for",
        r"could\s+not\s+be\s+delivered\s+for\s+\d+\s+(?:days?|hours?)|",
        r"undeliverable\s+for\s+\d+\s+(?:days?|hours?)",
    ),
    # --- disabled and inactive accounts -------------------------------------------------------
    _rule(
        R.MAILBOX_INACTIVE,
        74,
        "disabled|inactive|suspended|deactivated|frozen|closed|dormant",
        r"(?:account|mailbox|user)\s+(?:temporarily\s+)?(?:disabled|inactive|suspended|",
        r"deactivated|frozen|closed)\b|inactive\s+(?:user|account|mailbox|recipient)|",
        r"dormant\s+(?:account|mailbox)",
    ),
    # --- the receiving system's own trouble ------------------------------------------------------
    _rule(
        R.SERVER_ERROR,
        58,
        "currently|temporarily|temporary system|temporary server|shutting|configuration|"
        "config|lowest|temporary local|exceeded the maximum",
        r"service\s+(?:is\s+)?(?:currently|temporarily)\s+(?:unavailable|not\s+available)|",
        r"temporary\s+(?:system|server)\s+(?:problem|error|failure)|shutting\s+down|",
        r"(?:local\s+)?configuration\s+(?:error|problem)|config\s+error|",
        r"temporary\s+local\s+problem|exceeded\s+the\s+maximum\s+number\s+of\s+",
        r"(?:connections|messages|recipients)|",
        r"lowest\s+numbered\s+mx\s+record\s+points\s+to\s+local\s+host",
    ),
    # --- groups and lists that refuse the sender --------------------------------------------------
    _rule(
        R.BLOCKED,
        82,
        "permission|not allowed|not authori|not permitted|non-member|not a member|"
        "notauthorized|sendernotauthenticatedfor|restricted|moderator|owner",
        r"permissions?\s+to\s+(?:post|send)\b|",
        r"not\s+(?:allowed|authori[sz]ed|permitted)\s+to\s+(?:post|send)\s+",
        r"(?:\S+\s+){0,2}?to\s+(?:this|the)\s+(?:group|list|distribution\s+list|mailing\s+list)|",
        r"delivery\s+to\s+this\s+(?:address|group|recipient)\s+is\s+restricted|",
        r"non-member|not\s+a\s+member\s+of\s+(?:this|the)\s+(?:group|list)|",
        r"notauthorized|sendernotauthenticatedfor|restrictedtorecipients|",
        r"(?:rejected|refused|declined)\s+by\s+(?:the\s+)?(?:list|group)\s+",
        r"(?:moderator|owner)",
    ),
    _rule(
        R.BLOCKED,
        78,
        "berechtigung|permisos|permiso|autoris|autoriz|permesso",
        r"berechtigung(?:en)?\b[^.]{0,60}?\b(?:posten|zu\s+senden|zu\s+schreiben)|",
        r"permisos?\s+(?:\S+\s+){0,2}?para\s+(?:publicar|enviar)|",
        r"autoris[ée]s?\s+(?:à|a)\s+(?:lui\s+)?(?:envoyer|publier|poster)|",
        r"autorizzat[oi]\s+a\s+(?:inviare|pubblicare)|permesso\s+di\s+(?:inviare|pubblicare)",
    ),
    _rule(
        R.BLOCKED,
        78,
        "投稿する権限|権限がありません|群組|群组|게시할|گروه|مجوز",
        r"投稿する権限|権限がありません|(?:群組|群组).{0,60}?(?:權限|权限)|게시할\s*권한|",
        r"گروه.{0,120}?مجوز|مجوز.{0,120}?گروه",
    ),
    # --- wordings of large providers in other languages -------------------------------------
    _rule(
        R.ADDRESS_UNKNOWN,
        76,
        "adres|adresse|dirección|direccion|indirizzo|endereço|endereco",
        r"adres\s+(?:is\s+)?niet\s+gevonden|adresse\s+(?:wurde\s+)?nicht\s+gefunden|",
        r"adresse\s+introuvable|direcci[óo]n\s+no\s+(?:encontrada|existe)|",
        r"indirizzo\s+(?:non\s+trovato|inesistente)|endere[çc]o\s+n[ãa]o\s+encontrado",
    ),
    _rule(
        R.MAILBOX_FULL,
        90,
        "postvak|buzón|buzon|casella|caixa",
        r"postvak\s+(?:\S+\s+){0,4}?(?:is\s+)?vol\b|buz[óo]n\s+(?:est[áa]\s+)?lleno|",
        r"casella\s+(?:di\s+posta\s+)?(?:è\s+)?piena|caixa\s+(?:postal\s+)?(?:est[áa]\s+)?cheia",
    ),
    _rule(
        R.MESSAGE_TOO_LARGE,
        88,
        "trop|demasiado|troppo",
        r"(?:message|e-?mail)\s+trop\s+(?:volumineux|gros)|",
        r"mensaje\s+(?:es\s+)?demasiado\s+grande|messaggio\s+troppo\s+grande",
    ),
    _rule(
        R.CONTENT_BLOCKED,
        78,
        "consid|no deseado|indésirable|indesirable",
        r"consid[ée]r[ée]\s+comme\s+(?:du\s+|un\s+)?(?:spam|ind[ée]sirable)|",
        r"correo\s+no\s+deseado|ind[ée]sirable",
    ),
    # --- provider block and policy wordings ---------------------------------------------------
    _rule(
        R.BLOCKED,
        80,
        "permanently|accepted|whitelist|white-list|allowlist|allow-list",
        r"permanently\s+deferred|",
        r"(?:connections?|traffic|messages?)\s+(?:is\s+|are\s+|will\s+)?not\s+(?:be\s+)?",
        r"accepted\s+from|will\s+not\s+be\s+accepted\s+from|",
        r"not\s+(?:in\s+(?:the\s+|our\s+)?)?(?:white|allow)-?list(?:ed)?",
    ),
    # "... is listed in/on/by <a block list>": a listing of our sending IP or domain; the
    # directory look-ups ("not listed in ... Directory") say "not listed" and stay out
    _rule(
        R.BLOCKED,
        74,
        "listed|accept mail|accept e-mail|accept email|accept messages",
        r"\b(?:is|are|was|been)\s+(?:currently\s+)?listed\s+(?:in|on|at|by)\b|",
        r"\b(?:we|i)\s+do\s+(?:not|n't)\s+accept\s+(?:e-?mail|mail|messages)\s+from\b",
    ),
    # Sendmail's words for its mailers' exit codes (sysexits.h: EX_CANTCREAT, EX_OSFILE,
    # EX_NOPERM, EX_NOINPUT) and RFC 3463 X.3.1 "mail system full"
    _rule(
        R.SERVER_ERROR,
        62,
        "can't create|cannot create|system file|insufficient permission|cannot open input|"
        "mail system|unexpected|too fast",
        r"(?:can't|cannot)\s+create\s+output|system\s+file\s+missing|",
        r"insufficient\s+permission|cannot\s+open\s+input|mail\s+system\s+(?:is\s+)?full|",
        r"unexpected\s+(?:error|failure)|\btoo\s+fast\b",
    ),
    # RFC 5321 4.2.3: "552 Requested mail action aborted: exceeded storage allocation"
    _rule(R.MAILBOX_FULL, 85, "exceeded storage", r"exceeded\s+storage\s+allocation"),
    # attachments filters refuse by kind (Microsoft, Google, Mimecast attachment policies)
    _rule(
        R.CONTENT_BLOCKED,
        78,
        "executable|dangerous|forbidden|disallowed",
        r"(?:executable|dangerous|forbidden|disallowed)\s+(?:attachment|file|content)",
    ),
    _rule(
        R.POLICY,
        80,
        "protocol|external forwarding|forwarding|bad sequence|not implemented|bare|8bit|8-bit|"
        "syntax check|comply|relay|helo|ehlo",
        r"protocol\s+violation|(?:does\s+not|doesn't)\s+allow\s+external\s+forwarding|",
        r"bad\s+sequence\s+of\s+commands|(?:command|parameter)\s+not\s+implemented|",
        r"bare\s+(?:lf|cr|<lf>|<cr>|linefeeds?|line\s+feeds?|carriage\s+returns?)\b|",
        r"8-?bit\s+(?:data|characters|content|mime)\s+(?:is\s+)?not\s+(?:allowed|accepted)|",
        r"syntax\s+check|(?:does\s+not|doesn't|did\s+not|fails?\s+to)\s+comply\s+with|",
        r"relay(?:ing)?\s+(?:is\s+)?prohibited|invalid\s+(?:helo|ehlo)|bad\s+(?:helo|ehlo)|",
        r"(?:helo|ehlo)\s+(?:name\s+|hostname\s+)?(?:is\s+)?invalid|",
        r"external\s+forwarding\s+(?:is\s+)?(?:disabled|not\s+allowed|blocked)",
    ),
)
