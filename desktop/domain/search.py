"""Search criteria: what the agent typed, understood as filters, and the reference matcher."""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime
from enum import StrEnum

from desktop.domain.errors import ValidationError
from desktop.domain.model import (
    Message,
    MessageStatus,
    Quarantine,
    QuarantineCause,
    Reason,
    normalise_address,
)
from desktop.domain.phrases import Count, Wording

MAX_QUERY_LENGTH = 998  # the longest line SMTP allows; nothing real is longer
MIN_TRIGRAM = 3  # shorter pieces cannot use the trigram index (they still match, by scan)

_ADDRESS = re.compile(r"^[^\s@]+@[^\s@]+\.[^\s@]+$")
_DOMAIN = re.compile(r"^@?[a-z0-9][a-z0-9.-]*\.[a-z]{2,}$", re.IGNORECASE)
_MESSAGE_ID = re.compile(r"^<[^\s<>]+>$")
_OPAQUE_ID = re.compile(r"^[A-Za-z0-9._$=+-]{20,}$")

# What an unusable search says, in both languages (the GUI shows the UI's, the CLI English).
_TOO_LONG = Wording(
    "The {field} is too long ({length} characters); at most {limit}.",
    "Het veld ‘{field}’ is te lang ({length} tekens); hoogstens {limit}.",
)
_NUL = Wording(
    "The {field} contains a NUL character; remove it and search again.",
    "Het veld ‘{field}’ bevat een NUL-teken; haal het weg en zoek opnieuw.",
)
_NOT_TEXT = Wording(
    "The {field} contains characters that are not valid text.",
    "Het veld ‘{field}’ bevat tekens die geen geldige tekst zijn.",
)
_NO_ZONE = Wording("The {bound} time needs a time zone.", "De {bound} heeft een tijdzone nodig.")
_BOUNDS = {"since": Wording("since", "begintijd"), "until": Wording("until", "eindtijd")}
_BACKWARDS = Wording(
    "The start of the time range must be before its end.",
    "Het begin van de periode moet voor het einde liggen.",
)
_BAD_CURSOR = Wording(
    "That page cursor is not valid; {then}.", "Die paginawijzer is niet geldig; {then}."
)
_SEARCH_AGAIN = Wording("start the search again", "begin de zoekopdracht opnieuw")
_LIST_AGAIN = Wording("list again from the start", "begin de lijst opnieuw")
_OTHER_ORDER = Wording(
    "That page cursor belongs to the {given!r} order, not {wanted!r}.",
    "Die paginawijzer hoort bij de volgorde {given!r}, niet bij {wanted!r}.",
)
_FIELDS = {  # the fields a user types into, by the names staff know them
    "recipient": Wording("recipient", "Ontvanger"),
    "recipient_prefix": Wording("recipient prefix", "Begin van de ontvanger"),
    "domain": Wording("domain", "Domein"),
    "contains": Wording("contains", "Ontvanger bevat"),
    "subject": Wording("subject", "Onderwerp"),
    "sender": Wording("sender", "Afzender"),
    "message_id": Wording("message id", "Message-ID"),
    "account": Wording("account", "Account"),
    "search text": Wording("search text", "Zoektekst"),
    "filter text": Wording("filter text", "Filtertekst"),
}


@dataclass(frozen=True, slots=True)
class SearchCriteria:
    """Filters of the message search; every field that is set must match."""

    recipient: str | None = None  # exact, case-insensitive
    recipient_prefix: str | None = None
    domain: str | None = None  # exact recipient domain, without "@"
    contains: str | None = None  # substring of the recipient
    subject: str | None = None  # words, each a substring of the subject
    sender: str | None = None
    message_id: str | None = None
    account: str | None = None
    status: MessageStatus | None = None
    reason: Reason | None = None
    since: datetime | None = None  # created_at >= since
    until: datetime | None = None  # created_at < until

    def subject_words(self) -> list[str]:
        return self.subject.lower().split() if self.subject else []

    def merged(self, other: SearchCriteria) -> SearchCriteria:
        """These criteria with every field that `other` sets taken from `other`."""
        changes = {f.name: getattr(other, f.name) for f in fields(other)}
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def describe(self) -> str:
        """How the search was understood, for the status line ("recipient contains 'jan'")."""
        parts: list[str] = []
        labels = {
            "recipient": "recipient is",
            "recipient_prefix": "recipient starts with",
            "domain": "domain is",
            "contains": "recipient contains",
            "subject": "subject has",
            "sender": "sender is",
            "message_id": "message id is",
            "account": "account is",
            "status": "status is",
            "reason": "reason is",
            "since": "from",
            "until": "before",
        }
        for name, label in labels.items():
            value = getattr(self, name)
            if value is not None:
                shown = value.isoformat() if isinstance(value, datetime) else str(value)
                parts.append(f"{label} '{shown}'")
        return ", ".join(parts) if parts else "newest messages"


def _check_text(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    field = _FIELDS.get(name, name)
    if len(value) > MAX_QUERY_LENGTH:
        raise ValidationError(
            _TOO_LONG(field=field, length=Count(len(value)), limit=MAX_QUERY_LENGTH)
        )
    if "\x00" in value:
        raise ValidationError(_NUL(field=field))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValidationError(_NOT_TEXT(field=field)) from error
    value = value.strip()
    return value or None


def validated(criteria: SearchCriteria) -> SearchCriteria:
    """Criteria with text trimmed and normalised; raises ValidationError on unusable input."""
    clean: dict[str, object] = {}
    for f in fields(criteria):
        value = getattr(criteria, f.name)
        if isinstance(value, str) and not isinstance(value, (MessageStatus, Reason)):
            value = _check_text(f.name, value)
        clean[f.name] = value
    result = SearchCriteria(**clean)  # type: ignore[arg-type]
    lowered = {
        name: normalise_address(v) or None
        for name in ("recipient", "recipient_prefix", "contains", "sender")
        if (v := getattr(result, name)) is not None
    }
    if result.domain is not None:
        lowered["domain"] = result.domain.lstrip("@").lower() or None
    if result.message_id is not None:
        lowered["message_id"] = result.message_id.strip("<>") or None
    for bound in ("since", "until"):
        moment = getattr(result, bound)
        if moment is not None and moment.tzinfo is None:
            raise ValidationError(_NO_ZONE(bound=_BOUNDS[bound]))
    if result.since and result.until and result.since >= result.until:
        raise ValidationError(_BACKWARDS())
    return replace(result, **lowered)  # type: ignore[arg-type]


_NAMED_ADDRESS = re.compile(r"^[^<>]*\S[^<>]*<\s*([^\s<>]+@[^\s<>]+)\s*>$")
_MAILTO = re.compile(r"^mailto:", re.IGNORECASE)
_TRAILING = ".,;:!?)]}>'\""
_LEADING = "([{<'\""
_ID_PUNCTUATION = re.compile(r"[$%=#]")


def _looks_like_message_id(address: str) -> bool:
    """A bare Message-ID (``20261127.4f2a9c81b7@mail.gala.example``), not a person's address:
    a local part with $, %, = or #, or a long one with many digits."""
    local = address.rpartition("@")[0]
    digits = sum(c.isdigit() for c in local)
    return bool(_ID_PUNCTUATION.search(local)) or (len(local) >= 16 and digits >= 6)


def clean_pasted(text: str) -> str:
    """What support staff paste, reduced to what they mean: ``Name <a@x>`` → ``a@x``,
    ``mailto:a@x?subject=…`` → ``a@x``, ``a@x.`` / ``a@x,`` / ``(a@x)`` → ``a@x``."""
    query = text.strip()
    named = _NAMED_ADDRESS.match(query.rstrip(".,; "))
    if named:
        return named.group(1)
    if _MAILTO.match(query):
        query = _MAILTO.sub("", query).split("?", 1)[0].strip()
    if " " in query or (query.startswith('"') and query.endswith('"')):
        return query  # subject words keep their punctuation
    if query.startswith("<") and query.endswith(">"):
        return query  # a Message-ID as mail headers write it
    # To a fixed point: Python counts \x1c-\x1f as blanks, so taking a trailing ',' off
    # "0\x1f," bares one that strip() then takes (and cleaning twice must change nothing).
    cleaned = query
    while (shorter := cleaned.rstrip(_TRAILING).lstrip(_LEADING).strip()) != cleaned:
        cleaned = shorter
    return cleaned or query


def parse_query(text: str) -> SearchCriteria:
    """Understand the search field: an address, a domain, a message id, or subject words.

    - ``jan@example.nl`` → that recipient; ``jan@`` or ``jan*`` → recipients starting so;
      ``Jan <jan@example.nl>``, ``mailto:jan@example.nl`` and ``jan@example.nl,`` too;
    - ``@ziggo.nl`` or ``ziggo.nl`` → that domain; ``<id@host>``, a bare Message-ID
      (``20261127.4f2a9c81@host``) or a long token → message id;
    - ``"invitation gala"`` or several words → subject words; one other word → recipient
      contains (`alternatives` offers its subject search when that finds nothing).
    """
    checked = _check_text("search text", text)
    if checked is None:
        return SearchCriteria()
    query = clean_pasted(checked)
    if len(query) >= 2 and query[0] == query[-1] == '"':
        return SearchCriteria(subject=query[1:-1].strip() or None)
    if " " in query:
        return SearchCriteria(subject=query)
    if _MESSAGE_ID.match(query):
        return SearchCriteria(message_id=query[1:-1])
    if query.startswith("@") or ("@" not in query and _DOMAIN.match(query)):
        return SearchCriteria(domain=query.lstrip("@").lower() or None)
    if _ADDRESS.match(query):
        # `Name <a@x>` and `mailto:a@x` name a person, however id-like the local part is.
        named = bool(_NAMED_ADDRESS.match(checked.strip().rstrip(".,; ")) or _MAILTO.match(checked))
        if not named and _looks_like_message_id(query):
            return SearchCriteria(message_id=query)
        return SearchCriteria(recipient=query)
    if query.endswith(("@", "*")) and len(query) > 1:
        return SearchCriteria(recipient_prefix=query.rstrip("*"))
    if "@" not in query and _OPAQUE_ID.match(query) and any(c.isdigit() for c in query):
        return SearchCriteria(message_id=query)
    return SearchCriteria(contains=query)


def alternatives(text: str) -> list[tuple[str, str]]:
    """Other readings of what was typed, to offer when it found nothing: (label, query text).

    One word that matched no recipient may be a subject word; an address may be a Message-ID
    written without <>, or the domain may be what matters.
    """
    criteria = parse_query(text)
    offers: list[tuple[str, str]] = []
    if criteria.contains:
        word = criteria.contains
        offers.append((f"Search subjects for {word}", f'"{word}"'))
    if criteria.recipient:
        offers.append((f"Search the Message-ID {criteria.recipient}", f"<{criteria.recipient}>"))
        domain = criteria.recipient.rpartition("@")[2]
        offers.append((f"Search the domain {domain}", f"@{domain}"))
    if criteria.domain:
        offers.append((f"Search subjects for {criteria.domain}", f'"{criteria.domain}"'))
    return offers


def matches(message: Message, criteria: SearchCriteria) -> bool:
    """The reference meaning of every filter, used by the fake repository and the tests."""
    c = criteria
    recipient = message.recipient.lower()
    checks = (
        c.recipient is None or recipient == c.recipient.lower(),
        c.recipient_prefix is None or recipient.startswith(c.recipient_prefix.lower()),
        c.domain is None or recipient.rpartition("@")[2] == c.domain.lower(),
        c.contains is None or c.contains.lower() in recipient,
        all(word in message.subject.lower() for word in c.subject_words()),
        c.sender is None or message.sender.lower() == c.sender.lower(),
        c.message_id is None or message.message_id == c.message_id,
        c.account is None or message.account == c.account,
        c.status is None or message.status == c.status,
        c.reason is None or message.reason == c.reason,
        c.since is None or message.created_at >= c.since,
        c.until is None or message.created_at < c.until,
    )
    return all(checks)


@dataclass(frozen=True, slots=True)
class Cursor:
    """Where a page ended: newest-first keyset position (created_at, id)."""

    created_at: datetime
    id: int

    def encode(self) -> str:
        payload = json.dumps([self.created_at.isoformat(), self.id]).encode()
        return base64.urlsafe_b64encode(payload).decode().rstrip("=")

    @classmethod
    def after(cls, message: Message) -> Cursor:
        return cls(message.created_at, message.id)

    @classmethod
    def decode(cls, token: str) -> Cursor:
        try:
            padded = token + "=" * (-len(token) % 4)
            created, ident = json.loads(base64.urlsafe_b64decode(padded.encode()))
            moment = datetime.fromisoformat(created)
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            return cls(moment, int(ident))
        except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as error:
            raise ValidationError(_BAD_CURSOR(then=_SEARCH_AGAIN)) from error


def sort_key(message: Message) -> tuple[datetime, int]:
    """Newest first: callers sort with reverse=True on this key."""
    return (message.created_at, message.id)


class QuarantineSort(StrEnum):
    """Orders of the quarantine list; each is a keyset order (a column, then the id)."""

    NEWEST = "newest"  # started_at, newest first
    OLDEST = "oldest"
    ENDS_SOONEST = "ends"  # ends_at, soonest first
    ADDRESS = "address"  # A to Z
    REASON = "reason"  # by reason key, A to Z


@dataclass(frozen=True, slots=True)
class QuarantineFilter:
    """Filters and order of the quarantine list: address substring, cause, reason, ended too."""

    search: str | None = None  # part of the address, taken literally (no wildcards)
    cause: QuarantineCause | None = None
    reason: Reason | None = None
    include_ended: bool = False
    sort: QuarantineSort = QuarantineSort.NEWEST

    def is_filtered(self) -> bool:
        """Whether anything beyond "open ones" narrows the list."""
        return bool(self.search) or self.cause is not None or self.reason is not None


def validated_filter(criteria: QuarantineFilter) -> QuarantineFilter:
    """The filter with its search text checked and lower-cased (addresses are stored so)."""
    text = _check_text("filter text", criteria.search)
    return replace(criteria, search=text.lower() if text else None)


@dataclass(frozen=True, slots=True)
class QuarantineCursor:
    """Where a quarantine page ended: the sort, that row's sort value, and its id."""

    sort: QuarantineSort
    value: datetime | str
    id: int

    def encode(self) -> str:
        shown = self.value.isoformat() if isinstance(self.value, datetime) else self.value
        payload = json.dumps([self.sort.value, shown, self.id]).encode()
        return base64.urlsafe_b64encode(payload).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str, sort: QuarantineSort) -> QuarantineCursor:
        try:
            padded = token + "=" * (-len(token) % 4)
            name, value, ident = json.loads(base64.urlsafe_b64decode(padded.encode()))
            given = QuarantineSort(name)
            moment: datetime | str = str(value)
            if given in _TIME_SORTS:
                moment = datetime.fromisoformat(str(value))
                if moment.tzinfo is None:
                    moment = moment.replace(tzinfo=UTC)
            cursor = cls(given, moment, int(ident))
        except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as error:
            raise ValidationError(_BAD_CURSOR(then=_LIST_AGAIN)) from error
        if cursor.sort is not sort:
            raise ValidationError(_OTHER_ORDER(given=cursor.sort.value, wanted=sort.value))
        return cursor


_TIME_SORTS = frozenset({QuarantineSort.NEWEST, QuarantineSort.OLDEST, QuarantineSort.ENDS_SOONEST})


def cursor_after(sort: QuarantineSort, quarantine: Quarantine) -> QuarantineCursor:
    """The cursor that continues after `quarantine` in the order `sort`."""
    values: dict[QuarantineSort, datetime | str] = {
        QuarantineSort.NEWEST: quarantine.started_at,
        QuarantineSort.OLDEST: quarantine.started_at,
        QuarantineSort.ENDS_SOONEST: quarantine.ends_at,
        QuarantineSort.ADDRESS: quarantine.address,
        QuarantineSort.REASON: quarantine.reason.value,
    }
    return QuarantineCursor(sort, values[sort], quarantine.id)
