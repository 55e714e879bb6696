"""Typo hints for recipient domains."""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.typos import KNOWN, PROVIDERS, suggest_domain, typing_distance


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("gmial.com", "gmail.com"),
        ("gmal.com", "gmail.com"),
        ("gmail.con", "gmail.com"),
        ("hotmial.com", "hotmail.com"),
        ("hotmail.co", "hotmail.com"),
        ("hotmal.nl", "hotmail.nl"),
        ("outlok.com", "outlook.com"),
        ("ziggo.nll", "ziggo.nl"),
        ("zigo.nl", "ziggo.nl"),
        ("kpnmail.n", "kpnmail.nl"),
        ("xs4al.nl", "xs4all.nl"),
        ("iclod.com", "icloud.com"),
        ("yahoo.cm", "yahoo.com"),
        ("GMIAL.COM", "gmail.com"),
    ],
)
def test_common_slips_are_corrected(typed: str, meant: str) -> None:
    assert suggest_domain(typed) == meant


def test_tld_slips_on_any_domain() -> None:
    assert suggest_domain("bakkerij-jansen.nll") == "bakkerij-jansen.nl"
    assert suggest_domain("example.cmo") == "example.com"


@pytest.mark.parametrize(
    "domain",
    [
        "bakkerij-jansen.nl",
        "example.com",
        "gmx.at",
        "mac.com",
        "mail.com",
        "live.be",
        "uni.frl",
        "",
    ],
)
def test_real_domains_are_left_alone(domain: str) -> None:
    assert suggest_domain(domain) is None


def test_keyboard_neighbours_and_swaps_cost_less() -> None:
    assert typing_distance("gmail.con", "gmail.com") < typing_distance("gmail.cop", "gmail.com")
    assert typing_distance("gmial", "gmail") < typing_distance("gmxil", "gmail")
    assert typing_distance("ziggo.nll", "ziggo.nl") < typing_distance("ziggo.nlx", "ziggo.nl")
    assert typing_distance("same.nl", "same.nl") == 0


@given(st.sampled_from(sorted(KNOWN)))
def test_known_domains_are_never_flagged(domain: str) -> None:
    assert suggest_domain(domain) is None
    assert suggest_domain(domain.upper()) is None


_ALPHABET = string.ascii_lowercase + string.digits + ".-"


def _one_edit(domain: str, kind: int, position: int, char: str) -> str:
    at = position % (len(domain) + 1)
    if kind == 0:
        return domain[:at] + char + domain[at:]  # a letter too many
    at = min(at, len(domain) - 1)
    if kind == 1:
        return domain[:at] + domain[at + 1 :]  # a letter left out
    if kind == 2:
        return domain[:at] + char + domain[at + 1 :]  # a wrong letter
    at = min(at, len(domain) - 2)
    return domain[:at] + domain[at + 1] + domain[at] + domain[at + 2 :]  # two letters swapped


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(PROVIDERS),
            st.integers(0, 3),
            st.integers(0, 30),
            st.sampled_from(_ALPHABET),
        ),
        min_size=40,
        max_size=40,
    )
)
def test_one_edit_is_suggested_back_nine_times_in_ten(
    edits: list[tuple[str, int, int, str]],
) -> None:
    trials = [(d, _one_edit(d, kind, at, char)) for d, kind, at, char in edits]
    # an edit that lands on another real domain, or changes nothing, proves nothing
    trials = [(domain, typed) for domain, typed in trials if typed not in KNOWN]
    hits = sum(suggest_domain(typed) == domain for domain, typed in trials)
    assert hits >= 0.9 * len(trials)
