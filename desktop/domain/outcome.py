"""What happens next to a failed message: retrying, given up, final, quarantined, released."""

from __future__ import annotations

import json
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from enum import StrEnum
from functools import lru_cache
from types import MappingProxyType

from desktop import resources
from desktop.domain.model import Event, EventType, MessageStatus, Quarantine
from desktop.domain.retry import RetryWindow, sending_side, will_retry_until, window_for

STATES_FILE = "states.json"
LANGUAGES: tuple[str, ...] = ("en", "nl")
# A retry is overdue once no attempt was seen for this many of the sender's longest waits
# between attempts, plus some slack for feeds that arrive late.
_OVERDUE_BACKOFFS = 2
_OVERDUE_SLACK = timedelta(hours=1)
_RETRYING_STATUSES = frozenset({MessageStatus.DEFERRED, MessageStatus.SOFT_BOUNCE})
_FAILED_TYPES = frozenset({EventType.DEFERRED, EventType.SOFT_BOUNCE})
_FINAL_STATUSES = frozenset(
    {MessageStatus.HARD_BOUNCE, MessageStatus.SPAM_COMPLAINT, MessageStatus.REJECTED}
)


class NextStep(StrEnum):
    """The state that says what happens next; the reason says why."""

    RETRYING = "retrying"  # the sending side still tries; a forecast says until when
    GIVEN_UP = "given_up"  # it stopped trying (retry window over, or no attempt for too long)
    FINAL = "final"  # a final bounce; the address is not quarantined
    QUARANTINED = "quarantined"  # the address is quarantined until `until`
    QUARANTINE_ENDED = "quarantine_ended"  # it was, until `until`; that is over now
    RELEASED = "released"  # it was, and an agent released it at `until`


class StateTextError(ValueError):
    """The bundled state texts miss a state, a language or use an unknown placeholder (a bug)."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happens next to one message, with the moments the texts need (UTC)."""

    step: NextStep
    until: datetime | None = None  # quarantine end or release moment
    gives_up: datetime | None = None  # when the sending side stops retrying
    last_attempt: datetime | None = None
    window: RetryWindow | None = None
    soft_bounce_limit: int = 5

    @property
    def is_final(self) -> bool:
        return self.step is not NextStep.RETRYING


def _relevant(quarantine: Quarantine | None, status: MessageStatus, sent: datetime) -> bool:
    # a quarantine speaks for this message when it followed it, or it rejected this message
    return quarantine is not None and (
        quarantine.started_at >= sent or status is MessageStatus.REJECTED
    )


def next_step(
    status: MessageStatus,
    created_at: datetime,
    events: Sequence[Event],
    active: Quarantine | None,
    latest: Quarantine | None,
    now: datetime,
    windows: Mapping[str, RetryWindow] | None = None,
    soft_bounce_limit: int = 5,
) -> Outcome | None:
    """What happens next to a message in `status` (None when nothing failed).

    `active` is the recipient's quarantine in force now, `latest` the newest one in any state.
    """
    if active is not None:
        return Outcome(NextStep.QUARANTINED, until=active.ends_at)
    if _relevant(latest, status, created_at):
        assert latest is not None
        if latest.released_at is not None:
            return Outcome(NextStep.RELEASED, until=latest.released_at)
        return Outcome(NextStep.QUARANTINE_ENDED, until=latest.ends_at)
    if status in _FINAL_STATUSES:
        return Outcome(NextStep.FINAL)
    if status not in _RETRYING_STATUSES:
        return None
    failures = [event for event in events if event.type in _FAILED_TYPES]
    # a queue lifetime counts from when the message entered the queue, not its first failure
    first = min(created_at, failures[0].at) if failures else created_at
    last = failures[-1].at if failures else created_at
    raw = failures[-1].raw if failures else None
    window = window_for(sending_side(raw), windows)
    gives_up = will_retry_until(raw) or first + window.lifetime
    overdue = now - last > _OVERDUE_BACKOFFS * window.max_backoff + _OVERDUE_SLACK
    step = NextStep.GIVEN_UP if now >= gives_up or overdue else NextStep.RETRYING
    return Outcome(step, None, gives_up, last, window, soft_bounce_limit)


# --- the words ------------------------------------------------------------------------------

_DAYS = {
    "en": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
    "nl": "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag",
}
_MONTHS = {
    "en": "January February March April May June July August September October November December",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
}
_UNITS = {"en": ("day", "days", "hour", "hours"), "nl": ("dag", "dagen", "uur", "uur")}
PLACEHOLDERS = frozenset({"until", "gives_up", "last_attempt", "window", "limit", "documented_by"})


def moment_text(moment: datetime, lang: str, zone: tzinfo | None = None) -> str:
    """'Thursday 10 December 14:00' / 'donderdag 10 december 14:00', in `zone` (local)."""
    language = lang if lang in LANGUAGES else "en"
    local = moment.astimezone(zone)
    day = _DAYS[language].split()[local.weekday()]
    month = _MONTHS[language].split()[local.month - 1]
    return f"{day} {local.day} {month} {local:%H:%M}"


def duration_text(span: timedelta, lang: str) -> str:
    """'5 days', '14 hours' ('5 dagen', '14 uur')."""
    day, days, hour, hours = _UNITS[lang if lang in LANGUAGES else "en"]
    if span % timedelta(days=1) == timedelta(0):
        count = span // timedelta(days=1)
        return f"{count} {day if count == 1 else days}"
    count = max(1, round(span / timedelta(hours=1)))
    return f"{count} {hour if count == 1 else hours}"


@dataclass(frozen=True, slots=True)
class StateText:
    """The words for one state: for the agent and for the client, each per language."""

    agent: Mapping[str, str]
    client: Mapping[str, str]


def parse_states(text: str) -> dict[NextStep, StateText]:
    """State texts from the bundled JSON; every state, both languages, known placeholders."""
    document = json.loads(text)
    found: dict[NextStep, StateText] = {}
    for step in NextStep:
        entry = document.get(step.value) if isinstance(document, dict) else None
        if not isinstance(entry, dict):
            raise StateTextError(f"no text for state {step.value!r}")
        agent, client = entry.get("agent"), entry.get("client")
        if not isinstance(agent, dict) or not isinstance(client, dict):
            raise StateTextError(f"{step.value}: needs 'agent' and 'client' per language")
        checked: dict[str, str] = {}
        texts = [(f"agent {lang}", agent.get(lang)) for lang in LANGUAGES]
        texts += [(lang, client.get(lang)) for lang in LANGUAGES]
        for name, value in texts:
            if not isinstance(value, str) or not value.strip():
                raise StateTextError(f"{step.value}: {name} text missing")
            used = {f for _, f, _, _ in string.Formatter().parse(value) if f is not None}
            if used - PLACEHOLDERS:
                raise StateTextError(f"{step.value}: {name} uses {sorted(used - PLACEHOLDERS)}")
            checked[name] = value
        agent_texts = {lang: checked[f"agent {lang}"] for lang in LANGUAGES}
        client_texts = {lang: checked[lang] for lang in LANGUAGES}
        found[step] = StateText(MappingProxyType(agent_texts), MappingProxyType(client_texts))
    return found


@lru_cache(maxsize=1)
def _states() -> Mapping[NextStep, StateText]:
    return MappingProxyType(parse_states(resources.read_text("help", STATES_FILE)))


def _values(outcome: Outcome, lang: str, zone: tzinfo | None) -> dict[str, str]:
    def when(moment: datetime | None) -> str:
        return moment_text(moment, lang, zone) if moment is not None else ""

    window = outcome.window
    return {
        "until": when(outcome.until),
        "gives_up": when(outcome.gives_up),
        "last_attempt": when(outcome.last_attempt),
        "window": duration_text(window.lifetime, lang) if window else "",
        "limit": str(outcome.soft_bounce_limit),
        "documented_by": window.documented_by if window else "",
    }


def state_sentence(
    outcome: Outcome, lang: str, *, for_client: bool, zone: tzinfo | None = None
) -> str:
    """The sentence that says what happens next, for the agent or the client, in `lang`."""
    text = _states()[outcome.step]
    language = lang if lang in LANGUAGES else "en"
    template = (text.client if for_client else text.agent)[language]
    return template.format(**_values(outcome, language, zone))
