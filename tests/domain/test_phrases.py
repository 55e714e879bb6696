"""The core's sentences in English and Dutch: how a phrase is worded, and every wording checked."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from datetime import datetime
from string import Formatter
from types import ModuleType

import pytest

import desktop.domain
import desktop.services
import desktop.store
from desktop.domain.errors import NotFound, ValidationError
from desktop.domain.phrases import LANGUAGES, Count, Wording, error_in
from desktop.domain.search import SearchCriteria, parse_query, validated

_FIELD = Wording("recipient", "Ontvanger")
_TOO_MANY = Wording("{field}: {count} is too many", "{field}: {count} is te veel")


def test_a_phrase_is_worded_in_either_language_with_its_values() -> None:
    said = _TOO_MANY(field=_FIELD, count=Count(12345))
    assert said.in_language("en") == "recipient: 12,345 is too many"
    assert said.in_language("nl") == "Ontvanger: 12.345 is te veel"  # Dutch thousands sign
    assert str(said) == "recipient: 12,345 is too many"  # the CLI's words stay English
    assert said.in_language("de") == str(said)  # a language without texts gets English
    named = _TOO_MANY(field="request", count=12345)  # an id is a name: never grouped
    assert named.in_language("nl") == "request: 12345 is te veel"


def test_an_error_raised_with_a_phrase_speaks_either_language() -> None:
    error = NotFound(_TOO_MANY(field="x", count=2))
    assert str(error) == "x: 2 is too many"
    assert error.in_language("nl") == "x: 2 is te veel"
    plain = NotFound("a driver's own line")  # not worded by us: shown as it came
    assert error_in(plain, "nl") == plain.in_language("nl") == "a driver's own line"
    assert error_in(ValueError("two", "args"), "nl") == "('two', 'args')"


def test_unusable_search_input_says_why_in_dutch() -> None:
    with pytest.raises(ValidationError) as long_query:
        parse_query("x" * 1200)
    assert long_query.value.in_language("nl") == (
        "Het veld ‘Zoektekst’ is te lang (1.200 tekens); hoogstens 998."
    )
    assert str(long_query.value) == "The search text is too long (1,200 characters); at most 998."
    with pytest.raises(ValidationError) as naive:
        validated(SearchCriteria(since=datetime(2026, 12, 1)))
    assert naive.value.in_language("nl") == "De begintijd heeft een tijdzone nodig."
    with pytest.raises(ValidationError) as nul:
        validated(SearchCriteria(recipient_prefix="ja\x00n"))
    assert nul.value.in_language("nl").startswith("Het veld ‘Begin van de ontvanger’ bevat")
    assert str(nul.value).startswith("The recipient prefix contains a NUL character")


def _modules() -> Iterator[ModuleType]:
    """Every module of the layers below the UI that may word a sentence for a user."""
    for package in (desktop.domain, desktop.services, desktop.store):
        yield package
        for found in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if ".migrations" not in found.name:  # Alembic's scripts run only inside Alembic
                yield importlib.import_module(found.name)
    for name in ("desktop.db_url", "desktop.paths", "desktop.settings"):
        yield importlib.import_module(name)


def _wordings() -> dict[str, Wording]:
    """Each Wording held by a module, directly or in a dict or tuple of its constants."""
    found: dict[str, Wording] = {}

    def visit(where: str, value: object) -> None:
        if isinstance(value, Wording):
            found[where] = value
        elif isinstance(value, dict):
            for key, item in value.items():
                visit(f"{where}[{key!r}]", item)
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                visit(f"{where}[{index}]", item)

    for module in _modules():
        for name, value in vars(module).items():
            if not name.startswith("__"):
                visit(f"{module.__name__}.{name}", value)
    return found


def test_every_wording_says_the_same_things_in_both_languages() -> None:
    wordings = _wordings()
    assert len(wordings) >= 60  # the search, release, store and settings sentences at least
    mismatched = {
        where: (w.places("en"), w.places("nl"))
        for where, w in wordings.items()
        if w.places("en") != w.places("nl")
    }
    assert mismatched == {}
    # A Dutch text that is the English one was not translated (a bare '{a}: {b}' may stay).
    untranslated = [w for w, t in wordings.items() if t.en == t.nl and _has_words(t.en)]
    assert untranslated == []
    assert all(w.en.strip() and w.nl.strip() for w in wordings.values())
    assert LANGUAGES == ("en", "nl")


def _has_words(text: str) -> bool:
    """Whether `text` says anything outside its {places}."""
    return any(c.isalpha() for literal, *_ in Formatter().parse(text) for c in literal)
