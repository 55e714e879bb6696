"""What support staff actually paste into the search field finds the message (issue #17, 7)."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from desktop.domain.search import alternatives, clean_pasted, parse_query

# A person's local part: long, digit-heavy ones read as bare Message-IDs by design.
LOCAL = st.from_regex(r"[a-z][a-z0-9]{0,9}(\.[a-z][a-z0-9]{0,6})?", fullmatch=True).filter(
    lambda local: len(local) < 16 or sum(c.isdigit() for c in local) < 6
)
DOMAIN = st.from_regex(r"[a-z][a-z0-9]{1,9}\.(nl|com|example)", fullmatch=True)
NAME = st.from_regex(r"[A-Z][a-z]{1,8}( [A-Z][a-z]{1,8})?", fullmatch=True)


def test_the_shapes_staff_paste() -> None:
    assert parse_query("Jan Jansen <jan@example.nl>").recipient == "jan@example.nl"
    assert parse_query('"Jansen, Jan" <jan@example.nl>').recipient == "jan@example.nl"
    assert parse_query("mailto:jan@example.nl").recipient == "jan@example.nl"
    assert parse_query("MAILTO:jan@example.nl?subject=Gala").recipient == "jan@example.nl"
    assert parse_query("jan@example.nl.").recipient == "jan@example.nl"
    assert parse_query("jan@example.nl,").recipient == "jan@example.nl"
    assert parse_query("(jan@example.nl);").recipient == "jan@example.nl"
    assert parse_query("<jan1@mail.gala.example>").message_id == "jan1@mail.gala.example"
    bare = "20261127093015.4f2a9c81b7@mail.gala.example"
    assert parse_query(bare).message_id == bare  # a Message-ID without <>
    assert parse_query("a1b2$c3@mx.example").message_id == "a1b2$c3@mx.example"
    assert parse_query("ziggo.nl.").domain == "ziggo.nl"
    # Words keep their punctuation; a quoted phrase is the subject.
    assert parse_query('"Gala, dinner."').subject == "Gala, dinner."
    assert parse_query("invitation gala").subject == "invitation gala"


def test_a_word_that_finds_no_recipient_is_offered_as_a_subject_search() -> None:
    assert parse_query("invitation").contains == "invitation"
    label, query = alternatives("invitation")[0]
    assert label == "Search subjects for invitation"
    assert parse_query(query).subject == "invitation"


def test_an_address_is_offered_as_a_message_id_and_as_its_domain() -> None:
    offers = dict(alternatives("other3@mail.gala.example"))
    assert parse_query(offers["Search the Message-ID other3@mail.gala.example"]).message_id == (
        "other3@mail.gala.example"
    )
    assert parse_query(offers["Search the domain mail.gala.example"]).domain == "mail.gala.example"
    assert alternatives("") == []


@given(NAME, LOCAL, DOMAIN, st.sampled_from(["", ".", ",", ";", " ", ". "]))
def test_a_named_or_punctuated_address_is_the_address(
    name: str, local: str, domain: str, tail: str
) -> None:
    address = f"{local}@{domain}"
    for pasted in (
        f"{name} <{address}>{tail.strip() and ''}",
        f"mailto:{address}",
        f"{address}{tail}",
        f" {address}{tail}",
    ):
        assert parse_query(pasted).recipient == address, pasted


@example("0\x1f:")  # a trailing ':' hid a blank Python counts as whitespace
@given(st.text(max_size=60))
def test_cleaning_never_fails_and_is_idempotent_on_single_tokens(text: str) -> None:
    cleaned = clean_pasted(text)
    if " " not in cleaned and not cleaned.startswith(("<", '"')):
        assert clean_pasted(cleaned) == cleaned
