"""Tests of the quarantine rules: examples per rule, then properties against a reference model."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.domain.model import EventType, QuarantineCause, Reason
from desktop.domain.policy import (
    AddressState,
    EventRef,
    Observation,
    Outcome,
    PolicyConfig,
    QuarantineStart,
    Settlement,
    expire,
    is_quarantined,
    observe,
    release,
    replay,
    settle,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
WEEK = timedelta(days=7)
TICK = timedelta(microseconds=1)
DEFAULT = PolicyConfig()


def ev(ref: EventRef, kind: EventType, at: datetime, reason: Reason | None = None) -> Observation:
    return Observation(ref=ref, type=kind, at=at, reason=reason)


def run(*events: Observation, config: PolicyConfig = DEFAULT) -> list[Outcome]:
    return replay(events, config)


def soft_run(
    count: int, start: datetime = T0, step: timedelta = timedelta(hours=1)
) -> list[Observation]:
    return [
        ev(f"s{i}", EventType.SOFT_BOUNCE, start + i * step, Reason.MAILBOX_FULL)
        for i in range(count)
    ]


# --- examples, one per rule -------------------------------------------------------------------


def test_defaults_follow_the_design() -> None:
    assert DEFAULT.soft_bounce_limit == 5
    assert DEFAULT.quarantine_length == WEEK
    assert DEFAULT.quarantine_on_spam is True


def test_hard_bounce_quarantines_at_once_for_a_week() -> None:
    (outcome,) = run(ev(7, EventType.HARD_BOUNCE, T0, Reason.ADDRESS_UNKNOWN))
    assert outcome.started == QuarantineStart(
        QuarantineCause.HARD_BOUNCE, Reason.ADDRESS_UNKNOWN, T0, T0 + WEEK, (7,)
    )
    assert outcome.effective_type is EventType.HARD_BOUNCE
    assert is_quarantined(outcome.state, T0)


def test_five_soft_bounces_in_a_row_quarantine_as_a_hard_bounce() -> None:
    events = soft_run(5)
    events[-1] = ev("s4", EventType.SOFT_BOUNCE, events[-1].at, Reason.SERVER_UNREACHABLE)
    outcomes = run(*events)
    assert [o.started for o in outcomes[:4]] == [None] * 4
    assert [o.state.soft_bounces for o in outcomes[:4]] == [1, 2, 3, 4]
    started = outcomes[4].started
    assert started is not None
    assert started.cause is QuarantineCause.SOFT_BOUNCE
    assert started.reason is Reason.SERVER_UNREACHABLE  # the deciding (last) bounce's reason
    assert started.cause_refs == ("s0", "s1", "s2", "s3", "s4")
    assert outcomes[4].state.soft_bounces == 0


def test_a_delivery_breaks_the_soft_bounce_run() -> None:
    events = [*soft_run(4), ev("d", EventType.DELIVERED, T0 + timedelta(hours=5))]
    events += soft_run(4, start=T0 + timedelta(hours=6))
    outcomes = run(*events)
    assert all(o.started is None for o in outcomes)
    assert outcomes[4].state.soft_bounces == 0
    assert outcomes[-1].state.soft_bounces == 4


def test_deferrals_and_sends_neither_count_nor_break_the_run() -> None:
    events = soft_run(4)
    events += [
        ev("q", EventType.QUEUED, T0 + timedelta(hours=4)),
        ev("x", EventType.SENT, T0 + timedelta(hours=4)),
        ev("d", EventType.DEFERRED, T0 + timedelta(hours=5), Reason.DELAYED),
        ev("s4", EventType.SOFT_BOUNCE, T0 + timedelta(hours=6), Reason.MAILBOX_FULL),
    ]
    outcomes = run(*events)
    assert outcomes[-2].state.soft_bounces == 4  # the deferral did not count
    started = outcomes[-1].started
    assert started is not None
    assert started.cause_refs == ("s0", "s1", "s2", "s3", "s4")


def test_spam_complaint_quarantines_at_once() -> None:
    (outcome,) = run(ev("fbl", EventType.SPAM_COMPLAINT, T0))
    assert outcome.started is not None
    assert outcome.started.cause is QuarantineCause.SPAM
    assert outcome.started.reason is Reason.SPAM_COMPLAINT
    assert outcome.started.cause_refs == ("fbl",)


def test_spam_rule_can_be_switched_off() -> None:
    config = PolicyConfig(quarantine_on_spam=False)
    (outcome,) = run(ev("fbl", EventType.SPAM_COMPLAINT, T0), config=config)
    assert outcome.started is None
    assert not is_quarantined(outcome.state, T0)


@pytest.mark.parametrize(
    ("cause_event", "cause"),
    [
        (EventType.HARD_BOUNCE, QuarantineCause.HARD_BOUNCE),
        (EventType.SPAM_COMPLAINT, QuarantineCause.SPAM),
    ],
)
def test_sends_during_quarantine_become_rejections_with_the_cause(
    cause_event: EventType, cause: QuarantineCause
) -> None:
    outcomes = run(
        ev(1, cause_event, T0),
        ev(2, EventType.QUEUED, T0 + timedelta(days=1)),
        ev(3, EventType.SENT, T0 + timedelta(days=2)),
    )
    for outcome in outcomes[1:]:
        assert outcome.effective_type is EventType.REJECTED
        assert outcome.rejected_cause is cause
    assert f"rejected: {cause}" in {"rejected: hard-bounce", "rejected: spam"}


def test_rejection_after_a_soft_bounce_quarantine_says_soft_bounce() -> None:
    outcomes = run(*soft_run(5), ev("x", EventType.SENT, T0 + timedelta(days=1)))
    assert outcomes[-1].effective_type is EventType.REJECTED
    assert f"rejected: {outcomes[-1].rejected_cause}" == "rejected: soft-bounce"


def test_bounces_during_quarantine_start_nothing_and_count_nothing() -> None:
    outcomes = run(
        ev("h", EventType.HARD_BOUNCE, T0),
        *soft_run(6, start=T0 + timedelta(hours=1)),
        ev("h2", EventType.HARD_BOUNCE, T0 + timedelta(days=1)),
        ev("c", EventType.SPAM_COMPLAINT, T0 + timedelta(days=2)),
    )
    assert [o.started is not None for o in outcomes] == [True] + [False] * 8
    assert all(o.state.soft_bounces == 0 for o in outcomes)
    quarantine = outcomes[-1].state.quarantine
    assert quarantine is not None
    assert quarantine.cause is QuarantineCause.HARD_BOUNCE


def test_quarantine_ends_exactly_after_its_length() -> None:
    (outcome,) = run(ev("h", EventType.HARD_BOUNCE, T0))
    assert is_quarantined(outcome.state, T0 + WEEK - TICK)
    assert not is_quarantined(outcome.state, T0 + WEEK)
    just_before = observe(outcome.state, ev("a", EventType.SENT, T0 + WEEK - TICK), DEFAULT)
    assert just_before.effective_type is EventType.REJECTED
    assert just_before.expired_at is None
    at_the_end = observe(just_before.state, ev("b", EventType.SENT, T0 + WEEK), DEFAULT)
    assert at_the_end.effective_type is EventType.SENT
    assert at_the_end.rejected_cause is None
    assert at_the_end.expired_at == T0 + WEEK
    assert at_the_end.state.quarantine is None


def test_expire_clears_only_what_has_run_out() -> None:
    (outcome,) = run(ev("h", EventType.HARD_BOUNCE, T0))
    assert expire(outcome.state, T0 + WEEK - TICK) is outcome.state
    assert expire(outcome.state, T0 + WEEK).quarantine is None


def test_release_ends_the_quarantine_early_and_a_new_bounce_starts_another() -> None:
    (first,) = run(ev("h", EventType.HARD_BOUNCE, T0))
    released = release(first.state, T0 + timedelta(days=1))
    assert not is_quarantined(released, T0 + timedelta(days=1))
    assert released.last_released_at == T0 + timedelta(days=1)
    sent = observe(released, ev("x", EventType.SENT, T0 + timedelta(days=2)), DEFAULT)
    assert sent.effective_type is EventType.SENT
    again = observe(sent.state, ev("h2", EventType.HARD_BOUNCE, T0 + timedelta(days=3)), DEFAULT)
    assert again.started is not None
    assert again.started.ends_at == T0 + timedelta(days=10)


def test_a_released_event_in_the_history_releases() -> None:
    outcomes = run(
        ev("h", EventType.HARD_BOUNCE, T0),
        ev("r", EventType.RELEASED, T0 + timedelta(hours=2)),
        ev("x", EventType.SENT, T0 + timedelta(hours=2)),
    )
    assert outcomes[1].released
    assert outcomes[2].effective_type is EventType.SENT


def test_release_without_quarantine_changes_nothing() -> None:
    state = run(*soft_run(3))[-1].state
    assert release(state, T0 + timedelta(days=1)) == state


def test_soft_counter_restarts_after_expiry() -> None:
    events = [*soft_run(5), *soft_run(4, start=T0 + timedelta(days=2))]  # in quarantine: ignored
    events += soft_run(4, start=T0 + timedelta(days=8))
    outcomes = run(*events)
    assert outcomes[-4].expired_at == T0 + timedelta(hours=4) + WEEK
    assert [o.state.soft_bounces for o in outcomes[-4:]] == [1, 2, 3, 4]
    assert all(o.started is None for o in outcomes[5:])


def test_thresholds_are_configurable() -> None:
    config = PolicyConfig(soft_bounce_limit=2, quarantine_length=timedelta(hours=1))
    outcomes = run(*soft_run(2, step=timedelta(minutes=1)), config=config)
    started = outcomes[-1].started
    assert started is not None
    assert started.ends_at - started.started_at == timedelta(hours=1)


@pytest.mark.parametrize("kwargs", [{"soft_bounce_limit": 0}, {"quarantine_length": timedelta(0)}])
def test_nonsense_configuration_is_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        PolicyConfig(**kwargs)  # type: ignore[arg-type]


def test_events_must_come_in_time_order_and_carry_a_zone() -> None:
    state = run(ev(1, EventType.SENT, T0))[0].state
    with pytest.raises(ValueError, match="time order"):
        observe(state, ev(2, EventType.SENT, T0 - TICK), DEFAULT)
    with pytest.raises(ValueError, match="timezone"):
        observe(state, ev(3, EventType.SENT, T0.replace(tzinfo=None)), DEFAULT)


def test_an_event_before_a_given_quarantine_began_is_refused() -> None:
    """Callers may build a state from stored rows, without `last_at`."""
    quarantine = QuarantineStart(QuarantineCause.SPAM, Reason.SPAM_COMPLAINT, T0, T0 + WEEK, (1,))
    with pytest.raises(ValueError, match="time order"):
        observe(AddressState(quarantine=quarantine), ev(2, EventType.SENT, T0 - TICK), DEFAULT)


# --- properties against a reference model ------------------------------------------------------


@dataclass
class _RefQuarantine:
    cause: QuarantineCause
    reason: Reason
    start: datetime
    end: datetime  # when it stopped blocking: its expiry, or the release
    refs: tuple[EventRef, ...]
    start_index: int
    released: bool = False
    expiry_reported: bool = False


@dataclass
class _Expected:
    effective_type: EventType
    rejected_cause: QuarantineCause | None
    started: QuarantineStart | None
    expired_at: datetime | None
    inside: bool  # whether the event fell inside an (unreleased) quarantine
    quarantine_after: QuarantineStart | None
    soft_after: tuple[EventRef, ...] = field(default=())


def reference(events: list[Observation], config: PolicyConfig) -> list[_Expected]:
    """The rules restated by looking back over the list, not by carrying a state forward."""
    quarantines: list[_RefQuarantine] = []
    expected: list[_Expected] = []

    def soft_run_before(i: int) -> list[int]:
        """Soft bounces counted so far: since the last delivery and the last quarantine start,
        and not inside a quarantine (everything inside is ignored, so the end resets it)."""
        floor = max(
            [j for j in range(i) if events[j].type is EventType.DELIVERED]
            + [q.start_index for q in quarantines]
            + [-1]
        )
        return [
            j
            for j in range(floor + 1, i)
            if events[j].type is EventType.SOFT_BOUNCE and not expected[j].inside
        ]

    for i, event in enumerate(events):
        active = [q for q in quarantines if q.start <= event.at < q.end and not q.released]
        assert len(active) <= 1
        expired_at = None
        for q in quarantines:
            if not q.released and not q.expiry_reported and q.end <= event.at:
                q.expiry_reported = True
                expired_at = q.end
        effective, rejected, started = event.type, None, None
        if active:
            (q,) = active
            if event.type in (EventType.QUEUED, EventType.SENT, EventType.REJECTED):
                effective, rejected = EventType.REJECTED, q.cause
            elif event.type is EventType.RELEASED:
                q.released, q.end = True, event.at
        else:
            refs: tuple[EventRef, ...] = ()
            cause = None
            if event.type is EventType.HARD_BOUNCE:
                cause, refs = QuarantineCause.HARD_BOUNCE, (event.ref,)
            elif event.type is EventType.SPAM_COMPLAINT and config.quarantine_on_spam:
                cause, refs = QuarantineCause.SPAM, (event.ref,)
            elif event.type is EventType.SOFT_BOUNCE:
                run_refs = [events[j].ref for j in soft_run_before(i)] + [event.ref]
                if len(run_refs) == config.soft_bounce_limit:
                    cause, refs = QuarantineCause.SOFT_BOUNCE, tuple(run_refs)
            if cause is not None:
                default = Reason.SPAM_COMPLAINT if cause is QuarantineCause.SPAM else Reason.UNKNOWN
                reason = event.reason or default
                end = event.at + config.quarantine_length
                started = QuarantineStart(cause, reason, event.at, end, refs)
                quarantines.append(_RefQuarantine(cause, reason, event.at, end, refs, i))
        current = [q for q in quarantines if not q.released and event.at < q.end]
        after = (
            QuarantineStart(
                current[0].cause,
                current[0].reason,
                current[0].start,
                current[0].end,
                current[0].refs,
            )
            if current
            else None
        )
        expected.append(_Expected(effective, rejected, started, expired_at, bool(active), after))
        expected[-1].soft_after = tuple(events[j].ref for j in soft_run_before(i + 1))
    return expected


GAPS = st.sampled_from(
    [
        timedelta(0),
        TICK,
        timedelta(seconds=1),
        timedelta(hours=1),
        timedelta(hours=7),
        timedelta(days=1),
        timedelta(days=3),
    ]
)
# The shared machine is often busy: a slow example there is load, not a regression.
SHARED_CI = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
REASONS = st.none() | st.sampled_from(list(Reason))
CONFIGS = st.builds(
    PolicyConfig,
    soft_bounce_limit=st.integers(min_value=1, max_value=6),
    quarantine_length=st.sampled_from([timedelta(hours=2), timedelta(days=1), WEEK]),
    quarantine_on_spam=st.booleans(),
)


@st.composite
def histories(draw: st.DrawFn) -> list[Observation]:
    # Each history draws from its own few kinds plus soft bounces, so long soft runs (without a
    # hard bounce or a delivery in between) are common rather than rare.
    kinds = draw(st.lists(st.sampled_from(list(EventType)), min_size=1, max_size=4, unique=True))
    # Hypothesis favours short lists; drawing the length first gives long histories their due.
    size = draw(st.integers(min_value=0, max_value=60))
    steps = draw(
        st.lists(
            st.tuples(GAPS, st.sampled_from([*kinds, EventType.SOFT_BOUNCE]), REASONS),
            min_size=size,
            max_size=size,
        )
    )
    at, events = T0, []
    for index, (gap, kind, reason) in enumerate(steps):
        at += gap
        events.append(ev(index, kind, at, reason))
    return events


@settings(SHARED_CI, max_examples=250)
@given(histories(), CONFIGS)
def test_engine_agrees_with_the_reference_model(
    events: list[Observation], config: PolicyConfig
) -> None:
    outcomes = replay(events, config)
    for outcome, want in zip(outcomes, reference(events, config), strict=True):
        assert outcome.effective_type is want.effective_type
        assert outcome.rejected_cause is want.rejected_cause
        assert outcome.started == want.started
        assert outcome.expired_at == want.expired_at
        assert outcome.state.quarantine == want.quarantine_after
        assert outcome.state.soft_refs == want.soft_after


@settings(SHARED_CI, max_examples=150)
@given(histories(), CONFIGS)
def test_never_two_quarantines_at_once_and_the_counter_stays_below_the_limit(
    events: list[Observation], config: PolicyConfig
) -> None:
    state = AddressState()
    for event in events:
        was_quarantined = is_quarantined(state, event.at)
        outcome = observe(state, event, config)
        if was_quarantined:
            assert outcome.started is None
        if outcome.started is not None:
            assert outcome.state.quarantine == outcome.started
        assert outcome.state.soft_bounces < config.soft_bounce_limit
        if event.type is EventType.DELIVERED or outcome.released:
            assert outcome.state.soft_bounces == 0
        if outcome.effective_type is EventType.REJECTED and event.type is not EventType.REJECTED:
            assert was_quarantined
            assert state.quarantine is not None
            assert outcome.rejected_cause is state.quarantine.cause
        # A state right after an event never holds a quarantine that is already over.
        assert is_quarantined(outcome.state, event.at) == (outcome.state.quarantine is not None)
        state = outcome.state


@settings(SHARED_CI, max_examples=100)
@given(histories(), CONFIGS, st.integers(min_value=0, max_value=10**6))
def test_expiry_is_exact_to_the_microsecond(
    events: list[Observation], config: PolicyConfig, extra_us: int
) -> None:
    outcomes = replay(events, config)
    for outcome in outcomes:
        started = outcome.started
        if started is None:
            continue
        assert started.ends_at - started.started_at == config.quarantine_length
        assert is_quarantined(outcome.state, started.ends_at - TICK)
        assert not is_quarantined(outcome.state, started.ends_at)
        later = started.ends_at + timedelta(microseconds=extra_us)
        probe = observe(outcome.state, ev("probe", EventType.SENT, later), config)
        assert probe.expired_at == started.ends_at
        assert probe.effective_type is EventType.SENT
        assert probe.state.quarantine is None and probe.state.soft_bounces == 0


@settings(SHARED_CI, max_examples=100)
@given(histories(), CONFIGS, st.data())
def test_release_ends_an_active_quarantine_and_resets_the_counter(
    events: list[Observation], config: PolicyConfig, data: st.DataObject
) -> None:
    states = [o.state for o in replay(events, config)]
    quarantined = [s for s in states if s.quarantine is not None]
    if not quarantined:
        return
    state = data.draw(st.sampled_from(quarantined))
    assert state.quarantine is not None
    span = state.quarantine.ends_at - state.quarantine.started_at
    at = state.quarantine.started_at + data.draw(
        st.sampled_from([timedelta(0), span / 2, span - TICK])
    )
    released = release(state, at)
    assert released.quarantine is None and released.soft_bounces == 0
    assert released.last_released_at == at
    assert not is_quarantined(released, at)


def test_histories_do_reach_quarantine() -> None:
    """Guards the generators: a run of soft bounces at the limit must be a reachable case."""
    config = PolicyConfig(soft_bounce_limit=3)
    events = [ev(i, EventType.SOFT_BOUNCE, T0 + i * TICK) for i in range(3)]
    expected = reference(events, config)
    assert expected[-1].started is not None
    assert replay(events, config)[-1].started == expected[-1].started


# --- out-of-order arrival: one open quarantine per address --------------------------------

_BASE = datetime(2026, 1, 1, tzinfo=UTC)


def _start_at(offset_hours: int, length_days: int = 7) -> QuarantineStart:
    at = _BASE + timedelta(hours=offset_hours)
    return QuarantineStart(
        QuarantineCause.HARD_BOUNCE, Reason.UNKNOWN, at, at + timedelta(days=length_days), ()
    )


def _stored_after(
    starts: list[QuarantineStart],
) -> tuple[list[tuple[datetime, datetime]], tuple[datetime, datetime] | None]:
    """The closed spans and the open span after settling `starts` in the given order."""
    closed: list[tuple[datetime, datetime]] = []
    open_span: tuple[datetime, datetime] | None = None
    for start in starts:
        settled = settle(open_span, start)
        span = (settled.started_at, settled.ends_at)
        if settled.action == "closed":
            closed.append(span)
        elif settled.action == "replace":
            assert open_span is not None
            closed.append(open_span)
            open_span = span
        else:
            open_span = span
    return closed, open_span


@given(
    st.lists(st.tuples(st.integers(0, 24 * 60), st.integers(1, 30)), min_size=1, max_size=8),
    st.randoms(use_true_random=False),
)
def test_out_of_order_quarantines_leave_one_open_ending_last(
    spans: list[tuple[int, int]], rng: random.Random
) -> None:
    starts = [_start_at(hours, days) for hours, days in spans]
    arrival = starts[:]
    rng.shuffle(arrival)
    closed, open_span = _stored_after(arrival)
    assert open_span is not None  # exactly one open, whatever the order
    latest_end = max(s.ends_at for s in starts)
    assert open_span[1] == latest_end
    # No blocked moment is lost: every quarantine's start is inside a stored span.
    stored = [*closed, open_span]
    for start in starts:
        assert any(a <= start.started_at < b for a, b in stored)


def test_an_older_bounce_extends_or_keeps_the_open_quarantine() -> None:
    later, older = _start_at(48), _start_at(0)
    assert settle((later.started_at, later.ends_at), older) == Settlement(
        "extend", older.started_at, later.ends_at
    )
    long_ago = _start_at(-24 * 30)
    assert settle((later.started_at, later.ends_at), long_ago).action == "closed"
    after = _start_at(24 * 8)
    assert settle((older.started_at, older.ends_at), after).action == "replace"
