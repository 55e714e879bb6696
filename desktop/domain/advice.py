"""Help per bounce reason: what it means, what to do, release risk, and the text for the client."""

from __future__ import annotations

import html
import json
import string
from collections.abc import Mapping
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from datetime import date as Date
from datetime import datetime
from functools import lru_cache
from types import MappingProxyType

from desktop import resources
from desktop.domain.model import QuarantineCause, Reason, RiskLevel
from desktop.domain.policy import PolicyConfig

HELP_FILE = "help.json"
LANGUAGES: tuple[str, ...] = ("en", "nl")
# The placeholders a client text may use; {suggestion} only in the typo hint.
# The configured quarantine policy, in any text: {days} ('7 days') and {soft_bounces} ('5').
POLICY_PLACEHOLDERS = frozenset({"days", "soft_bounces"})
PLACEHOLDERS = frozenset({"recipient", "date", "sender"}) | POLICY_PLACEHOLDERS
HINT_PLACEHOLDERS = frozenset({"suggestion"})
# Keys besides the reasons: the quarantine causes and the two address events.
EXTRA_KEYS: tuple[str, ...] = (*(cause.value for cause in QuarantineCause), "rejected", "released")
ALL_KEYS: tuple[str, ...] = (*(reason.value for reason in Reason), *EXTRA_KEYS)


class HelpError(ValueError):
    """The bundled help file is missing something or uses an unknown placeholder (a bug)."""


@dataclass(frozen=True, slots=True)
class Advice:
    """Everything the reason panel shows for one key; immutable, safe to share between threads."""

    key: str
    title: str
    meaning: str
    what_you_can_do: tuple[str, ...]
    risk: RiskLevel
    risk_why: str
    client_text: Mapping[str, str]
    client_hint: Mapping[str, str]  # empty when no typo hint applies to this key
    # what the client can do; comes after the sentence on what happens next (may be empty)
    client_advice: Mapping[str, str] = dataclass_field(default_factory=lambda: MappingProxyType({}))


def placeholders(template: str) -> set[str]:
    """The names of the {placeholders} in a template (raises ValueError when malformed)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def _texts(
    entry: Mapping[str, object], field: str, key: str, allowed: frozenset[str]
) -> dict[str, str]:
    texts = entry.get(field)
    if not isinstance(texts, dict):
        raise HelpError(f"{key}: {field} missing")
    result: dict[str, str] = {}
    for language in LANGUAGES:
        text = texts.get(language)
        if not isinstance(text, str) or not text.strip():
            raise HelpError(f"{key}: {field} has no {language!r} text")
        try:
            unknown = placeholders(text) - allowed
        except ValueError as exc:
            raise HelpError(f"{key}: {field}[{language}] is malformed: {exc}") from exc
        if unknown:
            raise HelpError(f"{key}: {field}[{language}] uses unknown {sorted(unknown)}")
        result[language] = text
    return result


def _staff_text(entry: Mapping[str, object], field: str, key: str, language: str) -> str:
    """A staff text in `language`; every language must have it (the desk shows either)."""
    texts = entry.get(field)
    if not isinstance(texts, dict):
        raise HelpError(f"{key}: {field} missing (it needs a text per language)")
    value = texts.get(language)
    if not isinstance(value, str) or not value.strip():
        raise HelpError(f"{key}: {field} has no {language!r} text")
    return value


def _staff_steps(entry: Mapping[str, object], key: str, language: str) -> list[str]:
    texts = entry.get("what_you_can_do")
    steps = texts.get(language) if isinstance(texts, dict) else None
    if not isinstance(steps, list) or not steps or not all(isinstance(s, str) and s for s in steps):
        raise HelpError(f"{key}: what_you_can_do[{language!r}] must be a non-empty list of texts")
    return steps


def _advice_from(key: str, entry: Mapping[str, object], language: str) -> Advice:
    # Every language is checked, whichever is asked for: a missing Dutch text is a bug now,
    # not when a Dutch agent first opens that reason.
    for other in LANGUAGES:
        for field in ("title", "meaning", "risk_why"):
            _staff_text(entry, field, key, other)
        _staff_steps(entry, key, other)
    strings = {
        field: _staff_text(entry, field, key, language)
        for field in ("title", "meaning", "risk_why")
    }
    steps = _staff_steps(entry, key, language)
    try:
        risk = RiskLevel(str(entry.get("risk")))
    except ValueError as exc:
        raise HelpError(f"{key}: risk must be low, medium or high") from exc
    hint = _texts(entry, "client_hint", key, HINT_PLACEHOLDERS) if "client_hint" in entry else {}
    steps_after = (
        _texts(entry, "client_advice", key, PLACEHOLDERS) if "client_advice" in entry else {}
    )
    return Advice(
        key=key,
        title=strings["title"],
        meaning=strings["meaning"],
        what_you_can_do=tuple(steps),
        risk=risk,
        risk_why=strings["risk_why"],
        client_text=MappingProxyType(_texts(entry, "client", key, PLACEHOLDERS)),
        client_hint=MappingProxyType(hint),
        client_advice=MappingProxyType(steps_after),
    )


def parse_help(text: str, language: str = "en") -> dict[str, Advice]:
    """Advice per key from the help file's JSON, the staff texts in `language`; every key in
    ALL_KEYS must be complete, in every language."""
    document = json.loads(text)
    entries = document.get("entries") if isinstance(document, dict) else None
    if not isinstance(entries, dict):
        raise HelpError("the help file has no 'entries'")
    missing = [key for key in ALL_KEYS if key not in entries]
    if missing:
        raise HelpError(f"no help for {missing}")
    language = _language(language)
    return {key: _advice_from(key, entry, language) for key, entry in entries.items()}


@lru_cache(maxsize=len(LANGUAGES))
def _all_advice(language: str) -> Mapping[str, Advice]:
    return MappingProxyType(parse_help(resources.read_text("help", HELP_FILE), language))


def advice_for(key: str, config: PolicyConfig | None = None, lang: str = "en") -> Advice:
    """The help for a reason key (a Reason works too), quarantine cause, 'rejected' or 'released'.

    Its staff texts are in `lang` (the UI language; English for another) and quote `config`,
    the configured quarantine policy (default: DESIGN.md's). An unknown key gets the help for
    `unknown` rather than an error: keys come from stored data.
    """
    return _advice_with(str(key), config or _DEFAULT_POLICY, _language(lang))


_DEFAULT_POLICY = PolicyConfig()


def policy_values(config: PolicyConfig, lang: str = "en") -> dict[str, str]:
    """What {days} and {soft_bounces} stand for under `config`, in `lang`."""
    return {"days": config.length_text(lang), "soft_bounces": str(config.soft_bounce_limit)}


@lru_cache(maxsize=256)
def _advice_with(key: str, config: PolicyConfig, language: str) -> Advice:
    entries = _all_advice(language)
    advice = entries.get(key) or entries[Reason.UNKNOWN.value]
    values = policy_values(config, language)

    def quoted(text: str) -> str:
        # Only the policy's names: staff texts may show other braces as they are.
        for name, value in values.items():
            text = text.replace("{" + name + "}", value)
        return text

    return replace(
        advice,
        meaning=quoted(advice.meaning),
        what_you_can_do=tuple(quoted(step) for step in advice.what_you_can_do),
        risk_why=quoted(advice.risk_why),
    )


_SOME_SENDER = {"en": "the sending domain", "nl": "het afzenderdomein"}


def with_sender(step: str, sender: str | None, lang: str = "en") -> str:
    """A step with {sender} filled in: the message's sending domain, or words for it."""
    if "{sender}" not in step:
        return step
    domain = (sender or "").rpartition("@")[2].strip()
    return step.replace("{sender}", domain or _SOME_SENDER[_language(lang)])


def base_risk(reason: Reason | str, lang: str = "en") -> tuple[RiskLevel, str]:
    """The release risk from the reason alone, with a one-line why (no history considered)."""
    advice = advice_for(reason, lang=lang)
    return advice.risk, advice.risk_why


_MONTHS = {
    "en": "January February March April May June July August September October November December",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
}
_AT = {"en": "at", "nl": "om"}


def _when(moment: datetime | Date | str, language: str) -> str:
    """A date as people write it in `language` ('27 November 2026 at 14:30'); text as given."""
    if isinstance(moment, str):
        return moment
    day = f"{moment.day} {_MONTHS[language].split()[moment.month - 1]} {moment.year}"
    if isinstance(moment, datetime):
        return f"{day} {_AT[language]} {moment:%H:%M}"
    return day


def _language(lang: str) -> str:
    return lang if lang in LANGUAGES else LANGUAGES[0]


def _fill(template: str, values: Mapping[str, str], escape: bool) -> str:
    """The template with its placeholders filled; with `escape`, text and values HTML-escaped."""
    prepare = html.escape if escape else str
    parts: list[str] = []
    for literal, name, _, _ in string.Formatter().parse(template):
        parts.append(prepare(literal))
        if name is not None:
            parts.append(prepare(values[name]))
    return "".join(parts)


def _render(
    key: str,
    lang: str,
    values: dict[str, str],
    suggestion: str | None,
    escape: bool,
    state: str | None = None,
) -> str:
    """Why (the reason), then what happens next (`state`), then what the client can do."""
    advice = advice_for(key)
    language = _language(lang)
    text = _fill(advice.client_text[language], values, escape)
    if suggestion and advice.client_hint:
        text += " " + _fill(advice.client_hint[language], {"suggestion": suggestion}, escape)
    if state:
        text += " " + (html.escape(state) if escape else state)
    if advice.client_advice:
        text += " " + _fill(advice.client_advice[language], values, escape)
    return text


def render_client_explanation(
    key: str,
    lang: str,
    recipient: str,
    date: datetime | Date | str,
    sender: str,
    suggestion: str | None = None,
    config: PolicyConfig | None = None,
    *,
    state: str | None = None,
) -> str:
    """The client-ready explanation as plain text ('en' or 'nl'; other languages get English).

    A datetime is written as given (convert it to the agent's zone first); a str is used as is.
    `state` is the sentence on what happens next (see `outcome.state_sentence`).
    """
    values = {"recipient": recipient, "date": _when(date, _language(lang)), "sender": sender}
    values |= policy_values(config or _DEFAULT_POLICY, _language(lang))
    return _render(key, lang, values, suggestion, escape=False, state=state)


def render_client_explanation_html(
    key: str,
    lang: str,
    recipient: str,
    date: datetime | Date | str,
    sender: str,
    suggestion: str | None = None,
    config: PolicyConfig | None = None,
    *,
    state: str | None = None,
) -> str:
    """The same explanation as an HTML paragraph; every inserted value is HTML-escaped."""
    values = {"recipient": recipient, "date": _when(date, _language(lang)), "sender": sender}
    values |= policy_values(config or _DEFAULT_POLICY, _language(lang))
    body = _render(key, lang, values, suggestion, escape=True, state=state)
    return f"<p>{body}</p>"
