"""What the status bar and `ingest --status` say about the live sources."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from desktop.services.live_status import Level, SourceState, freshness, span

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


def _state(name: str, ago: timedelta | None, error: str | None = None) -> SourceState:
    received = NOW - ago if ago is not None else None
    return SourceState(
        name=name,
        last_event_at=received,
        last_received_at=received,
        events_today=7,
        events_total=70,
        last_error=error,
        last_error_at=NOW if error else None,
        lag=ago,
        quiet=ago is None or ago > timedelta(hours=1) or error is not None,
    )


def test_all_fresh_is_live_with_the_newest_lag() -> None:
    states = [_state("mailgun", timedelta(seconds=40)), _state("sendgrid", timedelta(seconds=4))]
    shown = freshness(states)
    assert (shown.level, shown.text) == (Level.LIVE, "Live · 4 s ago")
    assert shown.tooltip.splitlines() == [
        "mailgun: last event 40 s ago, 7 today",
        "sendgrid: last event 4 s ago, 7 today",
    ]


def test_a_quiet_or_failing_source_is_named() -> None:
    states = [_state("mailgun", timedelta(seconds=4)), _state("sendgrid", timedelta(hours=2))]
    assert freshness(states).text == "sendgrid: nothing for 2 h"
    assert freshness(states).level is Level.QUIET
    failing = [_state("imap", timedelta(minutes=5), error="login failed")]
    assert freshness(failing).text == "imap: failing"
    assert "error: login failed" in freshness(failing).tooltip
    assert freshness([]).level is Level.NONE


def test_the_status_bar_words_in_dutch() -> None:
    live = [_state("mailgun", timedelta(seconds=4))]
    assert freshness(live, "nl").text == "Live · 4 s geleden"
    assert freshness(live, "nl").tooltip == "mailgun: laatste gebeurtenis 4 s geleden, 7 vandaag"
    quiet = [_state("sendgrid", timedelta(hours=2))]
    assert freshness(quiet, "nl").text == "sendgrid: niets sinds 2 u"
    failing = [_state("imap", timedelta(minutes=5), error="login failed")]
    assert freshness(failing, "nl").text == "imap: mislukt"
    assert "; fout: login failed" in freshness(failing, "nl").tooltip  # the source's own words


def test_span() -> None:
    assert [span(timedelta(seconds=s)) for s in (0, 119, 120, 7199, 7200, 172800)] == [
        "0 s", "119 s", "2 min", "119 min", "2 h", "2 d",
    ]  # fmt: skip
