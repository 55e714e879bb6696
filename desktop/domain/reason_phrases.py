"""Phrases receiving mail servers write in bounces, by reason, with how much each one tells us."""

from __future__ import annotations

from typing import NamedTuple

from desktop.domain.model import Reason

# Patterns are matched against the lower-cased diagnostic. They are the stock texts of MTAs
# (Postfix, Exim, Sendmail, qmail, Exchange) and the documented texts of big mailbox providers
# and filters (Google, Microsoft, Yahoo/AOL, Apple, GMX/web.de, Proofpoint, Mimecast,
# Barracuda, Cisco), plus common Dutch, German and French wordings. A higher weight wins; the
# weights of the status codes are in `reason_codes` on the same scale.
#
# Each rule also names its anchors: plain strings, one of which starts a word in every text the
# pattern can match. The classifier runs a pattern only when an anchor is present, which keeps
# it fast; tests/domain/test_reasons.py checks the anchors against full scans.


class Phrase(NamedTuple):
    """One rule: a pattern of server text, the reason it means, its weight and its anchors."""

    reason: Reason
    weight: int
    anchors: tuple[str, ...]
    pattern: str


def _rule(reason: Reason, weight: int, anchors: str, *pattern: str) -> Phrase:
    return Phrase(reason, weight, tuple(anchors.split("|")), "".join(pattern))


R = Reason

PHRASES: tuple[Phrase, ...] = (
    # --- complaints (feedback loops, ARF) --------------------------------------------------
    _rule(
        R.SPAM_COMPLAINT,
        95,
        "report",
        # not RFC 6591's "authentication failure report": see reason_phrases_documented
        r"(?:abuse|complaint|feedback|fraud|spam)\s+report",
    ),
    _rule(
        R.SPAM_COMPLAINT,
        95,
        "feedback|spam",
        r"feedback[- ]loop|feedback-type|marked\s+as\s+spam\s+by\s+the\s+recip",
    ),
    # --- about our sender address: not the recipient's domain or mailbox -------------------
    _rule(
        R.BLOCKED,
        86,
        "sender",
        r"sender\W+(?:address\W+)?(?:rejected|denied|refused|blocked)|",
        r"domain\s+of\s+sender\s+address|sender\s+domain\s+(?:not\s+found|unknown)",
    ),
    _rule(
        R.BLOCKED,
        86,
        "listed|invalid",
        r"mail\s*from\s+domain\s+is\s+listed|from:\s*domain\s+is\s+invalid",
    ),
    # --- mailbox full ---------------------------------------------------------------------
    _rule(
        R.MAILBOX_FULL,
        90,
        "full",
        r"mail\s*(?:box|folder)\s+(?:is\s+|was\s+)?(?:currently\s+)?full|inbox\s+is\s+full",
    ),
    _rule(
        R.MAILBOX_FULL,
        90,
        "quota",
        r"(?:over|exceeded?|exceeds|exceeding)\s+(?:the\s+|their\s+|its\s+)?",
        r"(?:storage\s+|disk\s+|mailbox\s+)?quota|",
        r"quota\s+(?:exceeded|full|limit\s+(?:exceeded|reached))|quota\s+d[ée]pass[ée]",
    ),
    _rule(
        R.MAILBOX_FULL,
        90,
        "storage|exceeds|limit",
        r"out\s+of\s+storage\s+space|storage\s+(?:limit|space)\s+(?:exceeded|full)|",
        r"mailbox\s+(?:size\s+)?(?:exceeds|limit\s+(?:exceeded|reached))",
    ),
    _rule(
        R.MAILBOX_FULL,
        90,
        "vol|pleine",
        r"(?:mailbox|postbus|brievenbus)\s+(?:is\s+)?vol\b|postfach\s+(?:ist\s+)?voll|",
        r"bo[iî]te\s+(?:aux\s+lettres\s+)?pleine",
    ),
    # --- message too large ----------------------------------------------------------------
    _rule(
        R.MESSAGE_TOO_LARGE,
        88,
        "too",
        r"message\s+(?:is\s+)?too\s+(?:large|big)|too\s+large\s+for\s+this",
    ),
    _rule(
        R.MESSAGE_TOO_LARGE,
        88,
        "exceed|reached",
        r"(?:message|mail|e-?mail)\s+(?:size|length)\s+(?:limit\s+)?exceed|",
        r"size\s+limits?\s+(?:exceeded|reached)|exceeds?\s+(?:the\s+)?",
        r"(?:fixed\s+)?(?:maximum|max\.?|size)\s+(?:allowed\s+)?(?:message\s+)?(?:size|limit)|",
        r"exceeds\s+fixed\s+limit|exceeded\s+\S+\s+message\s+size",
    ),
    _rule(
        R.MESSAGE_TOO_LARGE,
        88,
        "recipsizelimit|groot|zu gro",
        r"recipsizelimit|bericht\s+is\s+te\s+groot|nachricht\s+(?:ist\s+)?zu\s+gro",
    ),
    # --- domain problems ------------------------------------------------------------------
    _rule(
        R.SERVER_UNREACHABLE,
        85,
        "again|temporary|servfail|dns",
        r"host\s+not\s+found,\s+try\s+again|temporary\s+(?:dns|name\s+",
        r"(?:service|server|resolution))\s+(?:failure|error)|servfail|",
        r"dns\s+(?:query\s+)?timed?\s*out",
    ),
    _rule(
        R.DOMAIN_UNKNOWN,
        80,
        "domain|nxdomain|null mx|mx record|mx host|valid mx|receive|accept",
        r"host\s+or\s+domain\s+name\s+not\s+found|null\s+mx|nxdomain|",
        r"domain\s+(?:name\s+)?(?:not\s+found|does\s*n[o']t\s+exist|is\s+not\s+reachable|",
        r"unknown)|(?:no\s+such|unknown|non-?existent|invalid)\s+domain|",
        r"no\s+(?:valid\s+)?mx\s+(?:record|host)|doesn't\s+receive\s+e-?mail|",
        # not "... does not accept email over IPv6" (Microsoft 5.7.510): a transport policy
        r"does\s+not\s+(?:receive|accept)\s+(?:e-?mail|mail)(?!\s+over\b)",
    ),
    _rule(
        R.DOMAIN_UNKNOWN,
        80,
        "relevant|unknown host|host unknown|any host|non-existent|not known|domein|existiert",
        r"had\s+no\s+relevant\s+answers|unknown\s+host|host\s+unknown|",
        r"couldn't\s+find\s+any\s+host|name\s+or\s+service\s+not\s+known|",
        r"point\s+to\s+non-existent|domein\s+bestaat\s+niet|domain\s+existiert\s+nicht",
    ),
    _rule(R.DOMAIN_UNKNOWN, 55, "unrout|host not", r"unrouteable|unroutable|host\s+not\s+found"),
    # --- recipient filtering, disabled accounts -------------------------------------------
    _rule(
        R.MAILBOX_INACTIVE,
        78,
        "preferences|by recipient|by the recipient",
        r"recipient\s+preferences|(?:rejected|refused|filtered|blocked)\s+",
        r"by\s+(?:the\s+)?recipient(?!'s|\s+(?:domain|server|mail\s+server|system))",
    ),
    _rule(
        R.MAILBOX_INACTIVE,
        72,
        "disabled|inactive|deactivated|suspend|lock|close|discontinued|frozen|expired|block|accepting",
        r"(?:account|mailbox|user|address)(?:\(s\))?\s+(?:\S+\s+){0,3}?",
        r"(?:is\s+|has\s+been\s+|was\s+)(?:temporarily\s+)?(?:disabled|deactivated|suspended|",
        r"locked|inactive|closed|discontinued|frozen|expired|blocked)|",
        r"(?:disabled|deactivated|suspended|locked|frozen)\s+(?:user\s+)?",
        r"(?:account|mailbox|user|address)|mailbox\s+(?:is\s+)?(?:disabled|not\s+accepting)",
    ),
    _rule(
        R.MAILBOX_INACTIVE,
        72,
        "opgeheven|geblokkeerd|actief|gedeactiveerd|gesperrt|deaktiviert",
        r"(?:account|mailbox)\s+(?:is\s+)?(?:opgeheven|geblokkeerd|niet\s+actief|",
        r"gedeactiveerd|gesperrt|deaktiviert)",
    ),
    _rule(
        R.MAILBOX_INACTIVE,
        60,
        "inactive",
        r"inactive\s+(?:e-?mail\s+)?(?:address|account|mailbox|user)",
    ),
    # --- unknown recipient ----------------------------------------------------------------
    _rule(
        R.ADDRESS_UNKNOWN,
        76,
        "unknown",
        r"(?:user|recipient|mailbox|address|alias|local[- ]part)\s+(?:is\s+)?unknown|",
        # "unknown address error" names a category of errors, not a verdict on this address
        r"unknown\s+(?:or\s+illegal\s+)?(?:user|recipient|mailbox|address(?!\s+error)|alias|local)",
    ),
    _rule(
        R.ADDRESS_UNKNOWN,
        76,
        "such",
        r"no\s+such\s+(?:user|recipient|mailbox|address|account|person|local)",
    ),
    _rule(
        R.ADDRESS_UNKNOWN,
        76,
        "found|known|valid|listed|recogni",
        r"(?:user|recipient|mailbox|account|address)\s+(?:name\s+)?(?:was\s+|is\s+)?not\s+",
        r"(?:found|known|valid|listed|recogni[sz]ed)",
    ),
    _rule(
        R.ADDRESS_UNKNOWN,
        76,
        "exist|found",
        r"(?:account|address|mailbox|user|recipient)\b[^.]{0,40}?\b(?:does\s*n[o']t|",
        r"did\s*n[o']t)\s+exist|(?:couldn't|could\s+not|cannot|can't)\s+be\s+found",
    ),
    _rule(
        R.ADDRESS_UNKNOWN,
        76,
        "invalid|bad|recip|resolver.adr",
        r"invalid\s+(?:final\s+delivery\s+)?(?:recipient|mailbox|address|user|userid|",
        r"e-?mail\s+address)|recipient\s+(?:address\s+)?(?:is\s+)?invalid|",
        r"bad\s+destination\s+mailbox|recipnotfound|recipientnotfound|resolver\.adr\.",
    ),
    _rule(
        R.ADDRESS_UNKNOWN,
        76,
        "name|have|longer|listed",
        r"no\s+(?:mailbox|account|user)\s+(?:here\s+)?by\s+that\s+name|",
        r"doesn't\s+have\s+an?\s+\S+\s+account|does\s+not\s+have\s+an?\s+(?:account|mailbox)|",
        r"no\s+longer\s+(?:on\s+(?:this\s+)?server|valid|exists?|active)|",
        r"not\s+listed\s+in\s+(?:the\s+)?(?:public\s+)?(?:name|directory|address\s+book)",
    ),
    _rule(
        R.ADDRESS_UNKNOWN,
        76,
        "onbekend|bestaat|unbekannt|existiert|inconnu",
        r"onbekende\s+(?:gebruiker|ontvanger|geadresseerde)|(?:adres|gebruiker|ontvanger)\s+",
        r"(?:bestaat\s+niet|is\s+onbekend|onbekend)|(?:empf[äa]nger|benutzer|adresse)\s+",
        r"(?:ist\s+)?(?:unbekannt|existiert\s+nicht)|destinataire\s+inconnu",
    ),
    _rule(
        R.ADDRESS_UNKNOWN,
        70,
        "rejected",
        r"recipient\s+address(?:es)?\s+rejected\W+access\s+denied|",
        r"all\s+recipient\s+addresses\s+rejected",
    ),
    _rule(
        R.ADDRESS_UNKNOWN,
        50,
        "valid recipient|correct|mailbox|見つかりません|存在しません|リストにありません",
        r"no\s+valid\s+recipients?|check\s+if\s+(?:the\s+)?address\s+is\s+correct|",
        r"mailbox\s+(?:is\s+)?unavailable|mailbox\s+not\s+found|",
        r"見つかりません|存在しません|リストにありません",
    ),
    _rule(
        R.ADDRESS_UNKNOWN,
        45,
        "rejected|allowed",
        r"(?:recipient|address)\s+(?:address\s+)?rejected|mailbox\s+name\s+not\s+allowed",
    ),
    # --- authentication and other policy --------------------------------------------------
    _rule(
        R.POLICY,
        80,
        "dmarc|dkim|spf|unauthenticated|authentication",
        r"\bdmarc\b|\bdkim\b|\bspf\b|unauthenticated|authentication\s+(?:checks|",
        r"information|requirements|level|results?|failed|failure)|not\s+pass\s+authentication",
    ),
    _rule(
        R.POLICY,
        80,
        "relay",
        r"relay(?:ing)?\s+(?:access\s+)?(?:denied|not\s+(?:permitted|allowed))|",
        r"not\s+permitted\s+to\s+relay|we\s+do\s+not\s+relay|unable\s+to\s+relay",
    ),
    _rule(
        R.POLICY,
        80,
        "auth|verified|identities|tls|encryption|starttls",
        r"(?:smtp\s+)?auth(?:entication)?\s+(?:is\s+)?required|turn\s+on\s+smtp\s+auth|",
        r"(?:address|identit(?:y|ies))\s+(?:is\s+|are\s+)?not\s+verified|identities\s+failed|",
        r"(?:tls|encryption|starttls)\s+(?:is\s+)?required|must\s+issue\s+a\s+starttls",
    ),
    _rule(
        R.POLICY,
        78,
        "multiple|rfc|complian|header|syntax",
        r"multiple\s+addresses\s+in\s+from|rfc\s*-?\s*(?:5322|2822|822|5321|2821)|",
        r"(?:not|non)[-\s](?:rfc[-\s])?complian|(?:duplicate|invalid|malformed|missing)\s+",
        r"(?:\S+\s+)?header|header\s+(?:error|syntax|is\s+missing)|syntax\s+error",
    ),
    _rule(
        R.POLICY,
        74,
        "policy|policies",
        r"(?:rejected|not\s+accepted|refused)\s+(?:for|due\s+to)\s+(?:local\s+)?policy|",
        r"policy\s+(?:reasons|violation|restrictions)|violates\s+\S+\s+(?:e-?mail\s+)?policy|",
        r"security\s+polic(?:y|ies)|local\s+policy",
    ),
    _rule(R.POLICY, 55, "authori", r"delivery\s+not\s+authori[sz]ed"),
    # --- content --------------------------------------------------------------------------
    _rule(
        R.CONTENT_BLOCKED,
        82,
        "rejected|blocked|refused",
        r"(?:rejected|blocked|refused)\s+(?:due\s+to|because\s+of|as)\s+",
        r"(?:its\s+|a\s+)?(?:spam|content|virus)",
    ),
    _rule(
        R.CONTENT_BLOCKED,
        78,
        "virus|malware|infected|phishing|antivirus|antimalware|antiphishing|malicious|trojan|blacklisted|uribl|surbl",
        r"virus|malware|infected|phishing|antivirus|antimalware|antiphishing|malicious|trojan|",
        r"blacklisted\s+(?:url|link|domain\s+in)|\buribl\b|\bsurbl\b",
    ),
    _rule(
        R.CONTENT_BLOCKED,
        78,
        "spam|ube",
        r"(?:classified|identified|detected|scored|considered|flagged|marked|",
        r"recogni[sz]ed|rejected|blocked)\s+as\s+(?:\S+\s+)?spam|spam\s+(?:detected|",
        r"classification|content|score|message)|(?:looks|appears)\s+(?:to\s+be\s+|like\s+)?spam|",
        r"likely\s+spam|suspected\s+spam|\bube\b|als\s+spam",
    ),
    _rule(
        R.CONTENT_BLOCKED,
        78,
        "content|attachment|file",
        r"content\s+(?:rejected|presents|filter|not\s+accepted|policy|blocked)|",
        r"(?:attachment|file\s+type)\s+(?:\S+\s+)?(?:not\s+allowed|blocked|rejected|prohibited)|",
        r"(?:prohibited|dangerous|banned)\s+(?:attachment|file|content)",
    ),
    _rule(R.CONTENT_BLOCKED, 55, "spam|unsolicited|bulk", r"\bspam\b|unsolicited|bulk\s+mail"),
    # --- blocks of our sending servers ----------------------------------------------------
    _rule(
        R.BLOCKED,
        80,
        "deferred|unsolicited|reputation|banned",
        r"temporarily\s+deferred\s+due\s+to|unusual\s+rate\s+of\s+unsolicited|",
        r"(?:low|poor|bad)\s+reputation|reputation\s+(?:of\s+the\s+sending|filter)|",
        r"rate\s+limited\s+due\s+to\s+(?:ip\s+)?reputation|banned\s+sending\s+ip",
    ),
    _rule(
        R.BLOCKED,
        76,
        "block|list|black|dnsbl|rbl|spamhaus|spamcop|barracuda|sorbs|cloudmark|client",
        r"blocked\s+using|block\s*-?list|black\s*-?list|dnsbl|\brbl\b|spamhaus|",
        r"spamcop|barracuda\s*(?:central|reputation)|\bsorbs\b|cloudmark|",
        r"client\s+host\s+(?:\[[^\]]*\]\s+)?(?:rejected|blocked)",
    ),
    _rule(
        R.BLOCKED,
        76,
        "dns|rdns|ptr|find|resolve|mismatches|unverif|use the|use your|through the|through your|"
        "dynamic|dial|residential",
        r"reverse\s+dns|\brdns\b|\bptr\b|(?:find|resolve)\s+your\s+(?:reverse\s+)?",
        r"host\s*name|mismatches\s+client\s+ip|unverif(?:y|i)able\s+sending\s+ip|",
        r"(?:use|through)\s+(?:the|your)\s+(?:isp'?s?\s+)?(?:smtp|mail|outgoing)\s+server|",
        r"dynamic\s+ip|dial-?up|residential\s+ip",
    ),
    _rule(
        R.BLOCKED,
        60,
        "your|sending|client|sender|connecting|network not|member|not allowed|not authori|"
        "permission|not accepting|many errors",
        r"(?:your|sending|client|sender|connecting)\s+(?:ip|host|server|network)\b",
        r"[^.]{0,40}?\b(?:blocked|banned|denied|not\s+allowed|rejected|refused)|",
        r"network\s+not\s+allowed|not\s+a\s+member\s+of|",
        r"not\s+(?:allowed|authori[sz]ed)\s+to\s+(?:post|send)|permission\s+to\s+post|",
        r"not\s+accepting\s+connections|too\s+many\s+errors",
    ),
    _rule(
        R.BLOCKED,
        50,
        "denied|talk|geblokkeerd|zwarte",
        r"access\s+denied|refused\s+to\s+talk\s+to\s+me|geblokkeerd|zwarte\s+lijst",
    ),
    _rule(
        R.BLOCKED, 25, "rejected|refused|denied|blocked", r"\b(?:rejected|refused|denied|blocked)\b"
    ),
    # --- the receiving server could not be reached -----------------------------------------
    _rule(
        R.SERVER_UNREACHABLE,
        74,
        "connection|timed|timeout|time-out|route|unreachable|network|reachable|down",
        r"connection\s+(?:timed\s+out|refused|reset|closed|lost|dropped|died)|timed\s+out|",
        r"time-?out|no\s+route\s+to\s+host|network\s+(?:is\s+)?unreachable|network\s+error|",
        r"host\s+(?:is\s+)?(?:unreachable|not\s+reachable|down)|lost\s+connection",
    ),
    _rule(
        R.SERVER_UNREACHABLE,
        74,
        "connect",
        r"(?:could\s+not|couldn't|unable\s+to|wasn't\s+able\s+to|failed\s+to)\s+",
        r"(?:establish\s+(?:an?\s+)?(?:smtp\s+)?connection|connect)|requests\s+to\s+connect",
    ),
    _rule(
        R.SERVER_UNREACHABLE,
        74,
        "expired|retry|queue|within|cannot|hop|loop|retries|attempts",
        r"(?:message|envelope)\s+(?:has\s+)?expired|delivery\s+time\s+expired|",
        r"retry\s+(?:timeout|time|period)\s+(?:exceeded|expired)|queue\s+too\s+long|",
        r"not\s+(?:been\s+)?delivered\s+within|cannot\s+send\s+message\s+for|",
        r"hop\s+count\s+exceeded|mail\s+loop|routing\s+loop|\blooping\b|",
        r"after\s+multiple\s+retries|failed\s+\d+\s+attempts",
    ),
    _rule(
        R.SERVER_UNREACHABLE,
        45,
        "dns|giving",
        r"dns\s+(?:error|failure|query\s+failed)|giving\s+up",
    ),
    # --- the receiving server had trouble or asked us to slow down -------------------------
    _rule(
        R.SERVER_ERROR,
        75,
        "many|limit|quota|throttl|greylist|graylist|receiving",
        r"too\s+many\s+(?:connections|concurrent|messages|mails|recipients|sessions)|",
        r"(?:connection|sending|relay|message)\s+(?:rate\s+)?(?:limit|quota)|rate\s+limit|",
        r"frequency\s+limit|receiving\s+mail\s+(?:too\s+quickly|at\s+a\s+rate)|",
        r"throttl|greylist|graylist",
    ),
    _rule(
        R.SERVER_ERROR,
        60,
        "internal|local error|system error|server error|write error|i/o|lock failure|error while|"
        "upstream|"
        "procmail|mailer error|insufficient|not enough|busy|overloaded|temporarily unavailable",
        r"internal\s+(?:server\s+|system\s+)?error|system\s+error|server\s+error|",
        r"local\s+error\s+in\s+processing|write\s+error|operating\s+system\s+error|i/o\s+error|",
        r"lock\s+failure|error\s+while\s+writing|upstream\s+error|procmail|mailer\s+error|",
        r"(?:insufficient|not\s+enough)\s+(?:system\s+|disk\s+)?(?:storage|space)|",
        r"server\s+(?:is\s+)?(?:busy|overloaded)|resources?\s+(?:are\s+)?temporarily\s+unavailable",
    ),
    _rule(
        R.SERVER_ERROR,
        45,
        "later|transaction|temporar|service",
        r"try\s+(?:again\s+)?later|transaction\s+failed|temporar(?:y|ily)\s+",
        r"(?:failure|error|problem|unavailable|rejected)|service\s+(?:temporarily\s+)?",
        r"(?:unavailable|not\s+available)",
    ),
    # --- a warning that delivery is still being tried ---------------------------------------
    _rule(
        R.DELAYED,
        35,
        "delayed|retry|still|will|continue|deferred",
        r"(?:has\s+been|is|was|been)\s+delayed|delivery\s+(?:is\s+)?delayed|",
        r"will[- ]retry[- ]until|still\s+(?:being\s+)?(?:retried|undelivered|trying)|",
        r"will\s+(?:continue\s+to\s+)?(?:retry|try\s+again)|attempts\s+will\s+continue|",
        r"\bdeferred\b",
    ),
    # --- further stock texts of MTAs, filters and providers ----------------------------------
    _rule(
        R.ADDRESS_UNKNOWN,
        76,
        "undeliverable|no mailbox",
        r"undeliverable\s+address|no\s+mailbox\s+by\s+that\s+name",
    ),
    _rule(
        R.BLOCKED,
        86,
        "sender|bad outbound|unresolvable|invalid dns",
        r"sender\s+(?:address\s+)?(?:is\s+)?not\s+allowed|sender\s+verif\w*\s+failed|",
        r"bad\s+outbound\s+sender|unresolvable\s+rfc\W*5321\s+from\s+domain|",
        r"invalid\s+dns\s+(?:mx|a\b)",
    ),
    _rule(
        R.BLOCKED,
        78,
        "reputation|ipcheck|administrative|blocked sender",
        r"\bip\s+reputation|due\s+to\s+(?:\S+\s+)?reputation|ipcheck\.proofpoint|",
        r"administrative\s+prohibition|blocked\s+senders?\b",
    ),
    _rule(
        R.POLICY,
        80,
        "rcpthosts|no relaying|relay through|anti-spoofing|helo|ehlo|lines too|has a policy",
        r"rcpthosts|no\s+relaying|relay\s+through\s+this\s+server|anti-spoofing|",
        r"(?:helo|ehlo)\s+command\s+rejected|lines\s+too\s+long|has\s+a\s+policy\s+that\s+",
        r"prohibit",
    ),
    _rule(
        R.CONTENT_BLOCKED,
        80,
        "probability|nature|illegal|suspicious",
        r"probability\s+of\s+spam|spam\s+probability|nature\s+of\s+the\s+content|",
        r"illegal\s+attachment|suspicious\s+(?:content|links?|attachment)",
    ),
    _rule(
        R.MAILBOX_FULL,
        90,
        "exhausted|insufficient storage for",
        r"exhausted\s+(?:\S+\s+){0,2}storage|insufficient\s+storage\s+for\s+(?:the\s+)?(?:user|mailbox)",
    ),
    _rule(
        R.SERVER_UNREACHABLE,
        74,
        "loops|hops|failing|retry time|greeting|lookup failed",
        r"loops\s+back\s+to\s+myself|too\s+many\s+hops|exceeded\s+\d+\s+hops|",
        r"have\s+been\s+failing|retry\s+time\s+not\s+reached|greeting\s+failed|",
        r"lookup\s+failed\s+temporarily",
    ),
    _rule(
        R.DELAYED,
        35,
        "could not send|has not yet been delivered|not yet been delivered",
        r"could\s+not\s+send\s+message\s+for\s+past|not\s+yet\s+been\s+delivered",
    ),
    # A server that took the recipient at RCPT TO and says "unknown user" only after the
    # message body was sent is filtering (Japanese mobile carriers do this), not missing a user.
    _rule(
        R.MAILBOX_INACTIVE,
        79,
        "data",
        r"end\s+of\s+data\b.{0,200}?(?:user\s+unknown|unknown\s+user)|",
        r"(?:user\s+unknown|unknown\s+user).{0,200}?in\s+reply\s+to\s+end\s+of\s+data",
    ),
    # --- more stock texts: OpenSMTPD, Exchange, MessageLabs, qmail, Yandex/Mail.ru, ISPs --------
    _rule(R.DOMAIN_UNKNOWN, 80, "no mx", r"no\s+mx\s+(?:found|for)"),
    _rule(R.SERVER_UNREACHABLE, 74, "loop", r"loop\s+detected"),
    _rule(
        R.MAILBOX_FULL, 90, "quotaexceeded|mailbox exceeded", r"quotaexceeded|mailbox\s+exceeded"
    ),
    _rule(
        R.ADDRESS_UNKNOWN,
        70,
        "not our customer|no longer available",
        r"not\s+our\s+customer|no\s+longer\s+available",
    ),
    _rule(
        R.BLOCKED,
        86,
        "sender was|do not have permission",
        r"sender\s+was\s+rejected|do\s+not\s+have\s+permission\s+to\s+send",
    ),
    _rule(R.POLICY, 80, "as a relay", r"as\s+a\s+relay"),
    _rule(R.CONTENT_BLOCKED, 80, "suspicion", r"suspicion\s+of\s+spam"),
    _rule(R.SERVER_ERROR, 60, "best-preference", r"best-preference\s+mx"),
)
