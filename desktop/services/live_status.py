"""The freshness of the live feeds, for `bouncedesk ingest --status` and the GUI status bar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import Any

from desktop.domain.phrases import Count, Wording
from desktop.domain.source_state import StoredSourceState
from desktop.services.ports import UnitOfWork, UnitOfWorkFactory

# A source that brought nothing for this long is shown as quiet (amber): a busy platform
# sends bounces and deliveries every few minutes, so an hour of silence is worth a look.
QUIET_AFTER = timedelta(hours=1)


class Level(Enum):
    LIVE = "live"  # every source brought events recently
    QUIET = "quiet"  # a source is silent or failing
    NONE = "none"  # no live source has ever reported


@dataclass(frozen=True, slots=True)
class SourceState:
    """One live source as staff see it; `lag` is the time since it last brought events."""

    name: str
    last_event_at: datetime | None
    last_received_at: datetime | None
    events_today: int
    events_total: int
    last_error: str | None
    last_error_at: datetime | None
    lag: timedelta | None
    quiet: bool
    dead_letters: int = 0

    def as_json(self) -> dict[str, Any]:
        def iso(moment: datetime | None) -> str | None:
            return moment.astimezone(UTC).isoformat(timespec="seconds") if moment else None

        return {
            "source": self.name,
            "last_event_at": iso(self.last_event_at),
            "last_received_at": iso(self.last_received_at),
            "events_today": self.events_today,
            "events_total": self.events_total,
            "last_error": self.last_error,
            "last_error_at": iso(self.last_error_at),
            "lag_seconds": round(self.lag.total_seconds()) if self.lag is not None else None,
            "quiet": self.quiet,
            "dead_letters": self.dead_letters,
        }


@dataclass(frozen=True, slots=True)
class Freshness:
    """The status bar's words: 'Live · 4 s ago' or 'sendgrid: nothing for 2 h', with tips."""

    level: Level
    text: str
    tooltip: str


def record_events(
    uow: UnitOfWork, source: str, count: int, last_event_at: datetime | None, now: datetime
) -> None:
    """Count events a source committed (inside the caller's transaction; not committed)."""
    uow.sources.events_committed(source, count, last_event_at, now)


def record_error(uow_factory: UnitOfWorkFactory, source: str, message: str) -> None:
    """Note a source's latest failure in a transaction of its own."""
    with uow_factory() as uow:
        uow.sources.error(source, message, datetime.now(UTC))
        uow.commit()


def record_dead_letter(uow_factory: UnitOfWorkFactory, source: str, message: str) -> None:
    """Count a body of `source` set aside in the dead-letter folder, in a transaction of its own."""
    with uow_factory() as uow:
        uow.sources.dead_lettered(source, message, datetime.now(UTC))
        uow.commit()


def states_of(uow: UnitOfWork, now: datetime | None = None) -> list[SourceState]:
    """Every live source's state, by name."""
    now = now or datetime.now(UTC)
    return [_state(row, now) for row in uow.sources.all(now.date().isoformat())]


def source_states(uow_factory: UnitOfWorkFactory, now: datetime | None = None) -> list[SourceState]:
    """`states_of` in a unit of work of its own (the service's status command)."""
    with uow_factory() as uow:
        return states_of(uow, now)


def _state(row: StoredSourceState, now: datetime) -> SourceState:
    lag = now - row.last_received_at if row.last_received_at else None
    failing = row.last_error_at is not None and (
        row.last_received_at is None or row.last_error_at > row.last_received_at
    )
    return SourceState(
        name=row.name,
        last_event_at=row.last_event_at,
        last_received_at=row.last_received_at,
        events_today=row.events_today,
        events_total=row.events_total,
        last_error=row.last_error,
        last_error_at=row.last_error_at,
        lag=lag,
        quiet=lag is None or lag > QUIET_AFTER or failing,
        dead_letters=row.dead_letters,
    )


# The status bar's words, in both languages (the GUI's, or English for `ingest --status`).
_FAILING = Wording("{name}: failing", "{name}: mislukt")
_NOTHING_YET = Wording("{name}: nothing yet", "{name}: nog niets")
_NOTHING_FOR = Wording("{name}: nothing for {span}", "{name}: niets sinds {span}")
_LIVE = Wording("Live · {span} ago", "Live · {span} geleden")
_NO_EVENTS = Wording("{name}: no events yet", "{name}: nog geen gebeurtenissen")
_LAST_EVENT = Wording(
    "{name}: last event {span} ago, {today} today",
    "{name}: laatste gebeurtenis {span} geleden, {today} vandaag",
)
_ERROR = Wording("; error: {error}", "; fout: {error}")
_DEAD_LETTERS = Wording(
    "; {count} in the dead-letter folder", "; {count} in de map met onbestelbare berichten"
)


def freshness(states: list[SourceState], language: str = "en") -> Freshness:
    """What the status bar says about `states`, in `language` ('en' or 'nl')."""
    if not states:
        return Freshness(Level.NONE, "", "")
    tips = "\n".join(_tip(state, language) for state in states)
    quiet = [state for state in states if state.quiet]
    if quiet:
        first = quiet[0]
        if _failing(first):
            said = _FAILING(name=first.name)
        elif first.lag is None:
            said = _NOTHING_YET(name=first.name)
        else:
            said = _NOTHING_FOR(name=first.name, span=span(first.lag, language))
        text = said.in_language(language)
        if len(quiet) > 1:
            text += f" (+{len(quiet) - 1})"
        return Freshness(Level.QUIET, text, tips)
    newest = min(state.lag for state in states if state.lag is not None)
    return Freshness(Level.LIVE, _LIVE(span=span(newest, language)).in_language(language), tips)


def _failing(state: SourceState) -> bool:
    return state.last_error_at is not None and (
        state.last_received_at is None or state.last_error_at > state.last_received_at
    )


def _tip(state: SourceState, language: str) -> str:
    if state.lag is None:
        said = _NO_EVENTS(name=state.name)
    else:
        lag = span(state.lag, language)
        said = _LAST_EVENT(name=state.name, span=lag, today=Count(state.events_today))
    line = said.in_language(language)
    if _failing(state) and state.last_error:  # the source's own words, as they came
        line += _ERROR(error=state.last_error).in_language(language)
    if state.dead_letters:
        line += _DEAD_LETTERS(count=Count(state.dead_letters)).in_language(language)
    return line


def span(delta: timedelta, language: str = "en") -> str:
    """A short human duration: '4 s', '12 min', '2 h', '3 d' (in Dutch '2 u' for uur)."""
    seconds = max(0, int(delta.total_seconds()))
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 2 * 3600:
        return f"{seconds // 60} min"
    if seconds < 2 * 86400:
        return f"{seconds // 3600} {'u' if language == 'nl' else 'h'}"
    return f"{seconds // 86400} d"
