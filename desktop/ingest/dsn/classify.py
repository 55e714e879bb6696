"""Tell bounces, spam-complaint reports and auto-replies apart from ordinary mail."""

from __future__ import annotations

import re
from typing import Literal

from desktop.ingest.dsn.mail_mime import Part

MailKind = Literal["bounce", "feedback", "autoreply", "not_bounce"]

_DAEMON_SENDER = re.compile(
    r"mailer[-_ ]?daemon|mail[-_ ]?daemon|post[-_ ]?master|mail delivery"
    r"|delivery (?:status|subsystem)"
    r"|mail administrator|mailer|notification|system administrator|administrator|returns?@|bounce",
    re.I,
)
_BOUNCE_SUBJECT = re.compile(
    r"undeliver|undelivered|delivery (?:status|failure|notification|failed|report|problem|error)"
    r"|returned mail|failure notice|mail delivery|could not (?:be )?deliver|not delivered"
    r"|delivery has failed|non[- ]?delivery|nondeliverable|bounce|rejected|mail system error"
    r"|warning: (?:could not|message)|delayed mail|message (?:not delivered|delayed)"
    r"|failed delivery|unable to deliver|mail failed|return(?:ed|ing)(?: mail)? to sender"
    r"|permanent (?:error|failure)|delivery to .* failed|mail failure|could not send"
    r"|malformed (?:recipient )?address"
    r"|unzustellbar|non remis|no entregado|配信|エラー|不達|未達",
    re.I,
)
_BOUNCE_BODY = re.compile(
    r"(?:could not|couldn't|wasn't able to|was not able to|unable to|cannot) (?:be )?deliver"
    r"|delivery (?:has )?failed|delivery to the following recipient|permanent (?:error|failure)"
    r"|undeliverable|not (?:be )?delivered|mail delivery (?:software|system|subsystem)"
    r"|transcript of session|this is the (?:mail system|qmail-send program)"
    r"|message (?:could not|was not|has not) been delivered|user unknown|unknown user"
    r"|mailbox (?:unavailable|full|not found)|(?:recipient|address) (?:rejected|unknown)"
    r"|remote server returned|returned to sender|delivery status notification"
    r"|no such (?:user|mailbox|recipient)|invalid (?:user|recipient|address|mailbox)"
    r"|(?:failed|invalid) addresses|did not reach|could not send|not (?:be )?recogni[sz]ed",
    re.I,
)
# Microsoft's junk-mail reporting program forwards the complained-about message with this header.
JMRP_PATTERN = re.compile(
    r"^(x-hmxmroriginalrecipient)[ \t]*:[ \t]*([^\n]*(?:\n[ \t][^\n]*)*)", re.I | re.M
)
_AUTOREPLY_SUBJECT = re.compile(
    r"^\s*(?:auto(?:matic)?[- ]?(?:reply|response|antwort|risposta|respuesta)|auto:"
    r"|out of (?:the )?office|vacation|abwesenheit|absence|autoreply|r[ée]ponse automatique"
    r"|afwezig|away from)",
    re.I,
)


def classify_part(top: Part) -> MailKind:
    """What kind of mail `top` is, from its structure first and its wording second."""
    report_type = (
        top.params.get("report-type", "").lower() if top.ctype == "multipart/report" else ""
    )
    if report_type == "feedback-report":
        return "feedback"
    if report_type in ("delivery-status", "global-delivery-status"):
        return "bounce"
    auto_submitted = (top.header("auto-submitted") or "").lower()
    subject = top.decoded_header("subject") or ""
    if _AUTOREPLY_SUBJECT.search(subject):
        return "autoreply"
    parts = list(top.walk())
    kinds = {part.ctype for part in parts}
    if "message/feedback-report" in kinds or _has_jmrp(parts):
        return "feedback"
    if kinds & {"message/delivery-status", "message/global-delivery-status"}:
        return "bounce"
    sender = " ".join(filter(None, (top.header("from"), top.header("return-path"))))
    daemon = bool(_DAEMON_SENDER.search(sender)) or top.header("return-path") in ("<>", "")
    if _BOUNCE_SUBJECT.search(subject) and (daemon or auto_submitted.startswith("auto-generated")):
        return "bounce"
    if daemon or _BOUNCE_SUBJECT.search(subject) or top.header("x-failed-recipients"):
        body = _first_text(top)
        if _BOUNCE_BODY.search(body) or top.header("x-failed-recipients"):
            return "bounce"
    # Checked after the bounce tests: Exim and others mark their bounces "auto-replied".
    if _is_autoreply(top, auto_submitted):
        return "autoreply"
    return "not_bounce"


def _has_jmrp(parts: list[Part]) -> bool:
    return any(
        part.ctype == "message/rfc822" and part.depth <= 1 and part.enclosed_headers(JMRP_PATTERN)
        for part in parts
    )


def _is_autoreply(top: Part, auto_submitted: str) -> bool:
    if auto_submitted.startswith("auto-replied"):
        return True
    if top.header("x-autoreply") or top.header("x-autorespond") or top.header("x-autoresponder"):
        return True
    precedence = (top.header("precedence") or "").lower()
    return "auto_reply" in precedence or "auto-reply" in precedence


def _first_text(top: Part) -> str:
    for part in top.walk():
        if part.ctype in ("text/plain", "text/html"):
            return part.text()[:20000]
    return ""
