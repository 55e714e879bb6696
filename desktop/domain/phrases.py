"""Sentences the core says to a user (errors, status words), worded in English and Dutch.

The core has no Qt, so it cannot use the UI's catalogue; like the staff help and the client
texts, it keeps both languages itself. A service raises or returns a `Phrase` (a wording and
its values); the GUI shows it in the UI language (`in_language`), the CLI as `str()`: English.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from string import Formatter

LANGUAGES: tuple[str, ...] = ("en", "nl")


@dataclass(frozen=True, slots=True)
class Wording:
    """One sentence in English and Dutch, with `{name}` places for its values.

    Module constants, so the two texts sit beside the code that says them; tests check that
    both use the same places (tests/domain/test_phrases.py).
    """

    en: str
    nl: str

    def __call__(self, **values: object) -> Phrase:
        return Phrase(self, values)

    def places(self, language: str) -> frozenset[str]:
        """The `{name}`s the text in `language` uses."""
        return frozenset(name for _, name, _, _ in Formatter().parse(self.text(language)) if name)

    def text(self, language: str) -> str:
        return self.nl if language == "nl" else self.en

    def in_language(self, language: str) -> str:
        return Phrase(self).in_language(language)


@dataclass(frozen=True, slots=True)
class Phrase:
    """A wording with its values: what an error carries and a service returns for the GUI.

    Values that are themselves wordings or phrases (a field's name, a cause) are worded in
    the same language; a `Count` gets the language's thousands sign; anything else (an id,
    an address, a server's own message) is shown as it is.
    """

    wording: Wording
    values: Mapping[str, object] = field(default_factory=dict)

    def in_language(self, language: str) -> str:
        shown = {name: _value(value, language) for name, value in self.values.items()}
        return self.wording.text(language).format(**shown)

    def __str__(self) -> str:
        return self.in_language("en")


class Count(int):
    """A number of things, written with the language's thousands sign: 1,200 or 1.200.

    Only counts: an id (request 12345) is a name and is never grouped."""


def _value(value: object, language: str) -> str:
    if isinstance(value, (Wording, Phrase)):
        return value.in_language(language)
    if isinstance(value, Count):
        grouped = f"{value:,}"
        return grouped.replace(",", ".") if language == "nl" else grouped
    return str(value)


def in_language(text: object, language: str) -> str:
    """`text` in `language` when it is a phrase or wording; otherwise as it is."""
    if isinstance(text, (Wording, Phrase)):
        return text.in_language(language)
    return str(text)


def error_in(error: BaseException, language: str) -> str:
    """An exception's message in `language` when it was raised with a phrase, else `str()`."""
    return in_language(error.args[0], language) if len(error.args) == 1 else str(error)
