"""Realistic, reproducible demo traffic: who sends what to whom, and what the servers answer.

Pure generation (no database): `DemoWorld` yields one `DemoMessage` at a time, in time order,
with its raw events; `desktop.demo.writer` runs them through the quarantine policy and
writes them. The same seed and the same anchor time give the same data.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from desktop.demo.replies import DEFERRALS, HARD_REPLIES, MX_HOSTS, SOFT_REPLIES, Reply
from desktop.domain.model import EventType, Reason

ORGANISERS = (
    "Amsterdam Dance Gala", "Bakkerij De Vries Events", "Concertgebouw Vrienden",
    "Delta Congressen", "Eindhoven Design Week", "Friesland Fietsfestival",
    "Groningen Jazz Nights", "Haarlem Hockey Club", "Jaarbeurs Vakdagen", "Kunstroute Leiden",
    "Limburg Carnaval Stichting", "Maastricht Wine Fair", "Noord Sea Sailing",
    "Oranje Gala Diner", "Paradiso Presents", "Quadrant Seminars", "Rotterdam Port Run",
    "Scheveningen Beach Cup", "Theater Utrecht", "Utrechtse Uitdagingen", "Veluwe Trail Events",
    "Waddenfestival", "Zaanse Schans Tours", "Zwolle Business Club", "Alumni Vereniging Delft",
    "Boekenbal Committee", "Charity Run NL", "Dutch Tech Summit", "Expo Haarlemmermeer",
    "Future Food Forum", "Gouda Kaasmarkt", "Hanze Netwerkdag", "IJsselhallen Beurzen",
    "Koningsdag Markt", "Lowlands Crew", "Museumnacht Amsterdam",
)  # fmt: skip

SUBJECTS = (
    "Your invitation: {event}", "Reminder: {event} starts soon", "Your tickets for {event}",
    "Uitnodiging: {event}", "Herinnering: {event}", "Je tickets voor {event}",
    "Programme update for {event}", "Bevestiging van je aanmelding voor {event}",
    "Last chance to register for {event}", "Thank you for attending {event}",
    "Save the date: {event}", "Parking and route information for {event}",
)  # fmt: skip

EVENTS = (
    "gala dinner 2026", "spring congress", "summer festival", "members evening", "wine tasting",
    "charity run", "networking breakfast", "open day", "annual conference", "jazz night",
    "kerstborrel", "nieuwjaarsreceptie", "design week", "seminar on sustainability",
    "boat tour",
)  # fmt: skip

FIRST = (
    "jan", "piet", "kees", "anna", "sanne", "lisa", "emma", "daan", "sem", "noah", "julia",
    "mila", "tess", "bram", "lucas", "eva", "lotte", "ruben", "thijs", "fleur", "maria",
    "mohamed", "fatima", "sophie", "tim", "joost", "marieke", "wouter", "ingrid", "henk",
    "john", "sarah", "david", "yara",
)  # fmt: skip
LAST = (
    "devries", "jansen", "bakker", "visser", "smit", "meijer", "bos", "mulder", "dejong",
    "vandijk", "vanleeuwen", "dekker", "brouwer", "vermeulen", "hendriks", "peters", "willems",
    "smith", "yilmaz", "elamrani", "vandenberg", "kok", "jacobs", "schouten", "vos", "prins",
    "huisman", "kuipers",
)  # fmt: skip

# (domain, weight): big webmail, Dutch ISPs, companies, and a few misspelt ones.
DOMAINS: tuple[tuple[str, int], ...] = (
    ("gmail.com", 30), ("hotmail.com", 14), ("outlook.com", 8), ("live.nl", 5), ("hotmail.nl", 4),
    ("yahoo.com", 4), ("icloud.com", 4), ("ziggo.nl", 9), ("kpnmail.nl", 6), ("planet.nl", 3),
    ("xs4all.nl", 3), ("home.nl", 2), ("hetnet.nl", 2), ("telfort.nl", 1), ("gmx.net", 1),
    ("web.de", 1), ("rabobank.nl", 1), ("tudelft.nl", 1), ("uva.nl", 1), ("philips.com", 1),
    ("gemeente-utrecht.nl", 1), ("vandijk-advocaten.nl", 1), ("bakkerijbos.nl", 1),
    ("gmial.com", 1), ("hotmial.com", 1), ("ziggo.nll", 1), ("outlok.com", 1),
)  # fmt: skip
MISSPELT = frozenset({"gmial.com", "hotmial.com", "ziggo.nll", "outlok.com"})

# What kind of recipient an address is, and how often.
FATES: tuple[tuple[str, int], ...] = (
    ("good", 800), ("unknown_user", 45), ("full", 35), ("blocked", 25), ("flaky", 30),
    ("inactive", 15), ("complainer", 12), ("troubled", 38),
)  # fmt: skip


_DIGITS_ONLY = str.maketrans("", "", "-:T")


@dataclass(frozen=True, slots=True)
class RawEvent:
    """An event as the sending platform would log it, before the quarantine rules see it."""

    type: EventType
    at: datetime
    reply_code: int | None = None
    status: str | None = None
    diagnostic: str | None = None
    remote_host: str | None = None
    reason: Reason | None = None


@dataclass(frozen=True, slots=True)
class DemoMessage:
    message_id: str
    account: str
    sender: str
    recipient: str
    subject: str
    created_at: datetime
    events: tuple[RawEvent, ...]


def _weighted(rng: random.Random, table: tuple[tuple[str, int], ...]) -> list[str]:
    return [name for name, weight in table for _ in range(weight)]


class DemoWorld:
    """A reproducible population of organisers and recipients, and their mail over `days`."""

    def __init__(self, seed: int, messages: int, end: datetime, days: int = 60) -> None:
        self._rng = random.Random(seed)
        self._count = messages
        self._end = end
        self._start = end - timedelta(days=days)
        self._domains = _weighted(self._rng, DOMAINS)
        fates = _weighted(self._rng, FATES)
        pool = max(20, messages // 3)
        self._addresses = [self._address(i) for i in range(pool)]
        self._fates = {
            a: ("unknown_user" if a.endswith(tuple(MISSPELT)) else self._rng.choice(fates))
            for a in self._addresses
        }
        self._senders = {name: f"{_slug(name)}@mail.{_slug(name)}.nl" for name in ORGANISERS}

    def _address(self, i: int) -> str:
        rng = self._rng
        first, last = rng.choice(FIRST), rng.choice(LAST)
        style = rng.randrange(4)
        local = (f"{first}.{last}", f"{first}{last}", f"{first[0]}.{last}", f"{first}{i % 1000}")[
            style
        ]
        return f"{local}@{rng.choice(self._domains)}"

    def messages(self) -> Iterator[DemoMessage]:
        rng = self._rng
        span = (self._end - self._start).total_seconds()
        # Recipients are picked with a skew: some addresses get mail often, most now and then.
        pool = self._addresses
        for i in range(self._count):
            created = self._start + timedelta(seconds=span * (i + rng.random()) / self._count)
            recipient = pool[int(len(pool) * rng.random() ** 1.6)]
            account = ORGANISERS[int(len(ORGANISERS) * rng.random() ** 1.3)]
            event = rng.choice(EVENTS)
            subject = rng.choice(SUBJECTS).format(event=event)
            stamp = created.isoformat().translate(_DIGITS_ONLY)[:14]
            message_id = f"{stamp}.{rng.getrandbits(48):012x}@mail.bouncedesk-demo.net"
            events = self._events(self._fates[recipient], recipient, created)
            yield DemoMessage(
                message_id, account, self._senders[account], recipient, subject, created, events
            )

    def _events(self, fate: str, recipient: str, created: datetime) -> tuple[RawEvent, ...]:
        rng = self._rng
        domain = recipient.rpartition("@")[2]
        host = MX_HOSTS.get(domain, f"mx1.{domain}")
        at = created + timedelta(seconds=rng.randint(1, 40))
        events = [RawEvent(EventType.QUEUED, created), RawEvent(EventType.SENT, at)]

        def later(low: float, high: float) -> datetime:
            nonlocal at
            at = at + timedelta(seconds=rng.uniform(low, high))
            return at

        def reply(kind: EventType, options: tuple[Reply, ...], reason: Reason | None) -> None:
            code, status, text = rng.choice(options)
            diagnostic = text.format(
                addr=recipient, domain=domain, ip=_ip(rng), sender_domain="mail.bouncedesk-demo.net"
            )
            events.append(RawEvent(kind, at, code, status, diagnostic, host, reason))

        for _ in range(_greylist_rounds(rng)):
            later(60, 900)
            reply(EventType.DEFERRED, DEFERRALS, Reason.DELAYED)

        if fate == "good" or (fate in ("complainer", "troubled") and rng.random() < 0.85):
            if fate == "troubled" or rng.random() < 0.01:
                reason = rng.choice(
                    (
                        Reason.MESSAGE_TOO_LARGE,
                        Reason.CONTENT_BLOCKED,
                        Reason.POLICY,
                        Reason.SERVER_ERROR,
                    )
                )
                later(5, 120)
                if reason is Reason.SERVER_ERROR:
                    reply(EventType.DEFERRED, SOFT_REPLIES[reason], reason)
                    later(300, 3600)
                else:
                    reply(EventType.SOFT_BOUNCE, SOFT_REPLIES[reason], reason)
                    return tuple(events)
            later(1, 30)
            events.append(
                RawEvent(
                    EventType.DELIVERED, at, 250, "2.0.0", "250 2.0.0 OK: queued as accepted", host
                )
            )
            if fate == "complainer" and rng.random() < 0.5:
                later(600, 3 * 86400)
                events.append(
                    RawEvent(
                        EventType.SPAM_COMPLAINT,
                        at,
                        None,
                        None,
                        "Feedback-Type: abuse (recipient marked it as spam)",
                        None,
                        Reason.SPAM_COMPLAINT,
                    )
                )
            return tuple(events)

        later(2, 60)
        if fate == "unknown_user":
            reason = Reason.DOMAIN_UNKNOWN if domain in MISSPELT else Reason.ADDRESS_UNKNOWN
            reply(EventType.HARD_BOUNCE, HARD_REPLIES[reason], reason)
        elif fate == "inactive":
            if rng.random() < 0.5:
                reply(
                    EventType.HARD_BOUNCE,
                    HARD_REPLIES[Reason.MAILBOX_INACTIVE],
                    Reason.MAILBOX_INACTIVE,
                )
            else:
                reply(
                    EventType.SOFT_BOUNCE,
                    SOFT_REPLIES[Reason.MAILBOX_INACTIVE],
                    Reason.MAILBOX_INACTIVE,
                )
        elif fate == "blocked":
            if rng.random() < 0.4:
                reply(EventType.HARD_BOUNCE, HARD_REPLIES[Reason.BLOCKED], Reason.BLOCKED)
            else:
                reply(EventType.SOFT_BOUNCE, SOFT_REPLIES[Reason.BLOCKED], Reason.BLOCKED)
        elif fate == "full":
            for _ in range(rng.randint(0, 2)):
                reply(EventType.DEFERRED, SOFT_REPLIES[Reason.MAILBOX_FULL], Reason.MAILBOX_FULL)
                later(900, 7200)
            reply(EventType.SOFT_BOUNCE, SOFT_REPLIES[Reason.MAILBOX_FULL], Reason.MAILBOX_FULL)
        elif fate == "flaky":
            for _ in range(rng.randint(1, 3)):
                reply(
                    EventType.DEFERRED,
                    SOFT_REPLIES[Reason.SERVER_UNREACHABLE],
                    Reason.SERVER_UNREACHABLE,
                )
                later(1800, 14400)
            if rng.random() < 0.6:
                events.append(RawEvent(EventType.DELIVERED, at, 250, "2.0.0", "250 2.0.0 Ok", host))
            else:
                reply(
                    EventType.SOFT_BOUNCE,
                    SOFT_REPLIES[Reason.SERVER_UNREACHABLE],
                    Reason.SERVER_UNREACHABLE,
                )
        else:  # troubled or complainer on a bad day: a temporary server problem
            reply(EventType.SOFT_BOUNCE, SOFT_REPLIES[Reason.SERVER_ERROR], Reason.SERVER_ERROR)
        return tuple(events)


def _greylist_rounds(rng: random.Random) -> int:
    # Greylisting and rate limits make first attempts fail often; most messages still get
    # through on the second or third try.
    roll = rng.random()
    return 0 if roll < 0.35 else 1 if roll < 0.7 else 2 if roll < 0.9 else 3


def _ip(rng: random.Random) -> str:
    return f"185.{rng.randint(10, 250)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def _slug(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())[:24]
