"""Tests of the release-risk verdict shown before an agent releases a quarantined address."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.model import QuarantineCause, Reason, RiskLevel
from desktop.domain.risk import release_risk, risk_why_in

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ORDER = {RiskLevel.LOW: 0, RiskLevel.MEDIUM: 1, RiskLevel.HIGH: 2}


def verdict(
    reason: Reason,
    cause: QuarantineCause = QuarantineCause.HARD_BOUNCE,
    age: timedelta = timedelta(days=1),
    again: bool = False,
) -> tuple[RiskLevel, str]:
    return release_risk(reason, cause, T0, T0 + age, again)


@pytest.mark.parametrize("reason", [Reason.ADDRESS_UNKNOWN, Reason.DOMAIN_UNKNOWN])
def test_an_address_that_does_not_exist_is_high_risk(reason: Reason) -> None:
    level, why = verdict(reason, age=timedelta(days=6))
    assert level is RiskLevel.HIGH
    assert "bounce again" in why


def test_released_before_and_bounced_again_is_high_risk_whatever_the_reason() -> None:
    level, why = verdict(Reason.MAILBOX_FULL, age=timedelta(days=6), again=True)
    assert level is RiskLevel.HIGH
    assert "released before" in why


def test_a_mailbox_full_a_week_ago_is_low_risk_but_not_yesterday() -> None:
    assert verdict(Reason.MAILBOX_FULL, QuarantineCause.SOFT_BOUNCE, timedelta(days=6))[0] is (
        RiskLevel.LOW
    )
    assert verdict(Reason.MAILBOX_FULL, QuarantineCause.SOFT_BOUNCE, timedelta(hours=5))[0] is (
        RiskLevel.MEDIUM
    )


def test_a_spam_complaint_is_high_risk() -> None:
    level, why = verdict(Reason.SPAM_COMPLAINT, QuarantineCause.SPAM, timedelta(days=6))
    assert level is RiskLevel.HIGH
    assert "spam" in why


@pytest.mark.parametrize(
    ("reason", "level"),
    [
        (Reason.BLOCKED, RiskLevel.MEDIUM),
        (Reason.SERVER_ERROR, RiskLevel.LOW),
        (Reason.SERVER_UNREACHABLE, RiskLevel.LOW),
        (Reason.MESSAGE_TOO_LARGE, RiskLevel.LOW),
        (Reason.CONTENT_BLOCKED, RiskLevel.LOW),
        (Reason.MAILBOX_INACTIVE, RiskLevel.MEDIUM),
        (Reason.UNKNOWN, RiskLevel.MEDIUM),
    ],
)
def test_provider_and_message_side_reasons_are_not_high_risk(
    reason: Reason, level: RiskLevel
) -> None:
    assert verdict(reason, QuarantineCause.SOFT_BOUNCE, timedelta(days=2))[0] is level


@given(
    st.sampled_from(list(Reason)),
    st.sampled_from(list(QuarantineCause)),
    st.timedeltas(min_value=timedelta(days=-1), max_value=timedelta(days=8)),
    st.booleans(),
)
def test_every_verdict_is_one_plain_line(
    reason: Reason, cause: QuarantineCause, age: timedelta, again: bool
) -> None:
    level, why = verdict(reason, cause, age, again)
    assert isinstance(level, RiskLevel)
    assert why and "\n" not in why and len(why) <= 100
    if again or cause is QuarantineCause.SPAM:
        assert level is RiskLevel.HIGH


@given(
    st.sampled_from(list(Reason)),
    st.sampled_from(list(QuarantineCause)),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=8)),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=8)),
)
def test_risk_never_grows_while_the_quarantine_ages(
    reason: Reason, cause: QuarantineCause, first: timedelta, second: timedelta
) -> None:
    younger, older = sorted((first, second))
    assert ORDER[verdict(reason, cause, older)[0]] <= ORDER[verdict(reason, cause, younger)[0]]


@pytest.mark.parametrize("cause", list(QuarantineCause))
@pytest.mark.parametrize("reason", list(Reason))
def test_every_verdict_has_its_dutch(reason: Reason, cause: QuarantineCause) -> None:
    """A desk in Dutch reads each why in Dutch (young and old quarantines, released before)."""
    for age in (timedelta(0), timedelta(days=8)):
        for again in (False, True):
            _level, why = verdict(reason, cause, age, again)
            dutch = risk_why_in(why, "nl")
            assert dutch != why and "\n" not in dutch, why
            assert risk_why_in(why, "en") == why


def test_a_why_the_table_does_not_know_stays_as_it_is() -> None:
    assert risk_why_in("stored long ago in other words", "nl") == "stored long ago in other words"
